//! A unit's own nominations in the list's order: a community clerk's list reads its rows
//! newest first on `(unit_id, updated_at, id)`, however many other units' rows are newer.
//! It replaces the index on `unit_id` alone, which it begins with.

use sea_orm_migration::prelude::*;

use crate::replace_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &[&str]) = ("idx_nominations_unit", &["unit_id"]);
const NEW: (&str, &[&str]) = (
    "idx_nominations_unit_updated",
    &["unit_id", "updated_at", "id"],
);

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, "nominations", OLD, NEW).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, "nominations", NEW, OLD).await
    }
}
