//! `rate_counters`: requests counted per key (an address, a network prefix, a phone) and window,
//! incremented in one statement so that simultaneous requests are all counted.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: TimeDateTimeWithTimeZone,
    pub count: i32,
}

impl ActiveModelBehavior for ActiveModel {}
