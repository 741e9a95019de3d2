//! `audit_checkpoints`: the audit chain's tail at a moment, signed with the office's Ed25519
//! key (`domain::audit::checkpoints` defines what is signed).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_checkpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The last event of the chain when it was signed.
    pub event_id: i64,
    /// That event's hash.
    pub event_hash: String,
    pub signed_at: TimeDateTimeWithTimeZone,
    /// `publication` or `daily`.
    pub reason: String,
    /// The published document whose publication it seals, if any.
    pub document_id: Option<Uuid>,
    /// Hex Ed25519 signature of `domain::audit::checkpoints::message`.
    pub signature: String,
}

impl ActiveModelBehavior for ActiveModel {}
