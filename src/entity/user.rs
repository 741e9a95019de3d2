//! `users`: people who sign in, each with one role and one unit.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// What a user may do (DESIGN.md, "Who uses it").
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[sea_orm(string_value = "admin")]
    Admin,
    #[sea_orm(string_value = "recommender")]
    Recommender,
    #[sea_orm(string_value = "reviewer")]
    Reviewer,
    /// A user of an agency that clears candidates (联审).
    #[sea_orm(string_value = "agency")]
    Agency,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Uuid,
    pub password_hash: String,
    pub active: bool,
    /// A service account: no password, works through the tokens the office issues it.
    pub service: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
