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
        // One column per ALTER: SQLite adds one column per statement.
        for (table, column) in columns() {
            manager
                .alter_table(Table::alter().table(table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in columns() {
            let name = column.get_column_name();
            manager
                .alter_table(Table::alter().table(table).drop_column(name).to_owned())
                .await?;
        }
        Ok(())
    }
}
