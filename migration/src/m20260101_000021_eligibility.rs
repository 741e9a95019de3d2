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
        crate::add_columns(manager, columns()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_columns(manager, columns()).await
    }
}
