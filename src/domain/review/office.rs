//! The office's review (资格审查): its queue with each nomination's failed checks, progress by
//! unit, category and status, and finding many nominations eligible at once.

use super::*;
use crate::domain::{
    campaigns,
    ids::CampaignId,
    nominations::{self, NominationFilter, NominationRow},
};

/// The office's review queue: a page of nominations in one status, each with what the bulk
/// form needs, and the campaigns it may filter by.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OfficeQueue {
    /// This page's rows.
    pub rows: Vec<OfficeRow>,
    /// How many there are in all (capped as the nomination list caps it).
    pub total: u64,
    /// Whether there is a next page.
    pub more: bool,
    /// The `after` of the next page.
    pub next: Option<String>,
    /// The status shown.
    pub status: String,
    /// The campaigns the office may filter by.
    pub campaigns: Vec<campaign::Model>,
    /// The campaign filtered by, if any.
    pub campaign: Option<CampaignId>,
}

/// A row of the office's queue, with what the bulk form needs.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OfficeRow {
    /// The nomination as lists show it.
    #[serde(flatten)]
    pub row: NominationRow,
    /// Its version, which a decision on it names.
    pub version: i32,
    /// The checks it fails (hard ones first).
    pub failed: Vec<Check>,
    /// Whether its campaign is in review now (it may be decided, and ticked for the bulk form).
    pub reviewable: bool,
}

/// The office's review queue: nominations in `status` (at the office by default), of one
/// campaign or all, a page at a time after `after`; the page's nominations read in one query
/// and checked together.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn office_queue(
    app: &App,
    actor: &Actor,
    status: Option<String>,
    campaign: Option<CampaignId>,
    after: Option<String>,
    today: Date,
) -> AppResult<OfficeQueue> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let status = status.unwrap_or_else(|| "at_office".into());
    let filter = NominationFilter {
        status: Some(status.clone()),
        campaign,
        after,
        ..NominationFilter::default()
    };
    let list = nominations::list(&app.db, actor, &filter).await?;
    let models = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(list.rows.iter().map(|r| r.id)))
        .all(&app.db)
        .await?;
    let summaries =
        campaigns::summaries(&app.db, campaigns::list_for(&app.db, actor).await?, today).await?;
    let mut failed = failed_checks(app, &models).await?;
    let mut rows = Vec::new();
    for row in list.rows {
        let Some(model) = models.iter().find(|m| m.id == row.id) else {
            continue;
        };
        let failed = failed.remove(&model.id).unwrap_or_default();
        let reviewable = summaries
            .iter()
            .any(|c| c.campaign.id == model.campaign_id && c.offers.get("review") == Some(&true));
        rows.push(OfficeRow {
            version: model.version,
            failed,
            reviewable,
            row,
        });
    }
    Ok(OfficeQueue {
        rows,
        total: list.total,
        more: list.more,
        next: list.next,
        status,
        campaigns: summaries.into_iter().map(|c| c.campaign).collect(),
        campaign,
    })
}

/// One row of a campaign's progress: a nominating unit and category, counted by status.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProgressRow {
    /// The nominating unit.
    pub unit_name: String,
    /// The category.
    pub category_name: String,
    /// Count per status name, in [`STATUS_ORDER`].
    pub counts: Vec<u64>,
    /// All of them.
    pub total: u64,
}

/// The statuses as the progress table shows them, left to right: the lifecycle's order.
pub const STATUS_ORDER: [NominationStatus; 12] = [
    NominationStatus::Draft,
    NominationStatus::Pending,
    NominationStatus::Declined,
    NominationStatus::AtOffice,
    NominationStatus::Returned,
    NominationStatus::Rejected,
    NominationStatus::Eligible,
    NominationStatus::Assessed,
    NominationStatus::Shortlisted,
    NominationStatus::OnNotice,
    NominationStatus::Honoree,
    NominationStatus::Withdrawn,
];

/// The office's progress page: the campaign chosen (the first when none is) with its counts,
/// the campaigns it may choose from, and the statuses' names in [`STATUS_ORDER`].
#[derive(Clone, Debug, serde::Serialize)]
pub struct ProgressPage {
    /// The campaign shown.
    pub campaign: campaign::Model,
    /// The campaigns the office may choose from.
    pub campaigns: Vec<campaign::Model>,
    /// The statuses' names, left to right.
    pub statuses: Vec<String>,
    /// One row per nominating unit and category.
    pub rows: Vec<ProgressRow>,
    /// The column totals.
    pub totals: Vec<u64>,
}

/// The office's progress page for `campaign`, or for the first campaign when none is chosen.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`] when there is no
/// campaign.
pub async fn progress_page(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    campaign: Option<CampaignId>,
) -> AppResult<ProgressPage> {
    let campaigns = campaigns::list_for(db, actor).await?;
    let chosen = campaign
        .or_else(|| campaigns.first().map(|c| c.id.into()))
        .ok_or(AppError::NotFound)?;
    let (campaign, rows, totals) = progress(db, actor, chosen).await?;
    let statuses = STATUS_ORDER
        .iter()
        .map(|s| crate::domain::name_of(&s))
        .collect();
    Ok(ProgressPage {
        campaign,
        campaigns,
        statuses,
        rows,
        totals,
    })
}

/// Progress at a glance for the office: counts by nominating unit × category × status.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`] for an unknown
/// campaign.
pub async fn progress(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    campaign_id: crate::domain::ids::CampaignId,
) -> AppResult<(campaign::Model, Vec<ProgressRow>, Vec<u64>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    use sea_orm::QueryOrder;
    let (campaign, categories) = crate::domain::campaigns::get_any(db, campaign_id).await?;
    // Counted by the database from the quota index alone, grouped in its order (campaign,
    // category, status, unit): no row of the table is read, and nothing is sorted.
    let counted: Vec<(Uuid, NominationStatus, Uuid, i64)> = nomination::Entity::find()
        .select_only()
        .column(nomination::Column::CategoryId)
        .column(nomination::Column::Status)
        .column(nomination::Column::UnitId)
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "n")
        .filter(nomination::Column::CampaignId.eq(campaign.id))
        .group_by(nomination::Column::CategoryId)
        .group_by(nomination::Column::Status)
        .group_by(nomination::Column::UnitId)
        .into_tuple()
        .all(db)
        .await?;
    let mut unit_ids: Vec<Uuid> = counted.iter().map(|c| c.2).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .order_by_asc(unit::Column::Path)
        .all(db)
        .await?;
    let mut rows = Vec::new();
    let mut totals = vec![0u64; STATUS_ORDER.len()];
    for unit in &units {
        for category in &categories {
            let counts: Vec<u64> = STATUS_ORDER
                .iter()
                .map(|status| {
                    counted
                        .iter()
                        .find(|c| c.0 == category.id && c.1 == *status && c.2 == unit.id)
                        .map_or(0, |c| u64::try_from(c.3).unwrap_or(0))
                })
                .collect();
            let total: u64 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            for (sum, count) in totals.iter_mut().zip(&counts) {
                *sum += count;
            }
            rows.push(ProgressRow {
                unit_name: unit.name.clone(),
                category_name: category.name.clone(),
                total,
                counts,
            });
        }
    }
    Ok((campaign, rows, totals))
}

/// The office marks many nominations eligible at once: one audited transition each. Returns
/// how many succeeded and, for each that did not, its id and the reason's catalogue key.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn bulk_mark_eligible(
    app: &App,
    actor: &Actor,
    items: &[(NominationId, i32)],
    today: Date,
) -> AppResult<(usize, Vec<(Uuid, &'static str)>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut done = 0;
    let mut failed = Vec::new();
    for (id, version) in items {
        match transition(
            app,
            actor,
            *id,
            Transition::MarkEligible,
            *version,
            "",
            today,
        )
        .await
        {
            Ok(_) => done += 1,
            Err(AppError::Db(e)) => return Err(AppError::Db(e)),
            Err(other) => failed.push((id.0, other.code())),
        }
    }
    Ok((done, failed))
}
