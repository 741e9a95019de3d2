//! Eligibility rules the office sets per category (years active, founded or running; a
//! volunteer's registration on the national volunteer service information system; an
//! organization's volunteers), and the nomination fields they check (since when a volunteer
//! serves; whether they are registered). Existing categories get no rule: their campaigns
//! keep the checks they had.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn columns() -> [(&'static str, ColumnDef); 5] {
    [
        ("categories", integer_null("min_years")),
        ("categories", boolean_null("needs_registration")),
        ("categories", integer_null("min_members")),
        ("nominations", date_null("active_since")),
        ("nominations", boolean_null("registered")),
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
