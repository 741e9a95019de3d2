//! Score sheets: one per assignment, with points per criterion, a verdict and a comment.

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
                    .table("score_sheets")
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    // draft or submitted; a submitted sheet is locked until the office reopens it.
                    .col(string_len("status", 16))
                    .col(boolean_null("approve"))
                    .col(text_null("comment"))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "score_sheets",
                        "assignment_id",
                        "assignments",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_score_sheets_assignment",
                    "score_sheets",
                    &["assignment_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("scores")
                    .col(uuid("sheet_id"))
                    .col(uuid("criterion_id"))
                    .col(integer("points"))
                    .primary_key(Index::create().col("sheet_id").col("criterion_id"))
                    .foreign_key(&mut fk(
                        "scores",
                        "sheet_id",
                        "score_sheets",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "scores",
                        "criterion_id",
                        "criteria",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["scores", "score_sheets"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
