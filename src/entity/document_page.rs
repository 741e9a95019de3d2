//! `document_pages`: a published document's page, rendered once per language and served as
//! stored bytes.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_pages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub document_id: Uuid,
    pub lang: String,
    pub html: String,
    pub etag: String,
    pub rendered_at: TimeDateTimeWithTimeZone,
}

impl ActiveModelBehavior for ActiveModel {}
