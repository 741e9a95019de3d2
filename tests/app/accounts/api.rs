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

#[rocket::async_test]
async fn the_office_issues_scoped_tokens_to_users_and_service_accounts() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = token_for(&app, "office").await;
    let a1 = token_for(&app, "rec_a1").await;

    // A service account: no password, so no sign-in; a password is refused at its field.
    let account = json!({
        "username": "oa-sync", "display_name": "区OA对接", "role": "recommender",
        "unit_id": world.community_a1.id, "service": true,
    });
    let mut with_password = account.clone();
    with_password["password"] = json!("a-long-enough-password");
    let (status, refused) = app
        .api("POST", "/api/v1/users", &office, Some(with_password))
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "password");
    assert_eq!(refused["fields"][0]["key"], "error-service-password");
    let (status, service) = app
        .api("POST", "/api/v1/users", &office, Some(account))
        .await;
    assert_eq!(status, Status::Ok, "{service}");
    assert_eq!(service["service"], json!(true));
    let service_id = service["id"].as_str().expect("id").to_owned();
    for password in ["", "a-long-enough-password"] {
        let response = app
            .post_form("/login", &[("username", "oa-sync"), ("password", password)])
            .await;
        assert_eq!(response.status(), Status::UnprocessableEntity, "no sign-in");
    }

    // Only the office issues; lifetimes stay within the longest.
    let issue = format!("/api/v1/users/{service_id}/tokens");
    let (status, _) = app
        .api("POST", &issue, &a1, Some(json!({"name": "x"})))
        .await;
    assert_eq!(status, Status::Forbidden);
    let (status, refused) = app
        .api(
            "POST",
            &issue,
            &office,
            Some(json!({"name": "同步", "days": 10_000})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "days");
    let before = audit_count(app.app(), "api_token.issue").await;
    let (status, read) = app
        .api(
            "POST",
            &issue,
            &office,
            Some(json!({"name": "只读同步", "days": 30, "scope": "read"})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{read}");
    assert_eq!(read["record"]["scope"], "read");
    assert_eq!(read["record"]["username"], "oa-sync");
    assert_audited(app.app(), "api_token.issue", before, 1).await;
    let read_token = read["token"].as_str().expect("token").to_owned();

    // A read token reads as its user and is refused every write, naming the rule.
    let (status, me) = app.api("GET", "/api/v1/me", &read_token, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(me["username"], "oa-sync");
    let (status, listed) = app.api("GET", "/api/v1/tokens", &read_token, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(listed[0]["issued"], json!(true));
    let (status, refused) = app
        .api(
            "POST",
            "/api/v1/tokens",
            &read_token,
            Some(json!({"name": "自己的"})),
        )
        .await;
    assert_eq!(status, Status::Forbidden, "{refused}");
    assert_eq!(refused["error"], "error-token-read-only");
    assert_eq!(refused["message"], zh("error-token-read-only", &[]));
    let (status, _) = app
        .api(
            "DELETE",
            &format!(
                "/api/v1/tokens/{}",
                read["record"]["id"].as_str().unwrap_or_default()
            ),
            &read_token,
            None,
        )
        .await;
    assert_eq!(status, Status::Forbidden, "not even its own revocation");

    // A full token writes as its user; the user revokes what the office issued them.
    let (status, full) = app
        .api(
            "POST",
            &format!("/api/v1/users/{}/tokens", app.actor("rec_a1").await.user_id),
            &office,
            Some(json!({"name": "社区系统"})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{full}");
    assert_eq!(full["record"]["scope"], "full");
    let full_token = full["token"].as_str().expect("token").to_owned();
    let (status, _) = app
        .api(
            "POST",
            "/api/v1/tokens",
            &full_token,
            Some(json!({"name": "再建一个"})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    let id = full["record"]["id"].as_str().expect("id");
    let (status, _) = app
        .api("DELETE", &format!("/api/v1/tokens/{id}"), &a1, None)
        .await;
    assert_eq!(status, Status::NoContent);
    assert_eq!(
        app.api("GET", "/api/v1/me", &full_token, None).await.0,
        Status::Unauthorized
    );

    // Nobody issues to a deactivated user.
    let (status, _) = app
        .api(
            "PUT",
            &format!("/api/v1/users/{service_id}"),
            &office,
            Some(json!({"display_name": "区OA对接", "role": "recommender", "unit_id": world.community_a1.id, "active": false})),
        )
        .await;
    assert_eq!(status, Status::Ok);
    let (status, refused) = app
        .api("POST", &issue, &office, Some(json!({"name": "同步"})))
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["field"], "user");
    assert_eq!(
        app.api("GET", "/api/v1/me", &read_token, None).await.0,
        Status::Unauthorized,
        "a deactivated account's tokens stop"
    );
}

/// Walks a list endpoint `limit` rows at a time; every row's `key`, in order.
async fn walk(app: &TestApp, token: &str, path: &str, limit: u64, key: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{separator}limit={limit}");
        if let Some(after) = &after {
            url += &format!("&after={}", urlencoding(after));
        }
        let (status, page) = app.api("GET", &url, token, None).await;
        assert_eq!(status, Status::Ok, "{url}: {page}");
        let rows = page["rows"].as_array().expect("rows");
        assert!(rows.len() as u64 <= limit, "{url}: {} rows", rows.len());
        seen.extend(
            rows.iter()
                .map(|r| r[key].as_str().unwrap_or_default().to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => return seen,
        }
    }
    panic!("{path} never ended");
}

fn urlencoding(text: &str) -> String {
    rocket::http::RawStr::new(text).percent_encode().to_string()
}

#[rocket::async_test]
async fn every_list_that_grows_pages_the_same_way_with_after_limit_and_next() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = token_for(&app, "office").await;
    let a = token_for(&app, "rec_a").await;
    let a1 = app.actor("rec_a1").await;
    set_unit_quota(&app, &world, "10").await;
    for seq in 0..5_u16 {
        submitted(&app, &world, &a1, &person(&format!("翻页{seq}"), 700 + seq)).await;
    }

    // Units, in tree order: in pages of 2 exactly the whole list; a street sees its subtree.
    let whole = walk(&app, &office, "/api/v1/units", 1000, "name").await;
    assert!(whole.len() >= 6, "{whole:?}");
    assert_eq!(walk(&app, &office, "/api/v1/units", 2, "name").await, whole);
    let reach = walk(&app, &a, "/api/v1/units", 1, "name").await;
    assert_eq!(reach.len(), 2, "street A and its community: {reach:?}");

    // Users by username; nominations and the inbox, newest or longest waiting first.
    let users = walk(&app, &office, "/api/v1/users", 1000, "username").await;
    let mut sorted = users.clone();
    sorted.sort();
    assert_eq!(users, sorted);
    assert_eq!(
        walk(&app, &office, "/api/v1/users", 3, "username").await,
        users
    );
    let nominations = walk(&app, &office, "/api/v1/nominations", 1000, "id").await;
    assert_eq!(nominations.len(), 5);
    assert_eq!(
        walk(&app, &office, "/api/v1/nominations", 2, "id").await,
        nominations
    );
    let inbox = walk(&app, &a, "/api/v1/review/inbox", 1000, "id").await;
    assert_eq!(inbox.len(), 5);
    assert_eq!(walk(&app, &a, "/api/v1/review/inbox", 2, "id").await, inbox);

    // A limit out of range is held to the range, never refused.
    let (status, page) = app.api("GET", "/api/v1/units?limit=0", &office, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(1));
}

#[rocket::async_test]
async fn the_office_moves_a_unit_with_everything_under_it_unless_a_campaign_holds_it() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let office = token_for(&app, "office").await;
    let street_b = token_for(&app, "rec_b").await;

    // A community with a clerk under street A moves to street B: its paths follow, and the
    // street above it is now B.
    let (_, community) = app
        .api(
            "POST",
            "/api/v1/units",
            &office,
            Some(json!({"name": "迁移社区", "kind": "community", "parent_id": world.street_a.id})),
        )
        .await;
    let path = format!("/api/v1/units/{}", community["id"].as_str().expect("id"));
    let before = audit_count(app.app(), "unit.move").await;
    let (status, moved) = app
        .api(
            "PUT",
            &path,
            &office,
            Some(json!({"name": "迁移社区", "parent_id": world.street_b.id})),
        )
        .await;
    assert_eq!(status, Status::Ok, "{moved}");
    assert_eq!(moved["parent_id"], json!(world.street_b.id));
    assert_audited(app.app(), "unit.move", before, 1).await;
    let (_, reach) = app.api("GET", "/api/v1/units", &street_b, None).await;
    assert!(
        reach.to_string().contains("迁移社区"),
        "street B reaches it: {reach}"
    );
    let stored = laurel::domain::units::list_all(&app.app().db)
        .await
        .expect("units");
    let moved_unit = stored.iter().find(|u| u.name == "迁移社区").expect("moved");
    assert_eq!(
        moved_unit.path,
        format!("{}{}/", world.street_b.path, moved_unit.id)
    );
    assert_eq!(moved_unit.depth, world.street_b.depth + 1);

    // Not under itself, not where its kind cannot sit, never the root.
    let street_a = format!("/api/v1/units/{}", world.street_a.id);
    for (parent, key) in [
        (world.community_a1.id, "error-unit-move-inside"),
        (world.community_b1.id, "error-unit-kind-placement"),
    ] {
        let (status, refused) = app
            .api(
                "PUT",
                &street_a,
                &office,
                Some(json!({"name": world.street_a.name, "parent_id": parent})),
            )
            .await;
        assert_eq!(status, Status::UnprocessableEntity, "{refused}");
        assert_eq!(refused["fields"][0]["field"], "parent_id");
        assert_eq!(refused["fields"][0]["key"], key);
    }
    let root = laurel::domain::units::list_all(&app.app().db)
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.parent_id.is_none())
        .expect("the city");
    let (status, refused) = app
        .api(
            "PUT",
            &format!("/api/v1/units/{}", root.id),
            &office,
            Some(json!({"name": root.name, "parent_id": world.street_a.id})),
        )
        .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(refused["fields"][0]["key"], "error-unit-move-root");

    // A community with a nomination in the open campaign stays where it is.
    let a1 = app.actor("rec_a1").await;
    submitted(&app, &world, &a1, &person("不迁移", 801)).await;
    let (status, refused) = app
        .api(
            "PUT",
            &format!("/api/v1/units/{}", world.community_a1.id),
            &office,
            Some(json!({"name": world.community_a1.name, "parent_id": world.street_b.id})),
        )
        .await;
    assert_eq!(status, Status::Conflict, "{refused}");
    assert_eq!(refused["error"], "error-unit-move-campaign");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains(&world.campaign.title))
    );

    // The office's page offers the same move.
    app.login("office").await;
    let page = format!("/units/{}", moved_unit.id);
    let (_, html) = app.get(&page).await;
    assert!(html.contains("name=\"parent_id\""));
    let response = app
        .post_form(
            &page,
            &[
                ("name", "迁移社区"),
                ("parent_id", &world.street_a.id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let back = laurel::domain::units::list_all(&app.app().db)
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.id == moved_unit.id)
        .expect("the unit");
    assert_eq!(back.parent_id, Some(world.street_a.id));
}
