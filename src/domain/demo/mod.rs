//! The demo data set (`laurel demo`): the city's 2022 campaign, in which Licang (李沧区) and two
//! other districts recommend, carried to its close with Licang's real honorees of DESIGN.md on
//! the city's final list; a campaign of the current year that is open today, so that a new user
//! can try nominating at once; and four campaigns under way around today, one in each later
//! stage (review, evaluation, public notice, final list), so that every role finds something
//! waiting for it.
//!
//! This module owns what the demo contains and the order it is loaded in. It writes nothing
//! itself: every unit, user, campaign, nomination, score sheet and objection goes through the
//! domain services, signed by whoever would act (the office admin, the nominating or
//! recommending unit's recommender, an expert, or the public for an objection), with the days
//! of the past replayed through the services' `today`, so the same rules apply as to real
//! input and the audit log records every step. Its parts: `units` (units and users),
//! `nominees` (the nomination form of a nominee), `chain` (a nomination's way up to the office),
//! `past` (the 2022 campaign), `evaluation` (expert evaluation), `current` (this year's
//! campaign), `stages` (the campaigns under way) and `stage_nominees` (their nominees).
//!
//! Licang's honorees and their official names are real; every private field, every deeds text,
//! the nominees who were not chosen and the other districts' nominees are made up.

mod chain;
mod current;
mod evaluation;
mod nominees;
mod past;
pub mod province;
mod stage_nominees;
mod stages;
mod units;

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use time::{Date, Duration};

use crate::{
    App,
    domain::{
        actor::Actor,
        campaigns::{self, CampaignInput, CategoryInput, STANDARD_CATEGORIES},
        ids::{CampaignId, CategoryId},
    },
    entity::{
        campaign::{self, StageKind},
        category::{self, NomineeKind},
    },
    error::{AppError, AppResult},
};

/// The organizer of the demo campaigns: the city's civilization office (市文明办), which runs
/// them with other departments across the city.
const ORGANIZER: &str = "青岛市精神文明建设委员会办公室";

/// One user of the report: username, role name, unit name, password.
type ReportedUser = (String, String, String, String);

/// What the loader created, for printing once.
pub struct DemoReport {
    /// The users created: username, role name (`admin`, `recommender`, `reviewer`), unit name
    /// and password. The password is empty for a user that already existed with the same role
    /// and unit, and was kept as it was.
    pub users: Vec<ReportedUser>,
    /// How many campaigns were created.
    pub campaigns: usize,
    /// How many nominations were created.
    pub nominations: usize,
}

// Written by hand so that a debug print of the report never shows the passwords.
impl std::fmt::Debug for DemoReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let usernames: Vec<&str> = self.users.iter().map(|u| u.0.as_str()).collect();
        f.debug_struct("DemoReport")
            .field("users", &usernames)
            .field("campaigns", &self.campaigns)
            .field("nominations", &self.nominations)
            .finish()
    }
}

/// The category names and quotas (total, per unit) of the demo campaigns, in the order of
/// [`STANDARD_CATEGORIES`]: the city chooses up to ten of each; a unit recommends up to three
/// volunteers, two organizations, three projects and four communities.
const CATEGORY_ROWS: [(&str, u32, u32); 4] = [
    ("最美志愿者", 10, 3),
    ("最佳志愿服务组织", 10, 2),
    ("最佳志愿服务项目", 10, 3),
    ("最美志愿服务社区", 10, 4),
];

/// Loads the demo data set: units and users of three districts of the city, the city's 2022
/// campaign with its nominations (archived), an open campaign of the current year with three
/// nominations, and four campaigns under way (see `stages`).
/// On a fresh database it first runs setup, making the city and the office admin.
///
/// # Errors
/// [`AppError::Refused`] (`error-demo-loaded`) when the 2022 campaign already exists,
/// (`error-demo-city-on-province`) on a provincial deployment;
/// [`AppError::Internal`] when the database has users but no active office admin; any error of
/// the services it calls.
pub async fn load(app: &App) -> AppResult<DemoReport> {
    let loaded = campaign::Entity::find()
        .filter(campaign::Column::Title.eq(past::PAST_TITLE))
        .one(&app.db)
        .await?;
    if loaded.is_some() {
        return Err(AppError::Refused("error-demo-loaded", vec![]));
    }
    if crate::domain::units::is_province(&app.db).await? {
        return Err(AppError::Refused("error-demo-city-on-province", vec![]));
    }
    let (admin, root, mut users) = units::office(app).await?;
    let made = units::ensure_units(app, &admin, &root).await?;
    let actors = units::ensure_users(app, &admin, &made, &mut users).await?;
    let mut nominations = past::load(app, &admin, &actors).await?;
    nominations += current::load_current_campaign(app, &admin, &actors).await?;
    nominations += stages::load(app, &admin, &actors).await?;
    Ok(DemoReport {
        users,
        campaigns: 6,
        nominations,
    })
}

fn internal(message: &str) -> AppError {
    AppError::Internal(format!("demo: {message}"))
}

/// The publicity text of a demo campaign titled `title`.
fn description(title: &str) -> String {
    format!(
        "为大力弘扬“奉献、友爱、互助、进步”的志愿精神，推动志愿服务制度化常态化，\
         市文明办等部门决定在全市开展{title}推选活动。\n\n\
         本次活动推选最美志愿者、最佳志愿服务组织、最佳志愿服务项目、最美志愿服务社区四类先进典型。\
         推选坚持公开、公平、公正，按照层层推荐、逐级审核的原则，由社区、街道逐级向区（市）推荐，\
         各区（市）和市直有关部门单位在广泛征求意见的基础上择优向市文明办推荐，\
         经严格审核和专家评选后确定拟表扬对象。\n\n\
         拟表扬对象将在网上进行公示，接受社会监督；公示无异议后正式发布先进典型名单。"
    )
}

/// The planned dates of a demo campaign, as the campaign form takes them.
#[derive(Clone, Copy)]
struct Timeline {
    /// First day of recommendation.
    opens: Date,
    /// Last day of submissions.
    submit: Date,
    /// Last day of the streets' recommendations.
    streets: Date,
    /// Last day of the districts' recommendations.
    districts: Date,
    /// Last day of the office's review.
    review: Date,
    /// Last day of scoring, if the office sets one.
    evaluation: Option<Date>,
    /// Planned first day of the public notice.
    notice: Date,
    /// Planned day of the final list.
    announced: Date,
}

impl Timeline {
    /// A timeline around `today`, each date that many days from it: opening, submissions,
    /// streets, districts, review, scoring, notice, final list.
    fn around(today: Date, days: [i64; 8]) -> AppResult<Timeline> {
        let [
            opens,
            submit,
            streets,
            districts,
            review,
            evaluation,
            notice,
            announced,
        ] = days.map(|d| days_from(today, d));
        Ok(Timeline {
            opens: opens?,
            submit: submit?,
            streets: streets?,
            districts: districts?,
            review: review?,
            evaluation: Some(evaluation?),
            notice: notice?,
            announced: announced?,
        })
    }
}

/// The campaign form of a demo campaign of the city: the four standard categories with the
/// city's quotas, 20 hours as the minimum for volunteers, and the chain street → district →
/// office.
fn campaign_input(title: &str, timeline: &Timeline) -> CampaignInput {
    let categories = STANDARD_CATEGORIES
        .iter()
        .zip(CATEGORY_ROWS)
        .map(|((key, kind), (name, quota, unit_quota))| CategoryInput {
            id: String::new(),
            key: (*key).to_owned(),
            name: name.to_owned(),
            nominee_kind: campaigns::kind_name(*kind).to_owned(),
            quota: quota.to_string(),
            unit_quota: unit_quota.to_string(),
            min_hours: if *kind == NomineeKind::Person {
                "20".into()
            } else {
                String::new()
            },
            reviewers_per_nomination: campaigns::DEFAULT_REVIEWERS.to_string(),
            require_majority: true,
            ..CategoryInput::default()
        })
        .collect();
    CampaignInput {
        title: title.to_owned(),
        year: timeline.opens.year().to_string(),
        organizer: ORGANIZER.to_owned(),
        description: description(title),
        nomination_opens_on: timeline.opens.to_string(),
        nomination_closes_on: timeline.submit.to_string(),
        street_closes_on: timeline.streets.to_string(),
        district_closes_on: timeline.districts.to_string(),
        recommend_street: true,
        recommend_district: true,
        aggregation: campaigns::DEFAULT_AGGREGATION.into(),
        review_closes_on: timeline.review.to_string(),
        evaluation_closes_on: timeline
            .evaluation
            .map(|d| d.to_string())
            .unwrap_or_default(),
        notice_starts_on: timeline.notice.to_string(),
        announced_on: timeline.announced.to_string(),
        version: 0,
        categories,
        ..CampaignInput::default()
    }
}

fn category_id(categories: &[category::Model], key: &str) -> AppResult<CategoryId> {
    categories
        .iter()
        .find(|c| c.key == key)
        .map(|c| CategoryId(c.id))
        .ok_or_else(|| internal("a demo category is missing"))
}

fn actor_of<'a>(actors: &'a HashMap<&'static str, Actor>, username: &str) -> AppResult<&'a Actor> {
    actors
        .get(username)
        .ok_or_else(|| internal("a nominating user is missing"))
}

/// The demo's five experts, in order.
fn experts<'a>(actors: &'a HashMap<&'static str, Actor>) -> AppResult<Vec<&'a Actor>> {
    units::EXPERTS
        .iter()
        .map(|name| actor_of(actors, name))
        .collect()
}

/// Moves a demo campaign on, stage by stage, until it is in `kind`.
async fn advance_to(app: &App, admin: &Actor, id: CampaignId, kind: StageKind) -> AppResult<()> {
    crate::domain::stages::advance_to(&app.db, admin, id, kind)
        .await
        .map(|_| ())
}

fn days_from(day: Date, days: i64) -> AppResult<Date> {
    day.checked_add(Duration::days(days))
        .ok_or_else(|| internal("a campaign date is out of range"))
}

#[cfg(test)]
mod tests {
    use super::{
        current::CURRENT,
        nominees::nomination_input,
        past::{PAST, PAST_TITLE},
        units::USERS,
        *,
    };
    use crate::domain::values::{DeedsSummary, IdNumber, Phone};

    #[test]
    fn every_demo_nominee_has_valid_private_fields() {
        let all = PAST
            .iter()
            .chain(CURRENT.iter().map(|(_, n)| n))
            .chain(&stage_nominees::REVIEW)
            .chain(&stage_nominees::EVALUATION)
            .chain(&stage_nominees::NOTICE)
            .chain(&stage_nominees::FINAL_LIST);
        let mut phones = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for nominee in all {
            let input = nomination_input(nominee).unwrap();
            assert!(
                DeedsSummary::parse(&input.deeds_summary).is_ok(),
                "{}",
                nominee.name
            );
            assert!(input.deeds_full.contains("\n\n"), "{}", nominee.name);
            // The printed lists' full-width quotation marks, never ASCII ones.
            assert!(
                !format!("{}{}{}", nominee.name, nominee.affiliation, nominee.summary)
                    .contains('"'),
                "{}",
                nominee.name
            );
            let phone = Phone::parse(&input.phone).unwrap();
            assert!(phone.is_mobile() && phone.as_str().starts_with("1386390"));
            assert!(
                phones.insert(input.phone.clone()),
                "phone of {}",
                nominee.name
            );
            assert!(
                USERS
                    .iter()
                    .any(|u| u.0 == nominee.by && u.2 == "recommender")
            );
            assert!(
                STANDARD_CATEGORIES
                    .iter()
                    .any(|(key, _)| *key == nominee.category)
            );
            match &nominee.person {
                Some(person) => {
                    let id = IdNumber::parse(&input.id_number).unwrap();
                    assert_eq!(id.birth_date().to_string(), input.birth_date);
                    assert!(ids.insert(input.id_number.clone()));
                    assert!(person.hours >= 20);
                }
                None => {
                    assert!(input.affiliation.is_empty() && !input.contact_name.is_empty());
                    assert!(nominee.founded_on.is_none_or(|d| d.year() <= 2019));
                }
            }
            if nominee.category == "organization" {
                assert!(nominee.members.is_some_and(|m| m >= 20) && nominee.founded_on.is_some());
            }
        }
    }

    #[test]
    fn campaign_form_has_the_city_quotas_and_the_whole_chain() {
        let input = campaign_input(PAST_TITLE, &past::TIMELINE);
        let quotas: Vec<(&str, &str, &str, &str)> = input
            .categories
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.quota.as_str(),
                    c.unit_quota.as_str(),
                    c.min_hours.as_str(),
                )
            })
            .collect();
        assert_eq!(
            quotas,
            [
                ("最美志愿者", "10", "3", "20"),
                ("最佳志愿服务组织", "10", "2", ""),
                ("最佳志愿服务项目", "10", "3", ""),
                ("最美志愿服务社区", "10", "4", "")
            ]
        );
        assert_eq!(input.nomination_opens_on, "2022-11-01");
        assert_eq!(input.year, "2022");
        assert!(input.recommend_street && input.recommend_district);
        assert!(input.description.contains("市文明办等部门"));
    }
}
