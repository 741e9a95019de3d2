//! `campaign_stages`: a campaign's stages in order, each with its dates. Which stage the
//! campaign is in is `campaigns.stage`; what may happen in each is decided in
//! `domain::stages::gate`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A kind of stage. `Draft` is where a campaign is before its first stage opens; it has no row.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Being prepared by the office; not public.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Publicity and mobilization (宣传发动): announced, not yet taking nominations.
    #[sea_orm(string_value = "call")]
    Call,
    /// Layer-by-layer recommendation (层层推荐), a deadline per level.
    #[sea_orm(string_value = "recommendation")]
    Recommendation,
    /// The office's strict review (严格审核).
    #[sea_orm(string_value = "review")]
    Review,
    /// Clearance by other agencies (联审): optional, where the office puts it.
    #[sea_orm(string_value = "clearance")]
    Clearance,
    /// Expert evaluation (专家评选): panels score.
    #[sea_orm(string_value = "evaluation")]
    Evaluation,
    /// Public online voting (网上投票): optional, after evaluation.
    #[sea_orm(string_value = "voting")]
    Voting,
    /// The office fixes the shortlist from the ranking.
    #[sea_orm(string_value = "shortlist")]
    Shortlist,
    /// Online public notice (网上公示) and objections.
    #[sea_orm(string_value = "notice")]
    Notice,
    /// The final list (先进典型名单) is confirmed and published.
    #[sea_orm(string_value = "final_list")]
    FinalList,
    /// Done: read-only, kept in the honor roll.
    #[sea_orm(string_value = "archived")]
    Archived,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "campaign_stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    /// Its place in the campaign's order, from 0.
    pub position: i32,
    pub kind: StageKind,
    /// First day (planned; for the notice, its window's first day once published).
    pub opens_on: Option<TimeDate>,
    /// Last day of its actions; none for a stage without a deadline.
    pub closes_on: Option<TimeDate>,
    /// What only this kind of stage has, as JSON (the recommendation's deadline per level).
    pub settings: String,
    /// When the office opened it.
    pub opened_at: Option<TimeDateTimeWithTimeZone>,
    /// When the office moved past it.
    pub done_at: Option<TimeDateTimeWithTimeZone>,
}

impl ActiveModelBehavior for ActiveModel {}
