//! `votes`: one public vote for one candidate.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether a vote counts.
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
pub enum VoteStatus {
    /// In the totals.
    #[sea_orm(string_value = "counted")]
    Counted,
    /// Arrived in a suspicious burst: out of the totals until the office decides.
    #[sea_orm(string_value = "held")]
    Held,
    /// The office found it not genuine.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub category_id: Uuid,
    pub nomination_id: Uuid,
    /// The voter: the phone's keyed hash.
    pub voter_hash: String,
    /// The office's day it was cast on.
    pub day: TimeDate,
    /// The voter's n-th vote of the day in the category, from 0.
    pub slot: i32,
    /// The candidate, when a voter supports several (one vote each a day); else the vote's id.
    pub candidate_key: String,
    /// The client's network prefix (/24 of IPv4, /48 of IPv6).
    pub prefix: String,
    pub status: VoteStatus,
    /// Why it was held (`burst_minute`, `burst_pattern`).
    pub flag: Option<String>,
    /// The office user who decided on a held vote.
    pub decided_by: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
