//! A campaign's roster (推荐汇总表): every nomination the reader may see, with all its fields,
//! as CSV (one table, a category column) or XLSX (a sheet per category, its columns those of
//! the category's nominee kind, column widths set and the heading row frozen). The office gets
//! everything, the full ID numbers included; a unit gets its own subtree, with the ID numbers
//! masked as its pages show them. The list's filters apply. Both are streamed a page of rows
//! at a time, and every export is an audit event.

use std::{collections::HashMap, sync::Arc};

use rocket::futures::stream as futures_stream;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::list::{Selection, selection};
use super::{NominationFilter, masked_blob};
use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        campaigns,
        exports::{BOM, Cell, push_row},
        units,
    },
    entity::{campaign, category, category::NomineeKind, nomination, user::Role},
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
    pii::PiiKeys,
};

/// Rows read at a time, unless [`Roster::paged`] says otherwise.
const PAGE: u64 = 1000;

/// One column of the roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Serial,
    Category,
    Name,
    Gender,
    BirthDate,
    IdNumber,
    Phone,
    Affiliation,
    Hours,
    ActiveSince,
    Registered,
    FoundedOn,
    Members,
    Contact,
    Unit,
    Status,
    Summary,
    SubmittedAt,
}

impl Col {
    /// The catalogue key of its heading.
    fn key(self) -> &'static str {
        match self {
            Col::Serial => "export-no",
            Col::Category => "export-category",
            Col::Name => "export-name",
            Col::Gender => "field-gender",
            Col::BirthDate => "field-birth-date",
            Col::IdNumber => "field-id-number",
            Col::Phone => "field-phone",
            Col::Affiliation => "export-affiliation",
            Col::Hours => "field-volunteer-hours",
            Col::ActiveSince => "field-active-since",
            Col::Registered => "field-registered",
            Col::FoundedOn => "field-founded-on",
            Col::Members => "field-member-count",
            Col::Contact => "field-contact-name",
            Col::Unit => "export-unit",
            Col::Status => "col-status",
            Col::Summary => "field-deeds-summary",
            Col::SubmittedAt => "nominations-submitted-at",
        }
    }

    /// Its width in an XLSX sheet, in characters.
    fn width(self) -> f64 {
        match self {
            Col::Serial | Col::Gender | Col::Hours | Col::Members | Col::Registered => 8.0,
            Col::Name | Col::Contact | Col::Status | Col::Category => 14.0,
            Col::BirthDate | Col::ActiveSince | Col::FoundedOn | Col::Phone => 13.0,
            Col::IdNumber | Col::SubmittedAt => 20.0,
            Col::Affiliation | Col::Unit => 30.0,
            Col::Summary => 60.0,
        }
    }
}

/// The columns of a sheet of persons.
const PERSON: [Col; 14] = [
    Col::Serial,
    Col::Name,
    Col::Gender,
    Col::BirthDate,
    Col::IdNumber,
    Col::Phone,
    Col::Affiliation,
    Col::Hours,
    Col::ActiveSince,
    Col::Registered,
    Col::Unit,
    Col::Status,
    Col::Summary,
    Col::SubmittedAt,
];

/// The columns of a sheet of organizations, projects or communities.
const GROUP: [Col; 10] = [
    Col::Serial,
    Col::Name,
    Col::FoundedOn,
    Col::Members,
    Col::Contact,
    Col::Phone,
    Col::Unit,
    Col::Status,
    Col::Summary,
    Col::SubmittedAt,
];

/// The columns of the CSV, which holds every category.
const ALL: [Col; 18] = [
    Col::Serial,
    Col::Category,
    Col::Name,
    Col::Gender,
    Col::BirthDate,
    Col::IdNumber,
    Col::Phone,
    Col::Affiliation,
    Col::Hours,
    Col::ActiveSince,
    Col::Registered,
    Col::FoundedOn,
    Col::Members,
    Col::Contact,
    Col::Unit,
    Col::Status,
    Col::Summary,
    Col::SubmittedAt,
];

fn columns_of(kind: NomineeKind) -> &'static [Col] {
    if kind == NomineeKind::Person {
        &PERSON
    } else {
        &GROUP
    }
}

/// What an export of the roster reads: the campaign, its categories chosen, the reader's
/// selection, the units' names, and whether ID numbers are shown in full.
pub struct Roster {
    db: DatabaseConnection,
    pii: PiiKeys,
    lang: Lang,
    campaign: campaign::Model,
    categories: Vec<category::Model>,
    selection: Selection,
    units: Arc<HashMap<Uuid, String>>,
    labels: Labels,
    full_ids: bool,
    page: u64,
}

/// The roster of the filter's campaign for `actor`: the office's (every unit, full ID
/// numbers) or a unit's (its subtree, ID numbers masked). Recorded in the audit log with the
/// filter, before anything is read.
///
/// # Errors
/// [`AppError::Forbidden`] for reviewers and agencies; [`AppError::Invalid`] without a
/// campaign; [`AppError::NotFound`] for a campaign the reader cannot see or a category not of
/// it.
pub async fn roster(
    app: &App,
    actor: &Actor,
    filter: &NominationFilter,
    lang: Lang,
) -> AppResult<Roster> {
    if !matches!(actor.role, Role::Admin | Role::Recommender) {
        return Err(AppError::Forbidden);
    }
    let Some(campaign_id) = filter.campaign else {
        let mut errors = FieldErrors::default();
        errors.add("campaign", "error-required");
        return Err(AppError::Invalid(errors));
    };
    let (campaign, _) = campaigns::get_any(&app.db, campaign_id).await?;
    if !actor.is_admin() && !campaign.stage.is_public() {
        return Err(AppError::NotFound);
    }
    let mut categories = campaigns::categories_of(&app.db, campaign_id).await?;
    if let Some(chosen) = filter.category {
        categories.retain(|c| c.id == chosen.0);
        if categories.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    let selection = selection(&app.db, actor, filter).await?;
    let units = units::list_all(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let full_ids = actor.is_admin();
    let txn = db::begin_write(&app.db).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("nomination.roster_export", "campaign", campaign.id).after(json!({
            "category": filter.category.map(|c| c.0),
            "unit": filter.unit.map(|u| u.0),
            "status": filter.status,
            "q": filter.q,
            "full_id_numbers": full_ids,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(Roster {
        db: app.db.clone(),
        pii: app.pii.clone(),
        lang,
        campaign,
        categories,
        selection,
        units: Arc::new(units),
        labels: Labels::new(lang),
        full_ids,
        page: PAGE,
    })
}

/// The ids of a category's rows the selection holds, in order: one read of the index, so
/// that each page after it is a lookup by primary key (a keyset on the id would sort the
/// category's rows again for every page).
async fn ids_of(
    db: &DatabaseConnection,
    selection: &Selection,
    category_id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    let mut query = nomination::Entity::find()
        .select_only()
        .column(nomination::Column::Id);
    if selection.join_units {
        query = query.join(sea_orm::JoinType::InnerJoin, super::nomination_unit());
    }
    query
        .filter(selection.cond.clone())
        .filter(nomination::Column::CategoryId.eq(category_id))
        .order_by_asc(nomination::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// What the roster reads of a nomination: its fields, without the full deeds or the
/// bookkeeping.
#[derive(sea_orm::FromQueryResult)]
struct Row {
    unit_id: Uuid,
    status: nomination::NominationStatus,
    nominee_name: String,
    affiliation: String,
    gender: Option<String>,
    birth_date: Option<time::Date>,
    phone: Option<String>,
    id_number_enc: Option<Vec<u8>>,
    volunteer_hours: Option<i32>,
    active_since: Option<time::Date>,
    registered: Option<bool>,
    founded_on: Option<time::Date>,
    member_count: Option<i32>,
    contact_name: Option<String>,
    deeds_summary: String,
    submitted_at: Option<time::OffsetDateTime>,
}

/// The rows of `ids`, in their order.
async fn rows_of(db: &DatabaseConnection, ids: &[Uuid]) -> Result<Vec<Row>, DbErr> {
    use nomination::Column as C;
    nomination::Entity::find()
        .select_only()
        .columns([
            C::UnitId,
            C::Status,
            C::NomineeName,
            C::Affiliation,
            C::Gender,
            C::BirthDate,
            C::Phone,
            C::IdNumberEnc,
            C::VolunteerHours,
            C::ActiveSince,
            C::Registered,
            C::FoundedOn,
            C::MemberCount,
            C::ContactName,
            C::DeedsSummary,
            C::SubmittedAt,
        ])
        .filter(C::Id.is_in(ids.iter().copied()))
        .order_by_asc(C::Id)
        .into_model::<Row>()
        .all(db)
        .await
}

/// The words the roster repeats on every row, looked up once.
struct Labels {
    statuses: HashMap<nomination::NominationStatus, String>,
    male: String,
    female: String,
    yes: String,
    no: String,
}

impl Labels {
    fn new(lang: Lang) -> Self {
        use sea_orm::Iterable;
        Self {
            statuses: nomination::NominationStatus::iter()
                .map(|s| {
                    let key = format!("nomination-status-{}", crate::domain::name_of(&s));
                    (s, i18n::t(lang, &key))
                })
                .collect(),
            male: i18n::t(lang, "gender-male"),
            female: i18n::t(lang, "gender-female"),
            yes: i18n::t(lang, "answer-yes"),
            no: i18n::t(lang, "answer-no"),
        }
    }
}

impl Roster {
    /// The same roster, read `rows` at a time (1000 by default; at least one).
    #[must_use]
    pub fn paged(mut self, rows: u64) -> Self {
        self.page = rows.max(1);
        self
    }

    /// How many rows a page holds.
    fn page_len(&self) -> usize {
        usize::try_from(self.page).unwrap_or(usize::MAX)
    }

    /// The file's name: the campaign's title and the roster's.
    #[must_use]
    pub fn filename(&self, extension: &str) -> String {
        let gap = if self.lang == Lang::En { " " } else { "" };
        format!(
            "{}{gap}{}.{extension}",
            self.campaign.title,
            i18n::t(self.lang, "roster-title")
        )
    }

    fn cell(&self, col: Col, serial: u64, category: &str, n: &Row) -> Cell {
        let text = |value: Option<String>| Cell::Text(value.unwrap_or_default());
        let day = |d: Option<time::Date>| text(d.map(|d| d.to_string()));
        let int = |v: Option<i32>| {
            v.map_or_else(|| Cell::Text(String::new()), |v| Cell::Integer(v.into()))
        };
        match col {
            Col::Serial => Cell::Integer(i64::try_from(serial).unwrap_or(i64::MAX)),
            Col::Category => Cell::Text(category.to_owned()),
            Col::Name => Cell::Text(n.nominee_name.clone()),
            Col::Gender => text(n.gender.as_deref().map(|g| {
                if g == "male" {
                    self.labels.male.clone()
                } else {
                    self.labels.female.clone()
                }
            })),
            Col::BirthDate => day(n.birth_date),
            Col::IdNumber => text(if self.full_ids {
                n.id_number_enc
                    .as_deref()
                    .and_then(|blob| self.pii.decrypt(blob).ok())
            } else {
                n.id_number_enc
                    .as_deref()
                    .and_then(|blob| masked_blob(&self.pii, blob))
            }),
            Col::Phone => text(n.phone.clone()),
            Col::Affiliation => Cell::Text(n.affiliation.clone()),
            Col::Hours => int(n.volunteer_hours),
            Col::ActiveSince => day(n.active_since),
            Col::Registered => text(n.registered.map(|r| {
                if r {
                    self.labels.yes.clone()
                } else {
                    self.labels.no.clone()
                }
            })),
            Col::FoundedOn => day(n.founded_on),
            Col::Members => int(n.member_count),
            Col::Contact => text(n.contact_name.clone()),
            Col::Unit => text(self.units.get(&n.unit_id).cloned()),
            Col::Status => text(self.labels.statuses.get(&n.status).cloned()),
            Col::Summary => Cell::Text(n.deeds_summary.clone()),
            Col::SubmittedAt => text(n.submitted_at.map(crate::domain::local_time)),
        }
    }

    /// The roster as CSV for Excel, streamed a page at a time. A database error mid-way ends
    /// the stream with that error.
    pub fn csv(self) -> impl futures_stream::Stream<Item = Result<String, DbErr>> + Send {
        let mut heading = String::from(BOM);
        let labels: Vec<String> = ALL.iter().map(|c| i18n::t(self.lang, c.key())).collect();
        push_row(&mut heading, labels.iter().map(String::as_str));
        let this = Arc::new(self);
        // State: the heading still to send, the category reached, its ids and how many of
        // them are written, the serial.
        let start = (Some(heading), 0_usize, None::<Vec<Uuid>>, 0_usize, 0_u64);
        futures_stream::unfold(Some(start), move |state| {
            let this = this.clone();
            async move {
                let (heading, mut at, mut ids, mut done, mut serial) = state?;
                let mut chunk = heading.unwrap_or_default();
                loop {
                    let Some(category) = this.categories.get(at) else {
                        return (!chunk.is_empty()).then_some((Ok(chunk), None));
                    };
                    let all = match ids.take() {
                        Some(all) => all,
                        None => match ids_of(&this.db, &this.selection, category.id).await {
                            Ok(all) => all,
                            Err(e) => return Some((Err(e), None)),
                        },
                    };
                    let end = all.len().min(done + this.page_len());
                    if done == end {
                        (at, done) = (at + 1, 0);
                        continue;
                    }
                    let rows = match rows_of(&this.db, &all[done..end]).await {
                        Ok(rows) => rows,
                        Err(e) => return Some((Err(e), None)),
                    };
                    done = end;
                    for n in &rows {
                        serial += 1;
                        let cells: Vec<String> = ALL
                            .iter()
                            .map(|col| this.cell(*col, serial, &category.name, n).csv_text())
                            .collect();
                        push_row(&mut chunk, cells.iter().map(String::as_str));
                    }
                    return Some((Ok(chunk), Some((None, at, Some(all), done, serial))));
                }
            }
        })
    }

    /// The roster as an XLSX workbook, a sheet per category, written in rust_xlsxwriter's
    /// constant-memory mode while the rows are read a page at a time. Returns the open file,
    /// already unlinked from the temporary directory, ready to be streamed.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the writer or the temporary file fails; the database's
    /// errors.
    pub async fn xlsx(self) -> AppResult<std::fs::File> {
        /// What the writer receives: a new sheet (its name and columns), or rows for it.
        enum Part {
            Sheet(String, Vec<(String, f64)>),
            Rows(Vec<Vec<Cell>>),
        }
        let (sender, mut receiver) = rocket::tokio::sync::mpsc::channel::<Part>(2);
        let writer = rocket::tokio::task::spawn_blocking(move || -> AppResult<std::fs::File> {
            let internal = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let mut row = 0_u32;
            let mut sheets = 0_usize;
            while let Some(part) = receiver.blocking_recv() {
                match part {
                    Part::Sheet(name, columns) => {
                        let sheet = workbook
                            .add_worksheet_with_constant_memory()
                            .map_err(internal)?;
                        sheets += 1;
                        sheet.set_name(&name).map_err(internal)?;
                        sheet.set_freeze_panes(1, 0).map_err(internal)?;
                        for (col, (heading, width)) in columns.iter().enumerate() {
                            let col = u16::try_from(col).unwrap_or(u16::MAX);
                            sheet.set_column_width(col, *width).map_err(internal)?;
                            sheet.write_string(0, col, heading).map_err(internal)?;
                        }
                        row = 0;
                    }
                    Part::Rows(rows) => {
                        let sheet = workbook
                            .worksheet_from_index(sheets.saturating_sub(1))
                            .map_err(internal)?;
                        for cells in rows {
                            row += 1;
                            for (col, cell) in cells.iter().enumerate() {
                                let col = u16::try_from(col).unwrap_or(u16::MAX);
                                match cell {
                                    Cell::Text(t) => sheet.write_string(row, col, t),
                                    Cell::Number(n) => sheet.write_number(row, col, *n),
                                    #[allow(clippy::cast_precision_loss)]
                                    Cell::Integer(n) => sheet.write_number(row, col, *n as f64),
                                }
                                .map_err(internal)?;
                            }
                        }
                    }
                }
            }
            let path = std::env::temp_dir().join(format!("laurel-roster-{}.xlsx", Uuid::now_v7()));
            workbook.save(&path).map_err(internal)?;
            let file = std::fs::File::open(&path)
                .map_err(|e| AppError::Internal(format!("export file: {e}")));
            // Unlinked at once: the open handle keeps the bytes until the download ends.
            let _ = std::fs::remove_file(&path);
            file
        });
        let mut names = std::collections::HashSet::new();
        'categories: for category in &self.categories {
            let columns = columns_of(category.nominee_kind);
            let headings = columns
                .iter()
                .map(|c| (i18n::t(self.lang, c.key()), c.width()))
                .collect();
            let name = sheet_name(&category.name, &mut names);
            if sender.send(Part::Sheet(name, headings)).await.is_err() {
                break;
            }
            let ids = ids_of(&self.db, &self.selection, category.id).await?;
            let mut serial = 0_u64;
            for page in ids.chunks(self.page_len()) {
                let rows = rows_of(&self.db, page).await?;
                let cells = rows
                    .iter()
                    .map(|n| {
                        serial += 1;
                        columns
                            .iter()
                            .map(|col| self.cell(*col, serial, &category.name, n))
                            .collect()
                    })
                    .collect();
                if sender.send(Part::Rows(cells)).await.is_err() {
                    break 'categories;
                }
            }
        }
        drop(sender);
        writer
            .await
            .map_err(|e| AppError::Internal(format!("export task: {e}")))?
    }
}

/// A sheet's name from a category's: at most 31 characters, without the punctuation XLSX
/// refuses, and distinct within the workbook.
fn sheet_name(category: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let base: String = category
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(28)
        .collect();
    let base = if base.trim().is_empty() {
        "Sheet".to_owned()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.to_lowercase()) {
        n += 1;
        name = format!("{base}({n})");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_allowed_and_distinct() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(sheet_name("最美志愿者", &mut taken), "最美志愿者");
        assert_eq!(sheet_name("最美志愿者", &mut taken), "最美志愿者(2)");
        assert_eq!(sheet_name("a/b:c?", &mut taken), "abc");
        let long = "很".repeat(40);
        assert!(sheet_name(&long, &mut taken).chars().count() <= 31);
        assert_eq!(sheet_name("[]", &mut taken), "Sheet");
    }

    #[test]
    fn every_sheet_starts_with_the_serial_and_the_name() {
        for columns in [&PERSON[..], &GROUP[..], &ALL[..]] {
            assert_eq!(columns[0], Col::Serial);
            assert!(columns.contains(&Col::Name) && columns.contains(&Col::Unit));
        }
        assert!(
            ALL.iter()
                .all(|c| PERSON.contains(c) || GROUP.contains(c) || *c == Col::Category)
        );
    }
}
