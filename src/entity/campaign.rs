//! `campaigns`: one yearly recognition campaign. Its stages and their dates are
//! `campaign_stages`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

pub use super::campaign_stage::StageKind;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub organizer: String,
    pub description: String,
    /// The stage it is in; its dates are in `campaign_stages`.
    pub stage: StageKind,
    /// Unit kinds that recommend upward, comma-separated; none means the default chain.
    pub recommend_levels: Option<String>,
    /// How scores are aggregated: `trimmed_mean` (none), `mean` or `z_score`.
    pub aggregation: Option<String>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
