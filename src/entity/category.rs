//! `categories`: a campaign's award categories, each with a nominee kind and quotas.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of nominee a category takes; it decides the nomination form's fields.
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
pub enum NomineeKind {
    #[sea_orm(string_value = "person")]
    Person,
    #[sea_orm(string_value = "organization")]
    Organization,
    #[sea_orm(string_value = "project")]
    Project,
    #[sea_orm(string_value = "community")]
    Community,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub key: String,
    pub name: String,
    pub nominee_kind: NomineeKind,
    pub quota: i32,
    pub unit_quota: i32,
    pub min_hours: Option<i32>,
    pub position: i32,
    /// Reviewers scoring each nomination; none means 5.
    pub reviewers_per_nomination: Option<i32>,
    /// Whether a place on the shortlist needs a majority of the panel's approvals.
    pub require_majority: Option<bool>,
    /// Eligibility: the years a volunteer has served, an organization has existed or a
    /// project has run; none for no such rule.
    pub min_years: Option<i32>,
    /// Eligibility: a volunteer must be registered on the national volunteer service
    /// information system.
    pub needs_registration: Option<bool>,
    /// Eligibility: the volunteers an organization has at least.
    pub min_members: Option<i32>,
    /// The public vote's share of the final score, in percent (the rest is the experts');
    /// none: the vote is shown for reference only (专家评审 + 参考网上投票).
    pub vote_weight: Option<i32>,
}

impl ActiveModelBehavior for ActiveModel {}
