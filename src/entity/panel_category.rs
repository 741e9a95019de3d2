//! `panel_categories`: which categories a panel judges (each category by one panel).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub panel_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
