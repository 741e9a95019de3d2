//! Public pages: what anyone can read, and what they must never see.

use laurel::entity::honoree;
use rocket::http::{Header, Status};
use sea_orm::EntityTrait;

use crate::helpers::*;

#[rocket::async_test]
async fn health_check_reports_the_database() {
    let app = TestApp::new().await;
    let response = app.client.get("/healthz").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let body: serde_json::Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(body["database"], true);
    // A success is remembered for a second, no longer: a database gone is reported after it.
    app.app().db.clone().close().await.expect("closed");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let response = app.client.get("/healthz").dispatch().await;
    assert_eq!(response.status(), Status::ServiceUnavailable);
}

#[rocket::async_test]
async fn the_language_link_sets_the_language_and_only_follows_local_paths() {
    let app = TestApp::new().await;
    let response = app.client.get("/lang/en?next=/honors").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/honors");
    let (_, page) = app.get("/honors").await;
    assert!(page.contains("Honor roll"), "the cookie holds the choice");
    let response = app
        .client
        .get("/lang/zh-CN?next=//evil.example")
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::BadRequest, "another site");
    let (_, page) = app.get("/honors").await;
    assert!(
        page.contains("Honor roll"),
        "and the language is left as it was"
    );
    // A path with a name in it comes back encoded.
    let response = app
        .client
        .get("/lang/zh-CN?next=/honors%3Fq%3D%E6%9D%8E")
        .dispatch()
        .await;
    assert_eq!(location(&response), "/honors?q=%E6%9D%8E");
}

#[rocket::async_test]
async fn public_pages_never_show_private_data() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let id = laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("id");
    let fields = [
        ("nominee_name", "隐私测试人"),
        ("affiliation", "某社区志愿者"),
        ("gender", "female"),
        ("birth_date", "1980-05-17"),
        ("phone", "13911112222"),
        ("id_number", id.as_str()),
        ("volunteer_hours", "50"),
        ("founded_on", ""),
        ("member_count", ""),
        ("contact_name", ""),
        ("deeds_summary", "事迹简介"),
        ("deeds_full", "详细事迹"),
        ("version", "0"),
    ];
    let response = app
        .post_form(
            &format!(
                "/nominations?campaign={}&category={}",
                world.campaign.id, person.id
            ),
            &fields,
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    app.logout().await;
    for path in [
        "/".to_owned(),
        format!("/public/campaigns/{}", world.campaign.id),
        "/login".to_owned(),
        "/healthz".to_owned(),
    ] {
        let (_, body) = app.get(&path).await;
        for secret in ["13911112222", id.as_str(), "1980-05-17"] {
            assert!(!body.contains(secret), "{path} shows {secret}");
        }
    }
}

#[rocket::async_test]
async fn the_language_follows_the_cookie_then_accept_language() {
    let app = TestApp::new().await;
    app.world().await;
    let (_, html) = app.get("/login").await;
    let sign_in = zh("login-title", &[]);
    assert!(html.contains("<html lang=\"zh-CN\">") && html.contains(&sign_in));
    let response = app
        .client
        .get("/login")
        .header(Header::new("Accept-Language", "en-US,en;q=0.9"))
        .dispatch()
        .await;
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Sign in"));
    let response = app
        .post_form("/lang", &[("lang", "en"), ("next", "/login")])
        .await;
    assert_eq!(location(&response), "/login");
    let (_, html) = app.get("/login").await;
    assert!(html.contains("Sign in") && !html.contains(&format!(">{sign_in}<")));
}

#[rocket::async_test]
async fn assets_are_served_from_memory_with_an_etag() {
    let app = TestApp::new().await;
    let response = app.client.get("/css/app.css").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type(),
        Some(rocket::http::ContentType::CSS)
    );
    let etag = response.headers().get_one("ETag").expect("etag").to_owned();
    let response = app
        .client
        .get("/css/app.css")
        .header(Header::new("If-None-Match", etag))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::NotModified);
    assert_eq!(
        app.client.get("/css/missing.css").dispatch().await.status(),
        Status::NotFound
    );
    // The one script, an enhancement every page links, is served the same way.
    let response = app.client.get("/js/app.js").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type(),
        Some(rocket::http::ContentType::JavaScript)
    );
    app.world().await;
    let (status, home) = app.get("/").await;
    assert_eq!(status, Status::Ok);
    assert!(home.contains("/js/app.js") && home.contains("defer></script>"));
}

#[rocket::async_test]
async fn the_demo_loader_builds_the_licang_campaign_once_and_its_public_page_hides_private_data() {
    let app = TestApp::new().await;
    let report = laurel::domain::demo::load(app.app())
        .await
        .expect("demo loads");
    assert_eq!(report.campaigns, 6);
    assert!(report.nominations >= 17);
    for recommender in ["licang", "shinan", "laoshan", "badaguan", "nanyao"] {
        assert!(report.users.iter().any(|(name, ..)| name == recommender));
    }
    assert!(report.users.iter().any(|(name, ..)| name == "office"));
    assert!(matches!(
        laurel::domain::demo::load(app.app()).await,
        Err(laurel::error::AppError::Refused("error-demo-loaded", _))
    ));

    let (_, home) = app.get("/").await;
    assert!(home.contains("2022年度学雷锋志愿服务先进典型"));
    // Sign in as the office with the printed password and find the seven real honorees.
    let password = &report
        .users
        .iter()
        .find(|(name, ..)| name == "office")
        .expect("office")
        .3;
    let response = app
        .post_form(
            "/login",
            &[("username", "office"), ("password", password), ("next", "")],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    // The city's 2022 campaign was carried through recommendation and review.
    let past = laurel::domain::campaigns::list_public(&app.app().db)
        .await
        .expect("campaigns")
        .into_iter()
        .find(|c| c.year == 2022)
        .expect("the 2022 campaign");
    let (_, progress) = app
        .get(&format!("/review/progress?campaign={}", past.id))
        .await;
    assert!(
        ["eligible", "rejected", "declined"]
            .iter()
            .all(|s| progress.contains(&zh(&format!("nomination-status-{s}"), &[]))),
        "{progress}"
    );
    {
        use laurel::entity::nomination::{Column, Entity, NominationStatus};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let all = Entity::find()
            .filter(Column::CampaignId.eq(past.id))
            .all(&app.app().db)
            .await
            .expect("rows");
        let count = |s: NominationStatus| all.iter().filter(|n| n.status == s).count();
        assert_eq!(
            count(NominationStatus::Honoree),
            11,
            "Licang's seven among the city's eleven"
        );
        assert_eq!(
            count(NominationStatus::Assessed),
            4,
            "four others scored, not shortlisted"
        );
        assert_eq!(count(NominationStatus::Rejected), 1);
        assert_eq!(count(NominationStatus::Declined), 1);
        let revised = all
            .iter()
            .find(|n| n.nominee_name == "王秀珍")
            .expect("returned and resubmitted");
        let (_, page) = app.get(&format!("/nominations/{}", revised.id)).await;
        assert!(
            [
                "decision-return_for_revision",
                "decision-resubmit",
                "changes-title"
            ]
            .iter()
            .all(|key| page.contains(&zh(key, &[])))
        );
    }
    assert_eq!(
        past.stage,
        laurel::domain::stages::StageKind::Archived,
        "the finished campaign is archived"
    );
    let (_, list) = app.get("/nominations?status=honoree").await;
    for honoree in [
        "任均山",
        "“税务蓝”",
        "“鲍秀兰爱心工作室”",
        "“爱在百果山”",
        "南山社区",
        "延川路社区",
        "金秋社区",
        "林海燕",
        "太平角社区",
        "“蓝色港湾”",
        "“渔家小课堂”",
    ] {
        assert!(list.contains(honoree), "{honoree} missing");
    }
    app.logout().await;
    let phones: Vec<String> = {
        use sea_orm::EntityTrait;
        laurel::entity::nomination::Entity::find()
            .all(&app.app().db)
            .await
            .expect("rows")
            .into_iter()
            .filter_map(|n| n.phone)
            .collect()
    };
    assert!(!phones.is_empty());
    let (_, home) = app.get("/").await;
    let campaign_links: Vec<String> = home
        .split("/public/campaigns/")
        .skip(1)
        .map(|rest| rest.chars().take(36).collect())
        .collect();
    for id in campaign_links {
        let (_, page) = app.get(&format!("/public/campaigns/{id}")).await;
        for phone in &phones {
            assert!(!page.contains(phone.as_str()), "public page shows {phone}");
        }
    }
}

#[rocket::async_test]
async fn private_data_never_reaches_a_public_page_feed_or_export() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let Concluded {
        ids,
        notice,
        objection: filed,
        list,
    } = concluded(&app, &world).await;
    let today = app.app().config.today();

    let private = private_values(&app).await;
    let honorees_rows = honoree::Entity::find()
        .all(&app.app().db)
        .await
        .expect("honorees");
    let mut paths = vec![
        "/".to_owned(),
        format!("/public/campaigns/{}", world.campaign.id),
        format!("/notices/{notice}"),
        format!("/notices/{notice}/json"),
        format!("/notices/{notice}/objection"),
        format!("/lists/{}", list.id),
        format!("/lists/{}/json", list.id),
        format!("/lists/{}/export?format=csv", list.id),
        "/feed.atom".to_owned(),
        "/honors".to_owned(),
        format!("/honors/units/{}", world.community_a1.id),
        format!("/objections/status?code={}", filed.receipt_code),
        // The API's public reads: the published documents, the honor roll, a receipt's status.
        format!("/api/v1/documents/{notice}"),
        format!("/api/v1/documents/{}", list.id),
        "/api/v1/honors".to_owned(),
        "/api/v1/honors?q=%E7%94%B2&limit=1".to_owned(),
        format!("/api/v1/honors/units/{}", world.community_a1.id),
        "/api/v1/honors/export?format=csv".to_owned(),
        format!("/api/v1/objections/status?code={}", filed.receipt_code),
    ];
    for h in &honorees_rows {
        paths.push(format!("/honors/{}", h.id));
        paths.push(format!("/certificates/{}", h.id));
        paths.push(format!("/api/v1/honors/{}", h.id));
    }
    // The honor roll's searches and exports, the checkpoints and the API's description.
    paths.extend([
        "/honors?q=%E7%94%B2".to_owned(),
        format!("/honors?q=%E7%94%B2&year={}", today.year()),
        "/honors/export?format=csv".to_owned(),
        "/honors/export?format=csv&q=%E5%BF%97%E6%84%BF".to_owned(),
        "/checkpoints".to_owned(),
        "/checkpoints.json".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/login".to_owned(),
        "/css/app.css".to_owned(),
        "/js/app.js".to_owned(),
        "/healthz".to_owned(),
    ]);
    for lang in ["zh-CN", "en"] {
        for path in &paths {
            let response = app
                .client
                .get(path.clone())
                .header(Header::new("Accept-Language", lang))
                .dispatch()
                .await;
            assert_eq!(response.status(), Status::Ok, "{path}");
            let body = response.into_string().await.unwrap_or_default();
            for value in &private {
                assert!(
                    !body.contains(value.as_str()),
                    "{path} ({lang}) shows {value}"
                );
            }
        }
    }
    for path in [
        format!("/lists/{}/export?format=xlsx", list.id),
        "/honors/export?format=xlsx".to_owned(),
        "/api/v1/honors/export?format=xlsx".to_owned(),
    ] {
        let xlsx = app
            .client
            .get(path.clone())
            .dispatch()
            .await
            .into_bytes()
            .await
            .expect("xlsx");
        let rows = xlsx_rows(&xlsx);
        assert!(rows.len() > 1, "{path} has the honorees");
        for row in rows {
            for cell in row {
                assert!(
                    !private.iter().any(|v| cell.contains(v.as_str())),
                    "{path}: {cell}"
                );
            }
        }
    }
    // Every GET route a stranger may read is scanned above; every other one refuses a
    // stranger. A new route in neither list fails here until it is placed in one.
    let scanned: Vec<String> = paths
        .iter()
        .map(|p| route_shape(p.split('?').next().unwrap_or_default()))
        .collect();
    let refused_to_strangers = [
        "/dashboard",
        "/account/tokens",
        "/units",
        "/units/_",
        "/units/_/edit",
        "/users",
        "/users/_",
        "/users/_/edit",
        "/users/new",
        "/units/new",
        "/campaigns",
        "/campaigns/_",
        "/campaigns/_/edit",
        "/campaigns/_/clearance",
        "/campaigns/_/votes",
        "/api/v1/campaigns/_/votes/held",
        "/campaigns/_/clearance/summary.xlsx",
        "/campaigns/_/clearance/sheets/_",
        "/clearance",
        "/clearance/_",
        "/clearance/_/_",
        "/api/v1/campaigns/_/clearance",
        "/api/v1/campaigns/_/clearance/summary",
        "/api/v1/campaigns/_/clearance/sheets/_",
        "/api/v1/clearance",
        "/api/v1/clearance/_",
        "/api/v1/clearance/_/_",
        "/campaigns/_/advance",
        "/campaigns/new",
        "/nominations",
        "/nominations/roster",
        "/nominations/_",
        "/nominations/_/edit",
        "/nominations/_/attachments/_",
        "/nominations/new",
        "/review/inbox",
        "/review/office",
        "/review/progress",
        "/review/_",
        "/evaluation",
        "/evaluation/mine",
        "/evaluation/panels/_",
        "/evaluation/assignments/_",
        "/evaluation/assignments/_/attachments/_",
        "/evaluation/categories/_/ranking",
        "/evaluation/categories/_/ranking/export",
        "/evaluation/categories/_/scoresheet/export",
        "/publicity/calendar",
        "/publicity/campaigns/_",
        "/publicity/campaigns/_/final-list",
        "/publicity/campaigns/_/final-list/correct",
        "/publicity/campaigns/_/final-list/private",
        "/publicity/campaigns/_/objections",
        "/publicity/objections/_",
        "/publicity/objections/_/attachment",
        "/audit",
        "/audit/export.csv",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/users",
        "/api/v1/campaigns",
        "/api/v1/campaigns/_",
        "/api/v1/campaigns/_/progress",
        "/api/v1/nominations",
        "/api/v1/nominations/roster",
        "/api/v1/nominations/_",
        "/api/v1/nominations/_/attachments/_",
        "/api/v1/nominations/_/history",
        "/api/v1/nominations/_/review",
        "/api/v1/review/inbox",
        "/api/v1/evaluation/assignments",
        "/api/v1/evaluation/assignments/_",
        "/api/v1/evaluation/categories/_/ranking",
        "/api/v1/users/_",
        "/api/v1/tokens",
        "/api/v1/tokens/live",
        "/api/v1/notices/campaigns/_",
        "/api/v1/notices/calendar",
        "/api/v1/evaluation/panels",
        "/api/v1/evaluation/panels/_",
        "/api/v1/evaluation/categories/_/rubric",
        "/api/v1/notices/campaigns/_/final-list",
        "/api/v1/notices/campaigns/_/final-list/correction",
        "/api/v1/notices/campaigns/_/final-list/private",
        "/api/v1/notices/campaigns/_/objections",
        "/api/v1/objections/_",
        "/api/v1/objections/_/attachment",
        "/api/v1/audit",
        "/api/v1/audit/export.csv",
        "/api/v1/evaluation/assignments/_/attachments/_",
        "/api/v1/evaluation/categories/_/ranking/export",
        "/api/v1/evaluation/categories/_/scoresheet/export",
    ];
    app.logout().await;
    let some_id = ids[0].to_string();
    let mut unplaced = Vec::new();
    for (_, shape) in mounted(&app, |method| method == rocket::http::Method::Get) {
        // The compiled-in assets (`/<file..>`) are scanned above as /css/app.css and
        // /js/app.js.
        if scanned.contains(&shape) || shape == "/_" {
            continue;
        }
        if shape == "/lang/_" {
            // The language switch: back to the page it came from, nothing shown.
            let response = app.client.get("/lang/en?next=/honors").dispatch().await;
            assert_eq!(response.status(), Status::SeeOther);
            continue;
        }
        if shape == "/_csrf_rejected" {
            // Where a refused form is sent: it says so and nothing else.
            let status = app.client.get(shape).dispatch().await.status();
            assert_eq!(status, Status::Forbidden);
            continue;
        }
        if shape == "/setup" {
            // First-run setup is gone once done.
            let status = app.client.get("/setup").dispatch().await.status();
            assert_eq!(status, Status::NotFound);
            continue;
        }
        if [
            "/vote/_",
            "/vote/_/verify",
            "/api/v1/votes/_",
            "/api/v1/votes/_/challenge",
        ]
        .contains(&shape.as_str())
        {
            // The ballot of a campaign that is not voting is not there; a voting campaign's
            // ballot is read for private data in `voting::ballot`.
            let concrete = shape.replace('_', &some_id);
            let status = app.client.get(concrete.clone()).dispatch().await.status();
            assert_eq!(status, Status::NotFound, "{concrete}");
            continue;
        }
        if !refused_to_strangers.contains(&shape.as_str()) {
            unplaced.push(shape);
            continue;
        }
        let concrete = shape.replace('_', &some_id);
        let status = app.client.get(concrete.clone()).dispatch().await.status();
        assert!(
            matches!(status.code, 303 | 401),
            "a stranger at {concrete} got {status}"
        );
    }
    assert!(
        unplaced.is_empty(),
        "GET routes in neither list: {unplaced:?}"
    );
}
