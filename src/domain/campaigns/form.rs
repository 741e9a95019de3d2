//! The campaign form as the office fills it in (its categories, quotas, recommendation chain,
//! aggregation and dates) and its validation, which knows which fields a stage already reached
//! has fixed.

use super::*;
use crate::entity::unit::UnitKind;

/// A campaign as the office fills it in; every field is the raw text of the form.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    /// Title, e.g. 2022年度学雷锋志愿服务先进典型.
    #[field(default = String::new())]
    pub title: String,
    /// The campaign year.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = i32)]
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
    /// Last day cities recommend upward (when cities recommend: a provincial campaign).
    #[field(default = String::new())]
    pub city_closes_on: String,
    /// Whether streets recommend upward.
    pub recommend_street: bool,
    /// Whether districts recommend upward.
    pub recommend_district: bool,
    /// Whether cities recommend upward to the provincial office (only where the root unit is
    /// a province).
    pub recommend_city: bool,
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
    /// Where a clearance stage by other agencies (联审) sits: after `review`, `evaluation` or
    /// `shortlist`; empty for none.
    #[field(default = String::new())]
    pub clearance_after: String,
    /// The agencies' last day to answer (with a clearance stage).
    #[field(default = String::new())]
    pub clearance_closes_on: String,
    /// Whether the public votes online (网上投票), after evaluation.
    pub voting: bool,
    /// First day of the voting window.
    #[field(default = String::new())]
    pub voting_opens_on: String,
    /// Last day of the voting window.
    #[field(default = String::new())]
    pub voting_closes_on: String,
    /// Votes one person may cast a day in each category (1–20).
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub votes_per_day: String,
    /// Whether a person's votes may go to several candidates (one vote each a day).
    pub vote_several: bool,
    /// Whether the running totals are shown to the public.
    pub vote_totals: bool,
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
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = i32)]
    pub quota: String,
    /// How many nominations one unit may recommend upward.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = i32)]
    pub unit_quota: String,
    /// Eligibility: minimum volunteer service hours that year (persons), or empty.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub min_hours: String,
    /// Eligibility: the years a volunteer has served, an organization has existed or a
    /// project has run (not communities), or empty.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub min_years: String,
    /// Eligibility: a volunteer must be registered on the national volunteer service
    /// information system (persons).
    pub needs_registration: bool,
    /// Eligibility: the volunteers an organization has at least, or empty.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub min_members: String,
    /// How many reviewers score each nomination.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub reviewers_per_nomination: String,
    /// Whether a shortlist place needs a majority of approvals.
    pub require_majority: bool,
    /// The public vote's share of the final score in percent (0–100); empty: the vote is
    /// shown for reference only.
    #[field(default = String::new())]
    #[serde(deserialize_with = "crate::domain::values::text_or_number")]
    #[schema(value_type = Option<i32>)]
    pub vote_weight: String,
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
                    vote_weight: String::new(),
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
        let levels = crate::domain::workflow::levels(campaign);
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
            city_closes_on: day(|p| p.deadlines.city),
            recommend_street: levels.contains(&UnitKind::Street),
            recommend_district: levels.contains(&UnitKind::District),
            recommend_city: levels.contains(&UnitKind::City),
            aggregation: campaign
                .aggregation
                .clone()
                .unwrap_or_else(|| DEFAULT_AGGREGATION.into()),
            review_closes_on: day(|p| Some(p.review_closes_on)),
            evaluation_closes_on: day(|p| p.evaluation_closes_on),
            notice_starts_on: day(|p| Some(p.notice_starts_on)),
            announced_on: day(|p| Some(p.announced_on)),
            clearance_after: plan
                .and_then(|p| p.clearance)
                .map(|c| c.after.name().to_owned())
                .unwrap_or_default(),
            clearance_closes_on: day(|p| p.clearance.map(|c| c.closes_on)),
            voting: plan.and_then(|p| p.voting).is_some(),
            voting_opens_on: day(|p| p.voting.map(|v| v.opens_on)),
            voting_closes_on: day(|p| p.voting.map(|v| v.closes_on)),
            votes_per_day: plan
                .and_then(|p| p.voting)
                .map(|v| v.rules.votes_per_day.to_string())
                .unwrap_or_default(),
            vote_several: plan.and_then(|p| p.voting).is_some_and(|v| v.rules.several),
            vote_totals: plan
                .and_then(|p| p.voting)
                .is_some_and(|v| v.rules.show_totals),
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
                    vote_weight: c.vote_weight.map(|w| w.to_string()).unwrap_or_default(),
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
pub(super) struct Valid {
    pub(super) title: String,
    pub(super) year: i32,
    pub(super) organizer: String,
    pub(super) description: String,
    pub(super) plan: Plan,
    pub(super) levels: String,
    pub(super) aggregation: String,
    pub(super) categories: Vec<ValidCategory>,
}

pub(super) struct ValidCategory {
    pub(super) id: Option<Uuid>,
    pub(super) key: String,
    pub(super) name: String,
    pub(super) kind: NomineeKind,
    pub(super) quota: i32,
    pub(super) unit_quota: i32,
    pub(super) min_hours: Option<i32>,
    pub(super) min_years: Option<i32>,
    pub(super) needs_registration: bool,
    pub(super) min_members: Option<i32>,
    pub(super) reviewers: i32,
    pub(super) require_majority: bool,
    pub(super) vote_weight: Option<i32>,
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

/// The clearance stage of the form, if it has one: where it sits and its last day, which
/// falls between the end of review and the notice (unless the campaign has reached it).
fn validate_clearance(
    input: &CampaignInput,
    dates: &[Option<Date>],
    reached: &dyn Fn(StageKind) -> bool,
    errors: &mut FieldErrors,
) -> Option<ClearancePlan> {
    let after = match input.clearance_after.trim() {
        "" => return None,
        name => CLEARANCE_AFTER.iter().copied().find(|k| k.name() == name),
    };
    if after.is_none() {
        errors.add("clearance_after", "error-required");
    }
    let closes_on = errors.check(
        "clearance_closes_on",
        parse_date(&input.clearance_closes_on),
    )?;
    let (review, notice) = (
        dates.get(REVIEW_AT).copied().flatten(),
        dates.get(NOTICE_AT).copied().flatten(),
    );
    if !reached(StageKind::Clearance)
        && (review.is_some_and(|r| closes_on < r) || notice.is_some_and(|n| closes_on > n))
    {
        errors.add("clearance_closes_on", "error-timeline-order");
    }
    Some(ClearancePlan {
        after: after?,
        closes_on,
    })
}

/// The voting stage of the form, if it has one: its window (first day no later than the
/// last) and its rules.
fn validate_voting(input: &CampaignInput, errors: &mut FieldErrors) -> Option<VotingPlan> {
    if !input.voting {
        return None;
    }
    let opens_on = errors.check("voting_opens_on", parse_date(&input.voting_opens_on));
    let closes_on = errors.check("voting_closes_on", parse_date(&input.voting_closes_on));
    let per_day = if input.votes_per_day.trim().is_empty() {
        Some(1)
    } else {
        errors.check(
            "votes_per_day",
            parse_bounded_int(&input.votes_per_day, 1, 20),
        )
    };
    if let (Some(first), Some(last)) = (opens_on, closes_on)
        && last < first
    {
        errors.add("voting_closes_on", "error-timeline-order");
    }
    Some(VotingPlan {
        opens_on: opens_on?,
        closes_on: closes_on?,
        rules: VotingRules {
            votes_per_day: to_i32(per_day?),
            several: input.vote_several,
            show_totals: input.vote_totals,
        },
    })
}

/// The timeline fields of the form, in their order, and the position of each in it.
const TIMELINE: [&str; 9] = [
    "nomination_opens_on",
    "nomination_closes_on",
    "street_closes_on",
    "district_closes_on",
    "city_closes_on",
    "review_closes_on",
    "evaluation_closes_on",
    "notice_starts_on",
    "announced_on",
];
const REVIEW_AT: usize = 5;
const NOTICE_AT: usize = 7;

/// Validates the form. `reached` says whether the campaign has reached a stage: the dates of
/// a stage it has reached record what happened (a notice published early, say) and need not
/// follow the stage before; within a stage, and for stages ahead, the order holds. `province`
/// says whether the root unit is a province: only then do cities recommend.
pub(super) fn validate(
    input: &CampaignInput,
    reached: &dyn Fn(StageKind) -> bool,
    province: bool,
) -> AppResult<Valid> {
    let mut errors = FieldErrors::default();
    let title = errors.check("title", required_text(&input.title, 120));
    let year = errors.check("year", parse_bounded_int(&input.year, 2000, 2100));
    let organizer = errors.check("organizer", required_text(&input.organizer, 120));
    let description = errors.check("description", required_text(&input.description, 10_000));
    if input.recommend_city && !province {
        errors.add("recommend_city", "error-campaign-city-level");
    }
    // The timeline in order; a level that does not recommend has no deadline (and none is
    // read), and the end of scoring is optional.
    let texts = [
        &input.nomination_opens_on,
        &input.nomination_closes_on,
        &input.street_closes_on,
        &input.district_closes_on,
        &input.city_closes_on,
        &input.review_closes_on,
        &input.evaluation_closes_on,
        &input.notice_starts_on,
        &input.announced_on,
    ];
    let level_on = [
        input.recommend_street,
        input.recommend_district,
        input.recommend_city,
    ];
    let mut dates: Vec<Option<Date>> = Vec::new();
    let mut complete = true;
    for (at, (field, text)) in TIMELINE.into_iter().zip(texts).enumerate() {
        let skip = match at {
            2..=4 => !level_on[at - 2],
            6 => text.trim().is_empty(),
            _ => false,
        };
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
            let stage = stage_of_field(TIMELINE[at]);
            let checked = previous.is_some_and(|(_, before)| before == stage || !reached(stage));
            if checked && previous.is_some_and(|(p, _)| *date < p) {
                errors.add(TIMELINE[at], "error-timeline-order");
            }
            previous = Some((*date, stage));
        }
    }
    let clearance = validate_clearance(input, &dates, reached, &mut errors);
    let voting = validate_voting(input, &mut errors);
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
        let vote_weight = errors.check(
            &field("vote_weight"),
            parse_optional_bounded_int(&row.vote_weight, 0, 100),
        );
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
            Some(vote_weight),
        ) = (
            name,
            kind,
            quota,
            unit_quota,
            min_hours,
            min_years,
            min_members,
            reviewers,
            vote_weight,
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
                vote_weight: vote_weight.map(to_i32),
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
    let plan = match (
        dates[0],
        dates[1],
        dates[REVIEW_AT],
        dates[NOTICE_AT],
        dates[8],
    ) {
        (Some(opens), Some(submit), Some(review), Some(notice), Some(announced)) if complete => {
            Plan {
                nomination_opens_on: opens,
                deadlines: Deadlines {
                    submit: Some(submit),
                    street: dates[2],
                    district: dates[3],
                    city: dates[4],
                },
                review_closes_on: review,
                evaluation_closes_on: dates[6],
                notice_starts_on: notice,
                announced_on: announced,
                clearance,
                voting,
            }
        }
        _ => return Err(AppError::Internal("validated dates missing".into())),
    };
    let levels = [
        (input.recommend_street, "street"),
        (input.recommend_district, "district"),
        (input.recommend_city, "city"),
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
