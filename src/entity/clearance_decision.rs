//! `clearance_decisions`: the office's decision on a candidate an agency objected to.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What the office decided.
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
pub enum Decision {
    /// The candidate stays, with the office's justification.
    #[sea_orm(string_value = "keep")]
    Keep,
    /// The candidate is withdrawn, with the reason.
    #[sea_orm(string_value = "withdraw")]
    Withdraw,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "clearance_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub nomination_id: Uuid,
    pub campaign_id: Uuid,
    pub decision: Decision,
    /// The justification (keep) or the reason (withdraw).
    pub reason: String,
    pub decided_by: Uuid,
    pub decided_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
