//! `nominations`: one nominee put forward by one unit in one category.
//!
//! `phone`, `birth_date`, `id_number_enc` and `id_number_fp` are private: stored for the office,
//! never shown on a public page.

use sea_orm::entity::prelude::*;
use serde::Serialize;

pub use super::category::NomineeKind;

/// Where a nomination stands. The recommendation chain and later stages add their states with
/// the issues that build them; every change of status goes through `domain::nominations`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NominationStatus {
    /// Being written by the nominating unit; editable.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Sent upward; read-only to the nominating unit.
    #[sea_orm(string_value = "submitted")]
    Submitted,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "nominations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub category_id: Uuid,
    pub unit_id: Uuid,
    pub nominee_kind: NomineeKind,
    pub status: NominationStatus,
    pub nominee_name: String,
    pub affiliation: String,
    pub gender: Option<String>,
    pub birth_date: Option<TimeDate>,
    pub phone: Option<String>,
    #[serde(skip)]
    pub id_number_enc: Option<Vec<u8>>,
    #[serde(skip)]
    pub id_number_fp: Option<String>,
    pub volunteer_hours: Option<i32>,
    pub founded_on: Option<TimeDate>,
    pub member_count: Option<i32>,
    pub contact_name: Option<String>,
    pub deeds_summary: String,
    pub deeds_full: String,
    pub version: i32,
    pub created_by: Uuid,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
