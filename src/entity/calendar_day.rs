//! `calendar_days`: public holidays and make-up working days (调休) for the notice window.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "calendar_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: TimeDate,
    /// `holiday` (a weekday off) or `workday` (a weekend day worked).
    pub kind: String,
    pub note: String,
}

impl ActiveModelBehavior for ActiveModel {}
