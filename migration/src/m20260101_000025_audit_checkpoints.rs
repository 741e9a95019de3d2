//! Signed checkpoints of the audit chain: the tail's id and hash at each publication and at
//! least daily, signed with the office's Ed25519 key, so a record rewritten, cut short or
//! replaced by someone with database access but without the key shows.

use sea_orm_migration::{prelude::*, schema::*};

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_checkpoints")
                    .col(big_pk_auto("id"))
                    .col(big_integer("event_id"))
                    .col(string_len("event_hash", 64))
                    .col(timestamp_with_time_zone("signed_at"))
                    .col(string_len("reason", 32))
                    .col(uuid_null("document_id"))
                    .col(string_len("signature", 128))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_audit_checkpoints_document",
                "audit_checkpoints",
                &["document_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_checkpoints").to_owned())
            .await
    }
}
