//! Units, users and tokens through the API: the office renames and removes units and edits
//! and deactivates users; everyone makes, lists and revokes their own tokens.

use rocket::http::Status;
use serde_json::{Value, json};

use crate::helpers::*;

#[rocket::async_test]
async fn the_office_edits_units_and_users_through_the_api_and_a_deactivated_user_is_shut_out() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = token_for(&app, "office").await;
    let b1 = token_for(&app, "rec_b1").await;

    let (status, unit) = app
        .api(
            "POST",
            "/api/v1/units",
            &office,
            Some(json!({"name": "临时社区", "kind": "community", "parent_id": world.street_a.id})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{unit}");
    let path = format!("/api/v1/units/{}", unit["id"].as_str().expect("id"));
    let (status, _) = app
        .api("PUT", &path, &b1, Some(json!({"name": "越权更名"})))
        .await;
    assert_eq!(status, Status::Forbidden);
    let (status, renamed) = app
        .api("PUT", &path, &office, Some(json!({"name": "更名社区"})))
        .await;
    assert_eq!(status, Status::Ok, "{renamed}");
    assert_eq!(renamed["name"], "更名社区");
    assert_eq!(renamed["parent_id"], json!(world.street_a.id));
    let (status, _) = app.api("DELETE", &path, &office, None).await;
    assert_eq!(status, Status::NoContent);
    let (_, units) = app.api("GET", "/api/v1/units", &office, None).await;
    assert!(!units.to_string().contains("更名社区"), "removed: {units}");

    // rec_b1, deactivated: their token stops working at once.
    let user = app.actor("rec_b1").await.user_id;
    let path = format!("/api/v1/users/{user}");
    let (_, mut shown) = app.api("GET", &path, &office, None).await;
    assert_eq!(shown["username"], "rec_b1");
    assert_eq!(app.api("GET", &path, &b1, None).await.0, Status::Forbidden);
    shown["active"] = json!(false);
    shown["password"] = json!("");
    let (status, saved) = app.api("PUT", &path, &office, Some(shown)).await;
    assert_eq!(status, Status::Ok, "{saved}");
    assert_eq!(saved["active"], json!(false));
    assert_eq!(saved["username"], "rec_b1");
    assert_eq!(
        app.api("GET", "/api/v1/me", &b1, None).await.0,
        Status::Unauthorized
    );
}

#[rocket::async_test]
async fn everyone_makes_lists_and_revokes_their_own_tokens_through_the_api() {
    let app = TestApp::new().await;
    app.world().await;
    let office = token_for(&app, "office").await;
    let rec = token_for(&app, "rec_a1").await;

    let (status, refused) = app
        .api(
            "POST",
            "/api/v1/tokens",
            &rec,
            Some(json!({"name": "对接", "days": 0})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "days", "{refused}");
    let (status, made) = app
        .api(
            "POST",
            "/api/v1/tokens",
            &rec,
            Some(json!({"name": "区志愿服务系统对接", "days": 30})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{made}");
    let token = made["token"].as_str().expect("token").to_owned();
    assert!(token.starts_with("laurel_"));
    assert_eq!(made["record"]["status"], "active");
    assert!(made["record"]["expires_at"].is_string());
    let (status, me) = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!((status, &me["username"]), (Status::Ok, &json!("rec_a1")));

    let (_, mine) = app.api("GET", "/api/v1/tokens", &rec, None).await;
    assert!(!mine.to_string().contains(&token), "never shown again");
    let id = made["record"]["id"].clone();
    assert!(mine.as_array().expect("list").iter().any(|t| t["id"] == id));
    let (_, live) = app.api("GET", "/api/v1/tokens/live", &office, None).await;
    let listed: Vec<&Value> = live.as_array().expect("list").iter().collect();
    assert!(
        listed
            .iter()
            .any(|t| t["id"] == id && t["username"] == "rec_a1"),
        "{live}"
    );
    assert_eq!(
        app.api("GET", "/api/v1/tokens/live", &rec, None).await.0,
        Status::Forbidden
    );

    let path = format!("/api/v1/tokens/{}", id.as_str().expect("id"));
    let (status, _) = app.api("DELETE", &path, &rec, None).await;
    assert_eq!(status, Status::NoContent);
    assert_eq!(
        app.api("GET", "/api/v1/me", &token, None).await.0,
        Status::Unauthorized
    );
    let (_, mine) = app.api("GET", "/api/v1/tokens", &rec, None).await;
    let record = mine
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
        .expect("kept, marked");
    assert_eq!(record["status"], "revoked");
}
