//! `vote_choices`: the one candidate a voter supports in a category, where a voter may support
//! only one.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vote_choices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub voter_hash: String,
    pub nomination_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
