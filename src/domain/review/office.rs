//! The office's review (资格审查): progress by unit, category and status, and finding many
//! nominations eligible at once.

use super::*;

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
