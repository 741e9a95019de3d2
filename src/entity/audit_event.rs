//! `audit_events`: who changed what, when, from where, with the state before and after, chained
//! by hashes (`domain::audit` defines how).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: TimeDateTimeWithTimeZone,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub ip: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub campaign_id: Option<Uuid>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The previous event's `hash` (64 zeros for the first event). NULL only on rows written
    /// before the chain existed and not sealed yet.
    pub prev_hash: Option<String>,
    /// Hex SHA-256 of `prev_hash` and this event's canonical content. NULL only on unsealed rows
    /// and, inside the writing transaction, between the insert and the update that sets it.
    pub hash: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
