//! `panel_members`: the reviewers of a panel.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub panel_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
