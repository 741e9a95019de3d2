//! A provincial deployment: the root unit is a province, its cities recommend to the provincial
//! office as the last level of the chain (community → street → district → city → office), with
//! their own deadline and quota; a city deployment cannot make its root a level.

use laurel::{
    domain::{
        campaigns, review,
        stages::{self, StageKind},
        units::{self, UnitInput},
        workflow::Transition,
    },
    entity::{
        campaign,
        nomination::NominationStatus,
        unit::{self, UnitKind},
    },
};
use rocket::http::Status;

use crate::helpers::*;

/// The province's tree: one city, district, street and community, each with a recommender.
struct Province {
    city: unit::Model,
    campaign: campaign::Model,
}

/// Sets up a provincial deployment through the setup page, its tree and users through the
/// services, and opens a campaign in which streets, districts and cities recommend.
async fn province(app: &TestApp) -> Province {
    let response = app
        .post_form(
            "/setup",
            &[
                ("city_name", "山东省"),
                ("province", "true"),
                ("display_name", "省文明办"),
                ("username", "office"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let db = &app.app().db;
    let root = units::list_all(db).await.expect("units").remove(0);
    assert_eq!(root.kind, UnitKind::Province);
    assert!(units::is_province(db).await.expect("root"));
    let office = app.actor("office").await;
    let mut parent = root;
    let mut made = Vec::new();
    for (kind, name, user) in [
        ("city", "青岛市", "rec_city"),
        ("district", "李沧区", "rec_district"),
        ("street", "李村街道", "rec_street"),
        ("community", "北山社区", "rec_community"),
    ] {
        let input = UnitInput {
            name: name.into(),
            kind: kind.into(),
            parent_id: parent.id.to_string(),
        };
        parent = units::create_unit(db, &office, &input).await.expect("unit");
        app.add_user(user, &format!("{name}推荐人"), "recommender", &parent)
            .await;
        made.push(parent.clone());
    }
    let today = app.app().config.today();
    let mut input = open_campaign_input(app.app());
    input.title = "2026年度山东省学雷锋志愿服务先进典型".into();
    input.organizer = "山东省文明办".into();
    input.recommend_city = true;
    input.city_closes_on = (today + time::Duration::days(27)).to_string();
    input.review_closes_on = (today + time::Duration::days(31)).to_string();
    let created = campaigns::create_campaign(db, &office, &input)
        .await
        .expect("a provincial campaign");
    let campaign = stages::advance_to(db, &office, created.id.into(), StageKind::Recommendation)
        .await
        .expect("taking nominations");
    Province {
        city: made.remove(0),
        campaign,
    }
}

/// A volunteer nomination of the community, `name`, submitted: in its street's inbox.
async fn submitted_by_community(
    app: &TestApp,
    world: &Province,
    name: &str,
    seq: u16,
) -> laurel::entity::nomination::Model {
    let community = app.actor("rec_community").await;
    let draft = laurel::domain::nominations::create_draft(
        app.app(),
        &community,
        world.campaign.id.into(),
        app_category(app, world).await.into(),
        &person(name, seq),
    )
    .await
    .expect("draft");
    review::submit(app.app(), &community, draft.id.into(), draft.version)
        .await
        .expect("submitted")
}

/// The recommender `level` sends `held` up on `day`.
async fn recommend(
    app: &TestApp,
    level: &str,
    held: &laurel::entity::nomination::Model,
    day: time::Date,
) -> laurel::error::AppResult<laurel::entity::nomination::Model> {
    let holder = app.actor(level).await;
    review::transition(
        app.app(),
        &holder,
        held.id.into(),
        Transition::Recommend,
        held.version,
        "",
        day,
    )
    .await
}

#[rocket::async_test]
async fn in_a_province_a_nomination_climbs_street_district_and_city_to_the_provincial_office() {
    let app = TestApp::new().await;
    let world = province(&app).await;
    let db = &app.app().db;
    let today = app.app().config.today();
    let mut held = submitted_by_community(&app, &world, "鲁省级", 41).await;
    for level in ["rec_street", "rec_district", "rec_city"] {
        let holder = app.actor(level).await;
        assert_eq!(held.level_unit_id, Some(holder.unit_id), "held by {level}");
        assert_eq!(held.status, NominationStatus::Pending);
        // Each level finds it in its inbox.
        let inbox = review::inbox(db, &holder, (None, None), today)
            .await
            .expect("inbox");
        assert_eq!(inbox.rows.len(), 1, "{level}'s inbox");
        held = recommend(&app, level, &held, today)
            .await
            .expect("recommended");
    }
    assert_eq!(held.status, NominationStatus::AtOffice);
    assert_eq!(held.level_unit_id, None);
    // What the city sent up counts against the city's quota.
    let category = app_category(&app, &world).await;
    let used = review::used_quota(db, &world.city, &world.campaign, category, None)
        .await
        .expect("quota");
    assert_eq!(used, 1);
    // The API's stage view carries the cities' deadline (27 days on).
    let token = api_token(&app, "office").await;
    let (status, body) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}", world.campaign.id),
            &token,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    let recommendation = body["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|s| s["kind"] == "recommendation")
        .expect("the recommendation stage");
    assert_eq!(
        recommendation["deadlines"]["city"],
        (today + time::Duration::days(27)).to_string()
    );
    // The campaign page names the cities' deadline.
    app.login("office").await;
    let (_, page) = app.get(&format!("/campaigns/{}", world.campaign.id)).await;
    assert!(page.contains(&zh("field-city-closes-on", &[])), "{page}");
}

#[rocket::async_test]
async fn a_city_recommender_finds_what_its_districts_sent_in_its_inbox_page() {
    let app = TestApp::new().await;
    let world = province(&app).await;
    let today = app.app().config.today();
    let mut held = submitted_by_community(&app, &world, "鲁收件", 43).await;
    for level in ["rec_street", "rec_district"] {
        held = recommend(&app, level, &held, today)
            .await
            .expect("recommended");
    }
    assert!(app.actor("rec_city").await.has_inbox());
    app.login("rec_city").await;
    let (status, inbox) = app.get("/review/inbox").await;
    assert_eq!(status, Status::Ok);
    assert!(inbox.contains("鲁收件"), "{inbox}");
    let (_, dashboard) = app.get("/dashboard").await;
    assert!(
        dashboard.contains(&zh("dashboard-waiting-unit", &[("count", "1".into())])),
        "{dashboard}"
    );
}

#[rocket::async_test]
async fn a_city_recommends_until_its_own_deadline_after_the_districts_one() {
    let app = TestApp::new().await;
    let world = province(&app).await;
    let today = app.app().config.today();
    let mut held = submitted_by_community(&app, &world, "鲁逾期", 42).await;
    for level in ["rec_street", "rec_district"] {
        held = recommend(&app, level, &held, today)
            .await
            .expect("recommended");
    }
    // The day after the cities' deadline (27 days on), the city is refused.
    let city = app.actor("rec_city").await;
    let refused = recommend(&app, "rec_city", &held, today + time::Duration::days(28)).await;
    assert!(
        matches!(refused, Err(laurel::error::AppError::Refused(_, _))),
        "{refused:?}"
    );
    assert_eq!(
        reload(&app, held.id).await.level_unit_id,
        Some(city.unit_id)
    );
    // On its last day, two days after the districts' (25 days on), it still may.
    let sent = recommend(&app, "rec_city", &held, today + time::Duration::days(27))
        .await
        .expect("recommended on the cities' last day");
    assert_eq!(sent.status, NominationStatus::AtOffice);
}

async fn app_category(app: &TestApp, world: &Province) -> uuid::Uuid {
    campaigns::categories_of(&app.app().db, world.campaign.id.into())
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer")
        .id
}

#[rocket::async_test]
async fn cities_recommend_only_in_a_province_in_the_form_the_units_page_and_the_inbox() {
    let app = TestApp::new().await;
    let _world = province(&app).await;
    app.login("office").await;
    let (_, form) = app.get("/campaigns/new").await;
    assert!(form.contains("name=\"recommend_city\""), "{form}");
    assert!(form.contains("name=\"city_closes_on\""));
    // The units page offers cities to add under the province.
    let (_, units) = app.get("/units").await;
    assert!(units.contains("<option value=\"city\""), "{units}");

    // A city deployment: no such level, and asking for it is refused at the field.
    let city = TestApp::new().await;
    let _world = city.world().await;
    city.login("office").await;
    let (_, form) = city.get("/campaigns/new").await;
    assert!(!form.contains("name=\"recommend_city\""));
    let (_, units) = city.get("/units").await;
    assert!(!units.contains("<option value=\"city\""));
    // A recommender of the city at the root has no inbox: the root is the office, never a level.
    let root = units::list_all(&city.app().db)
        .await
        .expect("units")
        .remove(0);
    let at_root = city
        .add_user("rec_root", "市直推荐人", "recommender", &root)
        .await;
    assert!(!at_root.has_inbox());
    let mut fields = campaign_fields(city.app());
    fields.push(("recommend_city".into(), "true".into()));
    fields.push(("city_closes_on".into(), fields_day(&city, 24)));
    let response = city.post_form("/campaigns", &refs(&fields)).await;
    assert_field_error(response, "recommend_city", "error-campaign-city-level").await;
}

fn fields_day(app: &TestApp, days: i64) -> String {
    (app.app().config.today() + time::Duration::days(days)).to_string()
}
