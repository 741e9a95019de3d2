//! Campaigns and their categories.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("campaigns")
                    .col(pk_uuid("id"))
                    .col(string_len("title", 120))
                    .col(integer("year"))
                    .col(string_len("organizer", 120))
                    .col(text("description"))
                    .col(string_len("status", 16))
                    .col(date("nomination_opens_on"))
                    .col(date("nomination_closes_on"))
                    .col(date("review_closes_on"))
                    .col(date("notice_starts_on"))
                    .col(date("announced_on"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_campaigns_year", "campaigns", &["year"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("categories")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(string_len("key", 32))
                    .col(string_len("name", 60))
                    .col(string_len("nominee_kind", 16))
                    .col(integer("quota"))
                    .col(integer("unit_quota"))
                    .col(integer_null("min_hours"))
                    .col(integer("position"))
                    .foreign_key(&mut fk(
                        "categories",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_categories_campaign_key",
                    "categories",
                    &["campaign_id", "key"],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["categories", "campaigns"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
