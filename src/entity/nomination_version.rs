//! `nomination_versions`: the content of a nomination each time it was submitted, so the office
//! can see what changed after a return for revision.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "nomination_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub nomination_id: Uuid,
    pub version: i32,
    /// The public and review fields as JSON (private values masked).
    pub content: String,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
