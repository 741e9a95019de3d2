//! `assignments`: which reviewer scores which nomination, within a panel.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub panel_id: Uuid,
    pub nomination_id: Uuid,
    pub reviewer_id: Uuid,
    /// Made by hand by the office rather than by the automatic assignment.
    pub manual: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    /// When it ended because its nomination left evaluation (returned, rejected, withdrawn):
    /// its sheet stays in the history and the audit log, never in the ranking.
    pub ended_at: Option<TimeDateTimeWithTimeZone>,
}

impl ActiveModelBehavior for ActiveModel {}
