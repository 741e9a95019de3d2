//! Expert evaluation (专家评选): rubrics, panels, conflicts, assignments and score sheets.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("campaigns")
                    // trimmed_mean (default), mean or z_score.
                    .add_column(string_len_null("aggregation", 16))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("categories")
                    .add_column(integer_null("reviewers_per_nomination"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("categories")
                    .add_column(boolean_null("require_majority"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("criteria")
                    .col(pk_uuid("id"))
                    .col(uuid("category_id"))
                    .col(integer("position"))
                    .col(string_len("name", 60))
                    .col(integer("max_points"))
                    .col(double("weight"))
                    .foreign_key(&mut fk(
                        "criteria",
                        "category_id",
                        "categories",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_criteria_category",
                "criteria",
                &["category_id", "position"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("panels")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(string_len("name", 60))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "panels",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("panel_categories")
                    .col(uuid("panel_id"))
                    .col(uuid("category_id"))
                    .primary_key(Index::create().col("panel_id").col("category_id"))
                    .foreign_key(&mut fk(
                        "panel_categories",
                        "panel_id",
                        "panels",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "panel_categories",
                        "category_id",
                        "categories",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // A category is judged by one panel.
        manager
            .create_index(
                index(
                    "uq_panel_categories_category",
                    "panel_categories",
                    &["category_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("panel_members")
                    .col(uuid("panel_id"))
                    .col(uuid("user_id"))
                    .primary_key(Index::create().col("panel_id").col("user_id"))
                    .foreign_key(&mut fk(
                        "panel_members",
                        "panel_id",
                        "panels",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "panel_members",
                        "user_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("conflicts")
                    .col(pk_uuid("id"))
                    .col(uuid("reviewer_id"))
                    .col(uuid_null("nomination_id"))
                    .col(uuid_null("unit_id"))
                    .col(text("reason"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "conflicts",
                        "reviewer_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "conflicts",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "conflicts",
                        "unit_id",
                        "units",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_conflicts_reviewer",
                "conflicts",
                &["reviewer_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("assignments")
                    .col(pk_uuid("id"))
                    .col(uuid("panel_id"))
                    .col(uuid("nomination_id"))
                    .col(uuid("reviewer_id"))
                    .col(boolean("manual"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "assignments",
                        "panel_id",
                        "panels",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "assignments",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "assignments",
                        "reviewer_id",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_assignments_nomination_reviewer",
                    "assignments",
                    &["nomination_id", "reviewer_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assignments_reviewer",
                "assignments",
                &["reviewer_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "assignments",
            "conflicts",
            "panel_members",
            "panel_categories",
            "panels",
            "criteria",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for (table, column) in [
            ("categories", "require_majority"),
            ("categories", "reviewers_per_nomination"),
            ("campaigns", "aggregation"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
