//! Nominations and their attachments.
//!
//! Private columns (phone, birth date, the encrypted ID number and its keyed fingerprint) sit
//! beside the public ones; which of them a page may show is decided in the domain, never here.

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
                    .table("nominations")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("category_id"))
                    .col(uuid("unit_id"))
                    .col(string_len("nominee_kind", 16))
                    .col(string_len("status", 24))
                    .col(string_len("nominee_name", 120))
                    .col(string_len("affiliation", 200))
                    .col(string_len_null("gender", 8))
                    .col(date_null("birth_date"))
                    .col(string_len_null("phone", 32))
                    .col(blob_null("id_number_enc"))
                    .col(string_len_null("id_number_fp", 64))
                    .col(integer_null("volunteer_hours"))
                    .col(date_null("founded_on"))
                    .col(integer_null("member_count"))
                    .col(string_len_null("contact_name", 64))
                    .col(text("deeds_summary"))
                    .col(text("deeds_full"))
                    .col(integer("version"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone_null("submitted_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "nominations",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "nominations",
                        "category_id",
                        "categories",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "nominations",
                        "unit_id",
                        "units",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "nominations",
                        "created_by",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_nominations_campaign_category",
                &["campaign_id", "category_id"][..],
            ),
            ("idx_nominations_unit", &["unit_id"][..]),
            ("idx_nominations_status", &["campaign_id", "status"][..]),
            ("idx_nominations_id_number_fp", &["id_number_fp"][..]),
            ("idx_nominations_name", &["nominee_name"][..]),
        ] {
            manager
                .create_index(index(name, "nominations", cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("attachments")
                    .col(pk_uuid("id"))
                    .col(uuid("nomination_id"))
                    .col(string_len("filename", 200))
                    .col(string_len("content_type", 64))
                    .col(big_integer("size"))
                    .col(string_len("sha256", 64))
                    .col(uuid("uploaded_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "attachments",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "attachments",
                        "uploaded_by",
                        "users",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_attachments_nomination",
                "attachments",
                &["nomination_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["attachments", "nominations"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
