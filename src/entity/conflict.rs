//! `conflicts`: a reviewer's declared conflict of interest with a nomination or a unit's subtree.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "conflicts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reviewer_id: Uuid,
    pub nomination_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub reason: String,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
