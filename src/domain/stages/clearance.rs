//! What the lifecycle needs to know of a campaign's clearance by other agencies (联审): whether
//! it has started, what blocks leaving it, and how many answers are missing. The clearance
//! itself is `domain::clearance`.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    domain::stages::Lifecycle,
    entity::{
        clearance_agency,
        clearance_answer::{self, Opinion},
        clearance_decision, nomination,
    },
    error::AppResult,
};

/// Whether anything of a campaign's clearance has happened (an answer or a decision): the
/// office can then no longer go back before it.
///
/// # Errors
/// When the database fails.
pub(super) async fn started(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<bool> {
    Ok(clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(campaign_id))
        .count(db)
        .await?
        > 0)
}

/// What must happen before the office leaves the clearance stage: agencies named, and a
/// decision on every candidate an agency objected to.
///
/// # Errors
/// When the database fails.
pub(super) async fn blocker(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Option<&'static str>> {
    let named = clearance_agency::Entity::find()
        .filter(clearance_agency::Column::CampaignId.eq(campaign_id))
        .count(db)
        .await?;
    if named == 0 {
        return Ok(Some("stage-blocked-clearance-agencies"));
    }
    let objected: HashSet<Uuid> = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(campaign_id))
        .filter(clearance_answer::Column::Opinion.eq(Opinion::Objection))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.nomination_id)
        .collect();
    let decided: HashSet<Uuid> = clearance_decision::Entity::find()
        .filter(clearance_decision::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.nomination_id)
        .collect();
    Ok(objected
        .iter()
        .any(|id| !decided.contains(id))
        .then_some("stage-blocked-clearance"))
}

/// Answers still missing in the clearance stage (candidates × agencies − answers).
///
/// # Errors
/// When the database fails.
pub(super) async fn unanswered(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    life: &Lifecycle,
) -> AppResult<u64> {
    let Some(status) = life.clearance_candidates() else {
        return Ok(0);
    };
    let agencies = clearance_agency::Entity::find()
        .filter(clearance_agency::Column::CampaignId.eq(campaign_id))
        .count(db)
        .await?;
    let waiting = nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(campaign_id))
        .filter(nomination::Column::Status.eq(status))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = waiting.iter().map(|n| n.id).collect();
    let answers = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(campaign_id))
        .filter(clearance_answer::Column::NominationId.is_in(ids))
        .count(db)
        .await?;
    Ok((waiting.len() as u64 * agencies).saturating_sub(answers))
}
