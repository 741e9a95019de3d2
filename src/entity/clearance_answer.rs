//! `clearance_answers`: an agency's answer on one candidate (confidential: never public).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What an agency found in its records.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Opinion {
    /// Nothing in its records stands against the candidate (无异议).
    #[sea_orm(string_value = "no_objection")]
    NoObjection,
    /// Something does (有异议), with a confidential reason.
    #[sea_orm(string_value = "objection")]
    Objection,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "clearance_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub nomination_id: Uuid,
    /// The agency.
    pub unit_id: Uuid,
    pub opinion: Opinion,
    /// The confidential reason of an objection.
    pub reason: Option<String>,
    pub answered_by: Uuid,
    pub answered_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
