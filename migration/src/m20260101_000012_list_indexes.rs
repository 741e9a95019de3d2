//! Indexes for lists of a million nominations: the list's order (newest change first, keyset
//! on (updated_at, id)), the same within a status (the office's queue), and the duplicate
//! check's lookup within a campaign.

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The indexes this migration adds to `nominations`.
const INDEXES: [(&str, &[&str]); 3] = [
    ("idx_nominations_updated", &["updated_at", "id"]),
    (
        "idx_nominations_status_updated",
        &["status", "updated_at", "id"],
    ),
    (
        "idx_nominations_campaign_name",
        &["campaign_id", "nominee_name"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            manager
                .create_index(index(name, "nominations", cols))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table("nominations").to_owned())
                .await?;
        }
        Ok(())
    }
}
