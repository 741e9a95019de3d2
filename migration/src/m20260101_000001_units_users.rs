//! Administrative units (a tree), users, and the sessions that sign them in.

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
                    .table("units")
                    .col(pk_uuid("id"))
                    .col(uuid_null("parent_id"))
                    .col(string_len("kind", 16))
                    .col(string_len("name", 120))
                    // Materialised path "/<root>/.../<self>/": a subtree is one prefix query.
                    .col(text("path"))
                    .col(integer("depth"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "units",
                        "parent_id",
                        "units",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_units_path", "units", &["path"]))
            .await?;
        manager
            .create_index(
                index("uq_units_parent_name", "units", &["parent_id", "name"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_uuid("id"))
                    .col(string_len("username", 64))
                    .col(string_len("display_name", 64))
                    .col(string_len("role", 16))
                    .col(uuid("unit_id"))
                    .col(text("password_hash"))
                    .col(boolean("active"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "users",
                        "unit_id",
                        "units",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_users_username", "users", &["username"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_users_unit", "users", &["unit_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    // SHA-256 of the random token in the cookie: a leaked table signs nobody in.
                    .col(string_len("id", 64).primary_key())
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(string_len_null("ip", 64))
                    .foreign_key(&mut fk(
                        "sessions",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_sessions_user", "sessions", &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("login_failures")
                    .col(big_pk_auto("id"))
                    .col(string_len("username", 64))
                    .col(string_len("ip", 64))
                    .col(timestamp_with_time_zone("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_login_failures_username_at",
                "login_failures",
                &["username", "at"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_login_failures_ip_at",
                "login_failures",
                &["ip", "at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["login_failures", "sessions", "users", "units"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
