//! Nomination intake (层层推荐 begins here): a unit writes a nomination as a draft, attaches
//! supporting files, and submits it while the campaign's nomination window is open. After
//! submission it is read-only to the unit.
//!
//! Private fields (phone, birth date, ID number) are validated and stored here, the ID number
//! encrypted with a keyed fingerprint beside it; nothing in this module decides what a public
//! page shows, because public pages do not read nominations at all until the notice stage.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        ids::{AttachmentId, CampaignId, CategoryId, NominationId},
        now, review, stages,
        values::{
            DeedsSummary, IdNumber, Phone, parse_bounded_int, parse_date,
            parse_optional_bounded_int, required_text,
        },
        workflow::{self, Action, Transition, gate},
    },
    entity::{
        attachment, campaign, category,
        category::NomineeKind,
        nomination::{self, NominationStatus},
        nomination_gram, unit,
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// Most attachments one nomination may carry.
pub const MAX_ATTACHMENTS: u64 = 10;

/// A nomination as the unit fills it in; every field is the raw text of the form. Which
/// fields apply depends on the category's nominee kind.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct NominationInput {
    /// Name of the person, organization, project or community.
    #[field(default = String::new())]
    pub nominee_name: String,
    /// Affiliation and role (person), or the line shown under the name on a public list.
    #[field(default = String::new())]
    pub affiliation: String,
    /// `male` or `female` (person).
    #[field(default = String::new())]
    pub gender: String,
    /// `YYYY-MM-DD` (person; private).
    #[field(default = String::new())]
    pub birth_date: String,
    /// Phone of the person, or of the contact (private).
    #[field(default = String::new())]
    pub phone: String,
    /// Resident ID number (person; private, stored encrypted).
    #[field(default = String::new())]
    pub id_number: String,
    /// Registered volunteer service hours that year (person).
    #[field(default = String::new())]
    pub volunteer_hours: String,
    /// `YYYY-MM-DD` since when the volunteer serves (person; required when the category
    /// counts years of service).
    #[field(default = String::new())]
    pub active_since: String,
    /// `yes` or `no`: registered on the national volunteer service information system
    /// (person; required when the category asks for registration).
    #[field(default = String::new())]
    pub registered: String,
    /// Founding date (organization) or start date (project).
    #[field(default = String::new())]
    pub founded_on: String,
    /// Registered volunteers (organization, community).
    #[field(default = String::new())]
    pub member_count: String,
    /// The contact person (organization, project, community).
    #[field(default = String::new())]
    pub contact_name: String,
    /// The public summary of deeds, at most 300 characters.
    #[field(default = String::new())]
    pub deeds_summary: String,
    /// The full account of deeds.
    #[field(default = String::new())]
    pub deeds_full: String,
    /// The version the editor saw (editing only).
    #[field(default = 0)]
    pub version: i32,
}

/// The validated, typed fields, ready to store.
struct Valid {
    nominee_name: String,
    affiliation: String,
    gender: Option<String>,
    birth_date: Option<Date>,
    phone: Option<String>,
    id_number: Option<IdNumber>,
    volunteer_hours: Option<i32>,
    active_since: Option<Date>,
    registered: Option<bool>,
    founded_on: Option<Date>,
    member_count: Option<i32>,
    contact_name: Option<String>,
    deeds_summary: String,
    deeds_full: String,
}

fn to_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Checks a nomination's fields for its category: what every nomination needs, what its kind
/// needs, and what the category's eligibility rules need to be checked (a volunteer's years of
/// service and registration).
fn validate(category: &category::Model, input: &NominationInput, today: Date) -> AppResult<Valid> {
    let kind = category.nominee_kind;
    let mut errors = FieldErrors::default();
    let nominee_name = errors.check("nominee_name", required_text(&input.nominee_name, 120));
    let affiliation = if kind == NomineeKind::Person {
        errors.check("affiliation", required_text(&input.affiliation, 200))
    } else {
        errors
            .check(
                "affiliation",
                crate::domain::values::optional_text(&input.affiliation, 200),
            )
            .map(Option::unwrap_or_default)
    };
    let phone = errors
        .check("phone", Phone::parse(&input.phone))
        .map(|p| p.as_str().to_owned());
    let deeds_summary = errors
        .check("deeds_summary", DeedsSummary::parse(&input.deeds_summary))
        .map(DeedsSummary::into_string);
    let deeds_full = errors.check("deeds_full", required_text(&input.deeds_full, 20_000));
    let mut valid = Valid {
        nominee_name: nominee_name.unwrap_or_default(),
        affiliation: affiliation.unwrap_or_default(),
        gender: None,
        birth_date: None,
        phone,
        id_number: None,
        volunteer_hours: None,
        active_since: None,
        registered: None,
        founded_on: None,
        member_count: None,
        contact_name: None,
        deeds_summary: deeds_summary.unwrap_or_default(),
        deeds_full: deeds_full.unwrap_or_default(),
    };
    match kind {
        NomineeKind::Person => {
            if matches!(input.gender.as_str(), "male" | "female") {
                valid.gender = Some(input.gender.clone());
            } else {
                errors.add("gender", "error-required");
            }
            valid.birth_date = errors.check("birth_date", parse_date(&input.birth_date));
            if valid.birth_date.is_some_and(|d| d >= today) {
                errors.add("birth_date", "error-date-future");
            }
            valid.id_number = errors.check("id_number", IdNumber::parse(&input.id_number));
            if let (Some(id), Some(birth)) = (&valid.id_number, valid.birth_date)
                && id.birth_date() != birth
            {
                errors.add("id_number", "error-id-number-birth-mismatch");
            }
            valid.volunteer_hours = errors
                .check(
                    "volunteer_hours",
                    parse_bounded_int(&input.volunteer_hours, 0, 100_000),
                )
                .map(to_i32);
            // Asked for when a rule needs it; kept when given anyway.
            if category.min_years.is_some() || !input.active_since.trim().is_empty() {
                valid.active_since = errors.check("active_since", parse_date(&input.active_since));
                if valid.active_since.is_some_and(|d| d > today) {
                    errors.add("active_since", "error-date-future");
                }
            }
            valid.registered = match input.registered.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            if category.needs_registration == Some(true) && valid.registered.is_none() {
                errors.add("registered", "error-required");
            }
        }
        NomineeKind::Organization | NomineeKind::Project | NomineeKind::Community => {
            valid.contact_name =
                errors.check("contact_name", required_text(&input.contact_name, 64));
            if kind != NomineeKind::Community {
                valid.founded_on = errors.check("founded_on", parse_date(&input.founded_on));
                if valid.founded_on.is_some_and(|d| d > today) {
                    errors.add("founded_on", "error-date-future");
                }
            }
            let members = if kind == NomineeKind::Organization {
                errors.check(
                    "member_count",
                    parse_bounded_int(&input.member_count, 1, 10_000_000).map(Some),
                )
            } else {
                errors.check(
                    "member_count",
                    parse_optional_bounded_int(&input.member_count, 0, 10_000_000),
                )
            };
            valid.member_count = members.flatten().map(to_i32);
        }
    }
    errors.into_result()?;
    Ok(valid)
}

/// The rows of `nomination_grams` for a nomination's name.
pub(crate) fn name_index_rows(n: &nomination::Model) -> Vec<nomination_gram::ActiveModel> {
    migration::name_pieces(&n.nominee_name)
        .into_iter()
        .map(|gram| nomination_gram::ActiveModel {
            gram: Set(gram),
            nomination_id: Set(n.id),
        })
        .collect()
}

/// What the audit log records of a nomination.
pub(crate) fn snapshot(n: &nomination::Model) -> serde_json::Value {
    // Private values are left out: the audit log records that they changed, not what they are.
    json!({
        "category_id": n.category_id,
        "unit_id": n.unit_id,
        "status": n.status,
        "nominee_name": n.nominee_name,
        "affiliation": n.affiliation,
        "volunteer_hours": n.volunteer_hours,
        "active_since": n.active_since.map(|d| d.to_string()),
        "registered": n.registered,
        "founded_on": n.founded_on.map(|d| d.to_string()),
        "member_count": n.member_count,
        "contact_name": n.contact_name,
        "deeds_summary": n.deeds_summary,
        "deeds_full_chars": n.deeds_full.chars().count(),
        "private_fingerprint": crate::pii::sha256_hex(
            format!("{:?}{:?}{:?}", n.phone, n.birth_date, n.id_number_fp).as_bytes()
        ),
        "version": n.version,
    })
}

/// Who may write nominations: unit recommenders (the office reviews, it does not nominate).
fn check_may_nominate(actor: &Actor) -> AppResult<()> {
    if actor.role == Role::Recommender {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A unit starts a nomination in a category of an open campaign; it is saved as a draft.
///
/// # Errors
/// [`AppError::Forbidden`] for roles that do not nominate; [`AppError::NotFound`] for an
/// unknown or unopened campaign or category; [`AppError::Refused`] outside the window;
/// [`AppError::Invalid`] for bad input.
pub async fn create_draft(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
    input: &NominationInput,
) -> AppResult<nomination::Model> {
    check_may_nominate(actor)?;
    let (campaign, category) = campaign_category(app, actor, campaign_id, category_id).await?;
    let life = stages::load(&app.db, &campaign).await?;
    gate::check(&life, Action::Nominate, None, app.config.today())?;
    insert(app, actor, &campaign, &category, input).await
}

/// The campaign and category a unit is about to nominate in, if it may now: what the new
/// nomination form needs.
///
/// # Errors
/// As [`create_draft`], before any input.
pub async fn start(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
) -> AppResult<(campaign::Model, category::Model)> {
    check_may_nominate(actor)?;
    let (campaign, category) = campaign_category(app, actor, campaign_id, category_id).await?;
    let life = stages::load(&app.db, &campaign).await?;
    gate::check(&life, Action::Nominate, None, app.config.today())?;
    Ok((campaign, category))
}

/// Loads a draft into a past campaign (the demo data set, imports): validated like any other,
/// but not bound to the campaign's stage. It moves on only through `review::transition`.
///
/// # Errors
/// As [`create_draft`], without the window.
pub async fn import_draft(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
    input: &NominationInput,
) -> AppResult<nomination::Model> {
    check_may_nominate(actor)?;
    let (campaign, category) = campaign_category(app, actor, campaign_id, category_id).await?;
    insert(app, actor, &campaign, &category, input).await
}

/// The campaign and one of its categories, in one query (it runs on every new nomination): a
/// campaign still in draft is unknown to all but the office, as in `campaigns::get_for`.
async fn campaign_category(
    app: &App,
    actor: &Actor,
    campaign_id: CampaignId,
    category_id: CategoryId,
) -> AppResult<(campaign::Model, category::Model)> {
    let found = category::Entity::find_by_id(category_id.0)
        .filter(category::Column::CampaignId.eq(campaign_id.0))
        .join(
            JoinType::InnerJoin,
            category::Entity::belongs_to(campaign::Entity)
                .from(category::Column::CampaignId)
                .to(campaign::Column::Id)
                .into(),
        )
        .select_also(campaign::Entity)
        .one(&app.db)
        .await?;
    match found {
        Some((category, Some(campaign))) if actor.is_admin() || campaign.stage.is_public() => {
            Ok((campaign, category))
        }
        _ => Err(AppError::NotFound),
    }
}

async fn insert(
    app: &App,
    actor: &Actor,
    campaign: &campaign::Model,
    category: &category::Model,
    input: &NominationInput,
) -> AppResult<nomination::Model> {
    let valid = validate(category, input, app.config.today())?;
    let at = now();
    let mut model = nomination::ActiveModel {
        id: Set(NominationId::new().0),
        campaign_id: Set(campaign.id),
        category_id: Set(category.id),
        unit_id: Set(actor.unit_id),
        nominee_kind: Set(category.nominee_kind),
        status: Set(NominationStatus::Draft),
        level_unit_id: Set(None),
        version: Set(1),
        created_by: Set(actor.user_id),
        submitted_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    apply(app, &mut model, valid)?;
    // Written with the other new nominations of the moment, in one transaction.
    app.intake.add(model, actor.into()).await
}

/// Adds a nomination's name to the name search's index (`nomination_grams`).
///
/// # Errors
/// When the database fails.
pub async fn index_name(db: &impl ConnectionTrait, n: &nomination::Model) -> Result<(), DbErr> {
    let grams = name_index_rows(n);
    if !grams.is_empty() {
        nomination_gram::Entity::insert_many(grams).exec(db).await?;
    }
    Ok(())
}

fn apply(app: &App, model: &mut nomination::ActiveModel, valid: Valid) -> AppResult<()> {
    let (enc, fp) = match &valid.id_number {
        Some(id) => (
            Some(
                app.pii
                    .encrypt(id.as_str())
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            ),
            Some(app.pii.fingerprint(id.as_str())),
        ),
        None => (None, None),
    };
    model.nominee_name = Set(valid.nominee_name);
    model.affiliation = Set(valid.affiliation);
    model.gender = Set(valid.gender);
    model.birth_date = Set(valid.birth_date);
    model.phone = Set(valid.phone);
    model.id_number_enc = Set(enc);
    model.id_number_fp = Set(fp);
    model.volunteer_hours = Set(valid.volunteer_hours);
    model.active_since = Set(valid.active_since);
    model.registered = Set(valid.registered);
    model.founded_on = Set(valid.founded_on);
    model.member_count = Set(valid.member_count);
    model.contact_name = Set(valid.contact_name);
    model.deeds_summary = Set(valid.deeds_summary);
    model.deeds_full = Set(valid.deeds_full);
    Ok(())
}

/// A nomination in the caller's reach: the office sees all; a unit sees its own subtree's.
///
/// # Errors
/// [`AppError::NotFound`] when it does not exist or is out of reach (the same answer, so a
/// response never confirms a record in another unit); reviewers get nothing until evaluation.
pub async fn get_in_reach(
    db: &DatabaseConnection,
    actor: &Actor,
    id: NominationId,
) -> AppResult<(nomination::Model, unit::Model)> {
    if actor.role == Role::Reviewer {
        return Err(AppError::NotFound);
    }
    let found = nomination::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit = unit::Entity::find_by_id(found.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.reaches(&unit.path) {
        return Err(AppError::NotFound);
    }
    Ok((found, unit))
}

/// Loads a draft of the caller's own unit for changing, checking the window and version.
async fn editable(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
    today: Date,
) -> AppResult<(nomination::Model, campaign::Model)> {
    check_may_nominate(actor)?;
    let (found, _) = get_in_reach(&app.db, actor, id).await?;
    // A street may read its communities' nominations but only the nominating unit edits them.
    if found.unit_id != actor.unit_id {
        return Err(AppError::NotFound);
    }
    if found.version != version {
        return Err(AppError::Stale);
    }
    if !workflow::EDITABLE.contains(&found.status) {
        return Err(AppError::Refused("error-nomination-not-draft", vec![]));
    }
    let campaign = campaign::Entity::find_by_id(found.campaign_id)
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    // A draft or declined nomination is edited for submission, a returned one for the office.
    let action = if found.status == NominationStatus::Returned {
        Action::Resubmit
    } else {
        Action::Nominate
    };
    gate::check(
        &stages::load(&app.db, &campaign).await?,
        action,
        None,
        today,
    )?;
    Ok((found, campaign))
}

/// The nominating unit edits its draft.
///
/// # Errors
/// As [`create_draft`], plus [`AppError::Stale`] when the draft changed since it was read and
/// [`AppError::Refused`] once it is submitted.
pub async fn update_draft(
    app: &App,
    actor: &Actor,
    id: NominationId,
    input: &NominationInput,
) -> AppResult<nomination::Model> {
    update_draft_as_of(app, actor, id, input, app.config.today()).await
}

/// [`update_draft`] as of a given day at the office (the demo data set revises a 2022
/// nomination inside that campaign's window).
///
/// # Errors
/// As [`update_draft`].
pub async fn update_draft_as_of(
    app: &App,
    actor: &Actor,
    id: NominationId,
    input: &NominationInput,
    today: Date,
) -> AppResult<nomination::Model> {
    let (found, _) = editable(app, actor, id, input.version, today).await?;
    let category = category::Entity::find_by_id(found.category_id)
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let valid = validate(&category, input, today)?;
    let before = snapshot(&found);
    let mut model: nomination::ActiveModel = found.clone().into();
    apply(app, &mut model, valid)?;
    model.version = Set(found.version + 1);
    model.updated_at = Set(now());
    let txn = db::begin_write(&app.db).await?;
    // The version in the WHERE clause makes the check and the write one step: of two editors
    // who read the same version, exactly one succeeds.
    let result = nomination::Entity::update_many()
        .set(model)
        .filter(nomination::Column::Id.eq(found.id))
        .filter(nomination::Column::Version.eq(found.version))
        .filter(nomination::Column::Status.eq(found.status))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    let updated = nomination::Entity::find_by_id(found.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if updated.nominee_name != found.nominee_name {
        nomination_gram::Entity::delete_many()
            .filter(nomination_gram::Column::NominationId.eq(updated.id))
            .exec(&txn)
            .await?;
        index_name(&txn, &updated).await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("nomination.update", "nomination", id)
            .campaign(updated.campaign_id)
            .before(before)
            .after(snapshot(&updated)),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The nominating unit submits its draft (or a declined one, revised) upward; from now on it
/// is read-only to the unit. See `review::transition`.
///
/// # Errors
/// As `review::transition`.
pub async fn submit(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
) -> AppResult<nomination::Model> {
    review::transition(
        app,
        actor,
        id,
        Transition::Submit,
        version,
        "",
        app.config.today(),
    )
    .await
}

/// The form values of a stored nomination, for editing. The ID number is decrypted for the
/// unit that entered it.
///
/// # Errors
/// When the stored ID number cannot be decrypted (wrong keys).
pub fn input_from_model(app: &App, n: &nomination::Model) -> AppResult<NominationInput> {
    let id_number = match &n.id_number_enc {
        Some(blob) => app
            .pii
            .decrypt(blob)
            .map_err(|e| AppError::Internal(e.to_string()))?,
        None => String::new(),
    };
    Ok(NominationInput {
        nominee_name: n.nominee_name.clone(),
        affiliation: n.affiliation.clone(),
        gender: n.gender.clone().unwrap_or_default(),
        birth_date: n.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        phone: n.phone.clone().unwrap_or_default(),
        id_number,
        volunteer_hours: n.volunteer_hours.map(|h| h.to_string()).unwrap_or_default(),
        active_since: n.active_since.map(|d| d.to_string()).unwrap_or_default(),
        registered: match n.registered {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        founded_on: n.founded_on.map(|d| d.to_string()).unwrap_or_default(),
        member_count: n.member_count.map(|h| h.to_string()).unwrap_or_default(),
        contact_name: n.contact_name.clone().unwrap_or_default(),
        deeds_summary: n.deeds_summary.clone(),
        deeds_full: n.deeds_full.clone(),
        version: n.version,
    })
}

/// Filters of the nomination list.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct NominationFilter {
    /// Only this campaign.
    pub campaign: Option<CampaignId>,
    /// Only this category.
    pub category: Option<CategoryId>,
    /// Only this unit's subtree.
    pub unit: Option<crate::domain::ids::UnitId>,
    /// Only this status (`draft`, `submitted`).
    pub status: Option<String>,
    /// Name contains this text.
    pub q: Option<String>,
    /// Continue after this row (the `next` of the page before).
    pub after: Option<String>,
}

/// One row of the nomination list.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NominationRow {
    /// The nomination.
    pub id: Uuid,
    /// Nominee's name.
    pub nominee_name: String,
    /// Its status.
    #[schema(value_type = String)]
    pub status: NominationStatus,
    /// The category's name.
    pub category_name: String,
    /// The nominating unit's name.
    pub unit_name: String,
    /// The campaign's title.
    pub campaign_title: String,
    /// Last change, RFC 3339.
    pub updated_at: String,
}

/// Rows per page of the nomination list.
pub const PAGE_SIZE: u64 = 50;

/// Counted up to this many; beyond, the list says "more than".
pub const COUNT_CAP: u64 = 1000;

/// A page of the nomination list.
#[derive(Clone, Debug, Serialize)]
pub struct NominationPage {
    /// The rows, newest change first.
    pub rows: Vec<NominationRow>,
    /// How many match, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// More than `total` match.
    pub more: bool,
    /// The `after` of the next page, if there is one.
    pub next: Option<String>,
}

/// The cursor of a row: its last change (Unix nanoseconds) and id.
fn list_cursor(n: &nomination::Model) -> String {
    cursor(n.updated_at, n.id)
}

/// A keyset cursor: a time (Unix nanoseconds) and an id.
pub(crate) fn cursor(at: time::OffsetDateTime, id: Uuid) -> String {
    format!("{}.{id}", at.unix_timestamp_nanos())
}

/// The time and id of a [`cursor`]; `None` for anything else.
pub(crate) fn parse_list_cursor(after: &str) -> Option<(time::OffsetDateTime, Uuid)> {
    let (at, id) = after.split_once('.')?;
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(at.parse().ok()?).ok()?;
    Some((at, Uuid::try_parse(id).ok()?))
}

/// The nominations in the caller's reach, filtered, newest change first, a page at a time
/// (keyset: no OFFSET, so the thousandth page costs what the first does); with how many match,
/// counted up to [`COUNT_CAP`].
///
/// # Errors
/// [`AppError::Forbidden`] for reviewers.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &NominationFilter,
) -> AppResult<NominationPage> {
    use crate::domain::names;
    use sea_orm::sea_query::{Expr, ExprTrait};
    if actor.role == Role::Reviewer {
        return Err(AppError::Forbidden);
    }
    // The units whose nominations the list may show: the caller's subtree, narrowed to the
    // chosen unit's (choosing a unit never widens the caller's reach).
    let mut scopes: Vec<String> = Vec::new();
    if !actor.is_admin() {
        scopes.push(actor.unit_path.clone());
    }
    if let Some(unit_id) = filter.unit
        && let Some(chosen) = unit::Entity::find_by_id(unit_id.0).one(db).await?
    {
        scopes.push(chosen.path);
    }
    let mut cond = Condition::all();
    let mut join_units = false;
    if !scopes.is_empty() {
        let mut units = unit::Entity::find().select_only().column(unit::Column::Id);
        for path in &scopes {
            units = units.filter(unit::Column::Path.starts_with(path.as_str()));
        }
        let ids: Vec<Uuid> = units.limit(2).into_tuple().all(db).await?;
        if let [only] = ids.as_slice() {
            // One unit (a community or a department: they hold no units): its own rows, read
            // in the list's order on (unit_id, updated_at, id), however many others are newer.
            cond = cond.add(nomination::Column::UnitId.eq(*only));
        } else {
            join_units = true;
            for path in &scopes {
                cond = cond.add(unit::Column::Path.starts_with(path.as_str()));
            }
        }
    }
    if let Some(campaign) = filter.campaign {
        cond = cond.add(nomination::Column::CampaignId.eq(campaign.0));
    }
    if let Some(category) = filter.category {
        cond = cond.add(nomination::Column::CategoryId.eq(category.0));
    }
    if let Some(status) = filter.status.as_deref().and_then(parse_status) {
        cond = cond.add(nomination::Column::Status.eq(status));
    }
    let mut by_gram = false;
    if let Some(q) = filter
        .q
        .as_deref()
        .and_then(crate::domain::values::search_term)
    {
        // The nominations holding the term's rarest pieces of the name index are the only
        // candidates, when they are few; else (a common surname) the list is walked in order,
        // testing each name in the (updated_at, id, nominee_name) index, and matches come soon.
        let pieces = names::rare_pieces(db, names::NOMINATIONS, &q).await?;
        if !pieces.is_empty() {
            by_gram = true;
            cond = cond.add(
                nomination::Column::Id.in_subquery(names::holders(names::NOMINATIONS, &pieces)),
            );
        }
        cond = cond.add(names::contains_literally(
            nomination::Column::NomineeName,
            &q,
        ));
    }
    let mut query = nomination::Entity::find();
    if join_units {
        query = query.join(JoinType::InnerJoin, nomination_unit());
    }
    let query = query.filter(cond);
    let backend = db.get_database_backend();
    let total = names::count_up_to(
        db,
        query.clone().select_only().column(nomination::Column::Id),
        COUNT_CAP + 1,
    )
    .await?;
    let mut page = query;
    if let Some((at, id)) = filter.after.as_deref().and_then(parse_list_cursor) {
        page = page.filter(
            Expr::tuple([
                Expr::col((nomination::Entity, nomination::Column::UpdatedAt)),
                Expr::col((nomination::Entity, nomination::Column::Id)),
            ])
            .lt(Expr::tuple([Expr::val(at), Expr::val(id)])),
        );
    }
    page = if by_gram && backend == sea_orm::DbBackend::Sqlite {
        // The bigram's few candidates, looked up by id and sorted, beat walking the
        // (updated_at, id) index and checking each row: the unary plus keeps SQLite from
        // ordering by the index. Same order, same rows.
        page.order_by(
            Expr::cust("+\"nominations\".\"updated_at\""),
            sea_orm::Order::Desc,
        )
    } else {
        page.order_by_desc(nomination::Column::UpdatedAt)
    };
    let mut found = page
        .order_by_desc(nomination::Column::Id)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let next = if found.len() as u64 > PAGE_SIZE {
        found.truncate(usize::try_from(PAGE_SIZE).unwrap_or(50));
        found.last().map(list_cursor)
    } else {
        None
    };
    let rows = describe(db, found).await?;
    Ok(NominationPage {
        rows,
        total: Ord::min(total, COUNT_CAP),
        more: total > COUNT_CAP,
        next,
    })
}

/// Parses a status name (`draft`, `pending`, `at_office` …).
#[must_use]
pub fn parse_status(name: &str) -> Option<NominationStatus> {
    use sea_orm::Iterable;
    NominationStatus::iter().find(|s| crate::domain::name_of(s) == name)
}

/// The join from a nomination to its nominating unit.
pub(crate) fn nomination_unit() -> sea_orm::RelationDef {
    nomination::Entity::belongs_to(unit::Entity)
        .from(nomination::Column::UnitId)
        .to(unit::Column::Id)
        .into()
}

pub(crate) async fn describe(
    db: &DatabaseConnection,
    found: Vec<nomination::Model>,
) -> AppResult<Vec<NominationRow>> {
    // Each unit, category and campaign once, however many rows share it.
    let ids = |f: fn(&nomination::Model) -> Uuid| -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = found.iter().map(f).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids(|n| n.unit_id)))
        .all(db)
        .await?;
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(ids(|n| n.category_id)))
        .all(db)
        .await?;
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids(|n| n.campaign_id)))
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .map(|n| NominationRow {
            id: n.id,
            status: n.status,
            category_name: categories
                .iter()
                .find(|c| c.id == n.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            unit_name: units
                .iter()
                .find(|u| u.id == n.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            campaign_title: campaigns
                .iter()
                .find(|c| c.id == n.campaign_id)
                .map(|c| c.title.clone())
                .unwrap_or_default(),
            updated_at: crate::domain::local_time(n.updated_at),
            nominee_name: n.nominee_name,
        })
        .collect())
}

/// The kind of a file, judged by its first bytes (never by its name or the browser's word).
#[must_use]
pub fn sniff_content_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The nominating unit attaches a file to its draft: JPEG, PNG or PDF by content, within the
/// configured size. The bytes go to the storage directory under the attachment's id.
///
/// # Errors
/// As [`update_draft`], plus [`AppError::Invalid`] on `file` for a wrong type, an empty or too
/// large file, or too many attachments.
pub async fn add_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
    filename: &str,
    bytes: &[u8],
) -> AppResult<attachment::Model> {
    let (found, _) = editable(app, actor, id, version, app.config.today()).await?;
    let mut errors = FieldErrors::default();
    let content_type = sniff_content_type(bytes);
    if bytes.is_empty() {
        errors.add("file", "error-file-empty");
    } else if bytes.len() as u64 > app.config.attachment_max_bytes {
        errors.add("file", "error-file-too-large");
    } else if content_type.is_none() {
        errors.add("file", "error-file-type");
    }
    let count = attachment::Entity::find()
        .filter(attachment::Column::NominationId.eq(found.id))
        .count(&app.db)
        .await?;
    if count >= MAX_ATTACHMENTS {
        errors.add("file", "error-file-too-many");
    }
    errors.into_result()?;
    let attachment_id = AttachmentId::new();
    let dir = app.config.storage_dir();
    let path = dir.join(attachment_id.to_string());
    rocket::tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(format!("storage {}: {e}", dir.display())))?;
    rocket::tokio::fs::write(&path, bytes)
        .await
        .map_err(|e| AppError::Internal(format!("storage {}: {e}", path.display())))?;
    let clean_name: String = filename
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(200)
        .collect();
    let txn = db::begin_write(&app.db).await?;
    let saved = attachment::ActiveModel {
        id: Set(attachment_id.0),
        nomination_id: Set(found.id),
        filename: Set(if clean_name.is_empty() {
            attachment_id.to_string()
        } else {
            clean_name
        }),
        content_type: Set(content_type
            .unwrap_or("application/octet-stream")
            .to_owned()),
        size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
        sha256: Set(crate::pii::sha256_hex(bytes)),
        uploaded_by: Set(actor.user_id),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("attachment.create", "attachment", saved.id)
            .campaign(found.campaign_id)
            .after(json!({ "nomination_id": found.id, "filename": saved.filename, "sha256": saved.sha256, "size": saved.size })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The nominating unit removes an attachment from its draft.
///
/// # Errors
/// As [`update_draft`]; [`AppError::NotFound`] for an attachment of another nomination.
pub async fn remove_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
    attachment_id: AttachmentId,
) -> AppResult<()> {
    let (found, _) = editable(app, actor, id, version, app.config.today()).await?;
    let existing = attachment::Entity::find_by_id(attachment_id.0)
        .one(&app.db)
        .await?
        .filter(|a| a.nomination_id == found.id)
        .ok_or(AppError::NotFound)?;
    let txn = db::begin_write(&app.db).await?;
    attachment::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("attachment.delete", "attachment", existing.id)
            .campaign(found.campaign_id)
            .before(json!({ "nomination_id": found.id, "filename": existing.filename, "sha256": existing.sha256 })),
    )
    .await?;
    txn.commit().await?;
    // The row is gone; a leftover file is harmless and unreachable.
    let _ = rocket::tokio::fs::remove_file(app.config.storage_dir().join(existing.id.to_string()))
        .await;
    Ok(())
}

/// The attachments of a nomination, oldest first.
///
/// # Errors
/// When the database fails.
pub async fn attachments_of(
    db: &DatabaseConnection,
    id: Uuid,
) -> AppResult<Vec<attachment::Model>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::NominationId.eq(id))
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?)
}

/// An attachment and its bytes, if its nomination is in the caller's reach.
///
/// # Errors
/// [`AppError::NotFound`] when out of reach or missing.
pub async fn read_attachment(
    app: &App,
    actor: &Actor,
    id: NominationId,
    attachment_id: AttachmentId,
) -> AppResult<(attachment::Model, Vec<u8>)> {
    let (found, _) = get_in_reach(&app.db, actor, id).await?;
    attachment_bytes(app, found.id, attachment_id).await
}

/// An attachment of a nomination the caller was already allowed to read (their unit's, or one
/// assigned to them for scoring), with its bytes.
///
/// # Errors
/// [`AppError::NotFound`] when the attachment is not the nomination's or its file is gone.
pub async fn attachment_bytes(
    app: &App,
    nomination_id: uuid::Uuid,
    attachment_id: AttachmentId,
) -> AppResult<(attachment::Model, Vec<u8>)> {
    let existing = attachment::Entity::find_by_id(attachment_id.0)
        .one(&app.db)
        .await?
        .filter(|a| a.nomination_id == nomination_id)
        .ok_or(AppError::NotFound)?;
    let bytes = rocket::tokio::fs::read(app.config.storage_dir().join(existing.id.to_string()))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((existing, bytes))
}

/// The decrypted ID number, masked, for display to those who may see the nomination.
#[must_use]
pub fn masked_id_number(app: &App, n: &nomination::Model) -> Option<String> {
    let blob = n.id_number_enc.as_ref()?;
    let plain = app.pii.decrypt(blob).ok()?;
    IdNumber::parse(&plain).ok().map(|id| id.masked())
}
