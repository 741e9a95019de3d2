//! A unit's quota use, counted from the index alone: the count reads a campaign's nominations
//! of one category in the occupying states, with their nominating unit and the unit holding
//! them. Read through `(campaign_id, category_id)`, every row was fetched from the table as
//! well (a street's inbox with a million nominations spent most of its time there). It
//! replaces that index, which it begins with.

use sea_orm_migration::prelude::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "idx_nominations_quota",
                "nominations",
                &[
                    "campaign_id",
                    "category_id",
                    "status",
                    "unit_id",
                    "level_unit_id",
                ],
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_nominations_campaign_category")
                    .table("nominations")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "idx_nominations_campaign_category",
                "nominations",
                &["campaign_id", "category_id"],
            ))
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_nominations_quota")
                    .table("nominations")
                    .to_owned(),
            )
            .await
    }
}
