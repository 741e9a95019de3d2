//! `vote_codes`: one-time codes sent to a voter's phone (kept as keyed hashes only).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vote_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    /// The phone's keyed hash.
    pub phone_hash: String,
    /// The code's keyed hash.
    pub code_hash: String,
    /// Wrong codes tried against it.
    pub attempts: i32,
    pub expires_at: TimeDateTimeWithTimeZone,
    /// When it was used (a code verifies once).
    pub used_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
