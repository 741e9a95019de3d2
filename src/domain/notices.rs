//! The public notice (公示) and its objections (异议).
//!
//! The office composes a notice from the shortlist; publishing it freezes its canonical JSON
//! (public fields only) and that JSON's SHA-256 digest. A correction is a new notice that
//! replaces the old one; the old one stays readable. Within the notice window, counted in
//! working days on the office's calendar, anyone may file an objection in their real name; the
//! office investigates and records an outcome. Dates are the office's local dates, passed in as
//! `today` so the demo can replay a past campaign.

use std::collections::BTreeSet;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::{Date, Duration};
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change, Who},
        calendar::Calendar,
        ids::{CampaignId, DocumentId, ObjectionId},
        nominations::sniff_content_type,
        now,
        stages::{self, Lifecycle},
        values::{Phone, optional_text, parse_bounded_int, parse_date, required_text},
        workflow::{self, Action, Transition},
    },
    entity::{
        calendar_day, campaign,
        campaign_stage::StageKind,
        category,
        document::{self, DocumentKind, DocumentStatus},
        document_page,
        nomination::{self, NominationStatus},
        objection::{self, ObjectionStatus},
        shortlist_entry,
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
};

/// The format tag inside every canonical document.
pub const FORMAT: &str = "laurel-document/1";
/// Catalogue keys this area's code uses (the catalogue test checks both languages have them).
pub const MESSAGE_KEYS: &[&str] = &[
    "error-calendar-line",
    "error-calendar-both",
    "error-window-end",
    "error-shortlist-empty",
    "error-final-exists",
    "error-final-no-notice",
    "error-final-window-open",
    "error-final-open-objections",
    "error-objection-window",
    "error-objection-nominee",
    "error-objection-decided",
    "error-objection-too-short",
    "flash-notice-published",
    "flash-final-list-confirmed",
    "flash-objection-decided",
    "notice-default-title",
    "notice-default-body",
    "notice-withdrawn-note",
    "final-default-title",
    "final-default-body",
    "feed-title",
    "feed-kind-notice",
    "feed-kind-final-list",
    "export-no",
    "export-category",
    "export-name",
    "export-affiliation",
    "export-unit",
    "export-campaign",
    "export-confirmed-on",
    "home-notice-open",
    "home-notice-upcoming",
    "home-notice-closed",
    "home-notice-coming",
    "home-recommending",
    "home-recommendation-closed",
    "home-list-published",
    "home-in-stage",
];
/// The fewest characters an objection's text may have.
pub const OBJECTION_MIN_CHARS: usize = 10;

/// Working days within which the office answers an objection, as the receipt says.
pub const ANSWER_WORKING_DAYS: u32 = 5;

/// Working days of a notice unless the office says otherwise.
pub const DEFAULT_WORKING_DAYS: u32 = 5;

// ----------------------------------------------------------------------------------------------
// Canonical JSON

/// The canonical text of a JSON value: object keys sorted by their UTF-8 bytes, no whitespace,
/// strings as serde_json escapes them. The digest is taken over exactly these bytes.
#[must_use]
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// One line of a published list: public fields only.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// The nomination (notice) or honoree (final list) it stands for.
    pub id: Uuid,
    /// Name of the person, organization, project or community.
    pub name: String,
    /// The affiliation or role line; empty when the name says it all.
    pub affiliation: String,
    /// The public deeds summary (notices only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deeds_summary: Option<String>,
}

/// A category heading and its lines.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Section {
    /// The category's name.
    pub name: String,
    /// Its lines, in order.
    pub entries: Vec<Entry>,
}

/// The notice window as published.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PublishedWindow {
    /// First day, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: String,
    /// Working days.
    pub working_days: u32,
}

/// The campaign a document belongs to.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CampaignRef {
    /// Its id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Its year.
    pub year: i32,
}

/// A published document's content: what the digest covers and the page shows.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Content {
    /// [`FORMAT`].
    pub format: String,
    /// `notice` or `final_list`.
    pub kind: String,
    /// The document's id.
    pub document: Uuid,
    /// 1, then one more per correction.
    pub number: i32,
    /// The document this one corrects.
    pub replaces: Option<Uuid>,
    /// What the correction changed.
    pub change_note: String,
    /// The campaign.
    pub campaign: CampaignRef,
    /// The issuing organ (发文机关).
    pub issuing_organ: String,
    /// The document number (文号).
    pub doc_number: String,
    /// The date of issue, `YYYY-MM-DD`.
    pub issued_on: String,
    /// The title.
    pub title: String,
    /// The body text.
    pub body: String,
    /// The notice window (notices only).
    pub window: Option<PublishedWindow>,
    /// The list, by category.
    pub categories: Vec<Section>,
}

impl Content {
    /// The canonical JSON and its SHA-256 digest (hex).
    ///
    /// # Errors
    /// Never in practice: the content is plain data.
    pub fn canonical(&self) -> AppResult<(String, String)> {
        let value = serde_json::to_value(self)
            .map_err(|e| AppError::Internal(format!("document content: {e}")))?;
        let text = canonical_json(&value);
        let digest = crate::pii::sha256_hex(text.as_bytes());
        Ok((text, digest))
    }

    /// Parses a stored document's content.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the stored text is not a document.
    pub fn parse(text: &str) -> AppResult<Self> {
        serde_json::from_str(text).map_err(|e| AppError::Internal(format!("document content: {e}")))
    }
}

/// The line a list shows for one entry: the name, a space, then the affiliation or role when
/// there is one, as the printed lists have it (DESIGN.md:
/// `任均山 青岛市李沧区任均山便民志愿服务岗队长`). The pages write the same line.
#[must_use]
pub fn line_of(name: &str, affiliation: &str) -> String {
    if affiliation.trim().is_empty() {
        name.to_owned()
    } else {
        format!("{name} {affiliation}")
    }
}

// ----------------------------------------------------------------------------------------------
// The working-day calendar

/// The office's working-day calendar, from its holidays and make-up days.
///
/// # Errors
/// When the database fails.
pub async fn calendar(db: &impl ConnectionTrait) -> AppResult<Calendar> {
    let days = calendar_day::Entity::find().all(db).await?;
    Ok(Calendar::new(
        days.iter().filter(|d| d.kind == "holiday").map(|d| d.day),
        days.iter().filter(|d| d.kind == "workday").map(|d| d.day),
    ))
}

/// The calendar as the office edits it: one day per line, `YYYY-MM-DD` and an optional note.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct CalendarInput {
    /// Public holidays falling on weekdays (and any other day off).
    #[field(default = String::new())]
    pub holidays: String,
    /// Weekend days worked (调休).
    #[field(default = String::new())]
    pub workdays: String,
}

fn format_days(days: &[calendar_day::Model], kind: &str) -> String {
    days.iter()
        .filter(|d| d.kind == kind)
        .map(|d| {
            if d.note.is_empty() {
                d.day.to_string()
            } else {
                format!("{} {}", d.day, d.note)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The calendar's days as the form shows them.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn calendar_input(db: &DatabaseConnection, actor: &Actor) -> AppResult<CalendarInput> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let days = calendar_day::Entity::find()
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?;
    Ok(CalendarInput {
        holidays: format_days(&days, "holiday"),
        workdays: format_days(&days, "workday"),
    })
}

/// Parses one field of the calendar form: a day per line, then an optional note.
fn parse_days(text: &str) -> Result<Vec<(Date, String)>, ()> {
    let mut days = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (day, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let day = parse_date(day).map_err(|_| ())?;
        let note: String = note.trim().chars().take(64).collect();
        days.push((day, note));
    }
    Ok(days)
}

/// The office replaces the calendar's holidays and make-up days.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::Invalid`] on `holidays` or `workdays` for a line that
/// is not a date, or a day listed as both.
pub async fn save_calendar(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &CalendarInput,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let holidays = parse_days(&input.holidays).unwrap_or_else(|()| {
        errors.add("holidays", "error-calendar-line");
        Vec::new()
    });
    let workdays = parse_days(&input.workdays).unwrap_or_else(|()| {
        errors.add("workdays", "error-calendar-line");
        Vec::new()
    });
    let off: BTreeSet<Date> = holidays.iter().map(|(d, _)| *d).collect();
    if workdays.iter().any(|(d, _)| off.contains(d)) {
        errors.add("workdays", "error-calendar-both");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let before = calendar_day::Entity::find().all(&txn).await?.len();
    calendar_day::Entity::delete_many().exec(&txn).await?;
    let mut seen = BTreeSet::new();
    for (kind, list) in [("holiday", holidays.clone()), ("workday", workdays.clone())] {
        for &(day, ref note) in list.iter() {
            if !seen.insert(day) {
                continue;
            }
            calendar_day::ActiveModel {
                day: Set(day),
                kind: Set(kind.to_owned()),
                note: Set(note.clone()),
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("calendar.update", "calendar", "working-days")
            .before(json!({ "days": before }))
            .after(json!({ "holidays": holidays.len(), "workdays": workdays.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ----------------------------------------------------------------------------------------------
// Composing and publishing a notice

/// The notice form (and a final list's).
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm)]
#[serde(default)]
pub struct DocumentInput {
    #[field(default = String::new())]
    pub issuing_organ: String,
    #[field(default = String::new())]
    pub doc_number: String,
    #[field(default = String::new())]
    pub issued_on: String,
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub body: String,
    #[field(default = String::new())]
    pub window_starts_on: String,
    #[field(default = String::new())]
    pub working_days: String,
    /// What a correction changes (required for a correction).
    #[field(default = String::new())]
    pub change_note: String,
    /// The draft's version when the form was shown (0 for a new draft).
    #[field(default = 0)]
    pub version: i32,
}

/// The planned first day of a stage, as a form shows it (empty when none is planned).
fn planned(life: &Lifecycle, kind: StageKind) -> String {
    life.stage(kind)
        .and_then(|s| s.opens_on)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// Placeholders a notice body may use; publication fills them in.
pub const PLACEHOLDERS: [&str; 3] = ["[start]", "[end]", "[days]"];

fn fill_placeholders(body: &str, window: &PublishedWindow) -> String {
    body.replace("[start]", &window.starts_on)
        .replace("[end]", &window.ends_on)
        .replace("[days]", &window.working_days.to_string())
}

impl DocumentInput {
    /// A new notice for a campaign, in the office's language: the campaign's organizer and
    /// notice date, five working days, and the standard body.
    #[must_use]
    pub fn blank_notice(campaign: &campaign::Model, life: &Lifecycle, lang: Lang) -> Self {
        let starts_on = planned(life, StageKind::Notice);
        Self {
            issuing_organ: campaign.organizer.clone(),
            doc_number: String::new(),
            issued_on: starts_on.clone(),
            title: i18n::translate(
                lang,
                "notice-default-title",
                &[("campaign", campaign.title.clone())],
            ),
            body: i18n::translate(
                lang,
                "notice-default-body",
                &[
                    ("campaign", campaign.title.clone()),
                    ("organizer", campaign.organizer.clone()),
                ],
            ),
            window_starts_on: starts_on,
            working_days: DEFAULT_WORKING_DAYS.to_string(),
            change_note: String::new(),
            version: 0,
        }
    }

    /// The final list's form: the notice's organ and the campaign's announcement date.
    #[must_use]
    pub fn blank_final_list(
        campaign: &campaign::Model,
        life: &Lifecycle,
        notice: &document::Model,
        lang: Lang,
    ) -> Self {
        Self {
            issuing_organ: notice.issuing_organ.clone(),
            doc_number: String::new(),
            issued_on: planned(life, StageKind::FinalList),
            title: i18n::translate(
                lang,
                "final-default-title",
                &[("campaign", campaign.title.clone())],
            ),
            body: i18n::translate(
                lang,
                "final-default-body",
                &[("campaign", campaign.title.clone())],
            ),
            ..Self::default()
        }
    }

    /// The form showing a saved draft.
    #[must_use]
    pub fn from_model(doc: &document::Model) -> Self {
        Self {
            issuing_organ: doc.issuing_organ.clone(),
            doc_number: doc.doc_number.clone(),
            issued_on: doc.issued_on.to_string(),
            title: doc.title.clone(),
            body: doc.body.clone(),
            window_starts_on: doc
                .window_starts_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            working_days: doc.working_days.map(|d| d.to_string()).unwrap_or_default(),
            change_note: doc.change_note.clone(),
            version: doc.version,
        }
    }
}

/// A validated document form.
struct Checked {
    issuing_organ: String,
    doc_number: String,
    issued_on: Date,
    title: String,
    body: String,
    window: Option<(Date, u32)>,
    change_note: String,
}

fn check(input: &DocumentInput, with_window: bool, correction: bool) -> AppResult<Checked> {
    let mut errors = FieldErrors::default();
    let issuing_organ = errors.check("issuing_organ", required_text(&input.issuing_organ, 120));
    let doc_number = errors.check("doc_number", optional_text(&input.doc_number, 64));
    let issued_on = errors.check("issued_on", parse_date(&input.issued_on));
    let title = errors.check("title", required_text(&input.title, 200));
    let body = errors.check("body", required_text(&input.body, 5000));
    let window = if with_window {
        let start = errors.check("window_starts_on", parse_date(&input.window_starts_on));
        let days = errors.check(
            "working_days",
            parse_bounded_int(&input.working_days, 1, 30),
        );
        match (start, days) {
            (Some(start), Some(days)) => Some((start, u32::try_from(days).unwrap_or(1))),
            _ => None,
        }
    } else {
        None
    };
    let change_note = if correction {
        errors.check("change_note", required_text(&input.change_note, 500))
    } else {
        Some(String::new())
    };
    errors.into_result()?;
    let missing = || AppError::Internal("checked document form".into());
    Ok(Checked {
        issuing_organ: issuing_organ.ok_or_else(missing)?,
        doc_number: doc_number.ok_or_else(missing)?.unwrap_or_default(),
        issued_on: issued_on.ok_or_else(missing)?,
        title: title.ok_or_else(missing)?,
        body: body.ok_or_else(missing)?,
        window,
        change_note: change_note.ok_or_else(missing)?,
    })
}

/// Everything the office's notice desk shows for a campaign.
#[derive(Clone, Debug, Serialize)]
pub struct Desk {
    /// The campaign.
    pub campaign: campaign::Model,
    /// The shortlist as it stands, as the notice would list it.
    pub shortlist: Vec<Section>,
    /// The notice being composed, if any.
    pub draft: Option<document::Model>,
    /// Published notices, newest first.
    pub notices: Vec<document::Model>,
    /// The final list, once confirmed.
    pub final_list: Option<document::Model>,
    /// Objections not yet decided.
    pub open_objections: u64,
    /// All objections.
    pub objections: u64,
    /// The campaign's stages.
    pub lifecycle: Lifecycle,
    /// Each action's name and whether it may happen now (for offering forms).
    pub offers: std::collections::BTreeMap<String, bool>,
}

impl Desk {
    /// The notice in force: the newest published one.
    #[must_use]
    pub fn current(&self) -> Option<&document::Model> {
        self.notices.first()
    }
}

pub(crate) async fn office_campaign(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The shortlist of a campaign as a notice lists it: by category in the office's order, public
/// fields only, nominations shortlisted or already on notice (never one withdrawn).
///
/// # Errors
/// When the database fails.
pub async fn shortlist_sections(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    with_deeds: bool,
) -> AppResult<Vec<Section>> {
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?;
    let entries = shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::CategoryId.is_in(categories.iter().map(|c| c.id)))
        .order_by_asc(shortlist_entry::Column::Position)
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(entries.iter().map(|e| e.nomination_id)))
        .filter(
            nomination::Column::Status
                .is_in([NominationStatus::Shortlisted, NominationStatus::OnNotice]),
        )
        .all(db)
        .await?;
    let mut sections = Vec::new();
    for category in &categories {
        let lines: Vec<Entry> = entries
            .iter()
            .filter(|e| e.category_id == category.id)
            .filter_map(|e| nominations.iter().find(|n| n.id == e.nomination_id))
            .map(|n| Entry {
                id: n.id,
                name: n.nominee_name.clone(),
                affiliation: n.affiliation.clone(),
                deeds_summary: with_deeds.then(|| n.deeds_summary.clone()),
            })
            .collect();
        if !lines.is_empty() {
            sections.push(Section {
                name: category.name.clone(),
                entries: lines,
            });
        }
    }
    Ok(sections)
}

/// The documents of a campaign of one kind, published ones newest first.
async fn documents_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    kind: DocumentKind,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::CampaignId.eq(campaign_id))
        .filter(document::Column::Kind.eq(kind))
        .order_by_desc(document::Column::Number)
        .all(db)
        .await?)
}

/// The office's notice desk for a campaign.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn desk(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
) -> AppResult<Desk> {
    let campaign = office_campaign(db, actor, id).await?;
    let lifecycle = stages::load(db, &campaign).await?;
    let offers = crate::domain::workflow::gate::offers(&lifecycle, None, today);
    let shortlist = shortlist_sections(db, campaign.id, true).await?;
    let all = documents_of(db, campaign.id, DocumentKind::Notice).await?;
    let (drafts, notices): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|d| d.status == DocumentStatus::Draft);
    let final_list = documents_of(db, campaign.id, DocumentKind::FinalList)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Published);
    let objections = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign.id))
        .count(db)
        .await?;
    let open_objections = open_objections(db, campaign.id).await?;
    Ok(Desk {
        campaign,
        shortlist,
        draft: drafts.into_iter().next(),
        notices,
        final_list,
        open_objections,
        objections,
        lifecycle,
        offers,
    })
}

async fn open_objections(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<u64> {
    Ok(objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign_id))
        .filter(
            objection::Column::Status
                .is_in([ObjectionStatus::Received, ObjectionStatus::Investigating]),
        )
        .count(db)
        .await?)
}

/// A new draft document with what every draft shares: not published, first revision, no
/// window or content yet. The caller sets the rest (its text, number, window).
fn new_draft(
    id: DocumentId,
    campaign_id: Uuid,
    kind: DocumentKind,
    created_by: Uuid,
) -> document::ActiveModel {
    let at = now();
    document::ActiveModel {
        id: Set(id.0),
        campaign_id: Set(campaign_id),
        kind: Set(kind),
        status: Set(DocumentStatus::Draft),
        number: Set(1),
        replaces_id: Set(None),
        superseded_by: Set(None),
        change_note: Set(String::new()),
        window_starts_on: Set(None),
        working_days: Set(None),
        window_ends_on: Set(None),
        content: Set(None),
        digest: Set(None),
        published_by: Set(None),
        published_at: Set(None),
        version: Set(1),
        created_by: Set(created_by),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
}

/// The office saves the notice it is composing: the first notice, or a correction of the one
/// in force. Only one draft exists at a time.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] per field;
/// [`AppError::Stale`]; [`AppError::Refused`] when the shortlist is empty or the final list is
/// already confirmed.
pub async fn save_notice(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    input: &DocumentInput,
) -> AppResult<document::Model> {
    let campaign = office_campaign(db, actor, id).await?;
    stages::require(db, campaign.id, Action::PublishNotice).await?;
    let txn = db::begin_write(db).await?;
    let all = documents_of(&txn, campaign.id, DocumentKind::Notice).await?;
    let current = all.iter().find(|d| d.status == DocumentStatus::Published);
    let checked = check(input, true, current.is_some())?;
    if !documents_of(&txn, campaign.id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    let (start, days) = checked
        .window
        .ok_or_else(|| AppError::Internal("notice window".into()))?;
    let at = now();
    let saved = match all.iter().find(|d| d.status == DocumentStatus::Draft) {
        Some(draft) => {
            if draft.version != input.version {
                return Err(AppError::Stale);
            }
            let mut active = draft.clone().into_active_model();
            active.issuing_organ = Set(checked.issuing_organ);
            active.doc_number = Set(checked.doc_number);
            active.issued_on = Set(checked.issued_on);
            active.title = Set(checked.title);
            active.body = Set(checked.body);
            active.window_starts_on = Set(Some(start));
            active.working_days = Set(Some(i32::try_from(days).unwrap_or(5)));
            active.change_note = Set(checked.change_note);
            active.version = Set(draft.version + 1);
            active.updated_at = Set(at);
            active.update(&txn).await?
        }
        None => {
            if input.version != 0 {
                return Err(AppError::Stale);
            }
            document::ActiveModel {
                number: Set(current.map_or(1, |c| c.number + 1)),
                replaces_id: Set(current.map(|c| c.id)),
                change_note: Set(checked.change_note),
                issuing_organ: Set(checked.issuing_organ),
                doc_number: Set(checked.doc_number),
                issued_on: Set(checked.issued_on),
                title: Set(checked.title),
                body: Set(checked.body),
                window_starts_on: Set(Some(start)),
                working_days: Set(Some(i32::try_from(days).unwrap_or(5))),
                ..new_draft(
                    DocumentId::new(),
                    campaign.id,
                    DocumentKind::Notice,
                    actor.user_id,
                )
            }
            .insert(&txn)
            .await?
        }
    };
    audit::record(
        &txn,
        &actor.into(),
        Change::new("notice.save", "document", saved.id)
            .campaign(campaign.id)
            .after(json!({ "title": saved.title, "number": saved.number, "window_starts_on": start.to_string(), "working_days": days })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The last day of a notice window on the office's calendar.
///
/// # Errors
/// [`AppError::Invalid`] on `working_days` when the calendar cannot place the end.
pub async fn window_end(db: &impl ConnectionTrait, start: Date, days: u32) -> AppResult<Date> {
    calendar(db).await?.window_end(start, days).ok_or_else(|| {
        let mut errors = FieldErrors::default();
        errors.add("working_days", "error-window-end");
        AppError::Invalid(errors)
    })
}

/// Publishes the campaign's draft notice: the window's end is computed on the calendar, the
/// shortlist is frozen into the canonical JSON with its digest, and the notice it corrects (if
/// any) is marked superseded. Irreversible.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without a draft; [`AppError::Stale`];
/// [`AppError::Refused`] for an empty shortlist or once the final list is confirmed.
pub async fn publish_notice(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: CampaignId,
    version: i32,
) -> AppResult<document::Model> {
    let campaign = office_campaign(db, actor, id).await?;
    let txn = db::begin_write(db).await?;
    stages::require(&txn, campaign.id, Action::PublishNotice).await?;
    let draft = documents_of(&txn, campaign.id, DocumentKind::Notice)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Draft)
        .ok_or(AppError::NotFound)?;
    if draft.version != version {
        return Err(AppError::Stale);
    }
    if !documents_of(&txn, campaign.id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    let sections = shortlist_sections(&txn, campaign.id, true).await?;
    if sections.is_empty() {
        return Err(AppError::Refused("error-shortlist-empty", vec![]));
    }
    let start = draft
        .window_starts_on
        .ok_or_else(|| AppError::Internal("a draft notice without a window".into()))?;
    let days = u32::try_from(draft.working_days.unwrap_or(5)).unwrap_or(5);
    let end = window_end(&txn, start, days).await?;
    let window = PublishedWindow {
        starts_on: start.to_string(),
        ends_on: end.to_string(),
        working_days: days,
    };
    let body = fill_placeholders(&draft.body, &window);
    let content = Content {
        format: FORMAT.into(),
        kind: "notice".into(),
        document: draft.id,
        number: draft.number,
        replaces: draft.replaces_id,
        change_note: draft.change_note.clone(),
        campaign: CampaignRef {
            id: campaign.id,
            title: campaign.title.clone(),
            year: campaign.year,
        },
        issuing_organ: draft.issuing_organ.clone(),
        doc_number: draft.doc_number.clone(),
        issued_on: draft.issued_on.to_string(),
        title: draft.title.clone(),
        body: body.clone(),
        window: Some(window),
        categories: sections,
    };
    // The shortlisted go on notice; objections are taken on the window's days.
    let listed: Vec<Uuid> = content
        .categories
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.id))
        .collect();
    let newly = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(listed))
        .filter(nomination::Column::Status.eq(NominationStatus::Shortlisted))
        .all(&txn)
        .await?;
    workflow::apply::many(
        &txn,
        actor,
        &newly,
        Transition::PutOnNotice,
        None,
        StageKind::Notice,
    )
    .await?;
    stages::set_notice_window(&txn, campaign.id, start, end).await?;
    let published = finish_publication(&txn, signer, actor, draft, content, Some(end)).await?;
    txn.commit().await?;
    Ok(published)
}

/// Freezes a document: content, digest, status; supersedes the one it replaces.
async fn finish_publication(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    draft: document::Model,
    content: Content,
    window_end: Option<Date>,
) -> AppResult<document::Model> {
    let (text, digest) = content.canonical()?;
    let at = now();
    let mut active = draft.clone().into_active_model();
    active.status = Set(DocumentStatus::Published);
    active.body = Set(content.body.clone());
    active.window_ends_on = Set(window_end);
    active.content = Set(Some(text));
    active.digest = Set(Some(digest.clone()));
    active.published_by = Set(Some(actor.user_id));
    active.published_at = Set(Some(at));
    active.version = Set(draft.version + 1);
    active.updated_at = Set(at);
    let published = active.update(txn).await?;
    if let Some(old) = draft.replaces_id {
        document::Entity::update_many()
            .col_expr(
                document::Column::SupersededBy,
                sea_orm::sea_query::Expr::value(published.id),
            )
            .filter(document::Column::Id.eq(old))
            .exec(txn)
            .await?;
        // Its page gains a "superseded" line: drop the stored renderings so they are redone.
        document_page::Entity::delete_many()
            .filter(document_page::Column::DocumentId.eq(old))
            .exec(txn)
            .await?;
    }
    let action = match published.kind {
        DocumentKind::Notice => "notice.publish",
        DocumentKind::FinalList => "final_list.publish",
    };
    audit::record(
        txn,
        &actor.into(),
        Change::new(action, "document", published.id)
            .campaign(published.campaign_id)
            .after(json!({
                "number": published.number,
                "replaces": published.replaces_id,
                "digest": digest,
                "window_ends_on": window_end.map(|d| d.to_string()),
            })),
    )
    .await?;
    // The publication carries the signed checkpoint of the record up to it.
    crate::domain::audit::checkpoints::sign_tail(txn, signer, "publication", Some(published.id))
        .await?;
    Ok(published)
}

/// Creates and publishes a correction at once: the notice in force, with the shortlist as it
/// now stands and a note of what changed (after an upheld objection).
async fn publish_correction(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    current: &document::Model,
    change_note: String,
) -> AppResult<document::Model> {
    let campaign = campaign::Entity::find_by_id(current.campaign_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let old = Content::parse(current.content.as_deref().unwrap_or("{}"))?;
    // A draft being composed is overtaken by this correction.
    document::Entity::delete_many()
        .filter(document::Column::CampaignId.eq(campaign.id))
        .filter(document::Column::Kind.eq(DocumentKind::Notice))
        .filter(document::Column::Status.eq(DocumentStatus::Draft))
        .exec(txn)
        .await?;
    let draft = document::ActiveModel {
        number: Set(current.number + 1),
        replaces_id: Set(Some(current.id)),
        change_note: Set(change_note.clone()),
        issuing_organ: Set(current.issuing_organ.clone()),
        doc_number: Set(current.doc_number.clone()),
        issued_on: Set(current.issued_on),
        title: Set(current.title.clone()),
        body: Set(current.body.clone()),
        window_starts_on: Set(current.window_starts_on),
        working_days: Set(current.working_days),
        ..new_draft(
            DocumentId::new(),
            campaign.id,
            DocumentKind::Notice,
            actor.user_id,
        )
    }
    .insert(txn)
    .await?;
    let content = Content {
        document: draft.id,
        number: draft.number,
        replaces: Some(current.id),
        change_note,
        categories: shortlist_sections(txn, campaign.id, true).await?,
        ..old
    };
    finish_publication(txn, signer, actor, draft, content, current.window_ends_on).await
}

// ----------------------------------------------------------------------------------------------
// Reading published documents

/// A published document.
///
/// # Errors
/// [`AppError::NotFound`] for a draft or an unknown id.
pub async fn published(db: &impl ConnectionTrait, id: DocumentId) -> AppResult<document::Model> {
    document::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|d| d.status == DocumentStatus::Published && d.content.is_some())
        .ok_or(AppError::NotFound)
}

/// The published documents of a campaign, notices then final lists, newest first.
///
/// # Errors
/// When the database fails.
pub async fn published_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::CampaignId.eq(campaign_id))
        .filter(document::Column::Status.eq(DocumentStatus::Published))
        .order_by_desc(document::Column::PublishedAt)
        .all(db)
        .await?)
}

/// The newest published documents of every campaign, for the feed.
///
/// # Errors
/// When the database fails.
pub async fn recent_published(
    db: &impl ConnectionTrait,
    limit: u64,
) -> AppResult<Vec<document::Model>> {
    use sea_orm::QuerySelect;
    Ok(document::Entity::find()
        .filter(document::Column::Status.eq(DocumentStatus::Published))
        .order_by_desc(document::Column::PublishedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// A published document as a line of the public lists of notices and lists (通知公告).
#[derive(Clone, Debug, Serialize)]
pub struct DocumentLine {
    /// The document.
    pub id: Uuid,
    /// Notice or final list.
    pub kind: DocumentKind,
    /// Its title.
    pub title: String,
    /// The date it was issued on.
    pub issued_on: Date,
    /// Its version (1, or more for a correction).
    pub number: i32,
    /// The correction that replaced it, if any.
    pub superseded_by: Option<Uuid>,
}

impl DocumentLine {
    /// The line of a published document.
    #[must_use]
    pub fn of(doc: &document::Model) -> Self {
        DocumentLine {
            id: doc.id,
            kind: doc.kind,
            title: doc.title.clone(),
            issued_on: doc.issued_on,
            number: doc.number,
            superseded_by: doc.superseded_by,
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Objections

/// The objection form.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct ObjectionInput {
    /// The nominee objected to (a nomination id listed on the notice).
    #[field(default = String::new())]
    pub nominee: String,
    #[field(default = String::new())]
    pub text: String,
    #[field(default = String::new())]
    pub filer_name: String,
    #[field(default = String::new())]
    pub filer_unit: String,
    #[field(default = String::new())]
    pub filer_contact: String,
}

/// An attached file, as received.
pub struct Upload<'a> {
    /// The name the browser gave.
    pub filename: &'a str,
    /// The bytes.
    pub bytes: &'a [u8],
}

/// Where a published notice stands on `today`: `upcoming` before its window, `open` within it,
/// `closed` after it (a final list is always `final`). Its page shows the objection links only
/// while `open`.
#[must_use]
pub fn phase(doc: &document::Model, today: Date) -> &'static str {
    phase_of(doc.kind, (doc.window_starts_on, doc.window_ends_on), today)
}

/// [`phase`] from a document's kind and window.
#[must_use]
pub fn phase_of(
    kind: DocumentKind,
    window: (Option<Date>, Option<Date>),
    today: Date,
) -> &'static str {
    if kind == DocumentKind::FinalList {
        return "final";
    }
    match window {
        (Some(start), _) if today < start => "upcoming",
        (Some(_), Some(end)) if today <= end => "open",
        _ => "closed",
    }
}

/// What the public home page says of a campaign in one line: a catalogue key and its count
/// (`home-notice-open` with the working days left, `home-list-published`, …).
#[derive(Clone, Debug, Serialize)]
pub struct Headline {
    /// The campaign.
    pub campaign_id: Uuid,
    /// The catalogue key; it takes `count` and `date`.
    pub key: &'static str,
    /// Working days left of a notice window open today.
    pub count: u32,
    /// The date the line names, if any.
    pub date: Option<Date>,
}

/// The home page's line for each campaign, from where it stands today.
///
/// # Errors
/// When the database fails.
pub async fn headlines(
    db: &impl ConnectionTrait,
    campaigns: &[crate::domain::campaigns::CampaignSummary],
    today: Date,
) -> AppResult<Vec<Headline>> {
    let calendar = calendar(db).await?;
    let mut lines = Vec::new();
    for summary in campaigns {
        let stage = summary.stage.as_ref();
        let closes = stage.and_then(|s| s.stage.closes_on);
        let (key, count, date) = match summary.campaign.stage {
            StageKind::Notice => match (stage.map(|s| s.stage.opens_on), closes) {
                (Some(Some(first)), Some(_)) if today < first => {
                    ("home-notice-upcoming", 0, Some(first))
                }
                (_, Some(last)) if today <= last => (
                    "home-notice-open",
                    calendar.working_days_between(today, last),
                    Some(last),
                ),
                (_, Some(last)) => ("home-notice-closed", 0, Some(last)),
                _ => ("home-notice-coming", 0, None),
            },
            StageKind::Recommendation => match closes {
                Some(last) if today <= last => ("home-recommending", 0, Some(last)),
                _ => ("home-recommendation-closed", 0, closes),
            },
            StageKind::FinalList | StageKind::Archived
                if crate::domain::honorees::final_list_of(db, summary.campaign.id)
                    .await?
                    .is_some() =>
            {
                ("home-list-published", 0, None)
            }
            _ => ("home-in-stage", 0, None),
        };
        lines.push(Headline {
            campaign_id: summary.campaign.id,
            key,
            count,
            date,
        });
    }
    Ok(lines)
}

/// Whether `today` lies within a published notice's window.
#[must_use]
pub fn window_open(doc: &document::Model, today: Date) -> bool {
    match (doc.window_starts_on, doc.window_ends_on) {
        (Some(start), Some(end)) => start <= today && today <= end,
        _ => false,
    }
}

fn window_args(doc: &document::Model) -> Vec<(&'static str, String)> {
    vec![
        (
            "start",
            doc.window_starts_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            "end",
            doc.window_ends_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
    ]
}

/// The notice an objection is filed against: the one in force (a superseded notice's page
/// sends objections to its correction).
///
/// # Errors
/// [`AppError::NotFound`] unless `id` is a published notice.
pub async fn notice_in_force(
    db: &impl ConnectionTrait,
    id: DocumentId,
) -> AppResult<document::Model> {
    let mut doc = published(db, id).await?;
    if doc.kind != DocumentKind::Notice {
        return Err(AppError::NotFound);
    }
    // A chain of corrections is short; the bound keeps a broken one finite.
    for _ in 0..100 {
        match doc.superseded_by {
            Some(next) => doc = published(db, DocumentId(next)).await?,
            None => break,
        }
    }
    Ok(doc)
}

const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A receipt code: `YY-` and 12 characters from an alphabet without look-alikes (60 bits).
fn receipt_code() -> AppResult<String> {
    let mut bytes = [0_u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    let chars: String = bytes
        .iter()
        .map(|b| char::from(RECEIPT_ALPHABET[usize::from(*b) % RECEIPT_ALPHABET.len()]))
        .collect();
    Ok(format!(
        "YY-{}-{}-{}",
        &chars[..4],
        &chars[4..8],
        &chars[8..]
    ))
}

/// Normalises a receipt code as a person might type it.
#[must_use]
pub fn normalise_receipt(code: &str) -> String {
    let compact: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match compact.strip_prefix("YY") {
        Some(rest) if rest.len() == 12 => {
            format!("YY-{}-{}-{}", &rest[..4], &rest[4..8], &rest[8..])
        }
        _ => compact,
    }
}

/// Objections filed from the client with this fingerprint within the last hour.
async fn objections_this_hour(db: &impl ConnectionTrait, client_fp: &str) -> AppResult<u64> {
    Ok(objection::Entity::find()
        .filter(objection::Column::ClientFp.eq(client_fp))
        .filter(objection::Column::CreatedAt.gt(now() - Duration::hours(1)))
        .count(db)
        .await?)
}

/// Anyone files an objection against a nominee of the notice in force, within its window, in
/// their real name. Returns the objection with its receipt code.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown notice; [`AppError::Refused`] outside the window;
/// [`AppError::TooManyRequests`] past the per-client limit; [`AppError::Invalid`] per field.
pub async fn file_objection(
    app: &App,
    notice: DocumentId,
    input: &ObjectionInput,
    upload: Option<Upload<'_>>,
    client_ip: Option<&str>,
    today: Date,
) -> AppResult<objection::Model> {
    let doc = notice_in_force(&app.db, notice).await?;
    if !window_open(&doc, today) {
        return Err(AppError::Refused(
            "error-objection-window",
            window_args(&doc),
        ));
    }
    stages::require_on(&app.db, doc.campaign_id, Action::FileObjection, today).await?;
    let client_fp = app.pii.fingerprint(client_ip.unwrap_or("unknown"));
    // Refused early when plainly over the limit; decided again, atomically, with the write.
    if objections_this_hour(&app.db, &client_fp).await? >= app.config.objection_max_per_hour {
        return Err(AppError::TooManyRequests);
    }
    let content = Content::parse(doc.content.as_deref().unwrap_or("{}"))?;
    let mut errors = FieldErrors::default();
    let nominee = Uuid::try_parse(input.nominee.trim()).ok().filter(|id| {
        content
            .categories
            .iter()
            .any(|s| s.entries.iter().any(|e| e.id == *id))
    });
    if nominee.is_none() {
        errors.add("nominee", "error-objection-nominee");
    }
    // An objection says what is wrong and why: a word or two is not one.
    let text = errors.check("text", required_text(&input.text, 2000));
    if text
        .as_ref()
        .is_some_and(|t| t.chars().filter(|c| !c.is_whitespace()).count() < OBJECTION_MIN_CHARS)
    {
        errors.add("text", "error-objection-too-short");
    }
    let filer_name = errors.check("filer_name", required_text(&input.filer_name, 64));
    let filer_unit = errors.check("filer_unit", required_text(&input.filer_unit, 120));
    let phone = errors.check("filer_contact", Phone::parse(&input.filer_contact));
    let mut attachment = None;
    if let Some(upload) = upload.filter(|u| !u.bytes.is_empty()) {
        if upload.bytes.len() as u64 > app.config.attachment_max_bytes {
            errors.add("file", "error-file-too-large");
        } else if let Some(kind) = sniff_content_type(upload.bytes) {
            attachment = Some((upload, kind));
        } else {
            errors.add("file", "error-file-type");
        }
    }
    errors.into_result()?;
    let (Some(nominee), Some(text), Some(filer_name), Some(filer_unit), Some(phone)) =
        (nominee, text, filer_name, filer_unit, phone)
    else {
        return Err(AppError::Internal("checked objection form".into()));
    };
    let id = ObjectionId::new();
    let mut stored = None;
    if let Some((upload, kind)) = attachment {
        let dir = app.config.storage_dir().join("objections");
        let key = id.to_string();
        rocket::tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|e| AppError::Internal(format!("storage {}: {e}", dir.display())))?;
        rocket::tokio::fs::write(dir.join(&key), upload.bytes)
            .await
            .map_err(|e| AppError::Internal(format!("storage: {e}")))?;
        let name: String = upload
            .filename
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
            .take(200)
            .collect();
        stored = Some((if name.is_empty() { key.clone() } else { name }, kind, key));
    }
    let at = now();
    let txn = db::begin_write(&app.db).await?;
    db::lock_keys(&txn, &[&format!("objection:{client_fp}")]).await?;
    if objections_this_hour(&txn, &client_fp).await? >= app.config.objection_max_per_hour {
        drop(txn);
        if let Some((_, _, key)) = &stored {
            let path = app.config.storage_dir().join("objections").join(key);
            let _ = rocket::tokio::fs::remove_file(path).await;
        }
        return Err(AppError::TooManyRequests);
    }
    let saved = objection::ActiveModel {
        id: Set(id.0),
        document_id: Set(doc.id),
        campaign_id: Set(doc.campaign_id),
        nomination_id: Set(nominee),
        receipt_code: Set(receipt_code()?),
        filer_name: Set(filer_name),
        filer_unit: Set(filer_unit),
        filer_contact: Set(phone.as_str().to_owned()),
        text: Set(text),
        attachment_name: Set(stored.as_ref().map(|s| s.0.clone())),
        attachment_type: Set(stored.as_ref().map(|s| s.1.to_owned())),
        attachment_key: Set(stored.as_ref().map(|s| s.2.clone())),
        status: Set(ObjectionStatus::Received),
        notes: Set(String::new()),
        outcome_reason: Set(String::new()),
        decided_by: Set(None),
        decided_at: Set(None),
        client_fp: Set(client_fp),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    let who = Who {
        ip: client_ip.map(str::to_owned),
        ..Who::system("public")
    };
    audit::record(
        &txn,
        &who,
        Change::new("objection.file", "objection", saved.id)
            .campaign(saved.campaign_id)
            .after(json!({ "document_id": doc.id, "nomination_id": nominee, "receipt_code": saved.receipt_code })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The day by which the office answers an objection filed on `filed_on`: the working days of
/// [`ANSWER_WORKING_DAYS`] after the later of that day and the notice window's end.
///
/// # Errors
/// When the database fails.
pub async fn answer_expected_by(
    db: &impl ConnectionTrait,
    document_id: Uuid,
    filed_on: Date,
) -> AppResult<Option<Date>> {
    let Some(doc) = document::Entity::find_by_id(document_id).one(db).await? else {
        return Ok(None);
    };
    let from = doc
        .window_ends_on
        .map_or(filed_on, |end| end.max(filed_on))
        .next_day()
        .unwrap_or(filed_on);
    Ok(calendar(db).await?.window_end(from, ANSWER_WORKING_DAYS))
}

/// What the filer sees with their receipt code.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectionStatusView {
    /// The receipt code.
    pub receipt_code: String,
    /// The nominee objected to.
    pub nominee_name: String,
    /// When it was filed, local time.
    pub filed_at: String,
    /// Where it stands.
    pub status: ObjectionStatus,
    /// The office's answer, once decided.
    pub outcome_reason: String,
    /// When it was decided, local time.
    pub decided_at: Option<String>,
    /// The notice it was filed against.
    pub document_id: Uuid,
}

/// An objection's status by its receipt code.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown code.
pub async fn status_by_receipt(
    db: &DatabaseConnection,
    code: &str,
) -> AppResult<ObjectionStatusView> {
    let found = objection::Entity::find()
        .filter(objection::Column::ReceiptCode.eq(normalise_receipt(code)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let nominee = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .map(|n| n.nominee_name)
        .unwrap_or_default();
    Ok(ObjectionStatusView {
        receipt_code: found.receipt_code,
        nominee_name: nominee,
        filed_at: crate::domain::local_time(found.created_at),
        status: found.status,
        outcome_reason: if found.status.is_decided() {
            found.outcome_reason
        } else {
            String::new()
        },
        decided_at: found.decided_at.map(crate::domain::local_time),
        document_id: found.document_id,
    })
}

/// An objection as the office's queue lists it.
#[derive(Clone, Debug, Serialize)]
pub struct QueueRow {
    /// The objection.
    pub objection: objection::Model,
    /// The nominee's name.
    pub nominee_name: String,
    /// Filed at, local time.
    pub filed_at: String,
}

/// The office's objection queue for a campaign, open ones first, oldest first.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn queue(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<QueueRow>)> {
    let campaign = office_campaign(db, actor, id).await?;
    let found = objection::Entity::find()
        .filter(objection::Column::CampaignId.eq(campaign.id))
        .order_by_asc(objection::Column::CreatedAt)
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(found.iter().map(|o| o.nomination_id)))
        .all(db)
        .await?;
    let mut rows: Vec<QueueRow> = found
        .into_iter()
        .map(|o| QueueRow {
            nominee_name: nominations
                .iter()
                .find(|n| n.id == o.nomination_id)
                .map(|n| n.nominee_name.clone())
                .unwrap_or_default(),
            filed_at: crate::domain::local_time(o.created_at),
            objection: o,
        })
        .collect();
    rows.sort_by_key(|r| r.objection.status.is_decided());
    Ok((campaign, rows))
}

/// One objection for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn objection_for_office(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ObjectionId,
) -> AppResult<QueueRow> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let found = objection::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let nominee = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .map(|n| n.nominee_name)
        .unwrap_or_default();
    Ok(QueueRow {
        nominee_name: nominee,
        filed_at: crate::domain::local_time(found.created_at),
        objection: found,
    })
}

/// An objection's attachment, for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] without one.
pub async fn objection_attachment(
    app: &App,
    actor: &Actor,
    id: ObjectionId,
) -> AppResult<(String, String, Vec<u8>)> {
    let row = objection_for_office(&app.db, actor, id).await?.objection;
    let (Some(name), Some(kind), Some(key)) =
        (row.attachment_name, row.attachment_type, row.attachment_key)
    else {
        return Err(AppError::NotFound);
    };
    let bytes = rocket::tokio::fs::read(app.config.storage_dir().join("objections").join(key))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((name, kind, bytes))
}

/// Refuses to handle a campaign's objections outside the notice and final list stages, and once
/// its final list is confirmed. Returns the campaign.
async fn check_decidable(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<campaign::Model> {
    let (campaign, _) = stages::require(db, campaign_id, Action::DecideObjection).await?;
    if !documents_of(db, campaign_id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    Ok(campaign)
}

/// Whether the office may work on a campaign's objections now (for offering the forms).
///
/// # Errors
/// When the database fails.
pub async fn may_decide(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<bool> {
    match check_decidable(db, campaign_id).await {
        Ok(_) => Ok(true),
        Err(AppError::Refused(..)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// An undecided objection of a campaign whose objections may be handled now, at `version`.
async fn objection_to_change(
    txn: &impl ConnectionTrait,
    id: ObjectionId,
    version: i32,
) -> AppResult<(objection::Model, campaign::Model)> {
    let found = objection::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != version {
        return Err(AppError::Stale);
    }
    if found.status.is_decided() {
        return Err(AppError::Refused("error-objection-decided", vec![]));
    }
    let campaign = check_decidable(txn, found.campaign_id).await?;
    Ok((found, campaign))
}

/// The office records a step of its investigation; the objection is then under investigation.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Refused`] once decided; [`AppError::Invalid`] on `note`.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    id: ObjectionId,
    version: i32,
    note: &str,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let note = errors.check("note", required_text(note, 2000));
    errors.into_result()?;
    let note = note.unwrap_or_default();
    let txn = db::begin_write(db).await?;
    let (found, _) = objection_to_change(&txn, id, version).await?;
    let line = format!(
        "[{} {}] {}",
        crate::domain::local_time(now()),
        actor.display_name,
        note
    );
    let notes = if found.notes.is_empty() {
        line
    } else {
        format!("{}\n{line}", found.notes)
    };
    let mut active = found.clone().into_active_model();
    active.notes = Set(notes);
    active.status = Set(ObjectionStatus::Investigating);
    active.version = Set(found.version + 1);
    active.updated_at = Set(now());
    active.update(&txn).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("objection.note", "objection", found.id)
            .campaign(found.campaign_id)
            .after(json!({ "note": note })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The office's decision on an objection.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct OutcomeInput {
    /// `refused`, `dismissed` or `upheld`.
    #[field(default = String::new())]
    pub outcome: String,
    /// The reason, told to the filer.
    #[field(default = String::new())]
    pub reason: String,
    /// With `upheld`: publish a corrected notice without the nominee.
    #[field(default = false)]
    pub correct: bool,
    /// The objection's version when shown.
    #[field(default = 0)]
    pub version: i32,
}

/// The office decides an objection. Upheld: the nominee is withdrawn from the shortlist and,
/// if asked, a corrected notice is published at once saying so.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Refused`] once decided or after the final list; [`AppError::Invalid`] on
/// `outcome` or `reason`.
pub async fn decide(
    db: &DatabaseConnection,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    id: ObjectionId,
    input: &OutcomeInput,
    lang: Lang,
) -> AppResult<objection::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let outcome = match input.outcome.as_str() {
        "refused" => Some(ObjectionStatus::Refused),
        "dismissed" => Some(ObjectionStatus::Dismissed),
        "upheld" => Some(ObjectionStatus::Upheld),
        _ => {
            errors.add("outcome", "error-required");
            None
        }
    };
    let reason = errors.check("reason", required_text(&input.reason, 2000));
    errors.into_result()?;
    let (Some(outcome), Some(reason)) = (outcome, reason) else {
        return Err(AppError::Internal("checked outcome form".into()));
    };
    let txn = db::begin_write(db).await?;
    let (found, campaign) = objection_to_change(&txn, id, input.version).await?;
    let at = now();
    let mut active = found.clone().into_active_model();
    active.status = Set(outcome);
    active.outcome_reason = Set(reason.clone());
    active.decided_by = Set(Some(actor.user_id));
    active.decided_at = Set(Some(at));
    active.version = Set(found.version + 1);
    active.updated_at = Set(at);
    let decided = active.update(&txn).await?;
    let mut withdrawn = false;
    let mut correction = None;
    if outcome == ObjectionStatus::Upheld {
        shortlist_entry::Entity::delete_many()
            .filter(shortlist_entry::Column::NominationId.eq(found.nomination_id))
            .exec(&txn)
            .await?;
        let nominee = nomination::Entity::find_by_id(found.nomination_id)
            .one(&txn)
            .await?
            .filter(|n| n.status == NominationStatus::OnNotice);
        withdrawn = nominee.is_some();
        if let Some(n) = &nominee {
            workflow::apply::one(
                &txn,
                actor,
                workflow::apply::Move {
                    nomination: n,
                    transition: Transition::Withdraw,
                    to: NominationStatus::Withdrawn,
                    level: None,
                    reason: Some(reason.clone()),
                    stage: campaign.stage,
                    overrides: Vec::new(),
                },
            )
            .await?;
        }
        if withdrawn && input.correct {
            let current = documents_of(&txn, found.campaign_id, DocumentKind::Notice)
                .await?
                .into_iter()
                .find(|d| d.status == DocumentStatus::Published)
                .ok_or(AppError::NotFound)?;
            let nominee = nomination::Entity::find_by_id(found.nomination_id)
                .one(&txn)
                .await?
                .map(|n| n.nominee_name)
                .unwrap_or_default();
            let note = i18n::translate(
                lang,
                "notice-withdrawn-note",
                &[("name", nominee.clone()), ("reason", reason.clone())],
            );
            correction = Some(
                publish_correction(&txn, signer, actor, &current, note)
                    .await?
                    .id,
            );
        }
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("objection.decide", "objection", found.id)
            .campaign(found.campaign_id)
            .before(json!({ "status": found.status }))
            .after(json!({
                "status": outcome,
                "reason": reason,
                "withdrawn": withdrawn.then_some(found.nomination_id),
                "correction": correction,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(decided)
}

/// Whether the campaign's final list may be confirmed on `today`: the notice's window has
/// closed, every objection has an outcome and the campaign is in its final list stage.
///
/// # Errors
/// [`AppError::Refused`] saying what stands in the way.
pub async fn check_confirmable(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    today: Date,
) -> AppResult<document::Model> {
    let current = documents_of(db, campaign_id, DocumentKind::Notice)
        .await?
        .into_iter()
        .find(|d| d.status == DocumentStatus::Published)
        .ok_or(AppError::Refused("error-final-no-notice", vec![]))?;
    if !documents_of(db, campaign_id, DocumentKind::FinalList)
        .await?
        .is_empty()
    {
        return Err(AppError::Refused("error-final-exists", vec![]));
    }
    if current.window_ends_on.is_none_or(|end| today <= end) {
        return Err(AppError::Refused(
            "error-final-window-open",
            window_args(&current),
        ));
    }
    let open = open_objections(db, campaign_id).await?;
    if open > 0 {
        return Err(AppError::Refused(
            "error-final-open-objections",
            vec![("count", open.to_string())],
        ));
    }
    // Last: what stands in the way before the stage is what the office must do first.
    stages::require(db, campaign_id, Action::ConfirmFinalList).await?;
    Ok(current)
}

/// A final list to publish: the office's fields, its lines by section, the new document's id
/// and the list it corrects, if any.
pub(crate) struct NewList<'a> {
    pub input: &'a DocumentInput,
    pub sections: Vec<Section>,
    pub id: DocumentId,
    pub replaces: Option<&'a document::Model>,
}

/// Saves a new final-list document as a draft row and publishes it in the same transaction:
/// the first list, or a correction of `replaces` (one more in number, linked to it, with the
/// input's change note, which a correction requires).
pub(crate) async fn publish_final_list(
    txn: &DatabaseTransaction,
    signer: &crate::domain::audit::checkpoints::Signer,
    actor: &Actor,
    campaign: &campaign::Model,
    list: NewList<'_>,
) -> AppResult<document::Model> {
    let NewList {
        input,
        sections,
        id,
        replaces,
    } = list;
    let checked = check(input, false, replaces.is_some())?;
    let number = replaces.map_or(1, |old| old.number + 1);
    let draft = document::ActiveModel {
        number: Set(number),
        replaces_id: Set(replaces.map(|old| old.id)),
        change_note: Set(checked.change_note.clone()),
        issuing_organ: Set(checked.issuing_organ),
        doc_number: Set(checked.doc_number),
        issued_on: Set(checked.issued_on),
        title: Set(checked.title),
        body: Set(checked.body),
        ..new_draft(id, campaign.id, DocumentKind::FinalList, actor.user_id)
    }
    .insert(txn)
    .await?;
    let content = Content {
        format: FORMAT.into(),
        kind: "final_list".into(),
        document: draft.id,
        number,
        replaces: draft.replaces_id,
        change_note: checked.change_note,
        campaign: CampaignRef {
            id: campaign.id,
            title: campaign.title.clone(),
            year: campaign.year,
        },
        issuing_organ: draft.issuing_organ.clone(),
        doc_number: draft.doc_number.clone(),
        issued_on: draft.issued_on.to_string(),
        title: draft.title.clone(),
        body: draft.body.clone(),
        window: None,
        categories: sections,
    };
    finish_publication(txn, signer, actor, draft, content, None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth_and_has_no_spaces() {
        let value = json!({ "b": 1, "a": { "d": [true, null], "c": "中文\"" } });
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{"c":"中文\"","d":[true,null]},"b":1}"#
        );
    }

    #[test]
    fn a_line_shows_the_affiliation_only_when_there_is_one() {
        assert_eq!(
            line_of("任均山", "青岛市李沧区任均山便民志愿服务岗队长"),
            "任均山 青岛市李沧区任均山便民志愿服务岗队长"
        );
        assert_eq!(line_of("南山社区", " "), "南山社区");
    }

    #[test]
    fn receipt_codes_are_random_and_read_back_however_typed() {
        let code = receipt_code().unwrap();
        assert_eq!(code.len(), 17);
        assert_ne!(code, receipt_code().unwrap());
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_receipt(&typed), code);
    }

    #[test]
    fn placeholders_take_the_published_window() {
        let window = PublishedWindow {
            starts_on: "2022-12-05".into(),
            ends_on: "2022-12-09".into(),
            working_days: 5,
        };
        assert_eq!(
            fill_placeholders("公示时间：[start]至[end]（[days]个工作日）", &window),
            "公示时间：2022-12-05至2022-12-09（5个工作日）"
        );
    }

    #[test]
    fn calendar_lines_take_a_date_and_an_optional_note() {
        let days = parse_days("2024-10-01 国庆节\n\n 2024-10-02").unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].1, "国庆节");
        assert!(parse_days("十月一日").is_err());
    }
}
