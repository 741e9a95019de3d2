//! Tokens the office issues: a token has a scope (`full` acts as its user in everything,
//! `read` only reads) and records who issued it when that was not its user; a user may be a
//! service account, which has no password and works through tokens only. Existing tokens keep
//! acting fully, existing users sign in as before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn columns() -> [(&'static str, ColumnDef); 3] {
    [
        ("api_tokens", string("scope").default("full").to_owned()),
        ("api_tokens", uuid_null("issued_by")),
        ("users", boolean("service").default(false).to_owned()),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::add_columns(manager, columns()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_columns(manager, columns()).await
    }
}
