//! A stored page's key grew: language, release of the templates, phase of a notice and the
//! final list a closed notice points to. PostgreSQL holds `document_pages.lang` to its declared
//! length, so the column widens there; SQLite never enforced it.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn set_length(manager: &SchemaManager<'_>, length: u32) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    manager
        .alter_table(
            Table::alter()
                .table("document_pages")
                .modify_column(ColumnDef::new("lang").string_len(length).not_null())
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_length(manager, 128).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Keys longer than the old length are pages stored for a later release: drop them,
        // they are rendered again on the next request.
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DELETE FROM document_pages WHERE length(lang) > 32")
                .await?;
        }
        set_length(manager, 32).await
    }
}
