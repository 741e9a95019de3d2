//! The audit log: one row per change of data, append-only.

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
                    .table("audit_events")
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    // No foreign keys: the log outlives what it describes.
                    .col(uuid_null("actor_id"))
                    .col(string_len("actor_label", 64))
                    .col(string_len_null("ip", 64))
                    .col(string_len("action", 64))
                    .col(string_len("entity_type", 32))
                    .col(string_len("entity_id", 64))
                    .col(uuid_null("campaign_id"))
                    .col(text_null("before"))
                    .col(text_null("after"))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_audit_entity", &["entity_type", "entity_id"][..]),
            ("idx_audit_actor", &["actor_id"][..]),
            ("idx_audit_campaign", &["campaign_id"][..]),
        ] {
            manager
                .create_index(index(name, "audit_events", cols))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_events").to_owned())
            .await
    }
}
