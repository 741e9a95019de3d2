//! Campaigns (宣传发动, publicity and mobilization): the office sets one up with its
//! categories, quotas and timeline; `domain::stages` moves it through its stages.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        eligibility,
        ids::{CampaignId, CategoryId},
        now,
        stages::{self, Deadlines, Lifecycle, Plan},
        values::{parse_bounded_int, parse_date, parse_optional_bounded_int, required_text},
        workflow::{Action, gate},
    },
    entity::{
        campaign::{self, StageKind},
        category::{self, NomineeKind},
        nomination,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// The four standard categories (DESIGN.md): key and nominee kind, in order.
pub const STANDARD_CATEGORIES: [(&str, NomineeKind); 4] = [
    ("volunteer", NomineeKind::Person),
    ("organization", NomineeKind::Organization),
    ("project", NomineeKind::Project),
    ("community", NomineeKind::Community),
];

/// Reviewers per nomination unless a category says otherwise.
pub const DEFAULT_REVIEWERS: i32 = 5;

/// The aggregation method unless a campaign says otherwise: drop the highest and the lowest
/// score (去掉一个最高分和一个最低分).
pub const DEFAULT_AGGREGATION: &str = "trimmed_mean";

/// The aggregation methods a campaign may choose.
pub const AGGREGATIONS: [&str; 3] = ["trimmed_mean", "mean", "z_score"];

/// A campaign as the office fills it in; every field is the raw text of the form.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    /// Title, e.g. 2022年度学雷锋志愿服务先进典型.
    #[field(default = String::new())]
    pub title: String,
    /// The campaign year.
    #[field(default = String::new())]
    pub year: String,
    /// The organizing office.
    #[field(default = String::new())]
    pub organizer: String,
    /// The publicity text.
    #[field(default = String::new())]
    pub description: String,
    /// First day nominations are taken.
    #[field(default = String::new())]
    pub nomination_opens_on: String,
    /// Last day nominations are taken.
    #[field(default = String::new())]
    pub nomination_closes_on: String,
    /// Last day streets recommend upward (when streets recommend).
    #[field(default = String::new())]
    pub street_closes_on: String,
    /// Last day districts recommend upward (when districts recommend).
    #[field(default = String::new())]
    pub district_closes_on: String,
    /// Whether streets recommend upward.
    pub recommend_street: bool,
    /// Whether districts recommend upward.
    pub recommend_district: bool,
    /// How the panel's scores are aggregated: `trimmed_mean`, `mean` or `z_score`.
    #[field(default = String::new())]
    pub aggregation: String,
    /// Last day of the office's review (and of resubmissions).
    #[field(default = String::new())]
    pub review_closes_on: String,
    /// Last day of scoring, or empty for none.
    #[field(default = String::new())]
    pub evaluation_closes_on: String,
    /// First day of the public notice.
    #[field(default = String::new())]
    pub notice_starts_on: String,
    /// Day the final list is announced.
    #[field(default = String::new())]
    pub announced_on: String,
    /// The version the editor saw (editing only).
    #[field(default = 0)]
    pub version: i32,
    /// The categories; rows without a name are ignored.
    pub categories: Vec<CategoryInput>,
    /// The campaign this one copies (a new campaign started from last year's): its
    /// categories' rubrics are copied too. Empty for a new one.
    #[field(default = String::new())]
    pub copy_of: String,
}

/// One category row of the campaign form.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CategoryInput {
    /// The existing category's id (editing), or empty for a new one.
    #[field(default = String::new())]
    pub id: String,
    /// Stable key (`volunteer` …); generated for added categories.
    #[field(default = String::new())]
    pub key: String,
    /// Display name, e.g. 最美志愿者.
    #[field(default = String::new())]
    pub name: String,
    /// `person`, `organization`, `project` or `community`.
    #[field(default = String::new())]
    pub nominee_kind: String,
    /// How many honorees in total.
    #[field(default = String::new())]
    pub quota: String,
    /// How many nominations one unit may recommend upward.
    #[field(default = String::new())]
    pub unit_quota: String,
    /// Eligibility: minimum volunteer service hours that year (persons), or empty.
    #[field(default = String::new())]
    pub min_hours: String,
    /// Eligibility: the years a volunteer has served, an organization has existed or a
    /// project has run (not communities), or empty.
    #[field(default = String::new())]
    pub min_years: String,
    /// Eligibility: a volunteer must be registered on the national volunteer service
    /// information system (persons).
    pub needs_registration: bool,
    /// Eligibility: the volunteers an organization has at least, or empty.
    #[field(default = String::new())]
    pub min_members: String,
    /// How many reviewers score each nomination.
    #[field(default = String::new())]
    pub reviewers_per_nomination: String,
    /// Whether a shortlist place needs a majority of approvals.
    pub require_majority: bool,
}

/// Parses a nominee kind name.
#[must_use]
pub fn parse_nominee_kind(text: &str) -> Option<NomineeKind> {
    match text {
        "person" => Some(NomineeKind::Person),
        "organization" => Some(NomineeKind::Organization),
        "project" => Some(NomineeKind::Project),
        "community" => Some(NomineeKind::Community),
        _ => None,
    }
}

impl CampaignInput {
    /// A blank form with the four standard categories pre-filled (names in `lang`).
    #[must_use]
    pub fn blank(lang: crate::i18n::Lang, today: Date) -> Self {
        let categories = STANDARD_CATEGORIES
            .iter()
            .map(|(key, kind)| {
                let (years, registration, hours, members) = eligibility::defaults(*kind);
                let text = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
                CategoryInput {
                    id: String::new(),
                    key: (*key).to_owned(),
                    name: crate::i18n::t(lang, &format!("category-{key}")),
                    nominee_kind: kind_name(*kind).to_owned(),
                    quota: "10".into(),
                    unit_quota: "1".into(),
                    min_hours: text(hours),
                    min_years: text(years),
                    needs_registration: registration,
                    min_members: text(members),
                    reviewers_per_nomination: DEFAULT_REVIEWERS.to_string(),
                    require_majority: false,
                }
            })
            .collect();
        Self {
            year: today.year().to_string(),
            recommend_street: true,
            recommend_district: true,
            aggregation: DEFAULT_AGGREGATION.into(),
            categories,
            ..Self::default()
        }
    }

    /// The form for an existing campaign.
    #[must_use]
    pub fn from_models(
        campaign: &campaign::Model,
        categories: &[category::Model],
        life: &Lifecycle,
    ) -> Self {
        let plan = Plan::of(life);
        let day = |pick: fn(&Plan) -> Option<Date>| {
            plan.as_ref()
                .and_then(pick)
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        Self {
            title: campaign.title.clone(),
            year: campaign.year.to_string(),
            organizer: campaign.organizer.clone(),
            description: campaign.description.clone(),
            nomination_opens_on: day(|p| Some(p.nomination_opens_on)),
            nomination_closes_on: day(|p| p.deadlines.submit),
            street_closes_on: day(|p| p.deadlines.street),
            district_closes_on: day(|p| p.deadlines.district),
            recommend_street: crate::domain::workflow::levels(campaign)
                .contains(&crate::entity::unit::UnitKind::Street),
            recommend_district: crate::domain::workflow::levels(campaign)
                .contains(&crate::entity::unit::UnitKind::District),
            aggregation: campaign
                .aggregation
                .clone()
                .unwrap_or_else(|| DEFAULT_AGGREGATION.into()),
            review_closes_on: day(|p| Some(p.review_closes_on)),
            evaluation_closes_on: day(|p| p.evaluation_closes_on),
            notice_starts_on: day(|p| Some(p.notice_starts_on)),
            announced_on: day(|p| Some(p.announced_on)),
            version: campaign.version,
            categories: categories
                .iter()
                .map(|c| CategoryInput {
                    id: c.id.to_string(),
                    key: c.key.clone(),
                    name: c.name.clone(),
                    nominee_kind: kind_name(c.nominee_kind).to_owned(),
                    quota: c.quota.to_string(),
                    unit_quota: c.unit_quota.to_string(),
                    min_hours: c.min_hours.map(|h| h.to_string()).unwrap_or_default(),
                    min_years: c.min_years.map(|y| y.to_string()).unwrap_or_default(),
                    needs_registration: c.needs_registration.unwrap_or(false),
                    min_members: c.min_members.map(|m| m.to_string()).unwrap_or_default(),
                    reviewers_per_nomination: c
                        .reviewers_per_nomination
                        .unwrap_or(DEFAULT_REVIEWERS)
                        .to_string(),
                    require_majority: c.require_majority.unwrap_or(false),
                })
                .collect(),
            copy_of: String::new(),
        }
    }
}

/// The form value of a nominee kind.
#[must_use]
pub fn kind_name(kind: NomineeKind) -> &'static str {
    match kind {
        NomineeKind::Person => "person",
        NomineeKind::Organization => "organization",
        NomineeKind::Project => "project",
        NomineeKind::Community => "community",
    }
}

/// A validated campaign.
struct Valid {
    title: String,
    year: i32,
    organizer: String,
    description: String,
    plan: Plan,
    levels: String,
    aggregation: String,
    categories: Vec<ValidCategory>,
}

struct ValidCategory {
    id: Option<Uuid>,
    key: String,
    name: String,
    kind: NomineeKind,
    quota: i32,
    unit_quota: i32,
    min_hours: Option<i32>,
    min_years: Option<i32>,
    needs_registration: bool,
    min_members: Option<i32>,
    reviewers: i32,
    require_majority: bool,
}

fn to_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Which stage a timeline field of the campaign form dates.
fn stage_of_field(field: &str) -> StageKind {
    match field {
        "review_closes_on" => StageKind::Review,
        "evaluation_closes_on" => StageKind::Evaluation,
        "notice_starts_on" => StageKind::Notice,
        "announced_on" => StageKind::FinalList,
        _ => StageKind::Recommendation,
    }
}

/// Validates the form. `reached` says whether the campaign has reached a stage: the dates of
/// a stage it has reached record what happened (a notice published early, say) and need not
/// follow the stage before; within a stage, and for stages ahead, the order holds.
fn validate(input: &CampaignInput, reached: &dyn Fn(StageKind) -> bool) -> AppResult<Valid> {
    let mut errors = FieldErrors::default();
    let title = errors.check("title", required_text(&input.title, 120));
    let year = errors.check("year", parse_bounded_int(&input.year, 2000, 2100));
    let organizer = errors.check("organizer", required_text(&input.organizer, 120));
    let description = errors.check("description", required_text(&input.description, 10_000));
    // The timeline in order; a level that does not recommend has no deadline, and the end
    // of scoring is optional.
    let fields: [(&str, &String, bool); 8] = [
        ("nomination_opens_on", &input.nomination_opens_on, true),
        ("nomination_closes_on", &input.nomination_closes_on, true),
        (
            "street_closes_on",
            &input.street_closes_on,
            input.recommend_street,
        ),
        (
            "district_closes_on",
            &input.district_closes_on,
            input.recommend_district,
        ),
        ("review_closes_on", &input.review_closes_on, true),
        ("evaluation_closes_on", &input.evaluation_closes_on, false),
        ("notice_starts_on", &input.notice_starts_on, true),
        ("announced_on", &input.announced_on, true),
    ];
    let mut dates: Vec<Option<Date>> = Vec::new();
    let mut complete = true;
    for (field, text, required) in fields {
        let skip = !required
            && (text.trim().is_empty()
                || (field == "street_closes_on" && !input.recommend_street)
                || (field == "district_closes_on" && !input.recommend_district));
        if skip {
            dates.push(None);
            continue;
        }
        let parsed = errors.check(field, parse_date(text));
        complete &= parsed.is_some();
        dates.push(parsed);
    }
    // Each stage starts no earlier than the one before it.
    let mut previous: Option<(Date, StageKind)> = None;
    for (at, date) in dates.iter().enumerate() {
        if let Some(date) = date {
            let stage = stage_of_field(fields[at].0);
            let checked = previous.is_some_and(|(_, before)| before == stage || !reached(stage));
            if checked && previous.is_some_and(|(p, _)| *date < p) {
                errors.add(fields[at].0, "error-timeline-order");
            }
            previous = Some((*date, stage));
        }
    }
    let mut categories = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for (index, row) in input.categories.iter().enumerate() {
        if row.name.trim().is_empty() && row.id.trim().is_empty() {
            continue;
        }
        let field = |name: &str| format!("categories[{index}].{name}");
        let name = errors.check(&field("name"), required_text(&row.name, 60));
        let kind = parse_nominee_kind(&row.nominee_kind);
        if kind.is_none() {
            errors.add(&field("nominee_kind"), "error-required");
        }
        let quota = errors.check(&field("quota"), parse_bounded_int(&row.quota, 1, 1000));
        let unit_quota = errors.check(
            &field("unit_quota"),
            parse_bounded_int(&row.unit_quota, 1, 1000),
        );
        if let (Some(quota), Some(unit_quota)) = (quota, unit_quota)
            && unit_quota > quota
        {
            errors.add(&field("unit_quota"), "error-unit-quota-above-total");
        }
        let min_hours = errors.check(
            &field("min_hours"),
            parse_optional_bounded_int(&row.min_hours, 0, 100_000),
        );
        let min_years = errors.check(
            &field("min_years"),
            parse_optional_bounded_int(&row.min_years, 0, 100),
        );
        let min_members = errors.check(
            &field("min_members"),
            parse_optional_bounded_int(&row.min_members, 0, 10_000_000),
        );
        // Empty means the default: a campaign saved before panels existed has no value here.
        let reviewers = if row.reviewers_per_nomination.trim().is_empty() {
            Some(i64::from(DEFAULT_REVIEWERS))
        } else {
            errors.check(
                &field("reviewers_per_nomination"),
                parse_bounded_int(&row.reviewers_per_nomination, 1, 50),
            )
        };
        let key = if row.key.trim().is_empty() {
            format!("category-{}", index + 1)
        } else {
            row.key.trim().chars().take(32).collect()
        };
        if !keys.insert(key.clone()) {
            errors.add(&field("name"), "error-category-duplicate");
        }
        if let (
            Some(name),
            Some(kind),
            Some(quota),
            Some(unit_quota),
            Some(min_hours),
            Some(min_years),
            Some(min_members),
            Some(reviewers),
        ) = (
            name,
            kind,
            quota,
            unit_quota,
            min_hours,
            min_years,
            min_members,
            reviewers,
        ) {
            // A rule that does not apply to the kind is not kept.
            let (years, registration, hours, members) = eligibility::applies(kind);
            categories.push(ValidCategory {
                id: Uuid::try_parse(row.id.trim()).ok(),
                key,
                name,
                kind,
                quota: to_i32(quota),
                unit_quota: to_i32(unit_quota),
                min_hours: min_hours.filter(|_| hours).map(to_i32),
                min_years: min_years.filter(|_| years).map(to_i32),
                needs_registration: registration && row.needs_registration,
                min_members: min_members.filter(|_| members).map(to_i32),
                reviewers: to_i32(reviewers),
                require_majority: row.require_majority,
            });
        }
    }
    if input
        .categories
        .iter()
        .all(|row| row.name.trim().is_empty())
    {
        errors.add("categories", "error-category-needed");
    }
    errors.into_result()?;
    let plan = match (dates[0], dates[1], dates[4], dates[6], dates[7]) {
        (Some(opens), Some(submit), Some(review), Some(notice), Some(announced)) if complete => {
            Plan {
                nomination_opens_on: opens,
                deadlines: Deadlines {
                    submit: Some(submit),
                    street: dates[2],
                    district: dates[3],
                },
                review_closes_on: review,
                evaluation_closes_on: dates[5],
                notice_starts_on: notice,
                announced_on: announced,
            }
        }
        _ => return Err(AppError::Internal("validated dates missing".into())),
    };
    let levels = [
        (input.recommend_street, "street"),
        (input.recommend_district, "district"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, kind)| *kind)
    .collect::<Vec<_>>()
    .join(",");
    let aggregation = if AGGREGATIONS.contains(&input.aggregation.as_str()) {
        input.aggregation.clone()
    } else {
        DEFAULT_AGGREGATION.to_owned()
    };
    match (title, year, organizer, description) {
        (Some(title), Some(year), Some(organizer), Some(description)) => Ok(Valid {
            title,
            year: to_i32(year),
            organizer,
            description,
            plan,
            levels,
            aggregation,
            categories,
        }),
        _ => Err(AppError::Internal("validated fields missing".into())),
    }
}

fn snapshot(
    campaign: &campaign::Model,
    categories: &[category::Model],
    plan: Option<&Plan>,
) -> serde_json::Value {
    json!({
        "title": campaign.title,
        "year": campaign.year,
        "organizer": campaign.organizer,
        "stage": campaign.stage,
        "recommend_levels": campaign.recommend_levels,
        "timeline": plan.map(|p| json!({
            "nomination_opens_on": p.nomination_opens_on.to_string(),
            "deadlines": p.deadlines,
            "review_closes_on": p.review_closes_on.to_string(),
            "evaluation_closes_on": p.evaluation_closes_on.map(|d| d.to_string()),
            "notice_starts_on": p.notice_starts_on.to_string(),
            "announced_on": p.announced_on.to_string(),
        })),
        "categories": categories.iter().map(|c| json!({
            "key": c.key, "name": c.name, "kind": c.nominee_kind,
            "quota": c.quota, "unit_quota": c.unit_quota, "min_hours": c.min_hours,
            "min_years": c.min_years, "needs_registration": c.needs_registration,
            "min_members": c.min_members,
        })).collect::<Vec<_>>(),
    })
}

/// The office creates a campaign, as a draft.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::Invalid`] for bad input.
pub async fn create_campaign(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &CampaignInput,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let valid = validate(input, &|_| false)?;
    let at = now();
    let txn = db::begin_write(db).await?;
    let campaign = campaign::ActiveModel {
        id: Set(CampaignId::new().0),
        title: Set(valid.title),
        year: Set(valid.year),
        organizer: Set(valid.organizer),
        description: Set(valid.description),
        stage: Set(StageKind::Draft),
        recommend_levels: Set(Some(valid.levels)),
        aggregation: Set(Some(valid.aggregation)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(&txn)
    .await?;
    stages::create(&txn, campaign.id, &valid.plan).await?;
    let categories = save_categories(&txn, campaign.id, valid.categories).await?;
    let copied = match Uuid::try_parse(input.copy_of.trim()) {
        Ok(source) => copy_rubrics(&txn, source, &categories).await?,
        Err(_) => None,
    };
    let mut after = snapshot(&campaign, &categories, Some(&valid.plan));
    after["copy_of"] = json!(copied);
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.create", "campaign", campaign.id)
            .campaign(campaign.id)
            .after(after),
    )
    .await?;
    txn.commit().await?;
    Ok(campaign)
}

/// Copies the rubric of each category of `source` to the category with the same key among
/// `categories`. Returns the source's id when it exists.
async fn copy_rubrics(
    conn: &impl ConnectionTrait,
    source: Uuid,
    categories: &[category::Model],
) -> AppResult<Option<Uuid>> {
    use crate::entity::criterion;
    if campaign::Entity::find_by_id(source)
        .one(conn)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let old = categories_of(conn, source.into()).await?;
    for new in categories {
        let Some(from) = old.iter().find(|c| c.key == new.key) else {
            continue;
        };
        let rows: Vec<criterion::ActiveModel> = criterion::Entity::find()
            .filter(criterion::Column::CategoryId.eq(from.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| criterion::ActiveModel {
                id: Set(Uuid::now_v7()),
                category_id: Set(new.id),
                position: Set(c.position),
                name: Set(c.name),
                max_points: Set(c.max_points),
                weight: Set(c.weight),
            })
            .collect();
        if !rows.is_empty() {
            criterion::Entity::insert_many(rows).exec(conn).await?;
        }
    }
    Ok(Some(source))
}

/// A day one year on (28 February for a 29 February).
fn a_year_on(day: Date) -> Date {
    day.replace_year(day.year() + 1)
        .or_else(|_| {
            day.replace_day(28)
                .and_then(|d| d.replace_year(day.year() + 1))
        })
        .unwrap_or(day)
}

/// The form of a new campaign started as a copy of `from` (last year's): its categories,
/// quotas, levels, aggregation and rubrics, its dates a year on, its title and year one on.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn copy_form(
    db: &DatabaseConnection,
    actor: &Actor,
    from: CampaignId,
) -> AppResult<CampaignInput> {
    let mut form = form_of(db, actor, from).await?;
    let year: i32 = form.year.parse().unwrap_or_default();
    form.title = form
        .title
        .replace(&year.to_string(), &(year + 1).to_string());
    form.year = (year + 1).to_string();
    for day in [
        &mut form.nomination_opens_on,
        &mut form.nomination_closes_on,
        &mut form.street_closes_on,
        &mut form.district_closes_on,
        &mut form.review_closes_on,
        &mut form.evaluation_closes_on,
        &mut form.notice_starts_on,
        &mut form.announced_on,
    ] {
        if let Ok(date) = parse_date(day) {
            *day = a_year_on(date).to_string();
        }
    }
    for row in &mut form.categories {
        row.id = String::new();
    }
    form.version = 0;
    form.copy_of = from.to_string();
    Ok(form)
}

async fn save_categories(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    rows: Vec<ValidCategory>,
) -> AppResult<Vec<category::Model>> {
    let existing = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?;
    // A category that nominations refer to cannot disappear.
    for old in &existing {
        if !rows.iter().any(|row| row.id == Some(old.id)) {
            let used = nomination::Entity::find()
                .filter(nomination::Column::CategoryId.eq(old.id))
                .count(conn)
                .await?;
            if used > 0 {
                return Err(AppError::Refused(
                    "error-category-in-use",
                    vec![("name", old.name.clone())],
                ));
            }
            category::Entity::delete_by_id(old.id).exec(conn).await?;
        }
    }
    let mut saved = Vec::new();
    for (position, row) in rows.into_iter().enumerate() {
        let position = i32::try_from(position).unwrap_or(i32::MAX);
        let model = match row.id.and_then(|id| existing.iter().find(|c| c.id == id)) {
            Some(old) => {
                if old.nominee_kind != row.kind {
                    let used = nomination::Entity::find()
                        .filter(nomination::Column::CategoryId.eq(old.id))
                        .count(conn)
                        .await?;
                    if used > 0 {
                        return Err(AppError::Refused(
                            "error-category-in-use",
                            vec![("name", old.name.clone())],
                        ));
                    }
                }
                let mut model: category::ActiveModel = old.clone().into();
                model.name = Set(row.name);
                model.nominee_kind = Set(row.kind);
                model.quota = Set(row.quota);
                model.unit_quota = Set(row.unit_quota);
                model.min_hours = Set(row.min_hours);
                model.min_years = Set(row.min_years);
                model.needs_registration = Set(Some(row.needs_registration));
                model.min_members = Set(row.min_members);
                model.reviewers_per_nomination = Set(Some(row.reviewers));
                model.require_majority = Set(Some(row.require_majority));
                model.position = Set(position);
                model.update(conn).await?
            }
            None => {
                category::ActiveModel {
                    id: Set(CategoryId::new().0),
                    campaign_id: Set(campaign_id),
                    key: Set(row.key),
                    name: Set(row.name),
                    nominee_kind: Set(row.kind),
                    quota: Set(row.quota),
                    unit_quota: Set(row.unit_quota),
                    min_hours: Set(row.min_hours),
                    min_years: Set(row.min_years),
                    needs_registration: Set(Some(row.needs_registration)),
                    min_members: Set(row.min_members),
                    position: Set(position),
                    reviewers_per_nomination: Set(Some(row.reviewers)),
                    require_majority: Set(Some(row.require_majority)),
                }
                .insert(conn)
                .await?
            }
        };
        saved.push(model);
    }
    Ok(saved)
}

/// The office edits a campaign, in the stages that allow it (until the final list). The
/// version it saw must still be current.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`] when someone else
/// saved first; [`AppError::Invalid`]; [`AppError::Refused`] outside those stages or for a
/// category in use.
pub async fn update_campaign(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    input: &CampaignInput,
    today: Date,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    // The stage first: a form that could never be saved is not checked field by field.
    let (found, _) = get_any(db, id).await?;
    let life = stages::load(db, &found).await?;
    gate::check(&life, Action::EditCampaign, None, today)?;
    let valid = validate(input, &|stage| life.reached(stage))?;
    let txn = db::begin_write(db).await?;
    let existing = campaign::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if existing.version != input.version {
        return Err(AppError::Stale);
    }
    let life = stages::load(&txn, &existing).await?;
    gate::check(&life, Action::EditCampaign, None, today)?;
    let before = snapshot(
        &existing,
        &categories_of(&txn, id).await?,
        Plan::of(&life).as_ref(),
    );
    let mut model: campaign::ActiveModel = existing.clone().into();
    model.title = Set(valid.title);
    model.year = Set(valid.year);
    model.organizer = Set(valid.organizer);
    model.description = Set(valid.description);
    model.recommend_levels = Set(Some(valid.levels));
    model.aggregation = Set(Some(valid.aggregation));
    model.version = Set(existing.version + 1);
    model.updated_at = Set(now());
    let updated = model.update(&txn).await?;
    stages::set_dates(&txn, updated.id, &valid.plan).await?;
    let categories = save_categories(&txn, updated.id, valid.categories).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.update", "campaign", id)
            .campaign(id.0)
            .before(before)
            .after(snapshot(&updated, &categories, Some(&valid.plan))),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// A campaign's categories, in order.
///
/// # Errors
/// When the database fails.
pub async fn categories_of(
    conn: &impl ConnectionTrait,
    id: CampaignId,
) -> AppResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .filter(category::Column::CampaignId.eq(id.0))
        .order_by_asc(category::Column::Position)
        .all(conn)
        .await?)
}

/// Campaigns the public may see (all but drafts), newest year first.
///
/// # Errors
/// When the database fails.
pub async fn list_public(db: &DatabaseConnection) -> AppResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::Stage.ne(StageKind::Draft))
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?)
}

/// A campaign the public may see, with its categories.
///
/// # Errors
/// [`AppError::NotFound`] for drafts and unknown ids.
pub async fn get_public(
    db: &DatabaseConnection,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| c.stage.is_public())
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// Every campaign, for the office; those announced (past the draft), for everyone else.
///
/// # Errors
/// When the database fails.
pub async fn list_for(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<campaign::Model>> {
    let mut query = campaign::Entity::find()
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt);
    if !actor.is_admin() {
        query = query.filter(campaign::Column::Stage.ne(StageKind::Draft));
    }
    Ok(query.all(db).await?)
}

/// A campaign with its categories: any, for the office; announced ones, for everyone else.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn get_for(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|c| actor.is_admin() || c.stage.is_public())
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// A campaign with its categories, whatever its status: for showing the campaign of a record
/// the caller has already been allowed to see (a nomination in their reach).
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn get_any(
    db: &DatabaseConnection,
    id: CampaignId,
) -> AppResult<(campaign::Model, Vec<category::Model>)> {
    let campaign = campaign::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = categories_of(db, id).await?;
    Ok((campaign, categories))
}

/// A campaign as its pages and the API show it: with its categories, its stages as they stand
/// today, what may be done now and, for the office, what moving on would leave open.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignPage {
    /// The campaign.
    pub campaign: campaign::Model,
    /// Its categories, in order.
    pub categories: Vec<category::Model>,
    /// Each category's eligibility rules, in the same order.
    pub rules: Vec<Vec<crate::domain::eligibility::Rule>>,
    /// Its stages, in order, with their state today.
    pub stages: Vec<stages::StageView>,
    /// The levels that recommend upward (`street`, `district`).
    pub levels: Vec<String>,
    /// How scores are aggregated.
    pub aggregation: String,
    /// Each action's name and whether it may happen now (for offering buttons).
    pub offers: std::collections::BTreeMap<String, bool>,
    /// The office's next step (none for anyone else).
    pub next: Option<stages::NextStep>,
}

/// A campaign for its page: any, for the office; announced ones, for everyone else.
///
/// # Errors
/// [`AppError::NotFound`].
pub async fn page(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    today: Date,
) -> AppResult<CampaignPage> {
    let (campaign, categories) = get_for(db, actor, id).await?;
    page_of(db, actor.is_admin(), campaign, categories, today).await
}

/// A campaign's public page: as [`page`], for anyone, past the draft.
///
/// # Errors
/// [`AppError::NotFound`] for a draft or an unknown id.
pub async fn public_page(
    db: &DatabaseConnection,
    id: CampaignId,
    today: Date,
) -> AppResult<CampaignPage> {
    let (campaign, categories) = get_public(db, id).await?;
    page_of(db, false, campaign, categories, today).await
}

/// [`page`] of a campaign already read; `office` adds the next step.
///
/// # Errors
/// When the database fails.
pub async fn page_of(
    db: &DatabaseConnection,
    office: bool,
    campaign: campaign::Model,
    categories: Vec<category::Model>,
    today: Date,
) -> AppResult<CampaignPage> {
    let life = stages::load(db, &campaign).await?;
    let next = if office {
        Some(stages::next_step(db, &campaign, &life, today).await?)
    } else {
        None
    };
    Ok(CampaignPage {
        levels: crate::domain::workflow::levels(&campaign)
            .iter()
            .map(crate::domain::name_of)
            .collect(),
        aggregation: campaign
            .aggregation
            .clone()
            .unwrap_or_else(|| DEFAULT_AGGREGATION.into()),
        offers: gate::offers(&life, None, today),
        stages: life.view(today),
        rules: categories
            .iter()
            .map(crate::domain::eligibility::rules)
            .collect(),
        campaign,
        categories,
        next,
    })
}

/// The campaign form of an existing campaign, for the office.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn form_of(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
) -> AppResult<CampaignInput> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let (campaign, categories) = get_any(db, id).await?;
    let life = stages::load(db, &campaign).await?;
    Ok(CampaignInput::from_models(&campaign, &categories, &life))
}

/// A campaign in a list, with the stage it is in as it stands today.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignSummary {
    /// The campaign.
    pub campaign: campaign::Model,
    /// The stage it is in (none for a draft).
    pub stage: Option<stages::StageView>,
    /// Its whole course, for a stage bar.
    pub stages: Vec<stages::StageView>,
    /// Whether it is finished (archived).
    pub finished: bool,
    /// Each action's name and whether it may happen now.
    pub offers: std::collections::BTreeMap<String, bool>,
}

/// Campaigns with their stages, in the order given, read in one query.
///
/// # Errors
/// When the database fails.
pub async fn summaries(
    db: &impl ConnectionTrait,
    campaigns: Vec<campaign::Model>,
    today: Date,
) -> AppResult<Vec<CampaignSummary>> {
    let rows = crate::entity::campaign_stage::Entity::find()
        .filter(
            crate::entity::campaign_stage::Column::CampaignId
                .is_in(campaigns.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    Ok(campaigns
        .into_iter()
        .map(|campaign| {
            let life = Lifecycle::new(
                campaign.stage,
                rows.iter()
                    .filter(|r| r.campaign_id == campaign.id)
                    .cloned()
                    .collect(),
            );
            let stages = life.view(today);
            CampaignSummary {
                offers: gate::offers(&life, None, today),
                stage: stages
                    .iter()
                    .find(|s| s.stage.kind == campaign.stage)
                    .cloned(),
                finished: campaign.stage.is_finished(),
                stages,
                campaign,
            }
        })
        .collect())
}
