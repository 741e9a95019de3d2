//! Layer-by-layer recommendation and strict review: where a nomination sits in the chain, the
//! history of every decision on it, and every submitted version of its content.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table("campaigns")
                    // Unit kinds that recommend upward, comma-separated ("street,district").
                    .add_column(string_len_null("recommend_levels", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("campaigns")
                    .add_column(date_null("recommend_closes_on"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("nominations")
                    // The recommending unit whose inbox holds it; null once it reached the office.
                    .add_column(uuid_null("level_unit_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_nominations_level",
                "nominations",
                &["level_unit_id", "status"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("recommendations")
                    .col(pk_uuid("id"))
                    .col(uuid("nomination_id"))
                    .col(uuid_null("unit_id"))
                    .col(uuid("actor_id"))
                    .col(string_len("decision", 24))
                    .col(string_len("from_status", 24))
                    .col(string_len("to_status", 24))
                    .col(text_null("reason"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "recommendations",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "recommendations",
                        "actor_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_recommendations_nomination",
                "recommendations",
                &["nomination_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("nomination_versions")
                    .col(pk_uuid("id"))
                    .col(uuid("nomination_id"))
                    .col(integer("version"))
                    .col(text("content"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "nomination_versions",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_nomination_versions_nomination",
                "nomination_versions",
                &["nomination_id", "version"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["nomination_versions", "recommendations"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_nominations_level")
                    .table("nominations")
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            ("nominations", "level_unit_id"),
            ("campaigns", "recommend_closes_on"),
            ("campaigns", "recommend_levels"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
