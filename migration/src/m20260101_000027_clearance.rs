//! Clearance by other agencies (联审): which agencies clear a campaign's candidates, each
//! agency's answer per candidate (its confidential reason with an objection), and the office's
//! decision on a candidate an agency objected to. The stage itself is a `campaign_stages` row of
//! kind `clearance`; agencies are units of kind `agency` whose users hold the role `agency`.

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
                    .table("clearance_agencies")
                    .col(uuid("campaign_id"))
                    .col(uuid("unit_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("campaign_id").col("unit_id"))
                    .foreign_key(&mut fk(
                        "clearance_agencies",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "clearance_agencies",
                        "unit_id",
                        "units",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("clearance_answers")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("nomination_id"))
                    .col(uuid("unit_id"))
                    .col(string_len("opinion", 16))
                    .col(text_null("reason"))
                    .col(uuid("answered_by"))
                    .col(timestamp_with_time_zone("answered_at"))
                    .foreign_key(&mut fk(
                        "clearance_answers",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "clearance_answers",
                        "unit_id",
                        "units",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        // One answer per agency and candidate: two simultaneous answers are one row.
        manager
            .create_index(
                index(
                    "idx_clearance_answers_one",
                    "clearance_answers",
                    &["nomination_id", "unit_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_clearance_answers_campaign",
                "clearance_answers",
                &["campaign_id", "unit_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("clearance_decisions")
                    .col(pk_uuid("nomination_id"))
                    .col(uuid("campaign_id"))
                    .col(string_len("decision", 16))
                    .col(text("reason"))
                    .col(uuid("decided_by"))
                    .col(timestamp_with_time_zone("decided_at"))
                    .foreign_key(&mut fk(
                        "clearance_decisions",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_clearance_decisions_campaign",
                "clearance_decisions",
                &["campaign_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "clearance_decisions",
            "clearance_answers",
            "clearance_agencies",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
