//! Laurel's schema, as an ordered list of migrations.
//!
//! The application runs [`Migrator::up`] at start-up (and `laurel migrate` runs it alone), so a
//! fresh SQLite file or PostgreSQL database gets the whole schema. A migration that has landed is
//! never edited: a change to the schema is a new migration appended to the list.

#![expect(
    elided_lifetimes_in_paths,
    reason = "MigrationTrait (async_trait) binds SchemaManager's lifetime late; naming it breaks the impl"
)]
pub use sea_orm_migration::prelude::*;

mod m20260101_000001_units_users;
mod m20260101_000002_campaigns;
mod m20260101_000003_nominations;
mod m20260101_000004_audit;
mod m20260101_000005_api_tokens;
mod m20260101_000006_audit_chain;
mod m20260101_000007_review;
mod m20260101_000008_evaluation;
mod m20260101_000009_scores;
mod m20260101_000010_shortlist;
mod m20260101_000011_publicity;
mod m20260101_000012_list_indexes;
mod m20260101_000013_name_grams;
mod m20260101_000014_unit_list_index;
mod m20260101_000015_name_chars;
mod m20260101_000016_quota_index;
mod m20260101_000017_list_name_index;
mod m20260101_000018_inbox_index;
mod m20260101_000019_honoree_names;
mod m20260101_000020_stages;
mod m20260101_000021_eligibility;
mod m20260101_000022_page_keys;
mod m20260101_000023_token_expiry;
mod m20260101_000024_seal_pre_chain_log;
mod m20260101_000025_audit_checkpoints;
mod m20260101_000026_token_scope;
mod m20260101_000027_clearance;
mod m20260101_000028_voting;

// The name rule as these migrations indexed names with it; the live rule is
// `laurel::domain::names`, which a change of it must follow with a migration of its own.
use m20260101_000013_name_grams::name_grams;
use m20260101_000015_name_chars::name_pieces;

/// The migrator the application and the `migrate` command run.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_units_users::Migration),
            Box::new(m20260101_000002_campaigns::Migration),
            Box::new(m20260101_000003_nominations::Migration),
            Box::new(m20260101_000004_audit::Migration),
            Box::new(m20260101_000005_api_tokens::Migration),
            Box::new(m20260101_000006_audit_chain::Migration),
            Box::new(m20260101_000007_review::Migration),
            Box::new(m20260101_000008_evaluation::Migration),
            Box::new(m20260101_000009_scores::Migration),
            Box::new(m20260101_000010_shortlist::Migration),
            Box::new(m20260101_000011_publicity::Migration),
            Box::new(m20260101_000012_list_indexes::Migration),
            Box::new(m20260101_000013_name_grams::Migration),
            Box::new(m20260101_000014_unit_list_index::Migration),
            Box::new(m20260101_000015_name_chars::Migration),
            Box::new(m20260101_000016_quota_index::Migration),
            Box::new(m20260101_000017_list_name_index::Migration),
            Box::new(m20260101_000018_inbox_index::Migration),
            Box::new(m20260101_000019_honoree_names::Migration),
            Box::new(m20260101_000020_stages::Migration),
            Box::new(m20260101_000021_eligibility::Migration),
            Box::new(m20260101_000022_page_keys::Migration),
            Box::new(m20260101_000023_token_expiry::Migration),
            Box::new(m20260101_000024_seal_pre_chain_log::Migration),
            Box::new(m20260101_000025_audit_checkpoints::Migration),
            Box::new(m20260101_000026_token_scope::Migration),
            Box::new(m20260101_000027_clearance::Migration),
            Box::new(m20260101_000028_voting::Migration),
        ]
    }
}

/// The `MigrationTrait` of a migration (its `Migration` struct) that replaces one index of
/// `$table` by another, each a name and its columns: `up` creates `$new` and drops `$old`,
/// `down` the reverse.
macro_rules! replaces_index {
    ($table:literal, $old:expr, $new:expr) => {
        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                crate::replace_index(manager, $table, $old, $new).await
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                crate::replace_index(manager, $table, $new, $old).await
            }
        }
    };
}
use replaces_index;

/// Adds columns, one ALTER each: SQLite adds one column per statement.
async fn add_columns(
    manager: &SchemaManager<'_>,
    columns: impl IntoIterator<Item = (&'static str, ColumnDef)>,
) -> Result<(), DbErr> {
    for (table, column) in columns {
        manager
            .alter_table(Table::alter().table(table).add_column(column).to_owned())
            .await?;
    }
    Ok(())
}

/// Drops the columns [`add_columns`] added, one ALTER each.
async fn drop_columns(
    manager: &SchemaManager<'_>,
    columns: impl IntoIterator<Item = (&'static str, ColumnDef)>,
) -> Result<(), DbErr> {
    for (table, column) in columns {
        let name = column.get_column_name();
        manager
            .alter_table(Table::alter().table(table).drop_column(name).to_owned())
            .await?;
    }
    Ok(())
}

/// A named index on one table, the way every migration here declares them.
fn index(name: &'static str, table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(*col);
    }
    index.to_owned()
}

/// Creates the index `new` on `table` and drops `old` (each a name and its columns): an index
/// that a wider one now serves. `down` calls it the other way round.
async fn replace_index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    old: (&'static str, &[&'static str]),
    new: (&'static str, &[&'static str]),
) -> Result<(), DbErr> {
    manager.create_index(index(new.0, table, new.1)).await?;
    manager
        .drop_index(Index::drop().name(old.0).table(table).to_owned())
        .await
}

/// A foreign key from `table.col` to `target.id`.
fn fk(
    table: &'static str,
    col: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to(target, "id")
        .on_delete(on_delete)
        .to_owned()
}
