//! The public stages: the working-day calendar, published documents (notices and final lists,
//! immutable once published), their stored renderings, objections, and honorees.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Public holidays and make-up working days (调休), as the State Council publishes them.
        manager
            .create_table(
                Table::create()
                    .table("calendar_days")
                    .col(date("day").primary_key())
                    .col(string_len("kind", 16))
                    .col(string_len("note", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("documents")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("status", 16))
                    .col(integer("number"))
                    .col(uuid_null("replaces_id"))
                    .col(uuid_null("superseded_by"))
                    .col(text("change_note"))
                    .col(string_len("issuing_organ", 120))
                    .col(string_len("doc_number", 64))
                    .col(date("issued_on"))
                    .col(string_len("title", 200))
                    .col(text("body"))
                    .col(date_null("window_starts_on"))
                    .col(integer_null("working_days"))
                    .col(date_null("window_ends_on"))
                    .col(text_null("content"))
                    .col(string_len_null("digest", 64))
                    .col(uuid_null("published_by"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(integer("version"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "documents",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_documents_campaign",
                "documents",
                &["campaign_id", "kind", "number"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_documents_published",
                "documents",
                &["status", "published_at"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("document_pages")
                    .col(pk_uuid("id"))
                    .col(uuid("document_id"))
                    .col(string_len("lang", 32))
                    .col(text("html"))
                    .col(string_len("etag", 80))
                    .col(timestamp_with_time_zone("rendered_at"))
                    .foreign_key(&mut fk(
                        "document_pages",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_document_pages_document_lang",
                    "document_pages",
                    &["document_id", "lang"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("objections")
                    .col(pk_uuid("id"))
                    .col(uuid("document_id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("nomination_id"))
                    .col(string_len("receipt_code", 32))
                    .col(string_len("filer_name", 64))
                    .col(string_len("filer_unit", 120))
                    .col(string_len("filer_contact", 64))
                    .col(text("text"))
                    .col(string_len_null("attachment_name", 200))
                    .col(string_len_null("attachment_type", 64))
                    .col(string_len_null("attachment_key", 80))
                    .col(string_len("status", 16))
                    .col(text("notes"))
                    .col(text("outcome_reason"))
                    .col(uuid_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(string_len("client_fp", 64))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "objections",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "objections",
                        "nomination_id",
                        "nominations",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_objections_receipt_code",
                    "objections",
                    &["receipt_code"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_objections_campaign",
                "objections",
                &["campaign_id", "status"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_objections_client",
                "objections",
                &["client_fp", "created_at"],
            ))
            .await?;
        // Honorees are copied out of their nominations when the final list is confirmed, so the
        // honor roll keeps what was published whatever happens to the rows it came from.
        manager
            .create_table(
                Table::create()
                    .table("honorees")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(uuid("category_id"))
                    .col(uuid("nomination_id"))
                    .col(uuid("document_id"))
                    .col(uuid("unit_id"))
                    .col(integer("position"))
                    .col(string_len("name", 200))
                    .col(string_len("affiliation", 200))
                    .col(string_len("category_name", 120))
                    .col(string_len("campaign_title", 200))
                    .col(string_len("unit_name", 120))
                    .col(string_len("organizer", 120))
                    .col(integer("year"))
                    .col(date("confirmed_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "honorees",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "honorees",
                        "document_id",
                        "documents",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_honorees_nomination", "honorees", &["nomination_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_honorees_year", &["year", "id"][..]),
            ("idx_honorees_unit", &["unit_id", "year"][..]),
            ("idx_honorees_name", &["name"][..]),
            ("idx_honorees_category", &["category_name"][..]),
            ("idx_honorees_document", &["document_id", "position"][..]),
        ] {
            manager.create_index(index(name, "honorees", cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "honorees",
            "objections",
            "document_pages",
            "documents",
            "calendar_days",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
