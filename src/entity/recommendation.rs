//! `recommendations`: every change of a nomination's status (submission, a level's
//! recommendation or decline, the office's review, scoring, the shortlist, the notice, the final
//! list, a withdrawal), with its reason and stage: the nomination's history.

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
    /// The campaign's stage when it was made; none for decisions from before stages.
    pub stage: Option<super::campaign_stage::StageKind>,
    /// The nomination's version after the decision.
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
