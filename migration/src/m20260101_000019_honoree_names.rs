//! The honor roll's name search index: each honoree's name as its bigrams and its characters
//! ([`crate::name_pieces`]), as the nominations' names are kept. The roll grows by every
//! year's honorees and its search is public: a name reads the few honorees holding one of its
//! bigrams instead of every row. Existing honorees are indexed here; confirming a final list
//! indexes the honorees it adds (an honoree is never edited).

use sea_orm_migration::prelude::*;

use crate::{
    m20260101_000013_name_grams::{NameIndex, create_name_index, index_existing_names},
    name_pieces,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const HONOREE_NAMES: NameIndex = NameIndex {
    table: "honorees",
    name: "name",
    index: "honoree_grams",
    owner: "honoree_id",
    owner_index: "idx_honoree_grams_honoree",
};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_name_index(manager, &HONOREE_NAMES).await?;
        index_existing_names(manager, &HONOREE_NAMES, name_pieces).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("honoree_grams").to_owned())
            .await
    }
}
