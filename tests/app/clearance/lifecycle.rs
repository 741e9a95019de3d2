//! The clearance stage from the office's placing it to its decisions.

use laurel::{
    domain::{
        accounts::{self, UserInput},
        campaigns, clearance,
        stages::{self, StageKind},
    },
    entity::nomination::NominationStatus,
    error::AppError,
};
use rocket::http::Status;

use super::*;

/// The message key at `field`, if any.
fn key_at<'a>(errors: &'a laurel::error::FieldErrors, field: &str) -> Option<&'a str> {
    errors.0.iter().find(|e| e.field == field).map(|e| e.key)
}

#[rocket::async_test]
async fn agencies_answer_in_their_queues_and_the_office_decides_each_objection() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["张清", "李明", "王芳"]).await;
    let c = world.campaign.id;
    let ids = &setup.ids;

    app.login("court").await;
    let (status, html) = app.get("/clearance").await;
    assert_eq!(status, Status::Ok);
    assert!(html.contains(&format!("href=\"/clearance/{c}\"")), "{html}");
    // The queue: every candidate, the ID numbers masked.
    let (status, queue) = app.get(&format!("/clearance/{c}")).await;
    assert_eq!(status, Status::Ok);
    for (seq, name) in ["张清", "李明", "王芳"].iter().enumerate() {
        assert!(queue.contains(name), "{name} is in the queue");
        let full = id_number_of(u16::try_from(seq).expect("few"));
        assert!(!queue.contains(&full), "the queue shows {full} in full");
        let masked = format!("{}{}{}", &full[..3], "*".repeat(11), &full[14..]);
        assert!(queue.contains(&masked), "{masked} is in the queue");
    }
    // A candidate's page shows the full number, and the view is recorded.
    let viewed = audit_count(app.app(), "clearance.view_id_number").await;
    let (status, page) = app.get(&format!("/clearance/{c}/{}", ids[0])).await;
    assert_eq!(status, Status::Ok);
    assert!(element(&page, "id-number", "</code>").contains(&id_number_of(0)));
    assert_audited(app.app(), "clearance.view_id_number", viewed, 1).await;

    // An objection needs its reason; what was chosen stays.
    let response = answer(&app, &world, ids[0], "objection", "  ").await;
    let again = assert_field_error(response, "reason", "error-required").await;
    assert!(again.contains("value=\"objection\" checked"));
    let response = answer(&app, &world, ids[0], "objection", "2019年有刑事判决记录").await;
    assert_redirect_to(&response, &format!("/clearance/{c}"));
    for id in &ids[1..] {
        let response = answer(&app, &world, *id, "no_objection", "").await;
        assert_eq!(response.status(), Status::SeeOther);
    }
    app.login("police").await;
    answer(&app, &world, ids[0], "no_objection", "").await;
    answer(&app, &world, ids[1], "objection", "存在失信被执行记录").await;
    answer(&app, &world, ids[2], "no_objection", "").await;
    assert_eq!(audit_count(app.app(), "clearance.answer").await, 6);

    // The office's matrix: each answer, the reasons, what waits for it.
    app.login("office").await;
    let (status, matrix) = app.get(&format!("/campaigns/{c}/clearance")).await;
    assert_eq!(status, Status::Ok);
    assert!(matrix.contains("2019年有刑事判决记录") && matrix.contains("存在失信被执行记录"));
    assert!(unescape(&matrix).contains(&zh(
        "clearance-progress",
        &[
            ("answered", "6".into()),
            ("expected", "6".into()),
            ("undecided", "2".into())
        ]
    )));
    // Moving on waits for the decisions.
    let version = campaign_version(&app, &world).await.to_string();
    let response = app
        .post_form(
            &format!("/campaigns/{c}/advance"),
            &[("version", version.as_str())],
        )
        .await;
    assert_refused(response, Status::Conflict, "stage-blocked-clearance").await;

    // A decision needs its reason, at the candidate's own form.
    let decide = |id: uuid::Uuid| format!("/campaigns/{c}/clearance/{id}/decision");
    let response = app
        .post_form(&decide(ids[1]), &[("decision", "keep"), ("reason", "")])
        .await;
    let again = assert_field_error(response, &format!("reason-{}", ids[1]), "error-required").await;
    assert!(again.contains("value=\"keep\" checked"));
    let response = app
        .post_form(
            &decide(ids[0]),
            &[
                ("decision", "withdraw"),
                ("reason", "法院反馈有刑事判决记录"),
            ],
        )
        .await;
    assert_redirect_to(&response, &format!("/campaigns/{c}/clearance"));
    let response = app
        .post_form(
            &decide(ids[1]),
            &[
                ("decision", "keep"),
                ("reason", "失信记录已于2022年履行完毕并移除"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    // Only what an agency objected to is decided here, and only once.
    let response = app
        .post_form(&decide(ids[2]), &[("decision", "keep"), ("reason", "x")])
        .await;
    assert_refused(response, Status::Conflict, "error-clearance-no-objection").await;
    let response = app
        .post_form(
            &decide(ids[1]),
            &[("decision", "withdraw"), ("reason", "x")],
        )
        .await;
    assert_refused(response, Status::Conflict, "error-clearance-decided").await;
    assert_eq!(audit_count(app.app(), "clearance.decide").await, 2);
    let withdrawn = reload(&app, ids[0]).await;
    assert_eq!(withdrawn.status, NominationStatus::Withdrawn);
    assert_eq!(
        reload(&app, ids[1]).await.status,
        NominationStatus::Eligible
    );
    assert_eq!(
        reload(&app, ids[2]).await.status,
        NominationStatus::Eligible
    );

    // A decided candidate's answers are final.
    app.login("police").await;
    let response = answer(&app, &world, ids[1], "no_objection", "").await;
    assert_refused(response, Status::Conflict, "error-clearance-decided").await;

    // With every objection decided, the office moves on to evaluation.
    app.login("office").await;
    let version = campaign_version(&app, &world).await.to_string();
    let response = app
        .post_form(
            &format!("/campaigns/{c}/advance"),
            &[("version", version.as_str())],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (campaign, _) = campaigns::get_any(&app.app().db, c.into())
        .await
        .expect("campaign");
    assert_eq!(campaign.stage, StageKind::Evaluation);
    // The agency's queue is closed with the stage.
    app.login("court").await;
    assert_eq!(
        app.get(&format!("/clearance/{c}")).await.0,
        Status::Conflict
    );
}

#[rocket::async_test]
async fn answers_are_taken_until_the_stages_last_day_and_the_stage_cannot_be_left_unnamed() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = eligible_named(&app, &world, &["赵一"]).await;
    let closes_on = place_clearance(&app, &world, "review").await;
    let court_unit = agency(&app, "李沧区人民检察院", "court").await;
    let office = app.actor("office").await;
    let db = &app.app().db;
    reach(&app, &world, StageKind::Clearance).await;
    // No agency named: the campaign cannot move on, and the page says why.
    let (campaign, _) = campaigns::get_any(db, world.campaign.id.into())
        .await
        .expect("campaign");
    let refused = stages::advance(db, &office, world.campaign.id.into(), campaign.version).await;
    assert!(
        matches!(
            refused,
            Err(AppError::Refused("stage-blocked-clearance-agencies", _))
        ),
        "{refused:?}"
    );
    clearance::set_agencies(db, &office, world.campaign.id, &[court_unit.id])
        .await
        .expect("named");
    let court = app.actor("court").await;
    let input = clearance::AnswerInput {
        opinion: "no_objection".into(),
        reason: String::new(),
    };
    let late = clearance::answer(
        db,
        &court,
        world.campaign.id,
        ids[0],
        &input,
        closes_on + time::Duration::days(1),
    )
    .await;
    assert!(
        matches!(late, Err(AppError::Refused("error-stage-deadline", _))),
        "{late:?}"
    );
    clearance::answer(db, &court, world.campaign.id, ids[0], &input, closes_on)
        .await
        .expect("on the last day");
    // An agency that answered stays named.
    let removed = clearance::set_agencies(db, &office, world.campaign.id, &[]).await;
    assert!(
        matches!(
            removed,
            Err(AppError::Refused("error-clearance-agency-answered", _))
        ),
        "{removed:?}"
    );
    // The stage has started: the office cannot go back before it.
    let (campaign, _) = campaigns::get_any(db, world.campaign.id.into())
        .await
        .expect("campaign");
    let back = stages::back(
        db,
        &office,
        world.campaign.id.into(),
        campaign.version,
        "改期",
    )
    .await;
    assert!(
        matches!(back, Err(AppError::Refused("stage-back-started", _))),
        "{back:?}"
    );
}

#[rocket::async_test]
async fn simultaneous_answers_of_one_agency_on_one_candidate_are_one_answer() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["钱二"]).await;
    let court = app.actor("court").await;
    let today = app.app().config.today();
    let db = &app.app().db;
    let candidate = setup.ids[0];
    let answers = (0..20).map(|i| {
        let court = court.clone();
        async move {
            let input = clearance::AnswerInput {
                opinion: if i % 2 == 0 {
                    "objection"
                } else {
                    "no_objection"
                }
                .into(),
                reason: format!("理由{i}"),
            };
            clearance::answer(db, &court, world.campaign.id, candidate, &input, today).await
        }
    });
    let results = rocket::futures::future::join_all(answers).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let office = app.actor("office").await;
    let (_, matrix) = clearance::matrix(db, &office, world.campaign.id)
        .await
        .expect("matrix");
    assert_eq!(matrix.answered, 1, "one answer per agency and candidate");
    assert_eq!(matrix.expected, 2);
}

#[rocket::async_test]
async fn the_office_places_the_stage_in_the_timeline_until_the_campaign_reaches_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let db = &app.app().db;
    let office = app.actor("office").await;
    let kinds = || async {
        let (campaign, _) = campaigns::get_any(db, world.campaign.id.into())
            .await
            .expect("campaign");
        stages::load(db, &campaign)
            .await
            .expect("stages")
            .stages
            .iter()
            .map(|s| s.kind)
            .collect::<Vec<_>>()
    };
    place_clearance(&app, &world, "evaluation").await;
    let placed = kinds().await;
    let at = placed
        .iter()
        .position(|k| *k == StageKind::Clearance)
        .expect("a clearance stage");
    assert_eq!(placed[at - 1], StageKind::Evaluation);
    assert_eq!(placed[at + 1], StageKind::Shortlist);
    // The form shows where it is.
    app.login("office").await;
    let (_, form) = app
        .get(&format!("/campaigns/{}/edit", world.campaign.id))
        .await;
    assert!(
        form.contains("<option value=\"evaluation\" selected>"),
        "{form}"
    );
    // Moved to follow review; its last day must fall between review and the notice.
    place_clearance(&app, &world, "review").await;
    let moved = kinds().await;
    let at = moved
        .iter()
        .position(|k| *k == StageKind::Clearance)
        .expect("kept");
    assert_eq!(moved[at - 1], StageKind::Review);
    assert_eq!(moved.len(), placed.len());
    let mut input = campaigns::form_of(db, &office, world.campaign.id.into())
        .await
        .expect("form");
    input.clearance_closes_on = input.nomination_opens_on.clone();
    let early = campaigns::update_campaign(
        db,
        &office,
        world.campaign.id.into(),
        &input,
        app.app().config.today(),
    )
    .await;
    match early {
        Err(AppError::Invalid(errors)) => assert_eq!(
            key_at(&errors, "clearance_closes_on"),
            Some("error-timeline-order")
        ),
        other => panic!("expected a field error, got {other:?}"),
    }
    // Once the campaign is in it, it stays where it is.
    reach(&app, &world, StageKind::Clearance).await;
    let mut input = campaigns::form_of(db, &office, world.campaign.id.into())
        .await
        .expect("form");
    input.clearance_after = String::new();
    let removed = campaigns::update_campaign(
        db,
        &office,
        world.campaign.id.into(),
        &input,
        app.app().config.today(),
    )
    .await;
    match removed {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(
                key_at(&errors, "clearance_after"),
                Some("error-clearance-fixed")
            );
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(kinds().await.contains(&StageKind::Clearance));
}

#[rocket::async_test]
async fn only_the_agencies_a_campaign_names_see_its_candidates_and_only_agencies_clear() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let setup = cleared(&app, &world, &["孙三"]).await;
    agency(&app, "李沧区信用办", "credit").await;
    let c = world.campaign.id;
    let n = setup.ids[0];
    app.login("credit").await;
    assert_eq!(
        app.get(&format!("/clearance/{c}")).await.0,
        Status::NotFound
    );
    assert_eq!(
        app.get(&format!("/clearance/{c}/{n}")).await.0,
        Status::NotFound
    );
    let response = answer(&app, &world, n, "no_objection", "").await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(
        app.get(&format!(
            "/campaigns/{c}/clearance/sheets/{}",
            setup.court.id
        ))
        .await
        .0,
        Status::Forbidden
    );
    // An agency reads no nominations, and not the office's matrix.
    app.login("court").await;
    assert_eq!(app.get("/nominations").await.0, Status::Forbidden);
    assert_eq!(
        app.get(&format!("/nominations/{n}")).await.0,
        Status::NotFound
    );
    assert_eq!(
        app.get(&format!("/campaigns/{c}/clearance")).await.0,
        Status::Forbidden
    );
    // A unit of the nominating tree has no queue.
    app.login("rec_a1").await;
    assert_eq!(app.get("/clearance").await.0, Status::Forbidden);
    // The agency role and an agency's unit go together.
    let office = app.actor("office").await;
    for (role, unit) in [
        ("agency", world.community_a1.id),
        ("recommender", setup.police.id),
    ] {
        let made = accounts::create_user(
            &app.app().db,
            &app.app().config,
            &office,
            &UserInput {
                username: format!("mixed-{role}"),
                display_name: "混合".into(),
                role: role.into(),
                unit_id: unit.to_string(),
                password: PASSWORD.into(),
                active: true,
                service: false,
            },
        )
        .await;
        match made {
            Err(AppError::Invalid(errors)) => {
                assert_eq!(key_at(&errors, "role"), Some("error-role-agency-unit"));
            }
            other => panic!("{role} at that unit: {other:?}"),
        }
    }
}

#[rocket::async_test]
async fn the_demos_agencies_sign_in_to_their_clearance_desk() {
    let app = TestApp::new().await;
    let report = laurel::domain::demo::load(app.app())
        .await
        .expect("demo loads");
    let agencies: Vec<&(String, String, String, String)> =
        report.users.iter().filter(|u| u.1 == "agency").collect();
    assert_eq!(agencies.len(), 5, "法院, 检察院, 公安局, 信用办, 纪委监委");
    use laurel::domain::units::{self, UnitKind};
    let units = units::list_all(&app.app().db).await.expect("units");
    for (_, _, unit_name, _) in &agencies {
        let unit = units
            .iter()
            .find(|u| &u.name == unit_name)
            .expect("its unit");
        assert_eq!(unit.kind, UnitKind::Agency, "{unit_name}");
    }
    let (username, _, _, password) = agencies[0];
    app.logout().await;
    let response = app
        .post_form(
            "/login",
            &[("username", username), ("password", password), ("next", "")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (status, page) = app.get("/clearance").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains(&zh("clearance-mine-none", &[])), "{page}");
}
