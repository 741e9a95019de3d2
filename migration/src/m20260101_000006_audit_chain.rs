//! The audit log becomes a hash chain: each event stores the hash of the one before it and its
//! own hash, so a changed, removed or inserted row shows (see `laurel::domain::audit`).
//!
//! Both columns are nullable. SQLite cannot add a NOT NULL column without a default, and a
//! default such as `''` would collide under the unique index as soon as the table already holds
//! two events. Rows written before this migration keep NULL here until the run of the migrations
//! that applies `m20260101_000024_seal_pre_chain_log` seals them, in order, once
//! (`laurel::db::migrate` calls `audit::seal_pre_chain_log`): the chaining rule lives in one
//! place, the application, not in a migration that is frozen once it lands.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE takes a single change.
        for column in ["prev_hash", "hash"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("audit_events")
                        .add_column(string_len_null(column, 64))
                        .to_owned(),
                )
                .await?;
        }
        // Unique: two events with one hash would mean one of them is a copy. It also makes
        // looking an event up by its hash cheap, which verification does at a break.
        manager
            .create_index(
                index("uq_audit_events_hash", "audit_events", &["hash"])
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_audit_events_hash")
                    .table("audit_events")
                    .to_owned(),
            )
            .await?;
        for column in ["hash", "prev_hash"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("audit_events")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
