//! Every route that writes, for every kind of user, aimed at records that are not theirs: read
//! from the mounted routes, so a new one without a row fails here until someone writes down who
//! may use it. Each request is well formed, so a refusal comes from the role and the unit, not
//! from a form that did not parse: the nomination's version is its current one, so that who
//! asks and the stage decide, and every other version is out of date, so that nothing those
//! allowed send changes anything. A refusal says nothing private, and nothing changes.

use rocket::http::{ContentType, Header, Method};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::helpers::*;

/// Sent on: to the sign-in page (nobody), or where a done write goes.
const DONE: u16 = ELSEWHERE;

/// A whole row: nobody gets in, the office may (`office`), nobody else may.
const fn office_only(office: u16) -> [u16; 7] {
    [DONE, office, NO, NO, NO, NO, NO]
}

const fn office_only_api(office: u16) -> [u16; 7] {
    [API, office, NO, NO, NO, NO, NO]
}

#[rocket::async_test]
async fn every_route_that_writes_answers_each_kind_of_user_as_its_row_says() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let Concluded {
        ids,
        notice,
        objection,
        ..
    } = concluded(&app, &world).await;
    let db = &app.app().db;
    let office = app.actor("office").await;
    let judge = app.actor("judge0").await;
    let assignment = laurel::domain::evaluation::my_assignments(db, &judge)
        .await
        .expect("mine")[0]
        .id;
    let sheet = laurel::entity::score_sheet::Entity::find()
        .filter(laurel::entity::score_sheet::Column::AssignmentId.eq(assignment))
        .one(db)
        .await
        .expect("read")
        .expect("a sheet")
        .id;
    let panel = laurel::domain::evaluation::panels_of(db, &office, world.campaign.id.into())
        .await
        .expect("panels")[0]
        .id;
    let category = app.category(&world, "volunteer").await.id;
    let user = app.actor("rec_b").await.user_id;
    let b1 = app.actor("rec_b1").await;
    let (_, b1_token) = laurel::domain::accounts::tokens::create_token(db, &b1, "b1", "", 180)
        .await
        .expect("token");
    let c = world.campaign.id;
    let n = ids[0];
    let a1 = world.community_a1.id;
    let foreign = uuid::Uuid::now_v7();
    let o = objection.id;
    // The nomination's version as its page shows it, so that what decides is who asks and the
    // stage; every other version out of date, so that nothing those allowed send changes
    // anything.
    let current = laurel::entity::nomination::Entity::find_by_id(n)
        .one(db)
        .await
        .expect("read")
        .expect("the nomination")
        .version;
    let stale = 1_000;
    let person = serde_json::to_value(person("丙志愿者", 77)).expect("json");
    let mut nomination = person.clone();
    nomination["campaign_id"] = c.to_string().into();
    nomination["category_id"] = category.to_string().into();
    let nomination = nomination.to_string();
    let version = format!("{{\"version\": {current}}}");
    let decision = format!(
        "{{\"decision\": \"return_for_revision\", \"version\": {current}, \"reason\": \"补充材料\"}}"
    );
    let sheet_form = format!("sheet.version={stale}&sheet.approve=yes&action=submit");

    // Route shape → method, the path asked for, its body, and the answer to each of WHO.
    #[rustfmt::skip]
    let table: Vec<(Method, &str, String, String, [u16; 7])> = vec![
        // The API: the same rules, a bearer token instead of a session.
        (Method::Post, "/api/v1/campaigns", "/api/v1/campaigns".into(), "{}".into(), office_only_api(INVALID)),
        (Method::Put, "/api/v1/campaigns/_", format!("/api/v1/campaigns/{c}"), "{}".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/campaigns/_/advance", format!("/api/v1/campaigns/{c}/advance"), format!("{{\"version\": {stale}}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/campaigns/_/back", format!("/api/v1/campaigns/{c}/back"), format!("{{\"version\": {stale}, \"reason\": \"x\"}}"), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/campaigns/_/clearance/agencies", format!("/api/v1/campaigns/{c}/clearance/agencies"), "{\"agencies\": []}".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/campaigns/_/clearance/candidates/_/decision", format!("/api/v1/campaigns/{c}/clearance/candidates/{n}/decision"), "{\"decision\": \"keep\", \"reason\": \"x\"}".into(), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/clearance/_/_", format!("/api/v1/clearance/{c}/{n}"), "{\"opinion\": \"no_objection\"}".into(), office_only_api(NO)),
        (Method::Post, "/api/v1/units", "/api/v1/units".into(), "{}".into(), office_only_api(INVALID)),
        (Method::Post, "/api/v1/users", "/api/v1/users".into(), "{}".into(), office_only_api(INVALID)),
        (Method::Put, "/api/v1/units/_", format!("/api/v1/units/{a1}"), "{}".into(), office_only_api(INVALID)),
        (Method::Delete, "/api/v1/units/_", format!("/api/v1/units/{a1}"), String::new(), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/users/_", format!("/api/v1/users/{user}"), "{}".into(), office_only_api(INVALID)),
        (Method::Post, "/api/v1/users/_/tokens", format!("/api/v1/users/{user}/tokens"), "{\"name\": \"\"}".into(), office_only_api(INVALID)),
        // Everyone's own tokens through the API too; the office may end anyone's.
        (Method::Post, "/api/v1/tokens", "/api/v1/tokens".into(), "{}".into(), [API, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID]),
        (Method::Delete, "/api/v1/tokens/_", format!("/api/v1/tokens/{}", b1_token.id), String::new(), [API, 204, GONE, 204, GONE, GONE, GONE]),
        (Method::Post, "/api/v1/evaluation/categories/_/shortlist", format!("/api/v1/evaluation/categories/{category}/shortlist"), format!("{{\"nominations\": [\"{n}\"]}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/evaluation/panels/_/assign", format!("/api/v1/evaluation/panels/{panel}/assign"), String::new(), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/notices/campaigns/_/draft", format!("/api/v1/notices/campaigns/{c}/draft"), "{\"title\": \"x\"}".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/notices/campaigns/_/publish", format!("/api/v1/notices/campaigns/{c}/publish"), format!("{{\"version\": {stale}}}"), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/notices/calendar", "/api/v1/notices/calendar".into(), "{\"holidays\": \"x\"}".into(), office_only_api(INVALID)),
        (Method::Put, "/api/v1/notices/campaigns/_/order", format!("/api/v1/notices/campaigns/{c}/order"), format!("{{\"positions\": {{\"{n}\": 1}}}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/notices/campaigns/_/final-list", format!("/api/v1/notices/campaigns/{c}/final-list"), "{\"title\": \"x\"}".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/notices/campaigns/_/final-list/corrections", format!("/api/v1/notices/campaigns/{c}/final-list/corrections"), format!("{{\"replaces\": \"{n}\", \"document\": {{\"change_note\": \"x\"}}, \"lines\": []}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/objections/_/notes", format!("/api/v1/objections/{}/notes", objection.id), format!("{{\"note\": \"x\", \"version\": {stale}}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/objections/_/outcome", format!("/api/v1/objections/{}/outcome", objection.id), format!("{{\"outcome\": \"upheld\", \"reason\": \"x\", \"version\": {stale}}}"), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/evaluation/panels", format!("/api/v1/evaluation/panels?campaign={c}"), "{\"name\": \"x\"}".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/evaluation/panels/_/assignments", format!("/api/v1/evaluation/panels/{panel}/assignments"), format!("{{\"nomination_id\": \"{n}\", \"reviewer_id\": \"{}\"}}", judge.user_id), office_only_api(REFUSED)),
        (Method::Delete, "/api/v1/evaluation/assignments/_", format!("/api/v1/evaluation/assignments/{assignment}"), String::new(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/evaluation/assignments/_/recuse", format!("/api/v1/evaluation/assignments/{assignment}/recuse"), "{\"reason\": \"x\"}".into(), [API, NO, NO, NO, REFUSED, NO, GONE]),
        (Method::Put, "/api/v1/evaluation/categories/_/rubric", format!("/api/v1/evaluation/categories/{category}/rubric"), "[{\"name\": \"x\", \"max_points\": 10, \"weight\": 1}]".into(), office_only_api(REFUSED)),
        (Method::Post, "/api/v1/evaluation/sheets/_/reopen", format!("/api/v1/evaluation/sheets/{sheet}/reopen"), "{\"reason\": \"x\"}".into(), office_only_api(REFUSED)),
        (Method::Put, "/api/v1/evaluation/assignments/_/sheet", format!("/api/v1/evaluation/assignments/{assignment}/sheet"), format!("{{\"points\": {{}}, \"approve\": true, \"comment\": \"\", \"version\": {stale}, \"submit\": true}}"), [API, NO, NO, NO, REFUSED, NO, GONE]),
        (Method::Post, "/api/v1/nominations", "/api/v1/nominations".into(), nomination, [API, NO, REFUSED, REFUSED, NO, REFUSED, NO]),
        (Method::Put, "/api/v1/nominations/_", format!("/api/v1/nominations/{n}"), person.to_string(), [API, NO, REFUSED, GONE, NO, GONE, NO]),
        (Method::Post, "/api/v1/nominations/_/attachments", format!("/api/v1/nominations/{n}/attachments?filename=a.pdf&version={current}"), "%PDF-1.4".into(), [API, NO, REFUSED, GONE, NO, GONE, NO]),
        (Method::Delete, "/api/v1/nominations/_/attachments/_", format!("/api/v1/nominations/{n}/attachments/{n}?version={current}"), String::new(), [API, NO, REFUSED, GONE, NO, GONE, NO]),
        (Method::Post, "/api/v1/nominations/_/submit", format!("/api/v1/nominations/{n}/submit"), version.clone(), [API, NO, REFUSED, GONE, GONE, NO, GONE]),
        (Method::Post, "/api/v1/nominations/_/decisions", format!("/api/v1/nominations/{n}/decisions"), decision.clone(), [API, REFUSED, NO, GONE, GONE, NO, GONE]),
        (Method::Post, "/api/v1/review/eligible", "/api/v1/review/eligible".into(), format!("[{{\"id\": \"{n}\", \"version\": {stale}}}]"), office_only_api(OK)),
        // Public writes: the same for everyone.
        (Method::Post, "/login", "/login".into(), String::new(), [0; 7]),
        (Method::Post, "/logout", "/logout".into(), String::new(), [0; 7]),
        (Method::Post, "/lang", "/lang".into(), "lang=en&next=/".into(), [DONE; 7]),
        (Method::Post, "/setup", "/setup".into(), format!("city_name=x&display_name=x&username=admin2&password={PASSWORD}"), [GONE; 7]),
        (Method::Post, "/notices/_/objection", format!("/notices/{notice}/objection"), format!("nominee={n}&text=x"), [REFUSED; 7]),
        (Method::Post, "/api/v1/notices/_/objections", format!("/api/v1/notices/{notice}/objections"), format!("{{\"nominee\": \"{n}\", \"text\": \"x\"}}"), [REFUSED; 7]),
        // Everyone's own tokens; the office may end anyone's.
        (Method::Post, "/account/tokens", "/account/tokens".into(), String::new(), [DONE, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID]),
        (Method::Delete, "/account/tokens/_", format!("/account/tokens/{}", b1_token.id), String::new(), [DONE, DONE, GONE, DONE, GONE, GONE, GONE]),
        // The office's own areas.
        (Method::Post, "/units", "/units".into(), String::new(), office_only(INVALID)),
        (Method::Post, "/units/_", format!("/units/{a1}"), String::new(), office_only(INVALID)),
        (Method::Delete, "/units/_", format!("/units/{a1}"), String::new(), office_only(REFUSED)),
        (Method::Post, "/users", "/users".into(), String::new(), office_only(INVALID)),
        (Method::Post, "/users/_", format!("/users/{user}"), String::new(), office_only(INVALID)),
        (Method::Post, "/campaigns", "/campaigns".into(), String::new(), office_only(INVALID)),
        (Method::Post, "/campaigns/_", format!("/campaigns/{c}"), String::new(), office_only(REFUSED)),
        (Method::Post, "/campaigns/_/advance", format!("/campaigns/{c}/advance"), format!("version={stale}"), office_only(REFUSED)),
        (Method::Post, "/campaigns/_/back", format!("/campaigns/{c}/back"), format!("version={stale}&reason=x"), office_only(REFUSED)),
        (Method::Post, "/campaigns/_/clearance/agencies", format!("/campaigns/{c}/clearance/agencies"), "agencies=".into(), office_only(REFUSED)),
        (Method::Post, "/campaigns/_/clearance/_/decision", format!("/campaigns/{c}/clearance/{n}/decision"), "decision=keep&reason=x".into(), office_only(REFUSED)),
        (Method::Post, "/clearance/_/_", format!("/clearance/{c}/{n}"), "opinion=no_objection".into(), office_only(NO)),
        (Method::Post, "/campaigns/_/votes/held", format!("/campaigns/{c}/votes/held"), format!("category_id={category}&prefix=x&flag=burst_minute&decision=accept"), office_only(REFUSED)),
        // Voting is public: refused by the stage to everyone here (the campaign is archived).
        (Method::Post, "/vote/_/code", format!("/vote/{c}/code"), "phone=13900000000".into(), [REFUSED; 7]),
        (Method::Post, "/vote/_/verify", format!("/vote/{c}/verify"), "phone=13900000000&code=123456".into(), [REFUSED; 7]),
        (Method::Post, "/vote/_/_", format!("/vote/{c}/{n}"), String::new(), [REFUSED; 7]),
        (Method::Post, "/api/v1/votes/_/code", format!("/api/v1/votes/{c}/code"), "{\"phone\": \"13900000000\"}".into(), [REFUSED; 7]),
        (Method::Post, "/api/v1/votes/_/verify", format!("/api/v1/votes/{c}/verify"), "{\"phone\": \"13900000000\", \"code\": \"123456\"}".into(), [REFUSED; 7]),
        (Method::Post, "/api/v1/votes/_/_", format!("/api/v1/votes/{c}/{n}"), String::new(), [REFUSED; 7]),
        (Method::Post, "/api/v1/campaigns/_/votes/held", format!("/api/v1/campaigns/{c}/votes/held"), format!("{{\"category_id\": \"{category}\", \"prefix\": \"x\", \"flag\": \"burst_minute\", \"decision\": \"accept\"}}"), office_only_api(REFUSED)),
        // Nominations: their community's, the stage permitting.
        (Method::Post, "/nominations", format!("/nominations?campaign={c}&category={category}"), "nominee_name=丙".into(), [DONE, NO, REFUSED, REFUSED, NO, REFUSED, NO]),
        (Method::Post, "/nominations/_", format!("/nominations/{n}"), format!("version={current}&nominee_name=丙"), [DONE, NO, REFUSED, GONE, NO, GONE, NO]),
        (Method::Post, "/nominations/_/attachments", format!("/nominations/{n}/attachments"), format!("version={current}"), [DONE, NO, REFUSED, GONE, NO, GONE, NO]),
        (Method::Delete, "/nominations/_/attachments/_", format!("/nominations/{n}/attachments/{foreign}"), format!("version={current}"), [DONE, NO, REFUSED, GONE, NO, GONE, NO]),
        // Decisions: the level whose turn it is, and the office.
        (Method::Post, "/review/_", format!("/review/{n}"), format!("version={current}&decision=return_for_revision&reason=x"), [DONE, REFUSED, NO, GONE, GONE, NO, GONE]),
        (Method::Post, "/review/_/_", format!("/review/{n}/return_for_revision"), format!("version={current}&reason=x"), [DONE, REFUSED, NO, GONE, GONE, NO, GONE]),
        (Method::Post, "/review/office/eligible", "/review/office/eligible".into(), format!("items={n}:{stale}"), office_only(DONE)),
        // Evaluation: the office sets it up, a reviewer scores what is assigned to them.
        (Method::Post, "/evaluation/panels", format!("/evaluation/panels?campaign={c}"), "name=x".into(), office_only(REFUSED)),
        (Method::Post, "/evaluation/panels/_/assign", format!("/evaluation/panels/{panel}/assign"), String::new(), office_only(REFUSED)),
        (Method::Post, "/evaluation/panels/_/assignments", format!("/evaluation/panels/{panel}/assignments"), format!("nomination_id={n}&reviewer_id={}", judge.user_id), office_only(REFUSED)),
        (Method::Delete, "/evaluation/assignments/_", format!("/evaluation/assignments/{assignment}?panel={panel}"), String::new(), office_only(REFUSED)),
        (Method::Post, "/evaluation/assignments/_/recuse", format!("/evaluation/assignments/{assignment}/recuse"), "reason=x".into(), [DONE, NO, NO, NO, REFUSED, NO, GONE]),
        (Method::Post, "/evaluation/assignments/_/score", format!("/evaluation/assignments/{assignment}/score"), sheet_form, [DONE, NO, NO, NO, REFUSED, NO, GONE]),
        (Method::Post, "/evaluation/categories/_/rubric", format!("/evaluation/categories/{category}/rubric?panel={panel}"), "criteria[0].name=x&criteria[0].max_points=10&criteria[0].weight=1".into(), office_only(REFUSED)),
        (Method::Post, "/evaluation/categories/_/shortlist", format!("/evaluation/categories/{category}/shortlist"), format!("nominations={n}"), office_only(REFUSED)),
        (Method::Post, "/evaluation/sheets/_/reopen", format!("/evaluation/sheets/{sheet}/reopen?panel={panel}"), "reason=x".into(), office_only(REFUSED)),
        // The notice, the objections and the final list: the office's.
        (Method::Post, "/publicity/calendar", "/publicity/calendar".into(), "holidays=x".into(), office_only(INVALID)),
        (Method::Post, "/publicity/campaigns/_/notice", format!("/publicity/campaigns/{c}/notice"), "title=x".into(), office_only(REFUSED)),
        (Method::Post, "/publicity/campaigns/_/notice/publish", format!("/publicity/campaigns/{c}/notice/publish"), format!("version={stale}"), office_only(REFUSED)),
        (Method::Post, "/publicity/campaigns/_/order", format!("/publicity/campaigns/{c}/order"), String::new(), office_only(REFUSED)),
        (Method::Post, "/publicity/campaigns/_/final-list", format!("/publicity/campaigns/{c}/final-list"), "title=x".into(), office_only(REFUSED)),
        (Method::Post, "/publicity/campaigns/_/final-list/correct", format!("/publicity/campaigns/{c}/final-list/correct"), "title=x".into(), office_only(REFUSED)),
        (Method::Post, "/publicity/objections/_/notes", format!("/publicity/objections/{o}/notes"), format!("note=x&version={stale}"), office_only(REFUSED)),
        (Method::Post, "/publicity/objections/_/outcome", format!("/publicity/objections/{o}/outcome"), format!("outcome=dismissed&reason=x&version={stale}"), office_only(REFUSED)),
    ];

    let mounted = mounted(&app, |method| {
        method != Method::Get && method != Method::Head
    });
    let missing: Vec<String> = mounted
        .iter()
        .filter(|(method, shape)| !table.iter().any(|(m, s, ..)| m == method && s == shape))
        .map(|(method, shape)| format!("{method} {shape}"))
        .collect();
    assert!(
        missing.is_empty(),
        "writing routes without a row: {missing:?}"
    );
    let stale_rows: Vec<String> = table
        .iter()
        .filter(|(m, s, ..)| {
            !mounted
                .iter()
                .any(|(method, shape)| method == m && shape == s)
        })
        .map(|(m, s, ..)| format!("{m} {s}"))
        .collect();
    assert!(
        stale_rows.is_empty(),
        "rows without a route: {stale_rows:?}"
    );

    let private = private_values(&app).await;
    let before = changes(&app).await;
    let mut wrong = Vec::new();
    for (index, who) in WHO.iter().enumerate() {
        let token = ask_as(&app, who).await;
        // Those who may read the nomination (its community, the street above, the office) see
        // its private fields on a refusal that shows it again; everyone else sees none, and a
        // reviewer sees their own name.
        let reads_it = ["office", "rec_a1", "rec_a"].contains(who);
        for (method, shape, path, body, expected) in &table {
            // Signing in and out is what this loop does for each of WHO.
            if *shape == "/logout" || *shape == "/login" {
                continue;
            }
            let csrf = app.csrf_token().await;
            let request = if path.starts_with("/api/") {
                let kind = if shape.ends_with("/attachments") {
                    ContentType::Binary
                } else {
                    ContentType::JSON
                };
                let mut request = app
                    .client
                    .req(*method, path.clone())
                    .header(kind)
                    .body(body.clone());
                if let Some(token) = &token {
                    request =
                        request.header(Header::new("Authorization", format!("Bearer {token}")));
                }
                request
            } else if *shape == "/nominations/_/attachments" {
                let boundary = "RouteWritesBoundary";
                let multipart = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
                     --{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n{current}\r\n\
                     --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
                     Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--{boundary}--\r\n"
                );
                app.client
                    .post(path.clone())
                    .header(Header::new(
                        "Content-Type",
                        format!("multipart/form-data; boundary={boundary}"),
                    ))
                    .body(multipart)
            } else {
                let override_field = if *method == Method::Delete {
                    "_method=delete&"
                } else {
                    ""
                };
                let fields = if body.is_empty() {
                    String::new()
                } else {
                    format!("&{body}")
                };
                app.client
                    .post(path.clone())
                    .header(ContentType::Form)
                    .body(format!("{override_field}_csrf={csrf}{fields}"))
            };
            let response = request.dispatch().await;
            let status = response.status().code;
            let text = response.into_string().await.unwrap_or_default();
            if status != expected[index] {
                wrong.push(format!(
                    "{who:?} {method} {shape}: {status}, expected {}",
                    expected[index]
                ));
            }
            if status >= 400 && !reads_it {
                for value in shown_privately(&text, &private, who) {
                    wrong.push(format!(
                        "{who:?} {method} {shape}: the refusal shows {value}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // What those allowed did: the office ended a token of B1's, and B1 their own (already
    // ended, so nothing more); the rest was refused.
    let after = changes(&app).await;
    let done: Vec<&String> = after.iter().skip(before.len()).collect();
    assert_eq!(done, ["api_token.revoke"], "nothing else changed");
}

/// Every recorded change but signing in and out and making tokens, oldest first.
async fn changes(app: &TestApp) -> Vec<String> {
    use laurel::entity::audit_event;
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.is_not_in([
            "session.sign_in",
            "session.sign_out",
            "api_token.create",
        ]))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.app().db)
        .await
        .expect("audit")
        .into_iter()
        .map(|event| event.action)
        .collect()
}
