//! The demo data set (`laurel demo`): the Licang district's 2022 campaign carried to its close
//! with the real final list of DESIGN.md, plus a campaign of the current year that is open
//! today, so that a new user can try nominating at once.
//!
//! This module owns what the demo contains and the order it is loaded in. It writes nothing
//! itself: every unit, user, campaign and nomination goes through the domain services, signed
//! by the office admin or by the nominating unit's recommender, so the same rules apply as to
//! real input and the audit log records every step. Its parts: `units` (units and users),
//! `nominees` (the nomination form of a nominee), `past` (the 2022 campaign), `evaluation`
//! (its expert evaluation) and `current` (this year's campaign).
//!
//! The honorees and their official names are real; every private field, every deeds text, and
//! the nominees who were not chosen are made up.

mod current;
mod evaluation;
mod nominees;
mod past;
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
        stages,
    },
    entity::{
        campaign::{self, StageKind},
        category::{self, NomineeKind},
    },
    error::{AppError, AppResult},
};

/// The organizer of both demo campaigns.
const ORGANIZER: &str = "中共青岛市李沧区委精神文明建设办公室";

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

/// The category names and quotas (total, per unit) of both campaigns, in the order of
/// [`STANDARD_CATEGORIES`]: the district's 2022 quotas.
const CATEGORY_ROWS: [(&str, u32, u32); 4] = [
    ("最美志愿者", 1, 1),
    ("最佳志愿服务组织", 1, 1),
    ("最佳志愿服务项目", 2, 1),
    ("最美志愿服务社区", 3, 1),
];

/// Loads the demo data set: the units and users of the Licang district, the 2022 campaign with
/// its nominations (closed), and an open campaign of the current year with three nominations.
/// On a fresh database it first runs setup, making the city and the office admin.
///
/// # Errors
/// [`AppError::Refused`] (`error-demo-loaded`) when the 2022 campaign already exists;
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
    let (admin, root, mut users) = units::office(app).await?;
    let made = units::ensure_units(app, &admin, &root).await?;
    let actors = units::ensure_users(app, &admin, &made, &mut users).await?;
    let mut nominations = past::load(app, &admin, &actors).await?;
    nominations += current::load_current_campaign(app, &admin, &actors).await?;
    Ok(DemoReport {
        users,
        campaigns: 2,
        nominations,
    })
}

fn internal(message: &str) -> AppError {
    AppError::Internal(format!("demo: {message}"))
}

/// The publicity text of a demo campaign of `year`.
fn description(year: i32) -> String {
    format!(
        "为大力弘扬“奉献、友爱、互助、进步”的志愿精神，推动学雷锋志愿服务制度化常态化，\
         {ORGANIZER}决定开展{year}年度学雷锋志愿服务先进典型推选活动。\n\n\
         本次活动推选最美志愿者、最佳志愿服务组织、最佳志愿服务项目、最美志愿服务社区四类先进典型。\
         推选坚持公开、公平、公正，按照层层推荐、逐级审核的原则，由各街道、区直各部门单位在广泛征求意见的基础上择优推荐，\
         经区文明办组织评审后确定拟表扬对象。\n\n\
         拟表扬对象将在区级媒体进行公示，接受社会监督；公示无异议后正式发布先进典型名单。"
    )
}

/// The campaign form of a demo campaign: the four standard categories with the district's
/// quotas, and 20 hours as the minimum for volunteers.
fn campaign_input(
    title: &str,
    year: i32,
    timeline: [Date; 7],
    district_recommends: bool,
) -> CampaignInput {
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
        })
        .collect();
    let [opens, closes, street, district, review, notice, announced] =
        timeline.map(|d| d.to_string());
    CampaignInput {
        title: title.to_owned(),
        year: year.to_string(),
        organizer: ORGANIZER.to_owned(),
        description: description(year),
        nomination_opens_on: opens,
        nomination_closes_on: closes,
        street_closes_on: street,
        district_closes_on: if district_recommends {
            district
        } else {
            String::new()
        },
        recommend_street: true,
        recommend_district: district_recommends,
        aggregation: campaigns::DEFAULT_AGGREGATION.into(),
        review_closes_on: review,
        evaluation_closes_on: String::new(),
        notice_starts_on: notice,
        announced_on: announced,
        version: 0,
        categories,
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

/// Moves a demo campaign on, stage by stage, until it is in `kind`.
async fn advance_to(app: &App, admin: &Actor, id: CampaignId, kind: StageKind) -> AppResult<()> {
    stages::advance_to(&app.db, admin, id, kind)
        .await
        .map(|_| ())
}

fn days_from(day: Date, days: i64) -> AppResult<Date> {
    day.checked_add(Duration::days(days))
        .ok_or_else(|| internal("a campaign date is out of range"))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

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
        let all = PAST.iter().chain(CURRENT.iter().map(|(_, n)| n));
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
    fn campaign_form_has_the_district_quotas() {
        let input = campaign_input(PAST_TITLE, 2022, [date!(2022 - 11 - 01); 7], false);
        let quotas: Vec<(&str, &str, &str)> = input
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.quota.as_str(), c.min_hours.as_str()))
            .collect();
        assert_eq!(
            quotas,
            [
                ("最美志愿者", "1", "20"),
                ("最佳志愿服务组织", "1", ""),
                ("最佳志愿服务项目", "2", ""),
                ("最美志愿服务社区", "3", "")
            ]
        );
        assert_eq!(input.nomination_opens_on, "2022-11-01");
    }
}
