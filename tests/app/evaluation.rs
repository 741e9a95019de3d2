//! Expert evaluation, first part: panels, rubrics, conflict-free balanced assignment, manual
//! assignment and recusal.

use laurel::domain::{
    accounts::{self, UserInput},
    actor::Actor,
    campaigns, evaluation, nominations,
    nominations::NominationInput,
    review,
    units::{self, UnitInput},
    workflow::Transition,
};
use rocket::http::Status;

use crate::helpers::*;

fn person(name: &str, seq: u16) -> NominationInput {
    let id = laurel::domain::values::IdNumber::with_check_digit(&format!("3702131980051{seq:04}"))
        .expect("id");
    NominationInput {
        nominee_name: name.into(),
        affiliation: "社区志愿者".into(),
        gender: if seq % 2 == 1 { "male" } else { "female" }.into(),
        birth_date: "1980-05-1".to_owned() + &(seq / 1000 % 10).to_string(),
        phone: "13900001111".into(),
        id_number: id,
        volunteer_hours: "40".into(),
        deeds_summary: "简介".into(),
        deeds_full: "详细事迹".into(),
        ..NominationInput::default()
    }
}

/// Reviewers outside the nominating tree (an expert pool under the city), plus the fixture's
/// `expert`, whose unit is the district: an ancestor of every nominating unit.
async fn pool(app: &TestApp, count: usize) -> Vec<Actor> {
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
        let username = format!("judge{i}");
        let input = UserInput {
            username: username.clone(),
            display_name: format!("评委{i}"),
            role: "reviewer".into(),
            unit_id: unit.id.to_string(),
            password: PASSWORD.into(),
            active: true,
        };
        accounts::create_user(&app.app().db, &app.app().config, &office, &input)
            .await
            .expect("reviewer");
        made.push(app.actor(&username).await);
    }
    made
}

/// `count` eligible volunteer nominations, alternating between the two communities.
async fn eligible(app: &TestApp, world: &World, count: u16) -> Vec<uuid::Uuid> {
    let office = app.actor("office").await;
    // Room for every nomination to pass each unit.
    let (campaign, categories) = campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign");
    let mut input = campaigns::CampaignInput::from_models(&campaign, &categories);
    for row in &mut input.categories {
        row.quota = "100".into();
        row.unit_quota = "100".into();
        row.reviewers_per_nomination = "3".into();
    }
    campaigns::update_campaign(&app.app().db, &office, world.campaign.id.into(), &input)
        .await
        .expect("quotas");
    let category = campaigns::categories_of(&app.app().db, world.campaign.id.into())
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let today = app.app().config.today();
    let mut ids = Vec::new();
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
            &person(&format!("候选{seq}"), 200 + seq),
        )
        .await
        .expect("draft");
        let mut n = nominations::submit(app.app(), &who, draft.id.into(), draft.version)
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
        n = review::transition(
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

async fn volunteer_panel(app: &TestApp, world: &World, members: &[&Actor]) -> uuid::Uuid {
    let office = app.actor("office").await;
    let category = campaigns::categories_of(&app.app().db, world.campaign.id.into())
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
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

#[rocket::async_test]
async fn automatic_assignment_avoids_conflicts_and_balances_the_load() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 4).await;
    let expert = app.actor("expert").await;
    let nominations = eligible(&app, &world, 6).await;
    let mut members: Vec<&Actor> = judges.iter().collect();
    members.push(&expert);
    let panel = volunteer_panel(&app, &world, &members).await;

    app.login("office").await;
    let response = app
        .post_form(&format!("/evaluation/panels/{panel}/assign"), &[])
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("新增分配 18 条")
    );

    let office = app.actor("office").await;
    let rows = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 18, "six nominations, three reviewers each");
    assert!(
        rows.iter().all(|r| r.reviewer_id != expert.user_id),
        "the district's expert conflicts with every nomination"
    );
    for n in &nominations {
        let mut reviewers: Vec<_> = rows
            .iter()
            .filter(|r| r.nomination_id == *n)
            .map(|r| r.reviewer_id)
            .collect();
        reviewers.sort();
        reviewers.dedup();
        assert_eq!(reviewers.len(), 3);
    }
    let loads: Vec<usize> = judges
        .iter()
        .map(|j| rows.iter().filter(|r| r.reviewer_id == j.user_id).count())
        .collect();
    assert!(
        loads.iter().max().expect("loads") - loads.iter().min().expect("loads") <= 1,
        "{loads:?}"
    );
    assert_eq!(audit_count(app.app(), "panel.assign").await, 1);

    // Running it again adds nothing: every nomination has its reviewers.
    let again = evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("again");
    assert_eq!(again.added, 0);
}

#[rocket::async_test]
async fn a_manual_assignment_with_a_conflict_is_refused_with_the_reason() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 2).await;
    let expert = app.actor("expert").await;
    let nominations = eligible(&app, &world, 1).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0], &judges[1], &expert]).await;
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &expert.user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Conflict);
    assert!(
        response
            .into_string()
            .await
            .unwrap_or_default()
            .contains("存在利益冲突")
    );
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &judges[0].user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let response = app
        .post_form(
            &format!("/evaluation/panels/{panel}/assignments"),
            &[
                ("nomination_id", &nominations[0].to_string()),
                ("reviewer_id", &judges[0].user_id.to_string()),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::Conflict,
        "twice the same reviewer"
    );
}

#[rocket::async_test]
async fn a_reviewer_recuses_and_the_nomination_is_reassigned() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 4).await;
    eligible(&app, &world, 1).await;
    let members: Vec<&Actor> = judges.iter().collect();
    let panel = volunteer_panel(&app, &world, &members).await;
    let office = app.actor("office").await;
    evaluation::auto_assign(&app.app().db, &office, panel)
        .await
        .expect("assigned");
    let before = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    let leaving = before[0].reviewer_id;
    let username = judges
        .iter()
        .find(|j| j.user_id == leaving)
        .expect("a judge")
        .username
        .clone();

    app.login(&username).await;
    let (status, page) = app.get("/evaluation/mine").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("候选0"));
    assert!(
        !page.contains("13900001111"),
        "no private contact data in the reviewer's list"
    );
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", before[0].id),
            &[("reason", "")],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "a reason is required"
    );
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", before[0].id),
            &[("reason", "被推荐人是我的亲属")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);

    let after = evaluation::panel_assignments(&app.app().db, &office, panel)
        .await
        .expect("rows");
    assert_eq!(after.len(), 3, "the seat was refilled");
    assert!(
        after.iter().all(|r| r.reviewer_id != leaving),
        "not by the one who recused"
    );
    assert!(!app.get("/evaluation/mine").await.1.contains("候选0"));
    assert_eq!(audit_count(app.app(), "assignment.recuse").await, 1);

    // Nobody recuses someone else's assignment: the one who left tries another's seat.
    let response = app
        .post_form(
            &format!("/evaluation/assignments/{}/recuse", after[0].id),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(
        evaluation::panel_assignments(&app.app().db, &office, panel)
            .await
            .expect("rows")
            .len(),
        3
    );
}

#[rocket::async_test]
async fn the_default_rubric_is_prefilled_and_the_office_can_change_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 1).await;
    let panel = volunteer_panel(&app, &world, &[&judges[0]]).await;
    app.login("office").await;
    let (status, page) = app.get(&format!("/evaluation/panels/{panel}")).await;
    assert_eq!(status, Status::Ok);
    for name in ["先进事迹", "服务时长", "社会影响", "创新性"] {
        assert!(page.contains(name), "{name}");
    }
    let category = campaigns::categories_of(&app.app().db, world.campaign.id.into())
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let path = format!(
        "/evaluation/categories/{}/rubric?panel={panel}",
        category.id
    );
    let response = app
        .post_form(
            &path,
            &[
                ("criteria[0].name", "事迹"),
                ("criteria[0].max_points", "60"),
                ("criteria[0].weight", "1.5"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "0"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "a maximum of 0 is refused"
    );
    let response = app
        .post_form(
            &path,
            &[
                ("criteria[0].name", "事迹"),
                ("criteria[0].max_points", "60"),
                ("criteria[0].weight", "1.5"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "40"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");
    assert_eq!(
        rubric
            .iter()
            .map(|c| (c.name.as_str(), c.max_points))
            .collect::<Vec<_>>(),
        [("事迹", 60), ("影响", 40)]
    );
    assert_eq!(audit_count(app.app(), "rubric.update").await, 1);
}

#[rocket::async_test]
async fn only_the_office_runs_evaluation_and_only_reviewers_have_a_workspace() {
    let app = TestApp::new().await;
    app.world().await;
    for (username, office_page, workspace) in [
        ("office", 200, 403),
        ("rec_a", 403, 403),
        ("expert", 403, 200),
    ] {
        app.login(username).await;
        assert_eq!(
            app.get("/evaluation").await.0.code,
            office_page,
            "{username} /evaluation"
        );
        assert_eq!(
            app.get("/evaluation/mine").await.0.code,
            workspace,
            "{username} /evaluation/mine"
        );
    }
}
