//! `honorees`: a confirmed honor, copied from the nomination when the final list is confirmed.
//! Only public fields: this table is the honor roll.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "honorees")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub category_id: Uuid,
    pub nomination_id: Uuid,
    pub document_id: Uuid,
    /// The nominating unit.
    pub unit_id: Uuid,
    pub position: i32,
    pub name: String,
    pub affiliation: String,
    pub category_name: String,
    pub campaign_title: String,
    pub unit_name: String,
    pub organizer: String,
    pub year: i32,
    pub confirmed_on: TimeDate,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
