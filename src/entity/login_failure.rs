//! `login_failures`: recent failed sign-ins, counted by the login throttle.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub ip: String,
    pub at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
