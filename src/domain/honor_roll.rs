//! The honor roll (荣誉榜): every honoree of every campaign, searchable by name, unit, year and
//! category, with a stable page per honoree and per unit, and exports in CSV and XLSX.

/// An honoree on the roll, as the domain hands it out (public fields only).
pub use crate::entity::honoree::Model as Honoree;

use rocket::futures::stream as futures_stream;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::{
    domain::ids::{HonoreeId, UnitId},
    entity::{
        campaign, category, document, honoree, honoree_gram,
        nomination::{self},
        unit,
    },
    error::{AppError, AppResult},
    i18n::{self, Lang},
};

/// Rows per page of the honor roll.
pub const PAGE_SIZE: u64 = 50;

/// The most rows a page of the honor roll holds when the caller chooses (the API's `limit`).
pub const MAX_PAGE_SIZE: u64 = 200;

/// A search of the honor roll.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct HonorQuery {
    /// Part of the name.
    #[field(default = String::new())]
    pub q: String,
    /// Part of the nominating unit's name.
    #[field(default = String::new())]
    pub unit: String,
    /// The campaign year.
    #[field(default = String::new())]
    pub year: String,
    /// The category's name.
    #[field(default = String::new())]
    pub category: String,
    /// Continue after this row (`year.id`).
    #[field(default = String::new())]
    pub after: String,
}

/// A page of honorees and the cursor for the next one.
#[derive(Clone, Debug, Serialize)]
pub struct HonorPage {
    /// The rows, newest year first.
    pub rows: Vec<honoree::Model>,
    /// The `after` value of the next page, if there is one.
    pub next: Option<String>,
}

/// The honorees a query selects, without the cursor.
fn selected(query: &HonorQuery) -> sea_orm::Select<honoree::Entity> {
    use crate::domain::{names::contains_literally as like, values::search_term};
    let mut select = honoree::Entity::find();
    if let Some(q) = search_term(&query.q) {
        select = select.filter(like(honoree::Column::Name, &q));
    }
    if let Some(unit) = search_term(&query.unit) {
        select = select.filter(
            Condition::any()
                .add(like(honoree::Column::UnitName, &unit))
                .add(like(honoree::Column::Affiliation, &unit)),
        );
    }
    if let Ok(year) = query.year.trim().parse::<i32>() {
        select = select.filter(honoree::Column::Year.eq(year));
    }
    if let Some(category) = search_term(&query.category) {
        select = select.filter(honoree::Column::CategoryName.eq(category));
    }
    select
}

/// The rows of `honoree_grams` for an honoree's name: its bigrams and its characters.
#[must_use]
pub fn name_index_rows(id: Uuid, name: &str) -> Vec<honoree_gram::ActiveModel> {
    crate::domain::names::name_pieces(name)
        .into_iter()
        .map(|gram| honoree_gram::ActiveModel {
            gram: Set(gram),
            honoree_id: Set(id),
        })
        .collect()
}

/// How a page of the roll is read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Plan {
    /// Walk the `(year, id)` index newest first: nothing to match, or a character so many
    /// names hold that a page of matches comes soon.
    Walk,
    /// Read the rows the text matches wherever they are and sort them: few match.
    Sort,
    /// Only the honorees holding these pieces of the name index (every match holds them),
    /// sorted.
    Pieces(Vec<String>),
}

impl Plan {
    /// How to read the honorees `query` selects: those holding the name's rare pieces of the
    /// name index when there are any; else walk in order when only a common character is
    /// given; else read the matches and sort them (no more than the roll).
    async fn of(db: &impl ConnectionTrait, query: &HonorQuery) -> Result<Plan, sea_orm::DbErr> {
        use crate::domain::names;
        let name = crate::domain::values::search_term(&query.q);
        if let Some(name) = &name {
            let pieces = names::rare_pieces(db, names::HONOREES, name).await?;
            if !pieces.is_empty() {
                return Ok(Plan::Pieces(pieces));
            }
        }
        let common_character = name.as_deref().is_none_or(names::one_character);
        Ok(if search_term_given(&query.unit) || !common_character {
            Plan::Sort
        } else {
            Plan::Walk
        })
    }
}

/// The honorees of a query after a cursor, newest first (keyset: no OFFSET), read as `plan`
/// says.
fn ordered_after(
    query: &HonorQuery,
    after: Option<(i32, Uuid)>,
    plan: &Plan,
) -> sea_orm::Select<honoree::Entity> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let mut select = selected(query);
    if let Some((year, id)) = after {
        // A row-value comparison: both databases seek the (year, id) index to it.
        select = select.filter(
            Expr::tuple([
                Expr::col((honoree::Entity, honoree::Column::Year)),
                Expr::col((honoree::Entity, honoree::Column::Id)),
            ])
            .lt(Expr::tuple([Expr::val(year), Expr::val(id)])),
        );
    }
    if let Plan::Pieces(pieces) = plan {
        use crate::domain::names::{HONOREES, holders};
        select = select.filter(honoree::Column::Id.in_subquery(holders(HONOREES, pieces)));
    }
    if plan == &Plan::Walk {
        select
            .order_by_desc(honoree::Column::Year)
            .order_by_desc(honoree::Column::Id)
    } else {
        // Few rows match anywhere in the table: reading them and sorting beats walking the
        // (year, id) index with a row lookup per entry, so the unary plus keeps SQLite from
        // ordering by the index. Same order, same results.
        select
            .order_by(Expr::cust("+\"year\""), sea_orm::Order::Desc)
            .order_by_desc(honoree::Column::Id)
    }
}

fn search_term_given(text: &str) -> bool {
    crate::domain::values::search_term(text).is_some()
}

/// A page of an export as the database joins it: one value for a thousand rows, because moving
/// rows one by one out of SQLite's driver (a thread hop and a copy per value) costs many times
/// what writing them does.
struct ExportPage {
    /// The rows, separated by [`RECORD`]; a row's cells ([`EXPORT_COLUMNS`], then the row's
    /// id) by [`UNIT`].
    text: String,
    /// How many rows.
    rows: u64,
}

/// Between the cells of an exported row (U+001F). Text is stored through the validators,
/// which drop control characters, so no cell contains it.
const UNIT: char = '\u{1f}';
/// Between the rows of an export page (U+001E); likewise never in a cell.
const RECORD: char = '\u{1e}';

impl ExportPage {
    /// The rows' cells, with the id last.
    fn rows(&self) -> impl Iterator<Item = Result<[&str; 8], sea_orm::DbErr>> {
        self.text
            .split(RECORD)
            .filter(|_| self.rows > 0)
            .map(|line| {
                <[&str; 8]>::try_from(line.split(UNIT).collect::<Vec<_>>()).map_err(|_| {
                    sea_orm::DbErr::Custom("export: a separator inside a cell".to_owned())
                })
            })
    }

    /// The cursor after the page's last row (its year is the first cell, its id the last).
    fn last(&self) -> Option<(i32, Uuid)> {
        let line = self.text.rsplit(RECORD).next().filter(|_| self.rows > 0)?;
        let year = line.split(UNIT).next()?.parse().ok()?;
        let id = Uuid::try_parse(line.rsplit(UNIT).next()?).ok()?;
        Some((year, id))
    }
}

/// `limit` export rows after a cursor, joined by the database into one [`ExportPage`].
async fn export_page_after(
    db: &impl ConnectionTrait,
    query: &HonorQuery,
    after: Option<(i32, Uuid)>,
    plan: &Plan,
    limit: u64,
) -> Result<ExportPage, sea_orm::DbErr> {
    use sea_orm::{DbBackend, QueryTrait, Statement, sea_query::Expr};
    let backend = db.get_database_backend();
    let (chr, join, id) = match backend {
        DbBackend::Postgres => ("chr", "string_agg", "CAST(\"id\" AS TEXT)"),
        _ => ("char", "group_concat", "hex(\"id\")"),
    };
    // The cells in EXPORT_COLUMNS order (years and dates as ISO text on both databases), then
    // the row's id for the cursor.
    let line = [
        "CAST(\"year\" AS TEXT)",
        "\"campaign_title\"",
        "\"category_name\"",
        "\"name\"",
        "\"affiliation\"",
        "\"unit_name\"",
        "CAST(\"confirmed_on\" AS TEXT)",
        id,
    ]
    .join(&format!(" || {chr}(31) || "));
    let page = ordered_after(query, after, plan)
        .select_only()
        .columns([honoree::Column::Year, honoree::Column::Id])
        .expr_as(Expr::cust(line), "line")
        .limit(limit)
        .build(backend);
    let sql = format!(
        "SELECT {join}(line, {chr}(30) ORDER BY \"year\" DESC, \"id\" DESC), COUNT(*) FROM ({}) page",
        page.sql
    );
    let values = page.values.map(|v| v.0).unwrap_or_default();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| sea_orm::DbErr::Custom("export: no page".to_owned()))?;
    let text: Option<String> = row.try_get_by_index(0)?;
    let rows: i64 = row.try_get_by_index(1)?;
    Ok(ExportPage {
        text: text.unwrap_or_default(),
        rows: u64::try_from(rows).unwrap_or(0),
    })
}

fn cursor(after: &str) -> Option<(i32, Uuid)> {
    let (year, id) = after.split_once('.')?;
    Some((year.parse().ok()?, Uuid::try_parse(id).ok()?))
}

/// Searches the honor roll, newest first (by year, then by confirmation), a page at a time.
///
/// # Errors
/// When the database fails.
pub async fn search(db: &impl ConnectionTrait, query: &HonorQuery) -> AppResult<HonorPage> {
    search_page(db, query, PAGE_SIZE).await
}

/// [`search`] with `size` rows a page (1 to [`MAX_PAGE_SIZE`]).
///
/// # Errors
/// When the database fails.
pub async fn search_page(
    db: &impl ConnectionTrait,
    query: &HonorQuery,
    size: u64,
) -> AppResult<HonorPage> {
    let size = size.clamp(1, MAX_PAGE_SIZE);
    let plan = Plan::of(db, query).await?;
    let mut rows = ordered_after(query, cursor(&query.after), &plan)
        .limit(size + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > size {
        rows.truncate(usize::try_from(size).unwrap_or(50));
        rows.last().map(|r| format!("{}.{}", r.year, r.id))
    } else {
        None
    };
    Ok(HonorPage { rows, next })
}

/// Rows fetched per query while exporting.
pub const EXPORT_PAGE: u64 = 1000;

/// The export's column headings.
const EXPORT_COLUMNS: [&str; 7] = [
    "field-year",
    "export-campaign",
    "export-category",
    "export-name",
    "export-affiliation",
    "export-unit",
    "export-confirmed-on",
];

/// Reads a page of export rows on a task of its own, so it proceeds while the previous page is
/// written out; with the plan it read them by, decided for the first page (`plan` none) and
/// kept for the rest.
fn read_ahead(
    db: DatabaseConnection,
    query: HonorQuery,
    after: Option<(i32, Uuid)>,
    plan: Option<Plan>,
) -> rocket::tokio::task::JoinHandle<Result<(ExportPage, Plan), sea_orm::DbErr>> {
    rocket::tokio::spawn(async move {
        let plan = match plan {
            Some(plan) => plan,
            None => Plan::of(&db, &query).await?,
        };
        let page = export_page_after(&db, &query, after, &plan, EXPORT_PAGE).await?;
        Ok((page, plan))
    })
}

/// The export rows a query selects, a page at a time, newest first. The next page is read while
/// the caller writes out the current one (two pages in memory at most), and no connection is
/// held between pages, so a slow download does not keep one from the pool.
fn export_pages(
    db: DatabaseConnection,
    query: HonorQuery,
) -> impl futures_stream::Stream<Item = Result<ExportPage, sea_orm::DbErr>> + Send {
    let first = read_ahead(db.clone(), query.clone(), None, None);
    futures_stream::unfold(Some((db, query, first)), |state| async move {
        let (db, query, reading) = state?;
        let (page, plan) = match reading.await {
            Ok(Ok(read)) => read,
            Ok(Err(e)) => return Some((Err(e), None)),
            Err(e) => {
                return Some((
                    Err(sea_orm::DbErr::Custom(format!("export task: {e}"))),
                    None,
                ));
            }
        };
        let next = if page.rows < EXPORT_PAGE {
            None
        } else if let Some(last) = page.last() {
            let reading = read_ahead(db.clone(), query.clone(), Some(last), Some(plan));
            Some((db, query, reading))
        } else {
            let broken = sea_orm::DbErr::Custom("export: a page without a cursor".to_owned());
            return Some((Err(broken), None));
        };
        Some((Ok(page), next))
    })
}

/// The honor roll (as a query selects it) as CSV for Excel, streamed a page of rows at a time
/// so memory stays flat however many rows there are. A database error mid-way ends the stream
/// with that error.
pub fn export_csv(
    db: DatabaseConnection,
    query: HonorQuery,
    lang: Lang,
) -> impl futures_stream::Stream<Item = Result<String, sea_orm::DbErr>> + Send {
    use rocket::futures::StreamExt;
    let mut heading = String::from(crate::domain::exports::BOM);
    let labels: Vec<String> = EXPORT_COLUMNS.iter().map(|k| i18n::t(lang, k)).collect();
    crate::domain::exports::push_row(&mut heading, labels.iter().map(String::as_str));
    let mut heading = Some(heading);
    export_pages(db, query).map(move |page| {
        let page = page?;
        let mut chunk = heading.take().unwrap_or_default();
        for cells in page.rows() {
            let cells = cells?.map(crate::domain::exports::spreadsheet_safe);
            crate::domain::exports::push_row(&mut chunk, cells[..7].iter().map(String::as_str));
        }
        Ok(chunk)
    })
}

/// The honor roll (as a query selects it) as an XLSX file, written with rust_xlsxwriter's
/// constant-memory mode while the rows are read a page at a time. Returns the open file,
/// already unlinked from the temporary directory, ready to be streamed.
///
/// # Errors
/// [`AppError::Internal`] when the writer or the temporary file fails; the database's errors.
pub async fn export_xlsx(
    db: &DatabaseConnection,
    query: &HonorQuery,
    lang: Lang,
) -> AppResult<std::fs::File> {
    use rocket::futures::StreamExt;
    let headings: Vec<String> = EXPORT_COLUMNS.iter().map(|k| i18n::t(lang, k)).collect();
    let name = i18n::t(lang, "nav-honors");
    let (sender, mut receiver) = rocket::tokio::sync::mpsc::channel::<ExportPage>(2);
    let writer = rocket::tokio::task::spawn_blocking(move || -> AppResult<std::fs::File> {
        let internal = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(internal)?;
        sheet.set_name(&name).map_err(internal)?;
        for (col, heading) in headings.iter().enumerate() {
            sheet
                .write_string(0, u16::try_from(col).unwrap_or(0), heading)
                .map_err(internal)?;
        }
        let mut row = 0_u32;
        while let Some(page) = receiver.blocking_recv() {
            for cells in page.rows() {
                row += 1;
                let cells = cells.map_err(|e| AppError::Internal(e.to_string()))?;
                for (col, cell) in cells[..7].iter().enumerate() {
                    sheet
                        .write_string(row, u16::try_from(col).unwrap_or(0), *cell)
                        .map_err(internal)?;
                }
            }
        }
        let path = std::env::temp_dir().join(format!("laurel-export-{}.xlsx", Uuid::now_v7()));
        workbook.save(&path).map_err(internal)?;
        let file =
            std::fs::File::open(&path).map_err(|e| AppError::Internal(format!("export file: {e}")));
        // Unlinked at once: the open handle keeps the bytes until the download ends.
        let _ = std::fs::remove_file(&path);
        file
    });
    let mut pages = std::pin::pin!(export_pages(db.clone(), query.clone()));
    while let Some(page) = pages.next().await {
        if sender.send(page?).await.is_err() {
            break;
        }
    }
    drop(sender);
    writer
        .await
        .map_err(|e| AppError::Internal(format!("export task: {e}")))?
}

/// How many final lists are published: the honor roll changes only when this does.
///
/// # Errors
/// When the database fails.
pub async fn final_list_count(db: &impl ConnectionTrait) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(document::Entity::find()
        .filter(document::Column::Kind.eq(document::DocumentKind::FinalList))
        .filter(document::Column::Status.eq(document::DocumentStatus::Published))
        .count(db)
        .await?)
}

/// The years and category names on the honor roll, for the search form.
///
/// # Errors
/// When the database fails.
pub async fn facets(db: &impl ConnectionTrait) -> AppResult<(Vec<i32>, Vec<String>)> {
    let years: Vec<i32> = honoree::Entity::find()
        .select_only()
        .column(honoree::Column::Year)
        .distinct()
        .order_by_desc(honoree::Column::Year)
        .into_tuple()
        .all(db)
        .await?;
    let categories: Vec<String> = honoree::Entity::find()
        .select_only()
        .column(honoree::Column::CategoryName)
        .distinct()
        .order_by_asc(honoree::Column::CategoryName)
        .into_tuple()
        .all(db)
        .await?;
    Ok((years, categories))
}

/// An honoree's public page: the honor, the public summary of its deeds, and every honor of
/// the same person or organization.
#[derive(Clone, Debug, Serialize)]
pub struct HonoreePage {
    /// The honor.
    pub honoree: honoree::Model,
    /// The public summary of the deeds this honor recognises.
    pub deeds: Option<String>,
    /// Every honor of the same name and line, across campaigns.
    pub honors: Vec<honoree::Model>,
}

/// An honoree's public page.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn honoree_page(db: &impl ConnectionTrait, id: HonoreeId) -> AppResult<HonoreePage> {
    let honoree = honoree(db, id).await?;
    let honors = same_honoree(db, &honoree).await?;
    let deeds = public_deeds(db, &honoree).await?;
    Ok(HonoreePage {
        honoree,
        deeds,
        honors,
    })
}

/// One honoree.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn honoree(db: &impl ConnectionTrait, id: HonoreeId) -> AppResult<honoree::Model> {
    honoree::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The public summary of an honoree's deeds: the nomination's summary written for the public,
/// none when it was left empty. Only that column is read.
///
/// # Errors
/// When the database fails.
pub async fn public_deeds(
    db: &impl ConnectionTrait,
    of: &honoree::Model,
) -> AppResult<Option<String>> {
    let summary: Option<String> = nomination::Entity::find_by_id(of.nomination_id)
        .select_only()
        .column(nomination::Column::DeedsSummary)
        .into_tuple()
        .one(db)
        .await?;
    Ok(summary.filter(|s| !s.trim().is_empty()))
}

/// Every honor of a person or organization of the same name and line, across campaigns.
///
/// # Errors
/// When the database fails.
pub async fn same_honoree(
    db: &impl ConnectionTrait,
    of: &honoree::Model,
) -> AppResult<Vec<honoree::Model>> {
    Ok(honoree::Entity::find()
        .filter(honoree::Column::Name.eq(of.name.clone()))
        .filter(honoree::Column::UnitId.eq(of.unit_id))
        .order_by_desc(honoree::Column::Year)
        .all(db)
        .await?)
}

/// A unit's honors on one published final list, printed as the list prints them.
#[derive(Clone, Debug, Serialize)]
pub struct UnitList {
    /// The final list.
    pub document_id: Uuid,
    /// The campaign's year.
    pub year: i32,
    /// The campaign's title.
    pub campaign_title: String,
    /// The organ that issued the list.
    pub organizer: String,
    /// The day the list was confirmed.
    pub confirmed_on: Date,
    /// The unit's lines, by category in the list's order.
    pub sections: Vec<UnitSection>,
}

/// One category heading of a [`UnitList`] and the unit's lines under it.
#[derive(Clone, Debug, Serialize)]
pub struct UnitSection {
    /// The category's name.
    pub name: String,
    /// The unit's honorees in this category.
    pub lines: Vec<UnitLine>,
}

/// One honoree on a unit's page.
#[derive(Clone, Debug, Serialize)]
pub struct UnitLine {
    /// The honoree, for its page.
    pub id: Uuid,
    /// Its line as the list prints it ([`crate::domain::names::line_of`]).
    pub line: String,
}

/// A unit and every honor received by nominees of it and the units under it: one list per
/// final list, newest year first, each line under its category heading in the list's order,
/// so that a district's page reads like its part of the printed lists.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown unit.
pub async fn unit_honors(
    db: &impl ConnectionTrait,
    id: UnitId,
) -> AppResult<(unit::Model, Vec<UnitList>)> {
    let found = unit::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let subtree: Vec<Uuid> = unit::Entity::find()
        .filter(unit::Column::Path.starts_with(found.path.clone()))
        .select_only()
        .column(unit::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut rows = honoree::Entity::find()
        .filter(honoree::Column::UnitId.is_in(subtree))
        .order_by_desc(honoree::Column::Year)
        .order_by_desc(honoree::Column::ConfirmedOn)
        .all(db)
        .await?;
    // The list's order: its categories in the campaign's order, then each entry's position.
    let positions: Vec<(Uuid, i32)> = category::Entity::find()
        .filter(category::Column::Id.is_in(rows.iter().map(|h| h.category_id)))
        .select_only()
        .columns([category::Column::Id, category::Column::Position])
        .into_tuple()
        .all(db)
        .await?;
    let position_of = |category: Uuid| positions.iter().find(|p| p.0 == category).map(|p| p.1);
    rows.sort_by_key(|h| {
        (
            std::cmp::Reverse(h.year),
            std::cmp::Reverse(h.confirmed_on),
            h.document_id,
            position_of(h.category_id),
            h.position,
        )
    });
    let mut lists: Vec<UnitList> = Vec::new();
    for h in rows {
        let line = UnitLine {
            id: h.id,
            line: crate::domain::names::line_of(&h.name, &h.affiliation),
        };
        if lists.last().is_none_or(|l| l.document_id != h.document_id) {
            lists.push(UnitList {
                document_id: h.document_id,
                year: h.year,
                campaign_title: h.campaign_title.clone(),
                organizer: h.organizer.clone(),
                confirmed_on: h.confirmed_on,
                sections: Vec::new(),
            });
        }
        let Some(list) = lists.last_mut() else {
            continue;
        };
        match list.sections.last_mut() {
            Some(section) if section.name == h.category_name => section.lines.push(line),
            _ => list.sections.push(UnitSection {
                name: h.category_name,
                lines: vec![line],
            }),
        }
    }
    Ok((found, lists))
}

/// The campaign of a final list, for pages that link back to it.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn campaign_of(db: &impl ConnectionTrait, id: Uuid) -> AppResult<campaign::Model> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
