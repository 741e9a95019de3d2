//! What the evaluation pages show, in one call each: the office's overview of a campaign's
//! panels, one panel with its dashboard, a category's ranking with the shortlist form, and a
//! reviewer's own work.

use std::collections::BTreeMap;

use super::*;

/// The office's evaluation overview of a campaign.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// Every campaign, to choose another.
    pub campaigns: Vec<crate::entity::campaign::Model>,
    /// The campaign shown.
    pub campaign: crate::entity::campaign::Model,
    /// Its categories.
    pub categories: Vec<category::Model>,
    /// Its panels.
    pub panels: Vec<PanelView>,
    /// Active reviewers: id, name, username.
    pub reviewers: Vec<(Uuid, String, String)>,
    /// Each stage action's name and whether it may happen now.
    pub offers: BTreeMap<String, bool>,
}

/// The office's evaluation overview of `campaign` (else the first campaign).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] when there is no campaign.
pub async fn overview(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign: Option<CampaignId>,
    today: time::Date,
) -> AppResult<Overview> {
    office_only(actor)?;
    let campaigns = campaigns::list_for(db, actor).await?;
    let chosen = campaign
        .or_else(|| campaigns.first().map(|c| c.id.into()))
        .ok_or(AppError::NotFound)?;
    let (campaign, categories) = campaigns::get_any(db, chosen).await?;
    let panels = panels_of(db, actor, chosen).await?;
    let offers = stages::offers(db, campaign.id, today).await?;
    let reviewers = reviewers(db, actor)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name, u.username))
        .collect();
    Ok(Overview {
        campaigns,
        campaign,
        categories,
        panels,
        reviewers,
        offers,
    })
}

/// One panel for the office: its members, categories and assignments, and its dashboard.
#[derive(Debug, Serialize)]
pub struct PanelBoard {
    /// The panel and its assignments.
    pub detail: PanelDetail,
    /// Progress, matrices and charts.
    pub dashboard: Dashboard,
}

/// One panel for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn panel_board(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
    lang: Lang,
    today: time::Date,
) -> AppResult<PanelBoard> {
    let detail = panel_detail(db, actor, panel_id, lang, today).await?;
    let dashboard = dashboard(db, actor, panel_id, &detail.assignments, lang).await?;
    Ok(PanelBoard { detail, dashboard })
}

/// A category's ranking with the shortlist form.
#[derive(Debug, Serialize)]
pub struct RankingView {
    /// The category.
    pub category: category::Model,
    /// How the scores are aggregated.
    pub method: &'static str,
    /// The ranking.
    pub rows: Vec<RankingRow>,
    /// Where the quota line falls.
    pub cutoff: Option<Cutoff>,
    /// Ticked on the shortlist form: as sent, else the fixed shortlist, else the top of the
    /// ranking within the quota.
    pub ticked: Vec<Uuid>,
    /// Whether a shortlist is fixed.
    pub fixed: bool,
    /// Each stage action's name and whether it may happen now.
    pub offers: BTreeMap<String, bool>,
}

/// A category's ranking for the office, with the shortlist form ticked as `ticked` says.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn ranking_view(
    db: &DatabaseConnection,
    actor: &Actor,
    category_id: Uuid,
    ticked: Option<Vec<Uuid>>,
    lang: Lang,
    today: time::Date,
) -> AppResult<RankingView> {
    let (category, method, rows) = ranking(db, actor, category_id, lang).await?;
    let fixed_list = shortlist_of(db, category_id).await?;
    let offers = stages::offers(db, category.campaign_id, today).await?;
    let fixed = !fixed_list.is_empty();
    let quota = usize::try_from(category.quota).unwrap_or(0);
    let ticked = ticked.unwrap_or_else(|| {
        if fixed {
            fixed_list
        } else {
            rows.iter()
                .filter(|r| r.rank.is_some_and(|rank| rank <= quota))
                .map(|r| r.nomination_id)
                .take(quota)
                .collect()
        }
    });
    let cutoff = cutoff(&rows, quota);
    Ok(RankingView {
        category,
        method: method.name(),
        rows,
        cutoff,
        ticked,
        fixed,
        offers,
    })
}

/// A reviewer's own assignments.
#[derive(Debug, Serialize)]
pub struct MyWork {
    /// The assignments.
    pub assignments: Vec<MyAssignment>,
    /// How many of them are submitted.
    pub submitted: usize,
    /// The first one still to score while scoring is open.
    pub next_to_score: Option<Uuid>,
}

/// A reviewer's own assignments, what is done and what is next.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but a reviewer.
pub async fn my_work(db: &DatabaseConnection, actor: &Actor) -> AppResult<MyWork> {
    let assignments = my_assignments(db, actor).await?;
    let done = |a: &MyAssignment| a.sheet_status.as_deref() == Some(SUBMITTED);
    let submitted = assignments.iter().filter(|a| done(a)).count();
    let next_to_score = assignments
        .iter()
        .find(|a| a.in_evaluation && !done(a))
        .map(|a| a.id);
    Ok(MyWork {
        assignments,
        submitted,
        next_to_score,
    })
}
