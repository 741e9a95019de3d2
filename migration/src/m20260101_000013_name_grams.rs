//! The name search's index: each nomination's name as the set of its two-character pieces
//! (bigrams). Names are two or three Chinese characters, too short for a trigram index; a
//! search for a name then reads the few nominations that hold one of its bigrams instead of
//! every row. Existing nominations are indexed here; the application keeps it in step.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend, Statement, prelude::Uuid},
};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The bigrams of a name, lower-cased a character at a time (as a case-insensitive `LIKE`
/// compares), each once; a one-character name is its own piece. Every bigram of a search term
/// is a bigram of each name that contains the term.
#[must_use]
pub(crate) fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut grams: Vec<String> = if chars.len() == 1 {
        vec![chars.iter().collect()]
    } else {
        chars.windows(2).map(|w| w.iter().collect()).collect()
    };
    grams.sort_unstable();
    grams.dedup();
    grams
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_name_index(manager, &NOMINATION_NAMES).await?;
        index_existing_names(manager, &NOMINATION_NAMES, name_grams).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("nomination_grams").to_owned())
            .await
    }
}

/// A table of names and the index of their pieces beside it.
pub(crate) struct NameIndex {
    /// The table holding the names, keyed by `id`.
    pub table: &'static str,
    /// Its name column.
    pub name: &'static str,
    /// The index table: `gram` and the owner's id.
    pub index: &'static str,
    /// The index table's column holding the owner's id.
    pub owner: &'static str,
    /// The name of the index on that column.
    pub owner_index: &'static str,
}

/// Creates `names.index`: each (piece, owner) once, deleted with its owner, and looked up by
/// piece (its primary key) or by owner.
pub(crate) async fn create_name_index(
    manager: &SchemaManager<'_>,
    names: &NameIndex,
) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(names.index)
                .col(string_len("gram", 16))
                .col(uuid(names.owner))
                .primary_key(Index::create().col("gram").col(names.owner))
                .foreign_key(&mut fk(
                    names.index,
                    names.owner,
                    names.table,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(names.owner_index, names.index, &[names.owner]))
        .await
}

/// The nominees' names.
pub(crate) const NOMINATION_NAMES: NameIndex = NameIndex {
    table: "nominations",
    name: "nominee_name",
    index: "nomination_grams",
    owner: "nomination_id",
    owner_index: "idx_nomination_grams_nomination",
};

/// Indexes the names already in `names.table`, a thousand at a time: each name's `pieces` into
/// `names.index`, leaving out those already held.
pub(crate) async fn index_existing_names(
    manager: &SchemaManager<'_>,
    names: &NameIndex,
    pieces: fn(&str) -> Vec<String>,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = Query::select();
        select
            .columns(["id", names.name])
            .from(names.table)
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
            .into_table(names.index)
            .columns(["gram", names.owner])
            .on_conflict(
                OnConflict::columns(["gram", names.owner])
                    .do_nothing()
                    .to_owned(),
            );
        let mut any = false;
        for row in &rows {
            let id: Uuid = row.try_get_by_index(0)?;
            let name: String = row.try_get_by_index(1)?;
            for piece in pieces(&name) {
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
