//! Layer-by-layer recommendation and strict review: every transition allowed and refused, the
//! chain, quotas under concurrency, deadlines, history, duplicates, versions, bulk decisions.

use laurel::domain::{campaigns, nominations, review, stages::StageKind, workflow::Transition};
use rocket::http::Status;

use crate::helpers::*;

async fn decide(
    app: &TestApp,
    id: uuid::Uuid,
    decision: &str,
    version: i32,
    reason: &str,
) -> (Status, String) {
    let response = app
        .post_form(
            &format!("/review/{id}/{decision}"),
            &[("version", &version.to_string()), ("reason", reason)],
        )
        .await;
    let status = response.status();
    (status, response.into_string().await.unwrap_or_default())
}

async fn reload(app: &TestApp, id: uuid::Uuid) -> laurel::entity::nomination::Model {
    use sea_orm::EntityTrait;
    laurel::entity::nomination::Entity::find_by_id(id)
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("exists")
}

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
    let (status, _) = decide(&app, n.id, "recommend", n.version, "").await;
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
        decide(&app, n.id, "recommend", n.version, "").await.0,
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
        decide(&app, n.id, "mark_eligible", n.version, "").await.0,
        Status::SeeOther
    );
    let (_, page) = app.get(&format!("/nominations/{}", n.id)).await;
    assert!(page.contains("审核合格"));
    for step in ["提交推荐", "向上推荐", "审核合格"] {
        assert!(page.contains(step), "history shows {step}");
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
        let (status, _) = decide(&app, n.id, "recommend", n.version, "").await;
        assert_eq!(status, expected, "{username} recommending");
    }
    // The office reviews in the review stage, and only what reached it.
    app.login("office").await;
    let (status, html) = decide(&app, n.id, "mark_eligible", n.version, "").await;
    assert_eq!(status, Status::Conflict);
    assert!(
        html.contains(&laurel::i18n::t(
            laurel::i18n::Lang::ZhCn,
            "stage-recommendation"
        )),
        "before review, the refusal names the stage: {html}"
    );
    reach(&app, &world, StageKind::Review).await;
    let (status, html) = decide(&app, n.id, "mark_eligible", n.version, "").await;
    assert_eq!(status, Status::Conflict);
    assert!(
        html.contains("当前状态"),
        "the refusal names the state: {html}"
    );
    // An unknown decision is not a route.
    assert_eq!(
        decide(&app, n.id, "approve_everything", n.version, "")
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
    let (status, html) = decide(&app, n.id, "decline", n.version, "  ").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(html.contains("请填写理由"));
    assert_eq!(
        decide(&app, n.id, "recommend", n.version, "").await.0,
        Status::SeeOther
    );
    let n = reload(&app, n.id).await;

    app.login("rec_district").await;
    assert_eq!(
        decide(&app, n.id, "decline", n.version, "材料不足，请街道核实")
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
        decide(&app, n.id, "decline", n.version, "社区请补充材料")
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
        decide(&app, n.id, "submit", n.version, "").await.0,
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
        decide(&app, n.id, "recommend", n.version, "").await.0,
        Status::SeeOther
    );
    // A second street user acting on the page they loaded earlier.
    let (status, html) = decide(&app, n.id, "decline", n.version, "迟到的决定").await;
    assert_eq!(status, Status::Conflict);
    assert!(
        html.contains("已被他人修改") && html.contains("待上级推荐"),
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
        decide(
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
    assert!(page.contains("请补充服务时长证明") && page.contains("退回修改"));
    let mut input = person("周八", 6);
    input.deeds_full = "补充：年度服务时长186小时".into();
    input.version = n.version;
    nominations::update_draft(app.app(), &rec_a1, n.id.into(), &input)
        .await
        .expect("revised");
    let n = reload(&app, n.id).await;
    assert_eq!(
        decide(&app, n.id, "resubmit", n.version, "").await.0,
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
        page.contains("与上一版本相比的修改") && page.contains("补充：年度服务时长186小时"),
        "{page}"
    );
    assert_eq!(
        decide(&app, n.id, "reject", n.version, "").await.0,
        Status::UnprocessableEntity,
        "a rejection needs a reason"
    );
    assert_eq!(
        decide(&app, n.id, "reject", n.version, "不符合条件")
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
async fn the_same_person_nominated_twice_is_flagged_on_both_nominations() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_b1 = app.actor("rec_b1").await;
    let first = submitted(&app, &world, &rec_a1, &person("吴九", 7)).await;
    let mut same_id = person("吴玖", 7);
    same_id.phone = "13900009999".into();
    let second = submitted(&app, &world, &rec_b1, &same_id).await;
    let third = submitted(&app, &world, &app.actor("rec_b").await, &person("郑十", 8)).await;
    for (a, b) in [(&first, &second), (&second, &first)] {
        let found = review::duplicates(&app.app().db, a).await.expect("query");
        assert_eq!(found.len(), 1, "{}", a.nominee_name);
        assert_eq!(found[0].id, b.id);
        assert_eq!(found[0].reason, "check-dup-id-number");
    }
    assert!(
        review::duplicates(&app.app().db, &third)
            .await
            .expect("query")
            .is_empty()
    );
    app.login("office").await;
    let (_, page) = app.get(&format!("/nominations/{}", first.id)).await;
    assert!(
        page.contains("疑似重复推荐")
            && page.contains("身份证号相同")
            && page.contains(&second.id.to_string())
    );
}

#[rocket::async_test]
async fn the_same_name_and_birth_date_is_flagged_and_a_match_on_both_counts_once() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    let rec_b1 = app.actor("rec_b1").await;
    // Same name, same birth date (1980-05-10), different ID numbers.
    let first = submitted(&app, &world, &rec_a1, &person("王五", 11)).await;
    let second = submitted(&app, &world, &rec_b1, &person("王五", 12)).await;
    // Same name, born a day later: another person.
    let other = submitted(
        &app,
        &world,
        &app.actor("rec_b").await,
        &person("王五", 1011),
    )
    .await;
    for (a, b) in [(&first, &second), (&second, &first)] {
        let found = review::duplicates(&app.app().db, a).await.expect("query");
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|d| d.id).collect::<Vec<_>>()
        );
        assert_eq!(found[0].id, b.id);
        assert_eq!(found[0].reason, "check-dup-name-birth");
    }
    assert!(
        review::duplicates(&app.app().db, &other)
            .await
            .expect("query")
            .is_empty()
    );
    // Same name and same ID number: found by both lookups, listed once, as the ID number.
    let twin = submitted(&app, &world, &app.actor("rec_a").await, &person("王五", 11)).await;
    let found = review::duplicates(&app.app().db, &twin)
        .await
        .expect("query");
    let on_first: Vec<_> = found.iter().filter(|d| d.id == first.id).collect();
    assert_eq!(on_first.len(), 1, "listed once");
    assert_eq!(on_first[0].reason, "check-dup-id-number");
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
            && progress.contains("审核合格"),
        "{progress}"
    );
}

#[rocket::async_test]
async fn a_unit_cannot_send_more_than_its_quota_upward() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    // The fixture's quota is one per unit per category.
    submitted(&app, &world, &rec_a1, &person("名额一", 21)).await;
    let category = app.category(&world, "volunteer").await.id;
    let draft = nominations::create_draft(
        app.app(),
        &rec_a1,
        world.campaign.id.into(),
        category.into(),
        &person("名额二", 22),
    )
    .await
    .expect("draft");
    app.login("rec_a1").await;
    let (status, html) = decide(&app, draft.id, "submit", draft.version, "").await;
    assert_eq!(status, Status::Conflict);
    assert!(html.contains("推荐名额（1 个）已用完"), "{html}");
    assert_eq!(
        reload(&app, draft.id).await.status,
        laurel::entity::nomination::NominationStatus::Draft
    );
}

#[rocket::async_test]
async fn each_unit_counts_what_it_sent_upward_and_nothing_else() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (rec_a1, rec_b1) = (app.actor("rec_a1").await, app.actor("rec_b1").await);
    set_unit_quota(&app, &world, "10").await;
    let campaign = campaigns::get_any(&app.app().db, world.campaign.id.into())
        .await
        .expect("campaign")
        .0;
    let category = app.category(&world, "volunteer").await.id;
    let district = {
        use sea_orm::EntityTrait;
        laurel::entity::unit::Entity::find_by_id(app.actor("rec_district").await.unit_id)
            .one(&app.app().db)
            .await
            .expect("query")
            .expect("district")
    };
    let used = |unit: laurel::entity::unit::Model, except: Option<uuid::Uuid>| {
        let (db, campaign) = (app.app().db.clone(), campaign.clone());
        async move {
            review::used_quota(&db, &unit, &campaign, category, except)
                .await
                .expect("count")
        }
    };

    // The community: one waiting at its street, one the street sent on, one the street
    // declined, one draft; the other street's community: one its street sent on.
    let waiting = submitted(&app, &world, &rec_a1, &person("在街道", 31)).await;
    let sent_on = submitted(&app, &world, &rec_a1, &person("到区里", 32)).await;
    let declined = submitted(&app, &world, &rec_a1, &person("被退回", 33)).await;
    nominations::create_draft(
        app.app(),
        &rec_a1,
        world.campaign.id.into(),
        category.into(),
        &person("草稿", 34),
    )
    .await
    .expect("draft");
    let elsewhere = submitted(&app, &world, &rec_b1, &person("别的街道", 35)).await;
    app.login("rec_a").await;
    let (status, _) = decide(&app, sent_on.id, "recommend", sent_on.version, "").await;
    assert_eq!(status, Status::SeeOther);
    let (status, _) = decide(&app, declined.id, "decline", declined.version, "材料不全").await;
    assert_eq!(status, Status::SeeOther);
    app.login("rec_b").await;
    let (status, _) = decide(&app, elsewhere.id, "recommend", elsewhere.version, "").await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(
        reload(&app, waiting.id).await.level_unit_id,
        Some(world.street_a.id)
    );

    // The community sent two up; the street one (the other still waits in its own inbox, and
    // the other street's is not its own); the district none yet (both wait in its inbox).
    assert_eq!(used(world.community_a1.clone(), None).await, 2);
    assert_eq!(used(world.street_a.clone(), None).await, 1);
    assert_eq!(used(world.street_b.clone(), None).await, 1);
    assert_eq!(used(district.clone(), None).await, 0);

    app.login("rec_district").await;
    let sent_on = reload(&app, sent_on.id).await;
    let (status, _) = decide(&app, sent_on.id, "recommend", sent_on.version, "").await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(used(district.clone(), None).await, 1);
    assert_eq!(used(world.street_a.clone(), None).await, 1);
    assert_eq!(used(world.community_a1.clone(), None).await, 2);
    // Left out on request (a nomination's own place, when it is decided again).
    assert_eq!(used(world.street_a.clone(), Some(sent_on.id)).await, 0);
    assert_eq!(used(world.community_a1.clone(), Some(waiting.id)).await, 1);
}

#[rocket::async_test]
async fn fifty_simultaneous_recommendations_against_a_quota_of_three_let_exactly_three_through() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    // Room for the community to send fifty up; then the office sets the quota to three.
    set_unit_quota(&app, &world, "60").await;
    let mut pending = Vec::new();
    for seq in 0..50u16 {
        pending.push(
            submitted(
                &app,
                &world,
                &rec_a1,
                &person(&format!("并发{seq}"), 100 + seq),
            )
            .await,
        );
    }
    set_unit_quota(&app, &world, "3").await;

    app.login("rec_a").await;
    let token = app.csrf_token().await;
    let requests = pending.iter().map(|n| {
        app.client
            .post(format!("/review/{}/recommend", n.id))
            .header(rocket::http::ContentType::Form)
            .body(encode(&[
                ("_csrf", &token),
                ("version", &n.version.to_string()),
                ("reason", ""),
            ]))
            .dispatch()
    });
    let responses = rocket::futures::future::join_all(requests).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().code).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        47,
        "{statuses:?}"
    );

    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let moved_on = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::CampaignId.eq(world.campaign.id))
        .filter(laurel::entity::nomination::Column::LevelUnitId.ne(world.street_a.id))
        .filter(
            laurel::entity::nomination::Column::Status
                .eq(laurel::entity::nomination::NominationStatus::Pending),
        )
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(moved_on, 3, "exactly three reached the district");
    assert_eq!(audit_count(app.app(), "nomination.recommend").await, 3);
}

#[rocket::async_test]
async fn the_dashboard_counts_what_awaits_each_role() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    submitted(&app, &world, &rec_a1, &person("待办", 31)).await;
    app.login("rec_a").await;
    assert!(app.get("/dashboard").await.1.contains("待本单位推荐：1 条"));
    app.login("rec_b").await;
    assert!(app.get("/dashboard").await.1.contains("待本单位推荐：0 条"));
    app.login("office").await;
    assert!(app.get("/dashboard").await.1.contains("待文明办审核：0 条"));
}

#[rocket::async_test]
async fn progress_counts_each_unit_and_category_by_status() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let (rec_a1, rec_b1) = (app.actor("rec_a1").await, app.actor("rec_b1").await);
    set_unit_quota(&app, &world, "10").await;
    let volunteer = app.category(&world, "volunteer").await.id;
    // Community A1: two volunteers waiting at the street, one the street declined, one draft;
    // community B1: one waiting, one draft. Nothing in the other categories.
    submitted(&app, &world, &rec_a1, &person("等一", 41)).await;
    submitted(&app, &world, &rec_a1, &person("等二", 42)).await;
    let declined = submitted(&app, &world, &rec_a1, &person("退一", 43)).await;
    for (who, name, seq) in [(&rec_a1, "稿一", 44), (&rec_b1, "稿二", 45)] {
        nominations::create_draft(
            app.app(),
            who,
            world.campaign.id.into(),
            volunteer.into(),
            &person(name, seq),
        )
        .await
        .expect("draft");
    }
    submitted(&app, &world, &rec_b1, &person("等三", 46)).await;
    app.login("rec_a").await;
    let (status, _) = decide(&app, declined.id, "decline", declined.version, "材料不全").await;
    assert_eq!(status, Status::SeeOther);

    let office = token_for(&app, "office").await;
    let (status, progress) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/progress", world.campaign.id),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    let statuses: Vec<&str> = progress["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(
        statuses,
        [
            "draft",
            "pending",
            "declined",
            "at_office",
            "returned",
            "rejected",
            "eligible",
            "assessed",
            "shortlisted",
            "on_notice",
            "honoree",
            "withdrawn"
        ]
    );
    let rows: Vec<(String, String, Vec<u64>, u64)> = progress["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["unit_name"].as_str().expect("unit").to_owned(),
                r["category_name"].as_str().expect("category").to_owned(),
                r["counts"]
                    .as_array()
                    .expect("counts")
                    .iter()
                    .filter_map(serde_json::Value::as_u64)
                    .collect(),
                r["total"].as_u64().expect("total"),
            )
        })
        .collect();
    let volunteer_name = app.category(&world, "volunteer").await.name;
    // One row per unit and category that holds any, in the units' tree order.
    assert_eq!(
        rows,
        [
            (
                world.community_a1.name.clone(),
                volunteer_name.clone(),
                vec![1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                4
            ),
            (
                world.community_b1.name.clone(),
                volunteer_name,
                vec![1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                2
            ),
        ]
    );
    assert_eq!(
        progress["totals"],
        serde_json::json!([2, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    );
}

#[rocket::async_test]
async fn an_inbox_pages_fifty_at_a_time_longest_waiting_first() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    set_unit_quota(&app, &world, "60").await;
    for seq in 0..51u16 {
        submitted(
            &app,
            &world,
            &rec_a1,
            &person(&format!("待审{seq:02}"), 200 + seq),
        )
        .await;
    }

    app.login("rec_a").await;
    let (status, first) = app.get("/review/inbox").await;
    assert_eq!(status, Status::Ok);
    assert!(first.contains("共 51 条"), "{first}");
    assert!(first.contains("待审00") && first.contains("待审49"));
    assert!(
        !first.contains("待审50"),
        "the newest waits on the next page"
    );
    let next = first
        .split("href=\"/review/inbox?after=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the next page")
        .to_owned();
    let (_, second) = app.get(&format!("/review/inbox?after={next}")).await;
    assert!(second.contains("待审50") && !second.contains("待审00"));
    assert!(!second.contains("/review/inbox?after="), "the last page");
    // Whatever the cursor, the first page, never an error.
    let (status, junk) = app.get("/review/inbox?after=nonsense").await;
    assert_eq!(status, Status::Ok);
    assert!(junk.contains("待审00"));
    // Another street's inbox holds none of them.
    app.login("rec_b").await;
    let (_, other) = app.get("/review/inbox").await;
    assert!(other.contains("共 0 条") && !other.contains("待审"));

    // The API pages the same way.
    let street = token_for(&app, "rec_a").await;
    let (status, page) = app.api("GET", "/api/v1/review/inbox", &street, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(page["total"], 51);
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(50));
    assert_eq!(page["rows"][0]["nominee_name"], "待审00");
    let next = page["next"].as_str().expect("next").to_owned();
    let (_, last) = app
        .api(
            "GET",
            &format!("/api/v1/review/inbox?after={next}"),
            &street,
            None,
        )
        .await;
    assert_eq!(last["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["rows"][0]["nominee_name"], "待审50");
    assert!(last["next"].is_null());
}
