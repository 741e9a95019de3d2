//! The name search's indexes (`nomination_grams`, `honoree_grams`): each name kept as its
//! bigrams and its characters ([`name_pieces`]). Every piece of a search term is a
//! piece of each name containing it, so the names holding the term's rarest pieces are the only
//! candidates ([`rare_pieces`], [`holders`]); `LIKE` still decides.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, JoinType, QuerySelect,
    Statement,
    sea_query::{Alias, Expr, ExprTrait, LikeExpr, Query, SelectStatement},
};

/// Below this many holders, a piece's names are read (and sorted) alone; a single character
/// held by more walks a list in its order instead, where its matches come soon.
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

/// A name index: its table and the column holding the owner's id.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Index {
    /// The table (`gram`, owner).
    pub table: &'static str,
    /// The owner's id column.
    pub owner: &'static str,
}

/// The nominations' names.
pub(crate) const NOMINATIONS: Index = Index {
    table: "nomination_grams",
    owner: "nomination_id",
};

/// The honor roll's names.
pub(crate) const HONOREES: Index = Index {
    table: "honoree_grams",
    owner: "honoree_id",
};

/// A term of one character (whose matches are exactly the names holding it).
pub(crate) fn one_character(term: &str) -> bool {
    name_grams(term)
        .first()
        .is_some_and(|piece| piece.chars().count() == 1)
}

/// The pieces of `term` whose common holders are worth reading (and sorting) rather than
/// walking a list in its order; none when walking is better. A single character: itself,
/// when fewer than [`SPARSE`] names hold it (a common one's matches come soon in any list).
/// A longer term, whose matches are rarer than any of its pieces: its rarest bigram when fewer
/// than [`SPARSE`] hold it; else, when fewer than 8 × [`SPARSE`] do, its two rarest (the
/// names holding both: a term's bigrams are far rarer together than apart). Each round counts
/// every piece up to a cap in one query; the second round only when every piece reached the
/// first cap.
pub(crate) async fn rare_pieces(
    db: &impl ConnectionTrait,
    index: Index,
    term: &str,
) -> Result<Vec<String>, DbErr> {
    let mut pieces = name_grams(term);
    pieces.truncate(COUNTED);
    let caps: &[u64] = if one_character(term) {
        &[SPARSE]
    } else {
        &[SPARSE, 8 * SPARSE]
    };
    for cap in caps {
        if pieces.is_empty() {
            break;
        }
        let held = count_holders(db, index, &pieces, *cap).await?;
        let mut order: Vec<usize> = (0..pieces.len()).filter(|at| held[*at] < *cap).collect();
        order.sort_by_key(|at| held[*at]);
        let take = if order.first().is_some_and(|at| held[*at] < SPARSE) {
            1
        } else {
            2
        };
        if !order.is_empty() {
            return Ok(order
                .into_iter()
                .take(take)
                .filter_map(|at| pieces.get(at).cloned())
                .collect());
        }
    }
    Ok(Vec::new())
}

/// The owners' ids of the names holding every one of `pieces` (one or two), for an `IN`.
pub(crate) fn holders(index: Index, pieces: &[String]) -> SelectStatement {
    let (first, second) = (Alias::new("held"), Alias::new("also"));
    let mut select = Query::select();
    select
        .column((first.clone(), Alias::new(index.owner)))
        .from_as(Alias::new(index.table), first.clone());
    if let Some(piece) = pieces.first() {
        select.and_where(Expr::col((first.clone(), Alias::new("gram"))).eq(piece.as_str()));
    }
    if let Some(piece) = pieces.get(1) {
        select.join_as(
            JoinType::InnerJoin,
            Alias::new(index.table),
            second.clone(),
            Condition::all()
                .add(
                    Expr::col((second.clone(), Alias::new(index.owner)))
                        .equals((first, Alias::new(index.owner))),
                )
                .add(Expr::col((second, Alias::new("gram"))).eq(piece.as_str())),
        );
    }
    select
}

/// How many names hold each of `pieces`, each counted up to `cap`, in one query.
async fn count_holders(
    db: &impl ConnectionTrait,
    index: Index,
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
                "SELECT {i}, COUNT(*) FROM (SELECT 1 FROM \"{}\" WHERE \"gram\" = {value} \
                 LIMIT {cap}) held{i}",
                index.table
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

/// `column` contains `text` (trimmed), its `%`, `_` and `\` taken literally.
pub(crate) fn contains_literally<C: ColumnTrait>(
    column: C,
    text: &str,
) -> sea_orm::sea_query::Expr {
    column.like(LikeExpr::new(like_pattern(text)).escape('\\'))
}

fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .trim()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// A piece of a name in natural order: a run of digits (ASCII, full-width or Chinese
/// numerals) by its value, or one other character. Numbers sort before other characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Number(u64),
    Char(char),
}

/// An ASCII or full-width digit's value.
fn arabic(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c) - u64::from('0')),
        '０'..='９' => Some(u64::from(c) - u64::from('０')),
        _ => None,
    }
}

/// A Chinese numeral's value: a digit (零〇一…九, 两) or a multiplier (十百千万).
fn chinese(c: char) -> Option<(u64, bool)> {
    let digit = match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => return Some((10, true)),
        '百' => return Some((100, true)),
        '千' => return Some((1000, true)),
        '万' => return Some((10_000, true)),
        _ => return None,
    };
    Some((digit, false))
}

/// The value of a run of Chinese numerals: 十二 is 12, 二十一 21, 一百零五 105; a run without
/// multipliers is read digit by digit (二〇二二 is 2022).
fn chinese_value(run: &[(u64, bool)]) -> u64 {
    if run.iter().all(|(_, multiplier)| !multiplier) {
        return run.iter().fold(0u64, |value, (digit, _)| {
            value.saturating_mul(10).saturating_add(*digit)
        });
    }
    let (mut total, mut section, mut current) = (0u64, 0u64, 0u64);
    for &(value, multiplier) in run {
        if !multiplier {
            current = value;
        } else if value == 10_000 {
            total = total.saturating_add(section.saturating_add(current).saturating_mul(value));
            section = 0;
            current = 0;
        } else {
            section = section.saturating_add(Ord::max(current, 1).saturating_mul(value));
            current = 0;
        }
    }
    total.saturating_add(section).saturating_add(current)
}

/// `text` as pieces for [`natural_cmp`].
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(first) = arabic(c) {
            let mut value = first;
            while let Some(digit) = chars.peek().copied().and_then(arabic) {
                value = value.saturating_mul(10).saturating_add(digit);
                chars.next();
            }
            out.push(Piece::Number(value));
        } else if let Some(first) = chinese(c) {
            let mut run = vec![first];
            while let Some(numeral) = chars.peek().copied().and_then(chinese) {
                run.push(numeral);
                chars.next();
            }
            out.push(Piece::Number(chinese_value(&run)));
        } else {
            out.push(Piece::Char(c));
        }
    }
    out
}

/// People's names in the order a person expects: numbers by value, whether written 2, ２ or
/// 二, so 专家二 comes before 专家十 and 专家10 after 专家9; otherwise by character, and
/// names equal that way by their text.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    pieces(a).cmp(&pieces(b)).then_with(|| a.cmp(b))
}

/// The bigrams of a name, lower-cased a character at a time (as a case-insensitive `LIKE`
/// compares), each once; a one-character name is its own piece. Every bigram of a search term
/// is a bigram of each name that contains the term.
///
/// This and [`name_chars`] are the live name rule: the stored index (`nomination_grams`,
/// `honoree_grams`) holds [`name_pieces`] of every name. A change here needs a migration that
/// indexes the stored names again; the migrations keep the rule as it was when they ran.
#[must_use]
pub fn name_grams(name: &str) -> Vec<String> {
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

/// The line a list shows for one entry: the name, a space, then the affiliation or role when
/// there is one, as the printed lists have it (DESIGN.md:
/// `任均山 青岛市李沧区任均山便民志愿服务岗队长`). The notice, the final list and the honor roll
/// write the same line.
#[must_use]
pub fn line_of(name: &str, affiliation: &str) -> String {
    if affiliation.trim().is_empty() {
        name.to_owned()
    } else {
        format!("{name} {affiliation}")
    }
}

#[cfg(test)]
mod tests {
    use super::{like_pattern, line_of, natural_cmp};

    #[test]
    fn a_line_shows_the_affiliation_only_when_there_is_one() {
        assert_eq!(
            line_of("任均山", "青岛市李沧区任均山便民志愿服务岗队长"),
            "任均山 青岛市李沧区任均山便民志愿服务岗队长"
        );
        assert_eq!(line_of("南山社区", " "), "南山社区");
    }

    #[test]
    fn search_text_is_matched_literally() {
        assert_eq!(like_pattern(" 任均山 "), "%任均山%");
        assert_eq!(like_pattern("100%_"), "%100\\%\\_%");
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        out.sort_by(|a, b| natural_cmp(a, b));
        out
    }

    #[test]
    fn reviewers_numbered_in_chinese_sort_by_value() {
        assert_eq!(
            sorted(&[
                "专家一",
                "专家三",
                "专家二",
                "专家五",
                "专家四",
                "专家十",
                "专家十一"
            ]),
            [
                "专家一",
                "专家二",
                "专家三",
                "专家四",
                "专家五",
                "专家十",
                "专家十一"
            ]
        );
        assert_eq!(
            sorted(&["专家二十", "专家一百零五", "专家十二", "专家两千"]),
            ["专家十二", "专家二十", "专家一百零五", "专家两千"]
        );
    }

    #[test]
    fn digits_sort_by_value_whatever_their_width() {
        assert_eq!(
            sorted(&["评委10", "评委9", "评委１", "评委2"]),
            ["评委１", "评委2", "评委9", "评委10"]
        );
        assert_eq!(
            sorted(&["二〇二二届", "二〇一九届"]),
            ["二〇一九届", "二〇二二届"]
        );
    }

    #[test]
    fn names_without_numbers_keep_their_order_and_ties_fall_to_the_text() {
        assert_eq!(sorted(&["王芳", "李明", "张伟"]), ["张伟", "李明", "王芳"]);
        assert_eq!(sorted(&["专家1", "专家01"]), ["专家01", "专家1"]);
        assert_eq!(sorted(&["专家1", "专家"]), ["专家", "专家1"]);
    }
}
