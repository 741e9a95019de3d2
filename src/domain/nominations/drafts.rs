//! A nomination as its unit writes it (填报): the form and its validation, a new draft, edits
//! while it is the unit's to change, submission, and the values the edit form shows.

use super::*;

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
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub volunteer_hours: String,
    /// `YYYY-MM-DD` since when the volunteer serves (person; required when the category
    /// counts years of service).
    #[field(default = String::new())]
    pub active_since: String,
    /// Registered on the national volunteer service information system (person; required
    /// when the category asks for registration): `true` or `false` (the form sends `yes` or
    /// `no`).
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<bool>)]
    pub registered: String,
    /// Founding date (organization) or start date (project).
    #[field(default = String::new())]
    pub founded_on: String,
    /// Registered volunteers (organization, community).
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
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
    crate::domain::names::name_pieces(&n.nominee_name)
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
pub(super) async fn campaign_category(
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
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NominationId,
) -> AppResult<(nomination::Model, unit::Model)> {
    if matches!(actor.role, Role::Reviewer | Role::Agency) {
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
pub(super) async fn editable(
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

/// The form values of a stored nomination, for editing. The ID number is decrypted for the
/// unit that entered it.
///
/// # Errors
/// When the stored ID number cannot be decrypted (wrong keys).
pub fn input_from_model(app: &App, n: &nomination::Model) -> AppResult<NominationInput> {
    let id_number = id_number_of(app, n)?.unwrap_or_default();
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

/// The decrypted ID number, for those who may read it whole (the unit that entered it, an
/// agency clearing the nominee, each such read audited by its caller).
///
/// # Errors
/// When the stored ID number cannot be decrypted (wrong keys).
pub fn id_number_of(app: &App, n: &nomination::Model) -> AppResult<Option<String>> {
    n.id_number_enc
        .as_ref()
        .map(|blob| {
            app.pii
                .decrypt(blob)
                .map_err(|e| AppError::Internal(e.to_string()))
        })
        .transpose()
}

/// The decrypted ID number, masked, for display to those who may see the nomination.
#[must_use]
pub fn masked_id_number(app: &App, n: &nomination::Model) -> Option<String> {
    masked_blob(&app.pii, n.id_number_enc.as_ref()?)
}

/// An encrypted ID number, masked, with the keys alone (for work that outlives a request).
pub(crate) fn masked_blob(pii: &crate::pii::PiiKeys, blob: &[u8]) -> Option<String> {
    let plain = pii.decrypt(blob).ok()?;
    IdNumber::parse(&plain).ok().map(|id| id.masked())
}
