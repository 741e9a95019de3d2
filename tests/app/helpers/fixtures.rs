//! Fixtures that take a campaign through the stages by the domain services, as its users would.

use laurel::{
    domain::{
        accounts::tokens,
        actor::Actor,
        campaigns,
        evaluation::{self, SheetInput},
        honor_roll,
        ids::{CampaignId, DocumentId},
        nominations, notices, review,
        stages::{self, StageKind},
        units::{self, UnitInput},
        workflow::Transition,
    },
    entity::honoree,
};
use rocket::http::Status;
use sea_orm::EntityTrait;
use time::Duration;

use super::{
    forms::{person_fields, refs, valid_id_number},
    test_app::*,
};

/// The office changes every category of the fixture's campaign as `change` says.
pub async fn change_categories(
    app: &TestApp,
    world: &World,
    change: impl Fn(&mut campaigns::CategoryInput),
) {
    let office = app.actor("office").await;
    let mut input = campaigns::form_of(&app.app().db, &office, world.campaign.id.into())
        .await
        .expect("campaign");
    input.categories.iter_mut().for_each(change);
    campaigns::update_campaign(
        &app.app().db,
        &office,
        world.campaign.id.into(),
        &input,
        app.app().config.today(),
    )
    .await
    .expect("categories changed");
}

/// The office moves the fixture's campaign on to `kind` ("next step", as often as needed);
/// a campaign already there or past it stays where it is.
pub async fn reach(app: &TestApp, world: &World, kind: StageKind) {
    let office = app.actor("office").await;
    let (campaign, _) = campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign");
    let life = stages::load(&app.app().db, &campaign)
        .await
        .expect("stages");
    if !life.reached(kind) {
        stages::advance_to(&app.app().db, &office, world.campaign.id.into(), kind)
            .await
            .expect("moved on");
    }
}

/// The office gives every category of the fixture's campaign room for 100 and each unit
/// `quota` places.
pub async fn set_unit_quota(app: &TestApp, world: &World, quota: &str) {
    change_categories(app, world, |row| {
        row.quota = "100".into();
        row.unit_quota = quota.into();
    })
    .await;
}

/// Reviewers outside the nominating tree (an expert pool under the city), plus the fixture's
/// `expert`, whose unit is the district: an ancestor of every nominating unit.
pub async fn pool(app: &TestApp, count: usize) -> Vec<Actor> {
    let office = app.actor("office").await;
    let city = units::list_all(&app.app().db)
        .await
        .expect("units")
        .remove(0);
    let unit = units::create_unit(
        &app.app().db,
        &office,
        &UnitInput {
            name: "评审专家库".into(),
            kind: "department".into(),
            parent_id: city.id.to_string(),
        },
    )
    .await
    .expect("pool unit");
    let mut made = Vec::new();
    for i in 0..count {
        made.push(
            app.add_user(&format!("judge{i}"), &format!("评委{i}"), "reviewer", &unit)
                .await,
        );
    }
    made
}

/// `count` eligible volunteer nominations, alternating between the two communities (the
/// campaign is left in its review stage).
pub async fn eligible(app: &TestApp, world: &World, count: u16) -> Vec<uuid::Uuid> {
    let names: Vec<String> = (0..count).map(|seq| format!("候选{seq}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    eligible_named(app, world, &names).await
}

/// Eligible volunteer nominations with these names, alternating between the two communities;
/// the campaign is left in its review stage.
pub async fn eligible_named(app: &TestApp, world: &World, names: &[&str]) -> Vec<uuid::Uuid> {
    let count = u16::try_from(names.len()).expect("a few");
    let office = app.actor("office").await;
    // Room for every nomination to pass each unit.
    change_categories(app, world, |row| {
        row.quota = "100".into();
        row.unit_quota = "100".into();
        row.reviewers_per_nomination = "3".into();
    })
    .await;
    let category = app.category(world, "volunteer").await;
    let today = app.app().config.today();
    let mut reached = Vec::new();
    for seq in 0..count {
        let (nominator, street) = if seq % 2 == 0 {
            ("rec_a1", "rec_a")
        } else {
            ("rec_b1", "rec_b")
        };
        let who = app.actor(nominator).await;
        let draft = nominations::create_draft(
            app.app(),
            &who,
            world.campaign.id.into(),
            category.id.into(),
            &person(names[usize::from(seq)], 200 + seq),
        )
        .await
        .expect("draft");
        let mut n = review::submit(app.app(), &who, draft.id.into(), draft.version)
            .await
            .expect("submitted");
        for level in [street, "rec_district"] {
            n = review::transition(
                app.app(),
                &app.actor(level).await,
                n.id.into(),
                Transition::Recommend,
                n.version,
                "",
                today,
            )
            .await
            .expect("up");
        }
        reached.push(n);
    }
    // The office reviews once recommendation is over.
    reach(app, world, StageKind::Review).await;
    let mut ids = Vec::new();
    for n in reached {
        let n = review::transition(
            app.app(),
            &office,
            n.id.into(),
            Transition::MarkEligible,
            n.version,
            "",
            today,
        )
        .await
        .expect("eligible");
        ids.push(n.id);
    }
    ids
}

/// A panel for the volunteer category, formed in the evaluation stage (the campaign is moved
/// on to it if it is not there yet).
pub async fn volunteer_panel(app: &TestApp, world: &World, members: &[&Actor]) -> uuid::Uuid {
    reach(app, world, StageKind::Evaluation).await;
    let office = app.actor("office").await;
    let category = app.category(world, "volunteer").await;
    let input = evaluation::PanelInput {
        name: "最美志愿者评审组".into(),
        categories: vec![category.id.to_string()],
        members: members.iter().map(|m| m.user_id.to_string()).collect(),
    };
    evaluation::create_panel(&app.app().db, &office, world.campaign.id.into(), &input)
        .await
        .expect("panel")
        .id
}

/// The volunteer panel of `judges` with every nomination in evaluation assigned automatically:
/// the panel, its category and the category's rubric.
pub async fn assigned_panel(
    app: &TestApp,
    world: &World,
    judges: &[Actor],
) -> (
    uuid::Uuid,
    laurel::entity::category::Model,
    Vec<laurel::entity::criterion::Model>,
) {
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(app, world, &members).await;
    let office = app.actor("office").await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let category = app.category(world, "volunteer").await;
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    (panel, category, rubric)
}

/// Eligible volunteer nominations named `names`, scored by five reviewers in that order (the
/// first highest) and fixed as the volunteer shortlist; the campaign is left in its shortlist
/// stage. Returns their ids, in order.
pub async fn shortlisted(app: &TestApp, world: &World, names: &[&str]) -> Vec<uuid::Uuid> {
    let office = app.actor("office").await;
    let judges = pool(app, 5).await;
    let ids = eligible_named(app, world, names).await;
    change_categories(app, world, |row| row.reviewers_per_nomination = "5".into()).await;
    let (_, category, rubric) = assigned_panel(app, world, &judges).await;
    score_all(app, &judges, &rubric, |nominee, max| {
        let rank = names.iter().position(|n| *n == nominee).expect("known");
        (max - i32::try_from(rank).unwrap_or(0)).max(0)
    })
    .await;
    reach(app, world, StageKind::Shortlist).await;
    evaluation::fix_shortlist(
        &app.app().db,
        &office,
        category.id,
        &ids,
        "",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect("shortlist");
    ids
}

/// Each judge submits a sheet for each of their assignments, approving, with `points(nominee,
/// criterion's maximum)` on every criterion.
pub async fn score_all(
    app: &TestApp,
    judges: &[Actor],
    rubric: &[laurel::entity::criterion::Model],
    points: impl Fn(&str, i32) -> i32,
) {
    for judge in judges {
        for mine in evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine")
        {
            let sheet = SheetInput {
                points: rubric
                    .iter()
                    .map(|c| {
                        let given = points(&mine.nominee_name, c.max_points);
                        (c.id.to_string(), given.to_string())
                    })
                    .collect(),
                approve: "yes".into(),
                comment: "评审意见ZX9".into(),
                version: 0,
            };
            evaluation::save_sheet(
                &app.app().db,
                judge,
                mine.id,
                &sheet,
                true,
                laurel::i18n::Lang::ZhCn,
                app.app().config.today(),
            )
            .await
            .expect("scored");
        }
    }
}

/// A volunteer nomination of `who`'s unit, submitted: in the first level's inbox.
pub async fn submitted(
    app: &TestApp,
    world: &World,
    who: &Actor,
    input: &laurel::domain::nominations::NominationInput,
) -> laurel::entity::nomination::Model {
    let category = app.category(world, "volunteer").await.id;
    let draft = nominations::create_draft(
        app.app(),
        who,
        world.campaign.id.into(),
        category.into(),
        input,
    )
    .await
    .expect("draft");
    review::submit(app.app(), who, draft.id.into(), draft.version)
        .await
        .expect("submitted")
}

/// The office moves the fixture campaign to its notice stage and publishes a notice of its
/// shortlist starting on `start`.
pub async fn publish_notice(app: &TestApp, world: &World, start: &str) -> uuid::Uuid {
    reach(app, world, StageKind::Notice).await;
    let start = time::Date::parse(
        start,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .expect("a date");
    publish_notice_on(app, world, start).await
}

/// An objection to `nominee` in real name, as the notice's form takes it.
pub fn objection_input(nominee: uuid::Uuid) -> notices::ObjectionInput {
    notices::ObjectionInput {
        nominee: nominee.to_string(),
        text: "该同志服务时长不实。".into(),
        filer_name: "张实名".into(),
        filer_unit: "异议人单位甲".into(),
        filer_contact: "13712345678".into(),
    }
}

/// A campaign carried to its end: two shortlisted nominations (of 北山 and of 延川路), a notice
/// whose window has closed, an objection filed within it and dismissed, and the final list.
pub struct Concluded {
    pub ids: Vec<uuid::Uuid>,
    pub notice: uuid::Uuid,
    pub objection: laurel::entity::objection::Model,
    pub list: laurel::entity::document::Model,
}

/// The office carries the fixture's campaign to its end (see [`Concluded`]).
pub async fn concluded(app: &TestApp, world: &World) -> Concluded {
    let ids = shortlisted(app, world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today();
    let start = today - Duration::days(30);
    let notice = publish_notice(app, world, &start.to_string()).await;
    let filed = notices::file_objection(
        app.app(),
        DocumentId(notice),
        &objection_input(ids[0]),
        None,
        Some("10.0.0.9"),
        start,
    )
    .await
    .expect("filed");
    let office = app.actor("office").await;
    notices::decide(
        &app.app().db,
        &app.app().signer,
        &office,
        filed.id.into(),
        &notices::OutcomeInput {
            outcome: "dismissed".into(),
            reason: "不成立".into(),
            correct: false,
            version: filed.version,
        },
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect("decided");
    reach(app, world, StageKind::FinalList).await;
    let list = notices::confirm_final_list(
        &app.app().db,
        &app.app().signer,
        &office,
        CampaignId(world.campaign.id),
        &notices::DocumentInput {
            issuing_organ: "文明办".into(),
            issued_on: today.to_string(),
            title: "名单".into(),
            body: "正文".into(),
            ..notices::DocumentInput::default()
        },
        today,
    )
    .await
    .expect("confirmed");
    Concluded {
        ids,
        notice,
        objection: filed,
        list,
    }
}

/// The private values of a concluded campaign: the nominees' phone, ID numbers and birth
/// dates, the filer's contact and unit, the reviewers' names and comments.
pub async fn private_values(app: &TestApp) -> Vec<String> {
    let mut private: Vec<String> = vec![
        "13900001111".into(),
        "13712345678".into(),
        "异议人单位甲".into(),
        "评委0".into(),
        "judge0".into(),
        "评审意见ZX9".into(),
    ];
    for n in laurel::entity::nomination::Entity::find()
        .all(&app.app().db)
        .await
        .expect("nominations")
    {
        let blob = n.id_number_enc.expect("an ID number");
        private.push(app.app().pii.decrypt(&blob).expect("decrypts"));
        private.push(n.birth_date.expect("born").to_string());
    }
    private
}

/// Inserts honorees with their names in the roll's name index, as confirming a list does.
pub async fn add_honorees(db: &sea_orm::DatabaseConnection, rows: Vec<honoree::ActiveModel>) {
    let grams: Vec<_> = rows
        .iter()
        .flat_map(|h| honor_roll::name_index_rows(h.id.clone().unwrap(), &h.name.clone().unwrap()))
        .collect();
    honoree::Entity::insert_many(rows)
        .exec(db)
        .await
        .expect("honorees");
    laurel::entity::honoree_gram::Entity::insert_many(grams)
        .exec(db)
        .await
        .expect("their names");
}

/// Creates a token for `username` through the account page and returns it.
pub async fn token_for(app: &TestApp, username: &str) -> String {
    app.login(username).await;
    let response = app
        .post_form("/account/tokens", &[("name", "集成测试")])
        .await;
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().await.unwrap_or_default();
    let start = html.find("laurel_").expect("the new token is shown once");
    html[start..]
        .chars()
        .take_while(|c| *c == '_' || c.is_ascii_alphanumeric())
        .collect()
}

/// One eligible nomination, a panel of five pool reviewers, every one assigned.
pub async fn scored_setup(
    app: &TestApp,
    world: &World,
) -> (
    Vec<Actor>,
    uuid::Uuid,
    Vec<laurel::entity::criterion::Model>,
) {
    let judges = pool(app, 5).await;
    eligible(app, world, 1).await;
    let office = app.actor("office").await;
    change_categories(app, world, |row| {
        row.reviewers_per_nomination = "5".into();
    })
    .await;
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(app, world, &members).await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let category = app.category(world, "volunteer").await;
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    (judges, panel, rubric)
}

/// The id of `judge`'s first assignment.
pub async fn assignment_of(app: &TestApp, judge: &Actor) -> uuid::Uuid {
    laurel::domain::evaluation::my_assignments(&app.app().db, judge)
        .await
        .expect("mine")[0]
        .id
}

/// A token for `username`'s API calls, made by the domain (the client's sign-in is untouched).
pub async fn api_token(app: &TestApp, username: &str) -> String {
    let actor = app.actor(username).await;
    tokens::create_token(&app.app().db, &actor, "stages", "", 180)
        .await
        .expect("token")
        .0
}

/// The fixture campaign's version now.
pub async fn campaign_version(app: &TestApp, world: &World) -> i32 {
    campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign")
        .0
        .version
}

/// Every reviewer submits every sheet they hold, the first name on `order` scoring highest.
pub async fn score_everything(
    app: &TestApp,
    world: &World,
    judges: &[laurel::domain::actor::Actor],
    order: &[&str],
) {
    let category = app.category(world, "volunteer").await.id;
    let rubric = evaluation::rubric(&app.app().db, category, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    for judge in judges {
        for mine in evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine")
        {
            let rank = order
                .iter()
                .position(|n| *n == mine.nominee_name)
                .unwrap_or(0);
            let sheet = evaluation::SheetInput {
                points: rubric
                    .iter()
                    .map(|c| {
                        let points = (c.max_points - i32::try_from(rank).unwrap_or(0)).max(0);
                        (c.id.to_string(), points.to_string())
                    })
                    .collect(),
                approve: "yes".into(),
                comment: "同意".into(),
                version: 0,
            };
            evaluation::save_sheet(
                &app.app().db,
                judge,
                mine.id,
                &sheet,
                true,
                laurel::i18n::Lang::ZhCn,
                app.app().config.today(),
            )
            .await
            .expect("scored");
        }
    }
}

/// The fixture's notice, published by the office with its window starting on `start` (the
/// campaign stays in the stage it is in).
pub async fn publish_notice_on(app: &TestApp, world: &World, start: time::Date) -> uuid::Uuid {
    let office = app.actor("office").await;
    let input = notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        doc_number: "李沧文明办〔2026〕1号".into(),
        issued_on: start.to_string(),
        title: "拟表彰对象公示".into(),
        body: "公示时间：[start]至[end]。".into(),
        window_starts_on: start.to_string(),
        working_days: "5".into(),
        ..notices::DocumentInput::default()
    };
    let id = CampaignId(world.campaign.id);
    let draft = notices::save_notice(&app.app().db, &office, id, &input)
        .await
        .expect("draft");
    notices::publish_notice(&app.app().db, &app.app().signer, &office, id, draft.version)
        .await
        .expect("published")
        .id
}

/// The final list's document, issued on `day`.
pub fn final_list_input(day: time::Date) -> notices::DocumentInput {
    notices::DocumentInput {
        issuing_organ: "青岛市李沧区文明办".into(),
        issued_on: day.to_string(),
        title: "先进典型名单".into(),
        body: "现将名单公布如下。".into(),
        ..notices::DocumentInput::default()
    }
}

/// A nomination made through the pages: its page.
pub struct Draft {
    pub path: String,
}

impl Draft {
    /// Where decisions on it are posted.
    pub fn review_path(&self) -> String {
        self.path.replace("/nominations/", "/review/")
    }
}

/// The community clerk signed in saves 任均山's volunteer nomination as a draft, through the
/// form.
pub async fn create_person_draft(app: &TestApp, world: &World) -> Draft {
    let category =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = category
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer category");
    let path = format!(
        "/nominations?campaign={}&category={}",
        world.campaign.id, person.id
    );
    let response = app
        .post_form(&path, &refs(&person_fields(&valid_id_number())))
        .await;
    assert_eq!(
        response.status(),
        Status::SeeOther,
        "{}",
        response.into_string().await.unwrap_or_default()
    );
    let (_, html) = app.get("/nominations").await;
    let id: String = html
        .split("/nominations/")
        .nth(1)
        .expect("a row")
        .chars()
        .take(36)
        .collect();
    Draft {
        path: format!("/nominations/{id}"),
    }
}

/// The rules of a test campaign's vote.
#[derive(Clone, Copy)]
pub struct VoteRules {
    pub per_day: u8,
    pub several: bool,
    pub totals: bool,
}

/// Assessed candidates with these names, the campaign moved into a voting stage (open from
/// yesterday to five days on) with `rules`.
pub async fn voting_open(
    app: &TestApp,
    world: &World,
    names: &[&str],
    rules: VoteRules,
) -> Vec<uuid::Uuid> {
    let judges = pool(app, 5).await;
    let ids = eligible_named(app, world, names).await;
    change_categories(app, world, |row| row.reviewers_per_nomination = "5".into()).await;
    let (_, _, rubric) = assigned_panel(app, world, &judges).await;
    score_all(app, &judges, &rubric, |nominee, max| {
        let rank = names.iter().position(|n| *n == nominee).expect("known");
        (max - i32::try_from(rank).unwrap_or(0)).max(0)
    })
    .await;
    let office = app.actor("office").await;
    let db = &app.app().db;
    let today = app.app().config.today();
    let mut input = campaigns::form_of(db, &office, world.campaign.id.into())
        .await
        .expect("form");
    input.voting = true;
    input.voting_opens_on = (today - time::Duration::days(1)).to_string();
    input.voting_closes_on = (today + time::Duration::days(5)).to_string();
    input.votes_per_day = rules.per_day.to_string();
    input.vote_several = rules.several;
    input.vote_totals = rules.totals;
    campaigns::update_campaign(db, &office, world.campaign.id.into(), &input, today)
        .await
        .expect("voting added");
    reach(app, world, StageKind::Voting).await;
    ids
}
