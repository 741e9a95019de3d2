//! A nomination's page as each kind of user reads it: the nomination with its unit, campaign,
//! category and attachments, who holds it now, its history, the decisions the reader may take
//! now, and for the office its checklist, possible duplicates and what changed since the last
//! submission.

use super::*;

/// Everything a nomination's page shows, for one reader.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NominationView {
    /// The nomination.
    pub nomination: nomination::Model,
    /// Its nominating unit.
    pub unit: unit::Model,
    /// Its campaign.
    pub campaign: campaign::Model,
    /// Its category.
    pub category: category::Model,
    /// Its attachments.
    pub attachments: Vec<crate::entity::attachment::Model>,
    /// The recommending unit holding it, if any.
    pub level_name: Option<String>,
    /// Its ID number, masked.
    pub id_number_masked: Option<String>,
    /// Whether the reader may edit it now.
    pub editable: bool,
    /// Transitions the reader may make now, by name.
    pub actions: Vec<&'static str>,
    /// Every decision on it, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The office's checklist (empty for others).
    pub checklist: Vec<Check>,
    /// Possible duplicates (the office's only).
    pub duplicates: Vec<Duplicate>,
    /// What changed since the previous submission (the office's only).
    pub changes: Vec<FieldChange>,
    /// Before recommending: the places the unit has used and has in the category.
    pub places: Option<(i64, i32)>,
    /// Whether it fails an eligibility rule of its category (finding it eligible then needs
    /// the office's override).
    pub rules_failed: bool,
}

/// A nomination's page for `actor`, on `today`.
///
/// # Errors
/// [`AppError::NotFound`] when it does not exist or is out of the reader's reach.
pub async fn nomination_page(
    app: &App,
    actor: &Actor,
    id: NominationId,
    today: Date,
) -> AppResult<NominationView> {
    let ctx = context(&app.db, actor, id).await?;
    let attachments =
        crate::domain::nominations::attachments_of(&app.db, ctx.nomination.id).await?;
    let editable = may_edit(actor, &ctx, today);
    let actions: Vec<&'static str> = available(actor, &ctx, today)
        .into_iter()
        .map(Transition::name)
        .collect();
    let history = history(&app.db, ctx.nomination.id).await?;
    let OfficeChecks {
        checklist,
        duplicates,
        changes,
    } = if actor.is_admin() {
        checks_of(app, &ctx).await?
    } else {
        OfficeChecks::default()
    };
    let places = if actions.contains(&"recommend") {
        Some(places_of(&app.db, actor, &ctx).await?)
    } else {
        None
    };
    let level_name = match ctx.nomination.level_unit_id {
        Some(level) => unit::Entity::find_by_id(level)
            .one(&app.db)
            .await?
            .map(|u| u.name),
        None => None,
    };
    Ok(NominationView {
        id_number_masked: crate::domain::nominations::masked_id_number(app, &ctx.nomination),
        rules_failed: checklist.iter().any(|c| c.hard && !c.ok),
        nomination: ctx.nomination,
        unit: ctx.unit,
        campaign: ctx.campaign,
        category: ctx.category,
        attachments,
        level_name,
        editable,
        actions,
        history,
        checklist,
        duplicates,
        changes,
        places,
    })
}

/// What the office checks before deciding.
#[derive(Clone, Debug, Default, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ReviewView)]
pub struct OfficeChecks {
    /// The checklist.
    pub checklist: Vec<Check>,
    /// Nominations that look like the same nominee.
    pub duplicates: Vec<Duplicate>,
    /// What changed between the last two submitted versions.
    pub changes: Vec<FieldChange>,
}

/// The office's checks of a nomination: its checklist, look-alike nominations and what changed
/// since the previous submission.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`].
pub async fn office_checks(app: &App, actor: &Actor, id: NominationId) -> AppResult<OfficeChecks> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let ctx = context(&app.db, actor, id).await?;
    checks_of(app, &ctx).await
}

async fn checks_of(app: &App, ctx: &Context) -> AppResult<OfficeChecks> {
    let duplicates = duplicates(&app.db, &ctx.nomination).await?;
    let checklist = checklist(app, ctx, &duplicates).await?;
    let changes = changes_since_previous(&app.db, ctx.nomination.id).await?;
    Ok(OfficeChecks {
        checklist,
        duplicates,
        changes,
    })
}

/// A nomination's history, for anyone who may see the nomination.
///
/// # Errors
/// [`AppError::NotFound`] when it is out of the reader's reach.
pub async fn history_in_reach(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NominationId,
) -> AppResult<Vec<HistoryEntry>> {
    let ctx = context(db, actor, id).await?;
    history(db, ctx.nomination.id).await
}
