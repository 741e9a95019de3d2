//! A unit's own nominations in the list's order: a community clerk's list reads its rows
//! newest first on `(unit_id, updated_at, id)`, however many other units' rows are newer.
//! It replaces the index on `unit_id` alone, which it begins with.

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "idx_nominations_unit_updated",
                "nominations",
                &["unit_id", "updated_at", "id"],
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_nominations_unit")
                    .table("nominations")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index("idx_nominations_unit", "nominations", &["unit_id"]))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_nominations_unit_updated")
                    .table("nominations")
                    .to_owned(),
            )
            .await
    }
}
