//! `score_sheets`: a reviewer's scoring of one assigned nomination.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The `status` of a sheet being filled in.
pub const DRAFT: &str = "draft";
/// The `status` of a submitted sheet, locked until the office reopens it.
pub const SUBMITTED: &str = "submitted";

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "score_sheets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    /// `draft` or `submitted`.
    pub status: String,
    /// The verdict: approve for the shortlist or not.
    pub approve: Option<bool>,
    pub comment: Option<String>,
    pub version: i32,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
