//! Every page and API read, for every kind of user, from the mounted routes: a new GET route
//! without a row here fails the test until someone writes down who may read it.

use rocket::http::{Header, Method};

use crate::helpers::*;

/// To the sign-in page.
const LOGIN: u16 = ELSEWHERE;

#[rocket::async_test]
async fn every_get_route_answers_each_kind_of_user_as_its_row_says() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let Concluded {
        ids,
        notice,
        objection,
        list,
    } = concluded(&app, &world).await;
    let office = app.actor("office").await;
    let judge = app.actor("judge0").await;
    let assignment = laurel::domain::evaluation::my_assignments(&app.app().db, &judge)
        .await
        .expect("mine")[0]
        .id;
    let panel =
        laurel::domain::evaluation::panels_of(&app.app().db, &office, world.campaign.id.into())
            .await
            .expect("panels")[0]
            .id;
    let category = app.category(&world, "volunteer").await.id;
    let honoree = laurel::entity::honoree::Entity::find()
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("an honoree")
        .id;
    let user = app.actor("rec_a").await.user_id;
    let c = world.campaign.id;
    let n = ids[0];
    let foreign = uuid::Uuid::now_v7();
    use sea_orm::EntityTrait;

    // Route shape → the path asked for, and the answer to each of WHO.
    let table: Vec<(&str, String, [u16; 7])> = vec![
        ("/", "/".into(), [OK, OK, OK, OK, OK, OK, OK]),
        ("/healthz", "/healthz".into(), [OK; 7]),
        ("/login", "/login".into(), [OK; 7]),
        ("/setup", "/setup".into(), [GONE; 7]),
        ("/_csrf_rejected", "/_csrf_rejected".into(), [NO; 7]),
        ("/lang/_", "/lang/zh-CN?next=/".into(), [LOGIN; 7]),
        ("/_", "/css/app.css".into(), [OK; 7]),
        ("/feed.atom", "/feed.atom".into(), [OK; 7]),
        ("/checkpoints", "/checkpoints".into(), [OK; 7]),
        ("/checkpoints.json", "/checkpoints.json".into(), [OK; 7]),
        (
            "/public/campaigns/_",
            format!("/public/campaigns/{c}"),
            [OK; 7],
        ),
        ("/notices/_", format!("/notices/{notice}"), [OK; 7]),
        (
            "/notices/_/json",
            format!("/notices/{notice}/json"),
            [OK; 7],
        ),
        (
            "/notices/_/objection",
            format!("/notices/{notice}/objection"),
            [OK; 7],
        ),
        ("/lists/_", format!("/lists/{}", list.id), [OK; 7]),
        ("/lists/_/json", format!("/lists/{}/json", list.id), [OK; 7]),
        (
            "/lists/_/export",
            format!("/lists/{}/export?format=csv", list.id),
            [OK; 7],
        ),
        (
            "/certificates/_",
            format!("/certificates/{honoree}"),
            [OK; 7],
        ),
        ("/honors", "/honors".into(), [OK; 7]),
        ("/honors/_", format!("/honors/{honoree}"), [OK; 7]),
        (
            "/honors/units/_",
            format!("/honors/units/{}", world.community_a1.id),
            [OK; 7],
        ),
        (
            "/honors/export",
            "/honors/export?format=csv".into(),
            [OK; 7],
        ),
        ("/objections/status", "/objections/status".into(), [OK; 7]),
        (
            "/api/v1/openapi.json",
            "/api/v1/openapi.json".into(),
            [OK; 7],
        ),
        (
            "/dashboard",
            "/dashboard".into(),
            [LOGIN, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/account/tokens",
            "/account/tokens".into(),
            [LOGIN, OK, OK, OK, OK, OK, OK],
        ),
        ("/units", "/units".into(), [LOGIN, OK, NO, NO, NO, NO, NO]),
        (
            "/units/_",
            format!("/units/{}", world.street_a.id),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        ("/users", "/users".into(), [LOGIN, OK, NO, NO, NO, NO, NO]),
        (
            "/users/new",
            "/users/new".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/users/_",
            format!("/users/{user}"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns",
            "/campaigns".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/new",
            "/campaigns/new".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_",
            format!("/campaigns/{c}"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        // Clearance: this campaign has none (the office is refused by the rule); no one
        // here is an agency (the clearance tests read them as one).
        (
            "/campaigns/_/clearance",
            format!("/campaigns/{c}/clearance"),
            [LOGIN, REFUSED, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_/clearance/summary.xlsx",
            format!("/campaigns/{c}/clearance/summary.xlsx"),
            [LOGIN, REFUSED, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_/clearance/sheets/_",
            format!("/campaigns/{c}/clearance/sheets/{}", world.street_a.id),
            [LOGIN, GONE, NO, NO, NO, NO, NO],
        ),
        (
            "/clearance",
            "/clearance".into(),
            [LOGIN, NO, NO, NO, NO, NO, NO],
        ),
        (
            "/clearance/_",
            format!("/clearance/{c}"),
            [LOGIN, NO, NO, NO, NO, NO, NO],
        ),
        (
            "/clearance/_/_",
            format!("/clearance/{c}/{n}"),
            [LOGIN, NO, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/campaigns/_/clearance",
            format!("/api/v1/campaigns/{c}/clearance"),
            [API, REFUSED, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/campaigns/_/clearance/summary",
            format!("/api/v1/campaigns/{c}/clearance/summary"),
            [API, REFUSED, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/campaigns/_/clearance/sheets/_",
            format!(
                "/api/v1/campaigns/{c}/clearance/sheets/{}",
                world.street_a.id
            ),
            [API, GONE, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/clearance",
            "/api/v1/clearance".into(),
            [API, NO, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/clearance/_",
            format!("/api/v1/clearance/{c}"),
            [API, NO, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/clearance/_/_",
            format!("/api/v1/clearance/{c}/{n}"),
            [API, NO, NO, NO, NO, NO, NO],
        ),
        // The ballot of a campaign that is not voting is not there (see `voting`).
        ("/vote/_", format!("/vote/{c}"), [GONE; 7]),
        ("/vote/_/verify", format!("/vote/{c}/verify"), [GONE; 7]),
        ("/api/v1/votes/_", format!("/api/v1/votes/{c}"), [GONE; 7]),
        (
            "/api/v1/votes/_/challenge",
            format!("/api/v1/votes/{c}/challenge"),
            [GONE; 7],
        ),
        (
            "/api/v1/campaigns/_/votes/held",
            format!("/api/v1/campaigns/{c}/votes/held"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_/votes",
            format!("/campaigns/{c}/votes"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_/edit",
            format!("/campaigns/{c}/edit"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/campaigns/_/advance",
            format!("/campaigns/{c}/advance"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/nominations",
            "/nominations".into(),
            [LOGIN, OK, OK, OK, NO, OK, NO],
        ),
        // The roster: the office's and each unit's own; reviewers have none.
        (
            "/nominations/roster",
            format!("/nominations/roster?format=csv&campaign={c}"),
            [LOGIN, OK, OK, OK, NO, OK, NO],
        ),
        (
            "/nominations/new",
            format!("/nominations/new?campaign={c}&category={category}"),
            [LOGIN, NO, REFUSED, REFUSED, NO, REFUSED, NO],
        ),
        // The nomination of community A1: its own unit and the street above see it; the
        // other community does not learn it exists.
        (
            "/nominations/_",
            format!("/nominations/{n}"),
            [LOGIN, OK, OK, GONE, GONE, OK, GONE],
        ),
        (
            "/nominations/_/edit",
            format!("/nominations/{n}/edit"),
            [LOGIN, NO, REFUSED, GONE, NO, GONE, NO],
        ),
        (
            "/nominations/_/attachments/_",
            format!("/nominations/{n}/attachments/{foreign}"),
            [LOGIN, GONE, GONE, GONE, GONE, GONE, GONE],
        ),
        (
            "/review/inbox",
            "/review/inbox".into(),
            [LOGIN, NO, OK, OK, NO, OK, NO],
        ),
        (
            "/review/office",
            "/review/office".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/review/progress",
            "/review/progress".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/evaluation",
            format!("/evaluation?campaign={c}"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/evaluation/mine",
            "/evaluation/mine".into(),
            [LOGIN, NO, NO, NO, OK, NO, OK],
        ),
        (
            "/evaluation/panels/_",
            format!("/evaluation/panels/{panel}"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/evaluation/assignments/_",
            format!("/evaluation/assignments/{assignment}"),
            [LOGIN, NO, NO, NO, OK, NO, GONE],
        ),
        (
            "/evaluation/assignments/_/attachments/_",
            format!("/evaluation/assignments/{assignment}/attachments/{foreign}"),
            [LOGIN, NO, NO, NO, GONE, NO, GONE],
        ),
        (
            "/evaluation/categories/_/ranking",
            format!("/evaluation/categories/{category}/ranking"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/evaluation/categories/_/ranking/export",
            format!("/evaluation/categories/{category}/ranking/export?format=csv"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/evaluation/categories/_/scoresheet/export",
            format!("/evaluation/categories/{category}/scoresheet/export?format=csv"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/calendar",
            "/publicity/calendar".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/campaigns/_",
            format!("/publicity/campaigns/{c}"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/campaigns/_/final-list",
            format!("/publicity/campaigns/{c}/final-list"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/campaigns/_/final-list/correct",
            format!("/publicity/campaigns/{c}/final-list/correct"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/campaigns/_/final-list/private",
            format!("/publicity/campaigns/{c}/final-list/private?format=csv"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/campaigns/_/objections",
            format!("/publicity/campaigns/{c}/objections"),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/objections/_",
            format!("/publicity/objections/{}", objection.id),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/publicity/objections/_/attachment",
            format!("/publicity/objections/{}/attachment", objection.id),
            [LOGIN, GONE, NO, NO, NO, NO, NO],
        ),
        ("/audit", "/audit".into(), [LOGIN, OK, NO, NO, NO, NO, NO]),
        (
            "/audit/export.csv",
            "/audit/export.csv".into(),
            [LOGIN, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/me",
            "/api/v1/me".into(),
            [API, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/api/v1/units",
            "/api/v1/units".into(),
            [API, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/api/v1/users",
            "/api/v1/users".into(),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/users/_",
            format!("/api/v1/users/{}", app.actor("rec_b").await.user_id),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/tokens",
            "/api/v1/tokens".into(),
            [API, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/api/v1/tokens/live",
            "/api/v1/tokens/live".into(),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/campaigns",
            "/api/v1/campaigns".into(),
            [API, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/api/v1/campaigns/_",
            format!("/api/v1/campaigns/{c}"),
            [API, OK, OK, OK, OK, OK, OK],
        ),
        (
            "/api/v1/campaigns/_/progress",
            format!("/api/v1/campaigns/{c}/progress"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/nominations",
            "/api/v1/nominations".into(),
            [API, OK, OK, OK, NO, OK, NO],
        ),
        (
            "/api/v1/nominations/roster",
            format!("/api/v1/nominations/roster?format=xlsx&campaign={c}"),
            [API, OK, OK, OK, NO, OK, NO],
        ),
        (
            "/api/v1/nominations/_",
            format!("/api/v1/nominations/{n}"),
            [API, OK, OK, GONE, GONE, OK, GONE],
        ),
        (
            "/api/v1/nominations/_/attachments/_",
            format!("/api/v1/nominations/{n}/attachments/{foreign}"),
            [API, GONE, GONE, GONE, GONE, GONE, GONE],
        ),
        (
            "/api/v1/nominations/_/history",
            format!("/api/v1/nominations/{n}/history"),
            [API, OK, OK, GONE, GONE, OK, GONE],
        ),
        (
            "/api/v1/nominations/_/review",
            format!("/api/v1/nominations/{n}/review"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/review/inbox",
            "/api/v1/review/inbox".into(),
            [API, NO, OK, OK, NO, OK, NO],
        ),
        (
            "/api/v1/evaluation/assignments",
            "/api/v1/evaluation/assignments".into(),
            [API, NO, NO, NO, OK, NO, OK],
        ),
        (
            "/api/v1/evaluation/assignments/_",
            format!("/api/v1/evaluation/assignments/{assignment}"),
            [API, NO, NO, NO, OK, NO, GONE],
        ),
        (
            "/api/v1/evaluation/categories/_/ranking",
            format!("/api/v1/evaluation/categories/{category}/ranking"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/campaigns/_",
            format!("/api/v1/notices/campaigns/{c}"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/calendar",
            "/api/v1/notices/calendar".into(),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/evaluation/panels",
            format!("/api/v1/evaluation/panels?campaign={c}"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/evaluation/panels/_",
            format!("/api/v1/evaluation/panels/{panel}"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/evaluation/categories/_/rubric",
            format!("/api/v1/evaluation/categories/{category}/rubric"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/campaigns/_/final-list",
            format!("/api/v1/notices/campaigns/{c}/final-list"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/campaigns/_/final-list/correction",
            format!("/api/v1/notices/campaigns/{c}/final-list/correction"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/campaigns/_/final-list/private",
            format!("/api/v1/notices/campaigns/{c}/final-list/private?format=csv"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/notices/campaigns/_/objections",
            format!("/api/v1/notices/campaigns/{c}/objections"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/objections/_",
            format!("/api/v1/objections/{}", objection.id),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/objections/_/attachment",
            format!("/api/v1/objections/{}/attachment", objection.id),
            [API, GONE, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/objections/status",
            format!("/api/v1/objections/status?code={}", objection.receipt_code),
            [OK; 7],
        ),
        (
            "/api/v1/documents/_",
            format!("/api/v1/documents/{notice}"),
            [OK; 7],
        ),
        ("/api/v1/honors", "/api/v1/honors".into(), [OK; 7]),
        (
            "/api/v1/evaluation/assignments/_/attachments/_",
            format!("/api/v1/evaluation/assignments/{assignment}/attachments/{foreign}"),
            [API, NO, NO, NO, GONE, NO, GONE],
        ),
        (
            "/api/v1/evaluation/categories/_/ranking/export",
            format!("/api/v1/evaluation/categories/{category}/ranking/export?format=csv"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/evaluation/categories/_/scoresheet/export",
            format!("/api/v1/evaluation/categories/{category}/scoresheet/export?format=xlsx"),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/audit",
            "/api/v1/audit".into(),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/audit/export.csv",
            "/api/v1/audit/export.csv".into(),
            [API, OK, NO, NO, NO, NO, NO],
        ),
        (
            "/api/v1/honors/_",
            format!("/api/v1/honors/{honoree}"),
            [OK; 7],
        ),
        (
            "/api/v1/honors/units/_",
            format!("/api/v1/honors/units/{}", world.community_a1.id),
            [OK; 7],
        ),
        (
            "/api/v1/honors/export",
            "/api/v1/honors/export?format=csv".into(),
            [OK; 7],
        ),
    ];

    // Every mounted GET route has its row, and every row its route.
    let mounted: Vec<String> = mounted(&app, |method| method == Method::Get)
        .into_iter()
        .map(|(_, shape)| shape)
        .collect();
    let missing: Vec<&String> = mounted
        .iter()
        .filter(|shape| !table.iter().any(|(s, _, _)| s == shape))
        .collect();
    assert!(missing.is_empty(), "GET routes without a row: {missing:?}");
    let stale: Vec<&str> = table
        .iter()
        .map(|(shape, _, _)| *shape)
        .filter(|shape| !mounted.iter().any(|m| m == shape))
        .collect();
    assert!(stale.is_empty(), "rows without a route: {stale:?}");

    let private = private_values(&app).await;
    let mut wrong = Vec::new();
    for (index, who) in WHO.iter().enumerate() {
        let token = ask_as(&app, who).await;
        for (shape, path, expected) in &table {
            let mut request = app.client.get(path.clone());
            if let Some(token) = token.as_ref().filter(|_| path.starts_with("/api/")) {
                request = request.header(Header::new("Authorization", format!("Bearer {token}")));
            }
            let response = request.dispatch().await;
            let status = response.status().code;
            if status != expected[index] {
                wrong.push(format!(
                    "{who:?} {shape}: {status}, expected {}",
                    expected[index]
                ));
            }
            if status >= 400 {
                let text = response.into_string().await.unwrap_or_default();
                for value in shown_privately(&text, &private, who) {
                    wrong.push(format!("{who:?} {shape}: the refusal shows {value}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
