//! What the lifecycle needs to know of a campaign's public voting: whether a vote has been
//! cast, and whether held votes still wait for the office. The voting itself is
//! `domain::voting`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    entity::vote::{self, VoteStatus},
    error::AppResult,
};

/// Whether any vote has been cast.
pub(super) async fn started(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<bool> {
    Ok(vote::Entity::find()
        .filter(vote::Column::CampaignId.eq(campaign_id))
        .count(db)
        .await?
        > 0)
}

/// Held votes must be decided before the office leaves the voting stage: they would otherwise
/// stay out of (or slip into) the totals the ranking reads.
pub(super) async fn blocker(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Option<&'static str>> {
    let held = vote::Entity::find()
        .filter(vote::Column::CampaignId.eq(campaign_id))
        .filter(vote::Column::Status.eq(VoteStatus::Held))
        .count(db)
        .await?;
    Ok((held > 0).then_some("stage-blocked-votes-held"))
}
