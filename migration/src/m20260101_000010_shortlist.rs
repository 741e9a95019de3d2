//! The shortlist: per category, the nominations the office puts forward to the public notice.

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
                    .table("shortlist_entries")
                    .col(pk_uuid("id"))
                    .col(uuid("category_id"))
                    .col(uuid("nomination_id"))
                    .col(integer("position"))
                    .col(uuid("fixed_by"))
                    .col(timestamp_with_time_zone("fixed_at"))
                    .foreign_key(&mut fk(
                        "shortlist_entries",
                        "category_id",
                        "categories",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "shortlist_entries",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_shortlist_entries_nomination",
                    "shortlist_entries",
                    &["nomination_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_shortlist_entries_category",
                "shortlist_entries",
                &["category_id", "position"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("shortlist_entries").to_owned())
            .await
    }
}
