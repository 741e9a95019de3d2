//! `objections`: an objection (异议) filed against a nominee on public notice.
//!
//! `filer_contact`, `filer_unit`, `client_fp` and `notes` are private: the office's, never shown
//! on a public page. The filer sees the status and outcome with the receipt code.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Where an objection stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, utoipa::ToSchema,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    /// Filed, not yet looked at.
    #[sea_orm(string_value = "received")]
    Received,
    /// The office is looking into it.
    #[sea_orm(string_value = "investigating")]
    Investigating,
    /// Not accepted (anonymous, impersonated, out of scope), with the reason.
    #[sea_orm(string_value = "refused")]
    Refused,
    /// Investigated and found unfounded.
    #[sea_orm(string_value = "dismissed")]
    Dismissed,
    /// Investigated and found true: the nominee is withdrawn.
    #[sea_orm(string_value = "upheld")]
    Upheld,
}

impl ObjectionStatus {
    /// Whether the office has closed it with an outcome.
    #[must_use]
    pub fn is_decided(self) -> bool {
        matches!(self, Self::Refused | Self::Dismissed | Self::Upheld)
    }
}

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "objections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub document_id: Uuid,
    pub campaign_id: Uuid,
    pub nomination_id: Uuid,
    pub receipt_code: String,
    pub filer_name: String,
    pub filer_unit: String,
    pub filer_contact: String,
    pub text: String,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    #[serde(skip)]
    pub attachment_key: Option<String>,
    pub status: ObjectionStatus,
    pub notes: String,
    pub outcome_reason: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<TimeDateTimeWithTimeZone>,
    #[serde(skip)]
    pub client_fp: String,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
