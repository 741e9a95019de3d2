//! `audit_events`: who changed what, when, from where, with the state before and after.

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
}

impl ActiveModelBehavior for ActiveModel {}
