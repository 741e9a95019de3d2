//! `nomination_grams`: the name search's index, each nomination's name as its bigrams and its
//! characters (`domain::names::name_pieces`), kept in step with the name by `domain::nominations`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nomination_grams")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub nomination_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
