//! `recommendations`: every decision on a nomination (submission, a level's recommendation or
//! decline, the office's review), with its reason: the nomination's history.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub nomination_id: Uuid,
    /// The unit that decided; none for the office.
    pub unit_id: Option<Uuid>,
    pub actor_id: Uuid,
    pub decision: String,
    pub from_status: String,
    pub to_status: String,
    pub reason: Option<String>,
    /// The nomination's version after the decision.
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
