//! `nominations`: one nominee put forward by one unit in one category.
//!
//! `phone`, `birth_date`, `id_number_enc` and `id_number_fp` are private: stored for the office,
//! never shown on a public page.

use sea_orm::entity::prelude::*;
use serde::Serialize;

pub use super::category::NomineeKind;

/// Where a nomination stands. Every change of status goes through `domain::workflow::apply`, which
/// checks it against the table in `domain::workflow`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NominationStatus {
    /// Being written by the nominating unit; editable.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// In a recommending unit's inbox (`level_unit_id`), awaiting its decision.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Declined by the level above, back with the nominating unit with the reason.
    #[sea_orm(string_value = "declined")]
    Declined,
    /// Recommended all the way up; awaiting the office's strict review.
    #[sea_orm(string_value = "at_office")]
    AtOffice,
    /// Found eligible by the office.
    #[sea_orm(string_value = "eligible")]
    Eligible,
    /// Returned by the office for revision; the nominating unit edits and resubmits.
    #[sea_orm(string_value = "returned")]
    Returned,
    /// Rejected by the office, with the reason. Final.
    #[sea_orm(string_value = "rejected")]
    Rejected,
    /// Every reviewer assigned to it has submitted a score sheet.
    #[sea_orm(string_value = "assessed")]
    Assessed,
    /// On the shortlist the office fixed from the ranking.
    #[sea_orm(string_value = "shortlisted")]
    Shortlisted,
    /// On the published public notice, open to objections.
    #[sea_orm(string_value = "on_notice")]
    OnNotice,
    /// On the confirmed final list. Final, unless a correction of the list revokes it.
    #[sea_orm(string_value = "honoree")]
    Honoree,
    /// Taken out after it was found eligible (the history holds the reason and the stage it
    /// left). Final.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
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
    /// Since when the volunteer serves (person).
    pub active_since: Option<TimeDate>,
    /// Whether the volunteer is registered on the national volunteer service information
    /// system (person).
    pub registered: Option<bool>,
    pub founded_on: Option<TimeDate>,
    pub member_count: Option<i32>,
    pub contact_name: Option<String>,
    pub deeds_summary: String,
    pub deeds_full: String,
    pub version: i32,
    pub created_by: Uuid,
    pub level_unit_id: Option<Uuid>,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
