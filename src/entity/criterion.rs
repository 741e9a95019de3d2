//! `criteria`: a category's rubric, one row per criterion with its maximum and weight.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "criteria")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub category_id: Uuid,
    pub position: i32,
    pub name: String,
    pub max_points: i32,
    pub weight: f64,
}

impl ActiveModelBehavior for ActiveModel {}
