//! API tokens expire. Tokens made before this release get the default lifetime from the day
//! of the upgrade (their users learn of it on the token page before they stop).

use sea_orm_migration::{prelude::*, schema::timestamp_with_time_zone_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The default lifetime of a token, in days (`laurel.token_days`).
const DEFAULT_DAYS: i64 = 180;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("api_tokens")
                    .add_column(timestamp_with_time_zone_null("expires_at"))
                    .to_owned(),
            )
            .await?;
        let until = time::OffsetDateTime::now_utc() + time::Duration::days(DEFAULT_DAYS);
        manager
            .exec_stmt(
                Query::update()
                    .table("api_tokens")
                    .value("expires_at", until)
                    .and_where(Expr::col("expires_at").is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("api_tokens")
                    .drop_column("expires_at")
                    .to_owned(),
            )
            .await
    }
}
