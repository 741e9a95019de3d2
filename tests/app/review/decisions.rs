//! Layer-by-layer recommendation and strict review: every transition allowed and refused, the
//! chain, deadlines, history, versions, the office's return for revision and bulk decisions.

use laurel::domain::{nominations, review, stages::StageKind, workflow::Transition};
use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn a_community_nomination_climbs_street_and_district_to_the_office_and_is_found_eligible() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let n = submitted(&app, &world, &rec_a1, &person("张三", 1)).await;
    assert_eq!(n.level_unit_id, Some(world.street_a.id), "first its street");

    app.login("rec_a").await;
    let (_, inbox) = app.get("/review/inbox").await;
    assert!(
        inbox.contains("张三") && inbox.contains("0 / 1"),
        "in the street's inbox, quota not yet used: {inbox}"
    );
    let (status, _) = decide_on_page(&app, n.id, "recommend", n.version, "").await;
    assert_eq!(status, Status::SeeOther);
    assert!(
        app.get("/review/inbox").await.1.contains("1 / 1"),
        "recommending used the street's place"
    );
    let n = reload(&app, n.id).await;
    assert_eq!(
        n.status,
        laurel::entity::nomination::NominationStatus::Pending
    );
    assert!(
        n.level_unit_id.is_some() && n.level_unit_id != Some(world.street_a.id),
        "now with the district"
    );

    app.login("rec_district").await;
    assert!(app.get("/review/inbox").await.1.contains("张三"));
    assert_eq!(
        decide_on_page(&app, n.id, "recommend", n.version, "")
            .await
            .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;
    assert_eq!(
        n.status,
        laurel::entity::nomination::NominationStatus::AtOffice
    );

    // The office reviews in the review stage.
    reach(&app, &world, StageKind::Review).await;
    app.login("office").await;
    assert!(app.get("/review/office").await.1.contains("张三"));
    assert_eq!(
        decide_on_page(&app, n.id, "mark_eligible", n.version, "")
            .await
            .0,
        Status::SeeOther
    );
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    assert!(page.contains(&zh("nomination-status-eligible", &[])));
    for step in [
        "decision-submit",
        "decision-recommend",
        "decision-mark_eligible",
    ] {
        assert!(page.contains(&zh(step, &[])), "history shows {step}");
    }
    for action in [
        "nomination.submit",
        "nomination.recommend",
        "nomination.mark_eligible",
    ] {
        assert!(
            audit_count(app.app(), action).await >= 1,
            "{action} audited"
        );
    }
    assert_eq!(
        audit_count(app.app(), "nomination.recommend").await,
        2,
        "one event per transition"
    );
}

#[rocket::async_test]
async fn each_transition_is_refused_to_the_wrong_party_and_from_the_wrong_state() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let n = submitted(&app, &world, &rec_a1, &person("李四", 2)).await;

    // Not the holder: the nominating community, the other street, the district (not yet), the office.
    for (username, expected) in [
        ("rec_a1", Status::Forbidden),
        ("rec_b", Status::NotFound),
        ("rec_district", Status::Forbidden),
        ("office", Status::Forbidden),
    ] {
        app.login(username).await;
        let (status, _) = decide_on_page(&app, n.id, "recommend", n.version, "").await;
        assert_eq!(status, expected, "{username} recommending");
    }
    // The office reviews in the review stage, and only what reached it.
    app.login("office").await;
    let (status, html) = decide_on_page(&app, n.id, "mark_eligible", n.version, "").await;
    assert_eq!(status, Status::Conflict);
    assert!(
        html.contains(&zh("stage-recommendation", &[])),
        "before review, the refusal names the stage: {html}"
    );
    reach(&app, &world, StageKind::Review).await;
    let (status, html) = decide_on_page(&app, n.id, "mark_eligible", n.version, "").await;
    assert_eq!(status, Status::Conflict);
    let refusal = zh("error-transition-state", &[("status", "pending".into())]);
    assert!(
        html.contains(&refusal) && refusal.contains(&zh("nomination-status-pending", &[])),
        "the refusal names the state in words: {html}"
    );
    // An unknown decision is not a route.
    assert_eq!(
        decide_on_page(&app, n.id, "approve_everything", n.version, "")
            .await
            .0,
        Status::NotFound
    );
    assert_eq!(
        reload(&app, n.id).await.version,
        n.version,
        "nothing changed"
    );
}

#[rocket::async_test]
async fn declining_needs_a_reason_and_sends_the_nomination_one_level_down() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let n = submitted(&app, &world, &rec_a1, &person("王五", 3)).await;
    app.login("rec_a").await;
    let (status, html) = decide_on_page(&app, n.id, "decline", n.version, "  ").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_error_at(&html, "reason", "error-reason-required");
    assert_eq!(
        decide_on_page(&app, n.id, "recommend", n.version, "")
            .await
            .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;

    app.login("rec_district").await;
    assert_eq!(
        decide_on_page(&app, n.id, "decline", n.version, "材料不足，请街道核实")
            .await
            .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;
    assert_eq!(
        n.status,
        laurel::entity::nomination::NominationStatus::Pending
    );
    assert_eq!(
        n.level_unit_id,
        Some(world.street_a.id),
        "back with the street"
    );
    app.login("rec_a").await;
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    assert!(
        page.contains("材料不足，请街道核实"),
        "the reason is in the history"
    );
    assert_eq!(
        decide_on_page(&app, n.id, "decline", n.version, "社区请补充材料")
            .await
            .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;
    assert_eq!(
        n.status,
        laurel::entity::nomination::NominationStatus::Declined
    );

    // The community revises and submits again.
    app.login("rec_a1").await;
    let mut input = person("王五", 3);
    input.deeds_full = "补充后的详细事迹".into();
    input.version = n.version;
    nominations::update_draft(app.app(), &rec_a1, n.id.into(), &input)
        .await
        .expect("a declined nomination is editable");
    let n = reload(&app, n.id).await;
    assert_eq!(
        decide_on_page(&app, n.id, "submit", n.version, "").await.0,
        Status::SeeOther
    );
    assert_eq!(
        reload(&app, n.id).await.level_unit_id,
        Some(world.street_a.id)
    );
}

#[rocket::async_test]
async fn a_stale_version_is_refused_with_the_current_state_shown() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let n = submitted(&app, &world, &rec_a1, &person("赵六", 4)).await;
    app.login("rec_a").await;
    assert_eq!(
        decide_on_page(&app, n.id, "recommend", n.version, "")
            .await
            .0,
        Status::SeeOther
    );
    // A second street user acting on the page they loaded earlier.
    let (status, html) = decide_on_page(&app, n.id, "decline", n.version, "迟到的决定").await;
    assert_eq!(status, Status::Conflict);
    assert!(
        html.contains(&zh("error-stale", &[]))
            && html.contains(&zh("nomination-status-pending", &[])),
        "message and current state"
    );
    assert!(html.contains("迟到的决定"), "the reason typed is kept");
    assert_eq!(reload(&app, n.id).await.version, n.version + 1);
}

#[rocket::async_test]
async fn each_level_is_refused_after_its_own_deadline_with_the_date() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_a = app.actor("rec_a").await;
    let district = app.actor("rec_district").await;
    let today = app.app().config.today();
    // The fixture's deadlines: submissions day 20, streets day 23, districts day 25.
    let street_last = today + time::Duration::days(23);
    let n = submitted(&app, &world, &rec_a1, &person("孙七", 5)).await;
    let refused = review::transition(
        app.app(),
        &rec_a,
        n.id.into(),
        Transition::Recommend,
        n.version,
        "",
        street_last + time::Duration::days(1),
    )
    .await;
    let Err(laurel::error::AppError::Refused(key, args)) = refused else {
        panic!("refused: {refused:?}")
    };
    assert_eq!(key, "error-stage-deadline");
    assert!(args.contains(&("closes", street_last.to_string())));
    let n = review::transition(
        app.app(),
        &rec_a,
        n.id.into(),
        Transition::Recommend,
        n.version,
        "",
        street_last,
    )
    .await
    .expect("on the street's last day");
    // The same day is within the district's own, later deadline.
    review::transition(
        app.app(),
        &district,
        n.id.into(),
        Transition::Recommend,
        n.version,
        "",
        street_last + time::Duration::days(1),
    )
    .await
    .expect("the district still recommends");
}

#[rocket::async_test]
async fn the_office_returns_a_nomination_the_unit_revises_and_the_office_sees_what_changed() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_a = app.actor("rec_a").await;
    let district = app.actor("rec_district").await;
    let today = app.app().config.today();
    let mut n = submitted(&app, &world, &rec_a1, &person("周八", 6)).await;
    for who in [&rec_a, &district] {
        n = review::transition(
            app.app(),
            who,
            n.id.into(),
            Transition::Recommend,
            n.version,
            "",
            today,
        )
        .await
        .expect("recommended");
    }
    reach(&app, &world, StageKind::Review).await;
    app.login("office").await;
    assert_eq!(
        decide_on_page(
            &app,
            n.id,
            "return_for_revision",
            n.version,
            "请补充服务时长证明"
        )
        .await
        .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;

    app.login("rec_a1").await;
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    assert!(
        page.contains("请补充服务时长证明")
            && page.contains(&zh("nomination-status-returned", &[]))
    );
    let mut input = person("周八", 6);
    input.deeds_full = "补充：年度服务时长186小时".into();
    input.version = n.version;
    nominations::update_draft(app.app(), &rec_a1, n.id.into(), &input)
        .await
        .expect("revised");
    let n = reload(&app, n.id).await;
    assert_eq!(
        decide_on_page(&app, n.id, "resubmit", n.version, "")
            .await
            .0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;
    assert_eq!(
        n.status,
        laurel::entity::nomination::NominationStatus::AtOffice,
        "straight back to the office"
    );

    app.login("office").await;
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    assert!(
        page.contains(&zh("changes-title", &[])) && page.contains("补充：年度服务时长186小时"),
        "{page}"
    );
    assert_eq!(
        decide_on_page(&app, n.id, "reject", n.version, "").await.0,
        Status::UnprocessableEntity,
        "a rejection needs a reason"
    );
    assert_eq!(
        decide_on_page(&app, n.id, "reject", n.version, "不符合条件")
            .await
            .0,
        Status::SeeOther
    );
    assert_eq!(
        reload(&app, n.id).await.status,
        laurel::entity::nomination::NominationStatus::Rejected
    );
}

#[rocket::async_test]
async fn bulk_eligible_is_one_audited_transition_per_nomination() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let today = app.app().config.today();
    // Two volunteers must pass the district: give units two places.
    change_categories(&app, &world, |row| {
        row.unit_quota = "2".into();
    })
    .await;
    let mut reached = Vec::new();
    for (who, seq) in [("rec_a1", 11), ("rec_b1", 12)] {
        let actor = app.actor(who).await;
        let mut n = submitted(&app, &world, &actor, &person(&format!("批量{seq}"), seq)).await;
        for level in [
            if who == "rec_a1" { "rec_a" } else { "rec_b" },
            "rec_district",
        ] {
            let holder = app.actor(level).await;
            n = review::transition(
                app.app(),
                &holder,
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
    reach(&app, &world, StageKind::Review).await;
    app.login("office").await;
    let before = audit_count(app.app(), "nomination.mark_eligible").await;
    let items: Vec<String> = reached
        .iter()
        .map(|n| format!("{}:{}", n.id, n.version))
        .collect();
    let response = app
        .post_form(
            "/review/office/eligible",
            &[("items", &items[0]), ("items", &items[1])],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(
        audit_count(app.app(), "nomination.mark_eligible").await,
        before + 2
    );
    for n in &reached {
        assert_eq!(
            reload(&app, n.id).await.status,
            laurel::entity::nomination::NominationStatus::Eligible
        );
    }
    let (_, progress) = app
        .get(&format!("/review/progress?campaign={}", world.campaign.id))
        .await;
    assert!(
        progress.contains("北山社区")
            && progress.contains("延川路社区")
            && progress.contains(&zh("nomination-status-eligible", &[])),
        "{progress}"
    );
}
