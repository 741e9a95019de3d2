//! `documents`: a campaign's public notices (公示) and final lists (名单). A draft is the office's
//! to edit; once published, `content` (the canonical JSON) and its `digest` never change. A
//! correction is a new document that `replaces_id` the old one, which gets `superseded_by`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Which public document.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The shortlist on public notice, open to objections within its window.
    #[sea_orm(string_value = "notice")]
    Notice,
    /// The confirmed honorees.
    #[sea_orm(string_value = "final_list")]
    FinalList,
}

/// Draft or published.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "published")]
    Published,
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub kind: DocumentKind,
    pub status: DocumentStatus,
    /// 1 for the first publication, then one more per correction.
    pub number: i32,
    pub replaces_id: Option<Uuid>,
    pub superseded_by: Option<Uuid>,
    /// What a correction changed; empty on the first version.
    pub change_note: String,
    pub issuing_organ: String,
    pub doc_number: String,
    pub issued_on: TimeDate,
    pub title: String,
    pub body: String,
    pub window_starts_on: Option<TimeDate>,
    pub working_days: Option<i32>,
    pub window_ends_on: Option<TimeDate>,
    /// The canonical JSON, set at publication.
    pub content: Option<String>,
    /// SHA-256 of `content`, hex.
    pub digest: Option<String>,
    pub published_by: Option<Uuid>,
    pub published_at: Option<TimeDateTimeWithTimeZone>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
