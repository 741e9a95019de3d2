//! The office manages units and users; nobody else may.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn the_office_adds_a_unit_and_a_user_and_each_change_is_audited() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let creates = audit_count(app.app(), "unit.create").await;
    let response = app
        .post_form(
            "/units",
            &[
                ("parent_id", &world.street_a.id.to_string()),
                ("kind", "community"),
                ("name", "南山社区"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(app.get("/units").await.1.contains("南山社区"));
    assert_eq!(audit_count(app.app(), "unit.create").await, creates + 1);

    let response = app
        .post_form(
            "/users",
            &[
                ("username", "nanshan"),
                ("display_name", "南山社区推荐人"),
                ("role", "recommender"),
                ("unit_id", &world.community_a1.id.to_string()),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (_, html) = app.get("/users").await;
    assert!(html.contains("nanshan") && html.contains("南山社区推荐人"));
    assert!(
        !html.contains("argon2"),
        "password hashes never reach a page"
    );
}

#[rocket::async_test]
async fn a_unit_kind_that_cannot_sit_under_its_parent_is_refused_at_the_field() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let response = app
        .post_form(
            "/units",
            &[
                ("parent_id", &world.community_a1.id.to_string()),
                ("kind", "street"),
                ("name", "错误街道"),
            ],
        )
        .await;
    // The kind's select shows its message without an id of its own.
    let html = assert_refused(
        response,
        Status::UnprocessableEntity,
        "error-unit-kind-placement",
    )
    .await;
    assert!(
        html.contains("value=\"错误街道\""),
        "the name typed is kept"
    );
}

#[rocket::async_test]
async fn a_taken_username_is_refused_and_the_form_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let response = app
        .post_form(
            "/users",
            &[
                ("username", "rec_a"),
                ("display_name", "重复的人"),
                ("role", "recommender"),
                ("unit_id", &world.street_a.id.to_string()),
                ("password", PASSWORD),
            ],
        )
        .await;
    let html = assert_field_error(response, "username", "error-username-taken").await;
    assert!(html.contains("value=\"重复的人\""));
}

#[rocket::async_test]
async fn a_unit_in_use_cannot_be_deleted_but_an_empty_one_can() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    // `_method` must be the first field for Rocket's override, so the token goes second.
    let token = app.csrf_token().await;
    let response = app
        .post_form_raw(
            &format!("/units/{}", world.street_a.id),
            &[("_method", "delete"), ("_csrf", &token)],
        )
        .await;
    assert_says(
        response,
        Status::Conflict,
        "error-unit-in-use",
        &[("name", world.street_a.name.clone())],
    )
    .await;

    app.post_form(
        "/units",
        &[
            ("parent_id", &world.street_b.id.to_string()),
            ("kind", "community"),
            ("name", "临时社区"),
        ],
    )
    .await;
    let before = audit_count(app.app(), "unit.delete").await;
    let temp = laurel::domain::units::list_all(&app.app().db)
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.name == "临时社区")
        .expect("created");
    let response = app
        .post_form_raw(
            &format!("/units/{}", temp.id),
            &[("_method", "delete"), ("_csrf", &token)],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(!app.get("/units").await.1.contains("临时社区"));
    assert_eq!(audit_count(app.app(), "unit.delete").await, before + 1);
}

#[rocket::async_test]
async fn only_the_office_reaches_unit_user_and_campaign_administration() {
    let app = TestApp::new().await;
    let world = app.world().await;
    for username in ["rec_a", "rec_a1", "expert"] {
        app.login(username).await;
        for path in [
            "/units".to_owned(),
            "/users".to_owned(),
            "/users/new".to_owned(),
            "/campaigns".to_owned(),
            format!("/campaigns/{}", world.campaign.id),
        ] {
            assert_eq!(
                app.get(&path).await.0,
                Status::Forbidden,
                "{username} {path}"
            );
        }
        let response = app
            .post_form(
                "/units",
                &[
                    ("parent_id", &world.street_a.id.to_string()),
                    ("kind", "community"),
                    ("name", "越权社区"),
                ],
            )
            .await;
        assert_eq!(response.status(), Status::Forbidden, "{username}");
    }
    app.login("office").await;
    assert!(!app.get("/units").await.1.contains("越权社区"));
}

#[rocket::async_test]
async fn deactivating_a_user_ends_their_sessions_and_tokens() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec = app.actor("rec_b").await;
    let token = token_for(&app, "rec_b").await;
    assert_eq!(
        app.api("GET", "/api/v1/me", &token, None).await.0,
        Status::Ok
    );
    let session = app
        .client
        .cookies()
        .get_private("laurel_session")
        .expect("cookie")
        .value()
        .to_owned();
    assert!(
        laurel::domain::accounts::session_actor(&app.app().db, &session, None)
            .await
            .expect("query")
            .is_some_and(|actor| actor.user_id == rec.user_id)
    );
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/users/{}", rec.user_id),
            &[
                ("display_name", "rec_b 用户"),
                ("role", "recommender"),
                ("unit_id", &world.street_b.id.to_string()),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(
        laurel::domain::accounts::session_actor(&app.app().db, &session, None)
            .await
            .expect("query")
            .is_none()
    );
    let (status, body) = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!(status, Status::Unauthorized);
    assert_eq!(body["error"], "error-unauthorized");
}

#[rocket::async_test]
async fn the_office_renames_a_unit_and_a_sibling_name_clash_is_refused_at_the_field() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let path = format!("/units/{}", world.street_a.id);
    let response = app.post_form(&path, &[("name", "李村街道（新）")]).await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(app.get("/units").await.1.contains("李村街道（新）"));
    assert_eq!(audit_count(app.app(), "unit.rename").await, 1);
    let response = app.post_form(&path, &[("name", "九水街道")]).await;
    let html = assert_field_error(response, "name", "error-unit-name-taken").await;
    assert!(html.contains("value=\"九水街道\""));
    assert_eq!(
        audit_count(app.app(), "unit.rename").await,
        1,
        "nothing else was recorded"
    );
}

#[rocket::async_test]
async fn the_office_makes_a_service_account_and_issues_it_a_read_token_on_the_pages() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let (_, form) = app.get("/users/new").await;
    assert!(form.contains("name=\"service\""));
    let unit = world.community_a1.id.to_string();
    let response = app
        .post_form(
            "/users",
            &[
                ("username", "oa-sync"),
                ("display_name", "区OA对接"),
                ("role", "recommender"),
                ("unit_id", &unit),
                ("service", "true"),
                ("password", "a-long-enough-password"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().await.unwrap_or_default();
    assert_error_at(&html, "password", "error-service-password");
    let response = app
        .post_form(
            "/users",
            &[
                ("username", "oa-sync"),
                ("display_name", "区OA对接"),
                ("role", "recommender"),
                ("unit_id", &unit),
                ("service", "true"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let (_, list) = app.get("/users").await;
    assert!(list.contains(&zh("users-service", &[])));
    let service = app.actor("oa-sync").await.user_id;
    let (_, edit) = app.get(&format!("/users/{service}")).await;
    assert!(edit.contains("id=\"service-account\"") && !edit.contains("name=\"password\""));

    // The token page offers the account; the token is shown once, naming whom it is for.
    let (_, page) = app.get("/account/tokens").await;
    let user = service.to_string();
    assert!(page.contains(&user));
    let response = app
        .post_form(
            "/account/tokens",
            &[
                ("name", "只读同步"),
                ("days", "30"),
                ("scope", "read"),
                ("user", &user),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains(&zh("tokens-issued-to", &[("user", "oa-sync".into())])));
    let token = html
        .split("<code class=\"token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the token shown")
        .to_owned();
    let (status, me) = app.api("GET", "/api/v1/me", &token, None).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(me["username"], "oa-sync");
    assert_eq!(
        app.api(
            "POST",
            "/api/v1/tokens",
            &token,
            Some(serde_json::json!({"name": "x"}))
        )
        .await
        .0,
        Status::Forbidden
    );

    // Nobody else issues one.
    app.logout().await;
    app.login("rec_a1").await;
    let (_, page) = app.get("/account/tokens").await;
    assert!(!page.contains("name=\"user\""));
    let response = app
        .post_form("/account/tokens", &[("name", "越权"), ("user", &user)])
        .await;
    assert_eq!(response.status(), Status::Forbidden);
}
