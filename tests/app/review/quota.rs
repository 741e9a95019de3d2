//! Quotas: a unit sends upward no more than its quota, counts only what it sent, and holds it
//! against fifty simultaneous recommendations.

use laurel::domain::{campaigns, nominations, review};
use rocket::http::Status;

use crate::helpers::*;

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
    let (status, html) = decide_on_page(&app, draft.id, "submit", draft.version, "").await;
    assert_eq!(status, Status::Conflict);
    let full = zh(
        "error-quota-full",
        &[
            ("category", app.category(&world, "volunteer").await.name),
            ("quota", "1".into()),
        ],
    );
    assert!(html.contains(&full), "{html}");
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
    let (status, _) = decide_on_page(&app, sent_on.id, "recommend", sent_on.version, "").await;
    assert_eq!(status, Status::SeeOther);
    let (status, _) =
        decide_on_page(&app, declined.id, "decline", declined.version, "材料不全").await;
    assert_eq!(status, Status::SeeOther);
    app.login("rec_b").await;
    let (status, _) = decide_on_page(&app, elsewhere.id, "recommend", elsewhere.version, "").await;
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
    let (status, _) = decide_on_page(&app, sent_on.id, "recommend", sent_on.version, "").await;
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
