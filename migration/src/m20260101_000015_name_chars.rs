//! Single characters in the name search's index. A one-character term (a surname, or one
//! character of a given name) has no bigram, so its search walked the list newest first until
//! it had a page of matches: soon for a common surname, never for a character no name holds
//! (every row read). With each name's characters indexed beside its bigrams, a rare character
//! reads its few candidates. Existing nominations are indexed here; the application keeps it in
//! step through [`name_pieces`].

use sea_orm_migration::{
    prelude::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement, prelude::Uuid},
};

use crate::name_grams;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The characters of a name, lower-cased as [`name_grams`] has them, each once.
#[must_use]
pub fn name_chars(name: &str) -> Vec<String> {
    let mut chars: Vec<String> = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .map(String::from)
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// What the name search's index holds for a name: its bigrams and its characters.
#[must_use]
pub fn name_pieces(name: &str) -> Vec<String> {
    let mut pieces = name_grams(name);
    pieces.extend(name_chars(name));
    pieces.sort_unstable();
    pieces.dedup();
    pieces
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The characters of the nominations already there, a thousand names at a time (a
        // one-character name already has its character as its only bigram).
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let mut after: Option<Uuid> = None;
        loop {
            let mut select = Query::select();
            select
                .columns(["id", "nominee_name"])
                .from("nominations")
                .order_by("id", Order::Asc)
                .limit(1000);
            if let Some(after) = after {
                select.and_where(Expr::col("id").gt(after));
            }
            let rows = db.query_all(&select).await?;
            let Some(last) = rows.last() else { break };
            after = Some(last.try_get_by_index(0)?);
            let mut insert = Query::insert();
            insert
                .into_table("nomination_grams")
                .columns(["gram", "nomination_id"])
                .on_conflict(
                    OnConflict::columns(["gram", "nomination_id"])
                        .do_nothing()
                        .to_owned(),
                );
            let mut any = false;
            for row in &rows {
                let id: Uuid = row.try_get_by_index(0)?;
                let name: String = row.try_get_by_index(1)?;
                for piece in name_chars(&name) {
                    insert.values_panic([piece.into(), id.into()]);
                    any = true;
                }
            }
            if any {
                let (sql, values) = match backend {
                    DbBackend::Postgres => insert.build(PostgresQueryBuilder),
                    _ => insert.build(SqliteQueryBuilder),
                };
                db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
                    .await?;
            }
            if rows.len() < 1000 {
                break;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Back to bigrams only: a one-character name keeps its character, its only bigram.
        manager
            .get_connection()
            .execute_unprepared(
                "DELETE FROM nomination_grams WHERE length(gram) = 1 AND nomination_id IN \
                 (SELECT id FROM nominations WHERE length(nominee_name) > 1)",
            )
            .await
            .map(|_| ())
    }
}
