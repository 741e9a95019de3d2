//! `honoree_grams`: the honor roll's name search index, each honoree's name as its bigrams and
//! its characters (`domain::names::name_pieces`), written with the honoree by
//! `domain::honorees::confirm`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "honoree_grams")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub honoree_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
