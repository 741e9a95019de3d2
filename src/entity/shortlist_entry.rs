//! `shortlist_entries`: the nominations the office fixed on a category's shortlist, in order.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "shortlist_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub category_id: Uuid,
    pub nomination_id: Uuid,
    pub position: i32,
    pub fixed_by: Uuid,
    pub fixed_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
