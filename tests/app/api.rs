//! The JSON API: tokens, the same rules as the pages, and an OpenAPI document that matches.

use rocket::http::{ContentType, Header, Status};
use serde_json::{Value, json};

use crate::helpers::*;

#[rocket::async_test]
async fn a_token_acts_as_its_user_until_revoked() {
    let app = TestApp::new().await;
    app.world().await;
    let token = token_for(&app, "rec_a1").await;
    assert!(token.starts_with("laurel_") && token.len() > 60, "{token}");
    let (status, me) = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(me["username"], "rec_a1");
    assert_eq!(me["role"], "recommender");

    let (_, html) = app.get("/account/tokens").await;
    assert!(!html.contains(&token), "the token is shown only once");
    let id: String = html
        .split("/account/tokens/")
        .nth(1)
        .expect("revoke form")
        .chars()
        .take(36)
        .collect();
    let csrf = app.csrf_token().await;
    let response = app
        .post_form_raw(
            &format!("/account/tokens/{id}"),
            &[("_method", "delete"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (status, body) = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!(status, Status::Unauthorized);
    assert_eq!(body["error"], "error-unauthorized");
}

#[rocket::async_test]
async fn requests_without_a_valid_token_get_a_json_401_and_no_redirect() {
    let app = TestApp::new().await;
    app.world().await;
    let response = app.client.get("/api/v1/nominations").dispatch().await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(response.content_type(), Some(ContentType::JSON));
    let (status, _) = app.api("GET", "/api/v1/me", "laurel_0000", None).await;
    assert_eq!(status, Status::Unauthorized);
    // A session cookie is not an API credential.
    app.login("office").await;
    assert_eq!(
        app.client.get("/api/v1/me").dispatch().await.status(),
        Status::Unauthorized
    );
}

#[rocket::async_test]
async fn the_api_applies_the_same_roles_validation_and_subtree_rules_as_the_pages() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec = token_for(&app, "rec_a1").await;
    let other = token_for(&app, "rec_b1").await;
    let office = token_for(&app, "office").await;

    let (status, body) = app
        .api(
            "POST",
            "/api/v1/units",
            &rec,
            Some(json!({"name": "x", "kind": "community", "parent_id": world.street_a.id})),
        )
        .await;
    assert_eq!(status, Status::Forbidden, "{body}");

    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let id_number =
        laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("id");
    let mut nomination = json!({
        "campaign_id": world.campaign.id, "category_id": person.id,
        "nominee_name": "接口测试人", "affiliation": "社区志愿者", "gender": "female", "birth_date": "1980-05-17",
        "phone": "123", "id_number": id_number, "volunteer_hours": "40", "deeds_summary": "简介", "deeds_full": "详细事迹",
    });
    let (status, body) = app
        .api(
            "POST",
            "/api/v1/nominations",
            &rec,
            Some(nomination.clone()),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(body["fields"][0]["field"], "phone", "{body}");
    assert_eq!(body["fields"][0]["key"], "error-phone-format");

    nomination["phone"] = json!("13900001111");
    let (status, created) = app
        .api("POST", "/api/v1/nominations", &rec, Some(nomination))
        .await;
    assert_eq!(status, Status::Ok, "{created}");
    assert_eq!(created["status"], "draft");
    assert!(
        created["id_number_masked"]
            .as_str()
            .is_some_and(|m| m.contains('*'))
    );
    assert!(!created.to_string().contains(&id_number));
    let path = format!(
        "/api/v1/nominations/{}",
        created["id"].as_str().expect("id")
    );

    assert_eq!(
        app.api("GET", &path, &other, None).await.0,
        Status::NotFound
    );
    assert_eq!(app.api("GET", &path, &office, None).await.0, Status::Ok);

    let (status, _) = app
        .api(
            "POST",
            &format!("{path}/submit"),
            &rec,
            Some(json!({"version": 0})),
        )
        .await;
    assert_eq!(status, Status::Conflict, "a stale version is refused");
    let (status, submitted) = app
        .api(
            "POST",
            &format!("{path}/submit"),
            &rec,
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(
        submitted["status"], "pending",
        "a community's nomination goes to its street"
    );

    let (status, list) = app
        .api("GET", "/api/v1/nominations?status=pending", &office, None)
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(list["total"], 1);
}

#[rocket::async_test]
async fn attachments_uploaded_through_the_api_are_checked_by_content() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec = token_for(&app, "rec_b1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let community = categories
        .iter()
        .find(|c| c.key == "community")
        .expect("community");
    let (status, created) = app.api( "POST", "/api/v1/nominations", &rec, Some(json!({
        "campaign_id": world.campaign.id, "category_id": community.id, "nominee_name": "延川路社区",
        "contact_name": "张主任", "phone": "0532-88881234", "deeds_summary": "简介", "deeds_full": "详细",
    }))).await;
    assert_eq!(status, Status::Ok, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    let upload = |bytes: Vec<u8>| {
        app.client
            .post(format!(
                "/api/v1/nominations/{id}/attachments?filename=a.pdf&version=1"
            ))
            .header(Header::new("Authorization", format!("Bearer {rec}")))
            .header(ContentType::Binary)
            .body(bytes)
    };
    assert_eq!(
        upload(b"<html>not a pdf</html>".to_vec())
            .dispatch()
            .await
            .status(),
        Status::UnprocessableEntity
    );
    let response = upload(b"%PDF-1.4 minimal".to_vec()).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let body: Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
    assert_eq!(body["content_type"], "application/pdf");

    // Removed again, at the nomination's current version; another unit cannot.
    let attachment = body["id"].as_str().expect("id");
    let (_, shown) = app
        .api("GET", &format!("/api/v1/nominations/{id}"), &rec, None)
        .await;
    let remove = format!(
        "/api/v1/nominations/{id}/attachments/{attachment}?version={}",
        shown["version"]
    );
    let other = token_for(&app, "rec_a1").await;
    assert_eq!(
        app.api("DELETE", &remove, &other, None).await.0,
        Status::NotFound
    );
    let (status, after) = app.api("DELETE", &remove, &rec, None).await;
    assert_eq!(status, Status::Ok, "{after}");
    assert_eq!(after["attachments"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.api("DELETE", &remove, &rec, None).await.0,
        Status::NotFound,
        "gone"
    );
}

/// The OpenAPI validator the tests use: `LAUREL_OPENAPI_VALIDATOR` if set, else the PyPI
/// package `openapi-spec-validator` in a virtual environment under the build's temporary
/// folder, installed on first use and kept there for the next run.
fn openapi_validator() -> std::path::PathBuf {
    if let Ok(path) = std::env::var("LAUREL_OPENAPI_VALIDATOR") {
        return path.into();
    }
    let venv = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-validator");
    let validator = venv.join("bin/openapi-spec-validator");
    if !validator.exists() {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        let installed = made
            && std::process::Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "openapi-spec-validator==0.9.0"])
                .status()
                .is_ok_and(|s| s.success());
        assert!(
            installed,
            "installing openapi-spec-validator from PyPI failed; set LAUREL_OPENAPI_VALIDATOR to \
             an installed openapi-spec-validator"
        );
    }
    validator
}

#[rocket::async_test]
async fn the_openapi_document_passes_the_ecosystems_validator() {
    let app = TestApp::new().await;
    let (status, document) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, Status::Ok);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, &document).expect("written");
    let output = std::process::Command::new(openapi_validator())
        .arg(&path)
        .output()
        .expect("the validator runs");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && said.contains("OK"), "{said}");

    // The validator is not a rubber stamp: a response without its description fails it.
    let mut broken: Value = serde_json::from_str(&document).expect("JSON");
    broken["paths"]["/api/v1/me"]["get"]["responses"]["200"]
        .as_object_mut()
        .expect("a response")
        .remove("description");
    std::fs::write(&path, broken.to_string()).expect("written");
    let output = std::process::Command::new(openapi_validator())
        .arg(&path)
        .output()
        .expect("the validator runs");
    assert!(!output.status.success(), "a broken document fails");
}

#[rocket::async_test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let response = app.client.get("/api/v1/openapi.json").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let doc: Value =
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    let mut mounted = 0;
    for route in app.client.rocket().routes() {
        let uri = route.uri.to_string();
        if !uri.starts_with("/api/v1") {
            continue;
        }
        mounted += 1;
        // `/api/v1/nominations/<id>?<filter..>` → `/api/v1/nominations/{id}`
        let path: String = uri
            .split('?')
            .next()
            .unwrap_or_default()
            .replace('<', "{")
            .replace('>', "}");
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            paths.get(&path).and_then(|p| p.get(&method)).is_some(),
            "{method} {path} is not in the OpenAPI document"
        );
    }
    let described: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |ops| ops.len()))
        .sum();
    assert_eq!(
        described, mounted,
        "the document describes routes that do not exist"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[rocket::async_test]
async fn review_decisions_history_inbox_and_progress_work_through_the_api() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let community = token_for(&app, "rec_a1").await;
    let street = token_for(&app, "rec_a").await;
    let district = token_for(&app, "rec_district").await;
    let office = token_for(&app, "office").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let id_number =
        laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("id");
    let (_, created) = app.api( "POST", "/api/v1/nominations", &community, Some(json!({
        "campaign_id": world.campaign.id, "category_id": person.id, "nominee_name": "接口审核人", "affiliation": "志愿者",
        "gender": "male", "birth_date": "1980-05-17", "phone": "13900001111", "id_number": id_number,
        "volunteer_hours": "40", "deeds_summary": "简介", "deeds_full": "详细",
    }))).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let decide = |token: &str, decision: &str, version: i64, reason: &str| {
        let (token, path, body) = (
            token.to_owned(),
            format!("/api/v1/nominations/{id}/decisions"),
            json!({"decision": decision, "version": version, "reason": reason}),
        );
        let app = &app;
        async move { app.api("POST", &path, &token, Some(body)).await }
    };
    let (status, n) = decide(&community, "submit", 1, "").await;
    assert_eq!(
        (status, n["status"].as_str()),
        (Status::Ok, Some("pending"))
    );

    let (_, inbox) = app.api("GET", "/api/v1/review/inbox", &street, None).await;
    assert_eq!(inbox["rows"][0]["nominee_name"], "接口审核人");
    let (status, body) = decide(&street, "decline", 2, "").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(body["fields"][0]["key"], "error-reason-required");
    let (status, _) = decide(&street, "recommend", 2, "").await;
    assert_eq!(status, Status::Ok);
    let (status, body) = decide(&street, "recommend", 3, "").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Forbidden, Some("error-forbidden")),
        "no longer the street's"
    );
    let (status, n) = decide(&district, "recommend", 3, "").await;
    assert_eq!(
        (status, n["status"].as_str()),
        (Status::Ok, Some("at_office"))
    );

    let (status, details) = app
        .api(
            "GET",
            &format!("/api/v1/nominations/{id}/review"),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert!(
        details["checklist"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    assert_eq!(
        app.api(
            "GET",
            &format!("/api/v1/nominations/{id}/review"),
            &street,
            None
        )
        .await
        .0,
        Status::Forbidden
    );

    // The office reviews in the review stage: it moves the campaign on through the API.
    let campaign_path = format!("/api/v1/campaigns/{}", world.campaign.id);
    let (_, campaign) = app.api("GET", &campaign_path, &office, None).await;
    assert_eq!(campaign["stage"], "recommendation");
    let (status, moved) = app
        .api(
            "POST",
            &format!("{campaign_path}/advance"),
            &office,
            Some(json!({"version": campaign["version"]})),
        )
        .await;
    assert_eq!(
        (status, moved["stage"].as_str()),
        (Status::Ok, Some("review"))
    );
    let (status, bulk) = app
        .api(
            "POST",
            "/api/v1/review/eligible",
            &office,
            Some(json!([{"id": id, "version": 4}, {"id": id, "version": 4}])),
        )
        .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(bulk["done"], 1);
    assert_eq!(
        bulk["failed"][0]["error"], "error-stale",
        "the second is stale once the first is done"
    );

    let (_, history) = app
        .api(
            "GET",
            &format!("/api/v1/nominations/{id}/history"),
            &community,
            None,
        )
        .await;
    // Instants are RFC 3339, in the history and in the list alike.
    let rfc3339 = |v: &Value| {
        v.as_str().is_some_and(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).is_ok()
        })
    };
    assert!(rfc3339(&history[0]["at"]), "{history}");
    let (_, list) = app.api("GET", "/api/v1/nominations", &office, None).await;
    assert!(rfc3339(&list["rows"][0]["updated_at"]), "{list}");
    let decisions: Vec<&str> = history
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|h| h["decision"].as_str())
        .collect();
    assert_eq!(
        decisions,
        ["submit", "recommend", "recommend", "mark_eligible"]
    );

    let (status, progress) = app
        .api(
            "GET",
            &format!("/api/v1/campaigns/{}/progress", world.campaign.id),
            &office,
            None,
        )
        .await;
    assert_eq!(status, Status::Ok);
    let eligible = progress["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .position(|s| s == "eligible")
        .expect("eligible");
    assert_eq!(progress["totals"][eligible], 1);
    assert_eq!(
        app.api(
            "GET",
            &format!("/api/v1/campaigns/{}/progress", world.campaign.id),
            &street,
            None
        )
        .await
        .0,
        Status::Forbidden
    );
}

/// Under `/api/v1` every answer is JSON with a key and a sentence in the request's language,
/// whatever went wrong: an unknown path, a body that is not JSON or not the route's shape, a
/// body over the limit, no token. Outside it, the same failures are pages.
#[rocket::async_test]
async fn every_failure_under_the_api_is_json_and_every_failure_outside_it_a_page() {
    let app = TestApp::new().await;
    app.world().await;
    let token = token_for(&app, "rec_a1").await;
    let bearer = Header::new("Authorization", format!("Bearer {token}"));
    let cases: Vec<(&str, &str, Option<&str>, Status, &str)> = vec![
        (
            "GET",
            "/api/v1/no-such-thing",
            None,
            Status::NotFound,
            "error-not-found",
        ),
        (
            "GET",
            "/api/v1/nominations/not-an-id",
            None,
            Status::NotFound,
            "error-not-found",
        ),
        (
            "POST",
            "/api/v1/nominations",
            Some("{not json"),
            Status::BadRequest,
            "error-json-syntax",
        ),
        (
            "POST",
            "/api/v1/nominations",
            Some(r#"{"campaign_id": }"#),
            Status::BadRequest,
            "error-json-syntax",
        ),
        (
            "POST",
            "/api/v1/nominations",
            Some("[1, 2]"),
            Status::UnprocessableEntity,
            "error-invalid",
        ),
    ];
    for (method, path, body, status, key) in cases {
        let mut request = match method {
            "POST" => app.client.post(path),
            _ => app.client.get(path),
        }
        .header(bearer.clone())
        .header(Header::new("Accept-Language", "en"));
        if let Some(body) = body {
            request = request.header(ContentType::JSON).body(body);
        }
        let response = request.dispatch().await;
        assert_eq!(response.status(), status, "{method} {path}");
        assert_eq!(
            response.content_type(),
            Some(ContentType::JSON),
            "{method} {path}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&response.into_string().await.unwrap_or_default())
                .expect("a JSON body");
        assert_eq!(json["error"], key, "{method} {path}");
        assert_eq!(
            json["message"],
            laurel::i18n::translate(laurel::i18n::Lang::En, key, &[]),
            "{method} {path}: the sentence, in the request's language"
        );
    }
    // Too large, without a token: still JSON.
    let response = app
        .client
        .post("/api/v1/nominations")
        .header(ContentType::JSON)
        .body(vec![b' '; 3 * 1024 * 1024])
        .dispatch()
        .await;
    assert!(
        [Status::PayloadTooLarge, Status::Unauthorized].contains(&response.status()),
        "{}",
        response.status()
    );
    assert_eq!(response.content_type(), Some(ContentType::JSON));

    // The pages: a page, in the user's language.
    for path in ["/no-such-page", "/nominations/not-an-id"] {
        let response = app.client.get(path).dispatch().await;
        assert_eq!(response.status(), Status::NotFound, "{path}");
        assert_eq!(response.content_type(), Some(ContentType::HTML), "{path}");
    }
}

#[rocket::async_test]
async fn numbers_travel_as_json_numbers_and_yes_or_no_as_true_or_false() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = token_for(&app, "office").await;
    let mut campaign = serde_json::to_value(open_campaign_input(app.app())).expect("json");
    campaign["title"] = json!("2027年度最美志愿者评选");
    campaign["year"] = json!(2027);
    for row in campaign["categories"].as_array_mut().expect("categories") {
        row["quota"] = json!(4);
        row["unit_quota"] = json!(2);
        row["reviewers_per_nomination"] = json!(3);
    }
    campaign["categories"][0]["min_hours"] = json!(80);
    let (status, created) = app
        .api("POST", "/api/v1/campaigns", &office, Some(campaign))
        .await;
    assert_eq!(status, Status::Ok, "{created}");
    assert_eq!(created["year"], json!(2027));
    assert_eq!(created["categories"][0]["quota"], json!(4));
    assert_eq!(created["categories"][0]["unit_quota"], json!(2));
    assert_eq!(created["categories"][0]["min_hours"], json!(80));

    // A unit's nomination with its hours as a number and its registration as a boolean.
    let rec = token_for(&app, "rec_a1").await;
    let person = app.category(&world, "volunteer").await;
    let id_number = valid_id_number();
    let (status, nomination) = app
        .api(
            "POST",
            "/api/v1/nominations",
            &rec,
            Some(json!({
                "campaign_id": world.campaign.id, "category_id": person.id,
                "nominee_name": "数字时长", "affiliation": "社区志愿者", "gender": "female",
                "birth_date": "1980-05-17", "phone": "13900001111", "id_number": id_number,
                "volunteer_hours": 120, "registered": true,
                "deeds_summary": "简介", "deeds_full": "详细事迹",
            })),
        )
        .await;
    assert_eq!(status, Status::Ok, "{nomination}");
    assert_eq!(nomination["volunteer_hours"], json!(120));
    assert_eq!(nomination["registered"], json!(true));

    // The document says so: integers, not strings.
    let (_, doc) = app.api("GET", "/api/v1/openapi.json", &office, None).await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["CampaignInput"]["properties"]["year"]["type"],
        "integer"
    );
    assert_eq!(
        schemas["CategoryInput"]["properties"]["quota"]["type"],
        "integer"
    );
}

#[rocket::async_test]
async fn a_value_of_the_wrong_type_is_refused_at_its_field_and_nothing_is_saved() {
    let app = TestApp::new().await;
    app.world().await;
    let office = token_for(&app, "office").await;
    let before = app.api("GET", "/api/v1/campaigns", &office, None).await.1;
    let mut campaign = serde_json::to_value(open_campaign_input(app.app())).expect("json");
    campaign["year"] = json!(2027);
    campaign["categories"][1]["quota"] = json!([4]);
    let (status, body) = app
        .api("POST", "/api/v1/campaigns", &office, Some(campaign.clone()))
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "{body}");
    assert_eq!(body["error"], "error-invalid");
    assert_eq!(body["fields"][0]["field"], "categories[1].quota", "{body}");
    assert_eq!(body["fields"][0]["key"], "error-json-type");

    campaign["categories"][1]["quota"] = json!(4);
    campaign["recommend_street"] = json!("yes");
    let (status, body) = app
        .api("POST", "/api/v1/campaigns", &office, Some(campaign))
        .await;
    assert_eq!(status, Status::UnprocessableEntity, "{body}");
    assert_eq!(body["fields"][0]["field"], "recommend_street", "{body}");
    assert_eq!(
        app.api("GET", "/api/v1/campaigns", &office, None).await.1,
        before,
        "nothing saved"
    );
}
