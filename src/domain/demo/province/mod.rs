//! The provincial demo data set (`laurel demo --province`), loaded into a new database: a
//! province (山东省) whose four cities each have two districts of two streets of two
//! communities, the five provincial agencies that clear candidates, and a pool of experts; and
//! the province's campaign carried through every stage a national-size campaign adds, to its
//! public vote, open today. Communities nominate volunteers and organizations (generated, see
//! `people`); streets decline a few and recommend the rest, then districts and cities; the
//! office finds them eligible; the agencies clear them, one objects and the office withdraws
//! that candidate; the experts score every one; and the public has voted, one network in a
//! burst that is held for the office.
//!
//! As for the city's demo, everything goes through the domain services, signed by whoever would
//! act, on days of the campaign's timeline; the voters, whose numbers are invented, get their
//! passes without a code (`voting::demo_pass`).

mod people;

use std::collections::HashMap;

use uuid::Uuid;

use super::{
    DemoReport, ReportedUser, days_from,
    evaluation::{Progress, form_panel, score},
    internal,
    units::password,
};
use crate::{
    App,
    domain::{
        accounts::{self, SetupInput, UserInput},
        actor::Actor,
        campaigns::{self, CampaignInput, CategoryInput},
        clearance::{self, AnswerInput, DecisionInput},
        ids::CampaignId,
        nominations::{self, NominationInput},
        review, stages,
        units::{self, UnitInput},
        voting,
        workflow::Transition,
    },
    entity::{
        campaign::StageKind,
        nomination::{self, NominationStatus},
        unit,
    },
    error::{AppError, AppResult},
};
use people::{Dice, People, Place};

/// The root unit.
const PROVINCE: &str = "山东省";

/// The organizer of the province's campaign.
const ORGANIZER: &str = "山东省精神文明建设委员会办公室";

/// The campaign's title; `{year}` is the year its recommendation opened.
pub(crate) const TITLE: &str = "{year}年度山东省“最美志愿者”“最佳志愿服务组织”推选";

/// A district: name, its recommender's username, the area code of its residents' ID numbers,
/// and its streets, each with its communities.
type District = (
    &'static str,
    &'static str,
    &'static str,
    [(&'static str, [&'static str; 2]); 2],
);

/// The cities: name, their recommender's username, and their districts.
const CITIES: [(&str, &str, [District; 2]); 4] = [
    (
        "青岛市",
        "qingdao",
        [
            (
                "市南区",
                "shinan",
                "370202",
                [
                    ("八大关街道", ["太平角社区", "汇泉湾社区"]),
                    ("香港中路街道", ["东海路社区", "燕儿岛路社区"]),
                ],
            ),
            (
                "李沧区",
                "licang",
                "370213",
                [
                    ("李村街道", ["北山社区", "南山社区"]),
                    ("九水街道", ["延川路社区", "九水路社区"]),
                ],
            ),
        ],
    ),
    (
        "济南市",
        "jinan",
        [
            (
                "历下区",
                "lixia",
                "370102",
                [
                    ("泉城路街道", ["芙蓉街社区", "县西巷社区"]),
                    ("大明湖街道", ["百花洲社区", "司家码头社区"]),
                ],
            ),
            (
                "市中区",
                "shizhong",
                "370103",
                [
                    ("七里山街道", ["七里山社区", "玉函社区"]),
                    ("六里山街道", ["六里山社区", "英雄山社区"]),
                ],
            ),
        ],
    ),
    (
        "烟台市",
        "yantai",
        [
            (
                "芝罘区",
                "zhifu",
                "370602",
                [
                    ("毓璜顶街道", ["文化宫社区", "南山路社区"]),
                    ("向阳街道", ["所城社区", "海岸路社区"]),
                ],
            ),
            (
                "莱山区",
                "laishan",
                "370613",
                [
                    ("初家街道", ["初家社区", "盛泉社区"]),
                    ("黄海路街道", ["黄海路社区", "银海社区"]),
                ],
            ),
        ],
    ),
    (
        "潍坊市",
        "weifang",
        [
            (
                "奎文区",
                "kuiwen",
                "370705",
                [
                    ("东关街道", ["东关社区", "文化路社区"]),
                    ("广文街道", ["广文社区", "福寿街社区"]),
                ],
            ),
            (
                "潍城区",
                "weicheng",
                "370702",
                [
                    ("城关街道", ["和平路社区", "东风街社区"]),
                    ("于河街道", ["于河社区", "北关社区"]),
                ],
            ),
        ],
    ),
];

/// The provincial agencies a clearance asks, with their users' usernames.
const AGENCIES: [(&str, &str); 5] = [
    ("山东省高级人民法院", "fayuan"),
    ("山东省人民检察院", "jianchayuan"),
    ("山东省公安厅", "gongan"),
    ("山东省社会信用体系建设领导小组办公室", "xinyong"),
    ("山东省纪委监委", "jiwei"),
];

/// The agency that objects to one candidate, and why (confidential: only the office and the
/// agency read it).
const OBJECTING: &str = "gongan";
const OBJECTION: &str = "经核查，该同志2021年因交通肇事被处以行政处罚，不宜作为先进典型推荐。";
/// The office's reason for withdrawing that candidate.
const WITHDRAWAL: &str = "根据省公安厅联审意见，该同志存在行政处罚记录，撤销其推荐资格。";

/// The unit of the province's expert reviewers.
const EXPERT_POOL: &str = "山东省志愿服务评审专家库";

/// Volunteers each community nominates (and one organization).
const VOLUNTEERS_PER_COMMUNITY: usize = 5;

/// Why a street declines a nomination.
const DECLINE: &str = "服务时长证明材料不全，请补充全国志愿服务信息系统记录后再报。";

/// The public's voters, each with an address in a network of its own; and those of the one
/// network whose votes arrive in a burst (more than twice the default limit of a minute, so
/// that it is held even when it straddles two minutes).
const VOTERS: u32 = 400;
const BURST_VOTERS: u32 = 70;

/// A unit of the tree with the actor of its recommender.
struct Level {
    unit: unit::Model,
    actor: Actor,
}

/// What the tree holds: every level's recommender by unit, and the communities with where they
/// lie.
struct Tree {
    levels: HashMap<Uuid, Level>,
    communities: Vec<(Uuid, Place<'static>)>,
    agencies: Vec<(Uuid, Actor)>,
    experts: Vec<Actor>,
}

/// Loads the provincial demo into a new database.
///
/// # Errors
/// [`AppError::Refused`] (`error-demo-province-fresh`) when the database has users already;
/// any error of the services it calls.
pub async fn load(app: &App) -> AppResult<DemoReport> {
    if !accounts::needs_setup(&app.db).await? {
        return Err(AppError::Refused("error-demo-province-fresh", vec![]));
    }
    let mut users: Vec<ReportedUser> = Vec::new();
    let office_password = password(8)?;
    let input = SetupInput {
        city_name: PROVINCE.into(),
        province: true,
        username: "office".into(),
        display_name: "省文明办管理员".into(),
        password: office_password.clone(),
    };
    let admin = accounts::setup(&app.db, &app.config, &input, None).await?;
    users.push((
        admin.username.clone(),
        "admin".into(),
        PROVINCE.into(),
        office_password,
    ));
    let admin = accounts::actor_for_user(&app.db, admin.id, None)
        .await?
        .ok_or_else(|| internal("the office admin cannot act"))?;
    let tree = build_tree(app, &admin, &mut users).await?;
    let nominations = campaign(app, &admin, &tree).await?;
    Ok(DemoReport {
        users,
        campaigns: 1,
        nominations,
    })
}

/// A unit under `parent`, and the user `username` of `role` in it.
async fn unit_with_user(
    app: &App,
    admin: &Actor,
    parent: &unit::Model,
    (name, kind): (&str, &str),
    (username, role, display_name): (&str, &str, String),
    users: &mut Vec<ReportedUser>,
) -> AppResult<(unit::Model, Actor)> {
    let input = UnitInput {
        name: name.into(),
        kind: kind.into(),
        parent_id: parent.id.to_string(),
    };
    let unit = units::create_unit(&app.db, admin, &input).await?;
    let actor = user_in(app, admin, &unit, username, role, display_name, users).await?;
    Ok((unit, actor))
}

async fn user_in(
    app: &App,
    admin: &Actor,
    unit: &unit::Model,
    username: &str,
    role: &str,
    display_name: String,
    users: &mut Vec<ReportedUser>,
) -> AppResult<Actor> {
    let secret = password(6)?;
    let input = UserInput {
        username: username.into(),
        display_name,
        role: role.into(),
        unit_id: unit.id.to_string(),
        password: secret.clone(),
        active: true,
        service: false,
    };
    let user = accounts::create_user(&app.db, &app.config, admin, &input).await?;
    users.push((username.into(), role.into(), unit.name.clone(), secret));
    accounts::actor_for_user(&app.db, user.id, None)
        .await?
        .ok_or_else(|| internal("a demo user is inactive"))
}

/// The province's units and users.
async fn build_tree(app: &App, admin: &Actor, users: &mut Vec<ReportedUser>) -> AppResult<Tree> {
    let root = units::list_all(&app.db)
        .await?
        .into_iter()
        .find(|u| u.parent_id.is_none())
        .ok_or_else(|| internal("no root unit"))?;
    let mut tree = Tree {
        levels: HashMap::new(),
        communities: Vec::new(),
        agencies: Vec::new(),
        experts: Vec::new(),
    };
    let recommender = |name: &str| format!("{name}推荐人");
    for (city, city_user, districts) in CITIES {
        let city_unit = tree.add(
            unit_with_user(
                app,
                admin,
                &root,
                (city, "city"),
                (city_user, "recommender", recommender(city)),
                users,
            )
            .await?,
        );
        for (district, district_user, area_code, streets) in districts {
            let district_unit = tree.add(
                unit_with_user(
                    app,
                    admin,
                    &city_unit,
                    (district, "district"),
                    (district_user, "recommender", recommender(district)),
                    users,
                )
                .await?,
            );
            for (s, (street, communities)) in streets.into_iter().enumerate() {
                let street_user = format!("{district_user}.s{}", s + 1);
                let street_unit = tree.add(
                    unit_with_user(
                        app,
                        admin,
                        &district_unit,
                        (street, "street"),
                        (&street_user, "recommender", recommender(street)),
                        users,
                    )
                    .await?,
                );
                for (c, community) in communities.into_iter().enumerate() {
                    let community_unit = tree.add(
                        unit_with_user(
                            app,
                            admin,
                            &street_unit,
                            (community, "community"),
                            (
                                &format!("{street_user}.c{}", c + 1),
                                "recommender",
                                recommender(community),
                            ),
                            users,
                        )
                        .await?,
                    );
                    let place = Place {
                        city,
                        district,
                        street,
                        community,
                        area_code,
                    };
                    tree.communities.push((community_unit.id, place));
                }
            }
        }
    }
    for (agency, username) in AGENCIES {
        let (unit, actor) = unit_with_user(
            app,
            admin,
            &root,
            (agency, "agency"),
            (username, "agency", format!("{agency}联审员")),
            users,
        )
        .await?;
        tree.agencies.push((unit.id, actor));
    }
    let pool = units::create_unit(
        &app.db,
        admin,
        &UnitInput {
            name: EXPERT_POOL.into(),
            kind: "department".into(),
            parent_id: root.id.to_string(),
        },
    )
    .await?;
    for n in 1..=5 {
        let expert = user_in(
            app,
            admin,
            &pool,
            &format!("expert{n}"),
            "reviewer",
            format!("省评审专家{n}"),
            users,
        )
        .await?;
        tree.experts.push(expert);
    }
    Ok(tree)
}

/// The campaign form: two categories (volunteers, whose final score blends 30% of the vote,
/// and organizations, for which the vote is a reference), every level recommending, a
/// clearance after review and a public vote open today.
fn campaign_input(today: time::Date) -> AppResult<(CampaignInput, String)> {
    let day = |days: i64| days_from(today, days).map(|d| d.to_string());
    let opens = days_from(today, -70)?;
    let title = TITLE.replace("{year}", &opens.year().to_string());
    let category = |key: &str, name: &str, kind: &str, quota: u32, unit_quota: u32| CategoryInput {
        key: key.into(),
        name: name.into(),
        nominee_kind: kind.into(),
        quota: quota.to_string(),
        unit_quota: unit_quota.to_string(),
        reviewers_per_nomination: "3".into(),
        ..CategoryInput::default()
    };
    let mut volunteers = category("volunteer", "最美志愿者", "person", 40, 40);
    volunteers.min_hours = "100".into();
    volunteers.vote_weight = "30".into();
    let organizations = category("organization", "最佳志愿服务组织", "organization", 10, 8);
    let input = CampaignInput {
        title: title.clone(),
        year: opens.year().to_string(),
        organizer: ORGANIZER.into(),
        description: format!(
            "为深入学习宣传新时代志愿服务先进典型，省文明办决定在全省开展{title}活动。\n\n\
             推选按照社区、街道、区（市）、市逐级推荐的原则进行，经省直有关部门联合审查、\
             专家评审和网上投票，确定拟表扬对象，在网上公示后正式发布。"
        ),
        nomination_opens_on: opens.to_string(),
        nomination_closes_on: day(-50)?,
        street_closes_on: day(-47)?,
        district_closes_on: day(-44)?,
        city_closes_on: day(-41)?,
        recommend_street: true,
        recommend_district: true,
        recommend_city: true,
        aggregation: campaigns::DEFAULT_AGGREGATION.into(),
        review_closes_on: day(-30)?,
        clearance_after: "review".into(),
        clearance_closes_on: day(-18)?,
        evaluation_closes_on: day(-6)?,
        voting: true,
        voting_opens_on: day(-2)?,
        voting_closes_on: day(5)?,
        votes_per_day: "3".into(),
        vote_several: true,
        vote_totals: true,
        notice_starts_on: day(9)?,
        announced_on: day(20)?,
        categories: vec![volunteers, organizations],
        ..CampaignInput::default()
    };
    Ok((input, title))
}

/// The campaign, from the first nomination to the public's votes. Returns how many
/// nominations were made.
async fn campaign(app: &App, admin: &Actor, tree: &Tree) -> AppResult<usize> {
    let today = app.config.today();
    let (input, title) = campaign_input(today)?;
    let created = campaigns::create_campaign(&app.db, admin, &input).await?;
    let id = CampaignId(created.id);
    stages::advance_to(&app.db, admin, id, StageKind::Recommendation).await?;
    let categories = campaigns::categories_of(&app.db, id).await?;
    let category = |key: &str| {
        categories
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.id)
            .ok_or_else(|| internal("a provincial category is missing"))
    };
    let (volunteer, organization) = (category("volunteer")?, category("organization")?);

    // Each community enters its nominees and submits them five days before the deadline.
    let mut people = People::new(2026);
    let mut made: Vec<nomination::Model> = Vec::new();
    let submitted = days_from(today, -55)?;
    for (unit_id, place) in &tree.communities {
        let clerk = &level(tree, *unit_id)?.actor;
        let mut forms: Vec<(Uuid, NominationInput)> = Vec::new();
        for _ in 0..VOLUNTEERS_PER_COMMUNITY {
            forms.push((volunteer, people.volunteer(place)?));
        }
        forms.push((organization, people.organization(place)));
        for (category_id, form) in forms {
            let draft =
                nominations::import_draft(app, clerk, id, category_id.into(), &form).await?;
            made.push(
                review::transition(
                    app,
                    clerk,
                    draft.id.into(),
                    Transition::Submit,
                    draft.version,
                    "",
                    submitted,
                )
                .await?,
            );
        }
    }
    let count = made.len();

    // Each level passes on what reached it, two days before its deadline; each street declines
    // the first volunteer of its second community.
    for (kind, deadline) in [("street", -47), ("district", -44), ("city", -41)] {
        let day = days_from(today, deadline - 2)?;
        let mut declined_by: Vec<Uuid> = Vec::new();
        for n in &mut made {
            if n.status != NominationStatus::Pending {
                continue;
            }
            let Some(holder) = n.level_unit_id.and_then(|u| tree.levels.get(&u)) else {
                continue;
            };
            if crate::domain::name_of(&holder.unit.kind) != kind {
                continue;
            }
            let second_community = tree
                .communities
                .iter()
                .filter(|(c, _)| {
                    level(tree, *c).is_ok_and(|l| l.unit.parent_id == Some(holder.unit.id))
                })
                .nth(1)
                .map(|(c, _)| *c);
            let decline = kind == "street"
                && n.category_id == volunteer
                && Some(n.unit_id) == second_community
                && !declined_by.contains(&holder.unit.id);
            let (transition, reason) = if decline {
                declined_by.push(holder.unit.id);
                (Transition::Decline, DECLINE)
            } else {
                (Transition::Recommend, "")
            };
            *n = review::transition(
                app,
                &holder.actor,
                n.id.into(),
                transition,
                n.version,
                reason,
                day,
            )
            .await?;
        }
    }

    // The office finds every one eligible.
    stages::advance_to(&app.db, admin, id, StageKind::Review).await?;
    let reviewed = days_from(today, -33)?;
    for n in &mut made {
        if n.status == NominationStatus::AtOffice {
            *n = review::transition(
                app,
                admin,
                n.id.into(),
                Transition::MarkEligible,
                n.version,
                "",
                reviewed,
            )
            .await?;
        }
    }

    // The agencies clear them; one objects to one candidate, whom the office withdraws.
    stages::advance_to(&app.db, admin, id, StageKind::Clearance).await?;
    let agency_units: Vec<Uuid> = tree.agencies.iter().map(|(u, _)| *u).collect();
    clearance::set_agencies(&app.db, admin, id.0, &agency_units).await?;
    let candidates: Vec<&nomination::Model> = made
        .iter()
        .filter(|n| n.status == NominationStatus::Eligible)
        .collect();
    let objected = candidates
        .iter()
        .filter(|n| n.category_id == volunteer)
        .nth(6)
        .map(|n| n.id)
        .ok_or_else(|| internal("too few provincial candidates"))?;
    let answered = days_from(today, -20)?;
    for (_, agency) in &tree.agencies {
        for n in &candidates {
            let objects = n.id == objected && agency.username == OBJECTING;
            let answer = AnswerInput {
                opinion: if objects { "objection" } else { "no_objection" }.into(),
                reason: if objects { OBJECTION } else { "" }.into(),
            };
            clearance::answer(&app.db, agency, id.0, n.id, &answer, answered).await?;
        }
    }
    let withdraw = DecisionInput {
        decision: "withdraw".into(),
        reason: WITHDRAWAL.into(),
    };
    clearance::decide(&app.db, admin, id.0, objected, &withdraw).await?;

    // The experts score every candidate: three sheets each, all submitted.
    stages::advance_to(&app.db, admin, id, StageKind::Evaluation).await?;
    let experts: Vec<&Actor> = tree.experts.iter().collect();
    form_panel(app, admin, id, &format!("{title}评审委员会"), &experts).await?;
    // The experts favour one volunteer in eight and one organization in four.
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    let favoured: Vec<&str> = made
        .iter()
        .filter(|n| n.status == NominationStatus::Eligible && n.id != objected)
        .filter(|n| {
            let nth = seen.entry(n.category_id).or_default();
            *nth += 1;
            (*nth - 1).is_multiple_of(if n.category_id == volunteer { 8 } else { 4 })
        })
        .map(|n| n.nominee_name.as_str())
        .collect();
    let all: Vec<(&Actor, Progress)> = experts.iter().map(|e| (*e, Progress::Submitted)).collect();
    score(app, id, &title, &all, &favoured, days_from(today, -8)?).await?;

    // The public votes.
    stages::advance_to(&app.db, admin, id, StageKind::Voting).await?;
    vote(app, id, &favoured).await?;
    Ok(count)
}

impl Tree {
    /// Keeps `unit` and its recommender as a level of the tree; returns the unit.
    fn add(&mut self, (unit, actor): (unit::Model, Actor)) -> unit::Model {
        self.levels.insert(
            unit.id,
            Level {
                unit: unit.clone(),
                actor,
            },
        );
        unit
    }
}

fn level(tree: &Tree, unit_id: Uuid) -> AppResult<&Level> {
    tree.levels
        .get(&unit_id)
        .ok_or_else(|| internal("a provincial unit has no recommender"))
}

/// The public's votes, cast today: each voter from a network of its own gives one to three
/// votes to volunteers (the experts' favourites more often) and perhaps one to an
/// organization; then one network's voters vote all at once, a burst held for the office.
async fn vote(app: &App, id: CampaignId, favoured: &[&str]) -> AppResult<()> {
    let today = app.config.today();
    let candidates = voting::ballot(app, &app.vote_totals, id.0, None, today).await?;
    let mut dice = Dice::new(99);
    let mut ballots: Vec<(String, String, Vec<Uuid>)> = Vec::new();
    for n in 0..VOTERS {
        let mut chosen: Vec<Uuid> = Vec::new();
        for (index, category) in candidates.categories.iter().enumerate() {
            let wanted = if index == 0 {
                dice.between(1, 3)
            } else {
                dice.between(0, 1)
            };
            let mut tries = 0;
            while chosen_in(&chosen, category) < wanted as usize && tries < 20 {
                tries += 1;
                let pick = dice.pick(&category.candidates);
                let liked = favoured.contains(&pick.name.as_str()) || dice.below(3) == 0;
                if liked && !chosen.contains(&pick.id) {
                    chosen.push(pick.id);
                }
            }
        }
        let ip = format!("10.{}.{}.{}", 20 + n / 200, n % 200, 1 + dice.below(250));
        ballots.push((format!("1376390{n:04}"), ip, chosen));
    }
    // The burst: one network, one candidate, all within the minute.
    if let Some(first) = candidates
        .categories
        .first()
        .and_then(|c| c.candidates.last())
    {
        for n in 0..BURST_VOTERS {
            ballots.push((
                format!("1376391{n:04}"),
                format!("203.0.113.{}", 10 + n),
                vec![first.id],
            ));
        }
    }
    for (phone, ip, chosen) in ballots {
        let pass = voting::demo_pass(app, id.0, &phone, today).await?;
        for nomination_id in chosen {
            voting::cast(app, id.0, Some(&pass), nomination_id, Some(&ip), today).await?;
        }
    }
    Ok(())
}

fn chosen_in(chosen: &[Uuid], category: &voting::BallotCategory) -> usize {
    category
        .candidates
        .iter()
        .filter(|c| chosen.contains(&c.id))
        .count()
}
