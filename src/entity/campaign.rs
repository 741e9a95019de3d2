//! `campaigns`: one yearly recognition campaign and its timeline.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where a campaign stands. Later stages (review, evaluation, notice, final list) arrive with
/// the issues that build them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    /// Being prepared by the office; not public.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Announced and taking nominations within its nomination window.
    #[sea_orm(string_value = "open")]
    Open,
    /// No longer taking nominations.
    #[sea_orm(string_value = "closed")]
    Closed,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub organizer: String,
    pub description: String,
    pub status: CampaignStatus,
    pub nomination_opens_on: TimeDate,
    pub nomination_closes_on: TimeDate,
    pub review_closes_on: TimeDate,
    pub notice_starts_on: TimeDate,
    pub announced_on: TimeDate,
    /// Unit kinds that recommend upward, comma-separated; none means the default chain.
    pub recommend_levels: Option<String>,
    /// Last day streets and districts may recommend; none means `review_closes_on`.
    pub recommend_closes_on: Option<TimeDate>,
    /// How scores are aggregated: `trimmed_mean` (none), `mean` or `z_score`.
    pub aggregation: Option<String>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
