//! The name search's indexes (`nomination_grams`, `honoree_grams`): each name kept as its
//! bigrams and its characters (`migration::name_pieces`). Every piece of a search term is a
//! piece of each name containing it, so the names holding the term's rarest piece are the only
//! candidates; `LIKE` still decides.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, QuerySelect, Statement};

/// Below this many holders, a piece's names are read (and sorted); at or above it, a list
/// walks in its order instead, where so common a piece's matches come soon.
pub(crate) const SPARSE: u64 = 2000;

/// At most this many of a term's pieces are counted: any of them narrows as well as the
/// term allows, and a long term has many.
const COUNTED: usize = 8;

/// How many rows `select` gives, counted up to `cap` (reading no more than that).
pub(crate) async fn count_up_to<E: EntityTrait>(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<E>,
    cap: u64,
) -> Result<u64, DbErr> {
    use sea_orm::QueryTrait;
    let backend = db.get_database_backend();
    let limited = select.limit(cap).build(backend);
    let count: i64 = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) FROM ({}) counted", limited.sql),
            limited.values.map(|v| v.0).unwrap_or_default(),
        ))
        .await?
        .map(|row| row.try_get_by_index(0))
        .transpose()?
        .unwrap_or(0);
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The piece of `term` fewest names in the index table `index` hold, when it is worth reading
/// the names holding it (sorting them) rather than walking a list in its order: for a single
/// character, fewer than [`SPARSE`] holders (a common one's matches come soon in any list);
/// for a longer term, whose matches are rarer than any of its pieces, the rarest bigram if
/// fewer than 64 × [`SPARSE`] hold it. Each round counts every piece up to a cap (one query),
/// and only when every piece reaches it is the next, larger cap tried.
pub(crate) async fn rare_piece(
    db: &impl ConnectionTrait,
    index: &str,
    term: &str,
) -> Result<Option<String>, DbErr> {
    let mut pieces = migration::name_grams(term);
    pieces.truncate(COUNTED);
    let Some(first) = pieces.first() else {
        return Ok(None);
    };
    let caps: &[u64] = if first.chars().count() == 1 {
        &[SPARSE]
    } else {
        &[SPARSE, 8 * SPARSE, 64 * SPARSE]
    };
    for cap in caps {
        let held = count_holders(db, index, &pieces, *cap).await?;
        if let Some((at, _)) = held
            .into_iter()
            .enumerate()
            .filter(|(_, held)| held < cap)
            .min_by_key(|(_, held)| *held)
        {
            return Ok(pieces.get(at).cloned());
        }
    }
    Ok(None)
}

/// How many names hold each of `pieces`, each counted up to `cap`, in one query.
async fn count_holders(
    db: &impl ConnectionTrait,
    index: &str,
    pieces: &[String],
    cap: u64,
) -> Result<Vec<u64>, DbErr> {
    let backend = db.get_database_backend();
    let branches: Vec<String> = (0..pieces.len())
        .map(|i| {
            let value = match backend {
                DbBackend::Postgres => format!("${}", i + 1),
                _ => "?".to_owned(),
            };
            format!(
                "SELECT {i}, COUNT(*) FROM (SELECT 1 FROM \"{index}\" WHERE \"gram\" = {value} \
                 LIMIT {cap}) held{i}"
            )
        })
        .collect();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            branches.join(" UNION ALL "),
            pieces.iter().map(|p| p.as_str().into()),
        ))
        .await?;
    let mut held = vec![cap; pieces.len()];
    for row in rows {
        let (at, count): (i32, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        if let Some(slot) = usize::try_from(at).ok().and_then(|at| held.get_mut(at)) {
            *slot = u64::try_from(count).unwrap_or(cap);
        }
    }
    Ok(held)
}
