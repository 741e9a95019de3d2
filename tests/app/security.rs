//! CSRF, cross-site requests and security headers.

use rocket::http::{Header, Status};

use crate::helpers::*;

#[rocket::async_test]
async fn a_form_without_the_csrf_token_is_refused_before_the_handler_runs() {
    let app = TestApp::new().await;
    let response = app
        .post_form_raw(
            "/setup",
            &[
                ("city_name", "青岛市"),
                ("display_name", "x"),
                ("username", "office"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_says(response, Status::Forbidden, "error-csrf", &[]).await;
    assert!(
        laurel::domain::accounts::needs_setup(&app.app().db)
            .await
            .expect("query"),
        "nothing was created"
    );
}

#[rocket::async_test]
async fn a_wrong_csrf_token_is_refused() {
    let app = TestApp::new().await;
    app.csrf_token().await;
    let response = app
        .post_form_raw(
            "/setup",
            &[
                ("_csrf", &"0".repeat(64)),
                ("city_name", "青岛市"),
                ("display_name", "x"),
                ("username", "office"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Forbidden);
}

#[rocket::async_test]
async fn a_cross_site_request_is_refused_even_with_a_valid_token() {
    let app = TestApp::new().await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post("/setup")
        .header(rocket::http::ContentType::Form)
        .header(Header::new("Sec-Fetch-Site", "cross-site"))
        .body(encode(&[
            ("_csrf", &token),
            ("city_name", "青岛市"),
            ("display_name", "x"),
            ("username", "office"),
            ("password", PASSWORD),
        ]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let response = app
        .client
        .post("/setup")
        .header(rocket::http::ContentType::Form)
        .header(Header::new("Origin", "https://evil.example"))
        .header(Header::new("Host", "127.0.0.1:8000"))
        .body(encode(&[
            ("_csrf", &token),
            ("city_name", "青岛市"),
            ("display_name", "x"),
            ("username", "office"),
            ("password", PASSWORD),
        ]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Forbidden);
}

#[rocket::async_test]
async fn the_method_override_cannot_skip_the_csrf_check() {
    let app = TestApp::new().await;
    let world = app.world().await;
    app.login("office").await;
    let path = format!("/units/{}", world.community_b1.id);
    let response = app.post_form_raw(&path, &[("_method", "delete")]).await;
    assert_eq!(response.status(), Status::Forbidden);
    assert_eq!(
        app.get("/units").await.1.matches("延川路社区").count(),
        1,
        "the unit is still there"
    );
}

#[rocket::async_test]
async fn every_response_carries_the_security_headers_its_kind_needs() {
    let app = TestApp::new().await;
    let header = |response: &rocket::local::asynchronous::LocalResponse<'_>, name: &str| {
        response.headers().get_one(name).map(str::to_owned)
    };
    let expect = |response: &rocket::local::asynchronous::LocalResponse<'_>,
                  path: &str,
                  wanted: &[(&str, &str)]| {
        for (name, value) in wanted {
            assert_eq!(
                header(response, name).as_deref(),
                Some(*value),
                "{path}: {name}"
            );
        }
    };
    // Pages, and anything a browser might show as one: the whole set.
    for path in ["/setup", "/no-such-page"] {
        let response = app.client.get(path).dispatch().await;
        let csp = header(&response, "Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(header(&response, "Permissions-Policy").is_some_and(|p| p.contains("camera=()")));
        expect(
            &response,
            path,
            &[
                ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "DENY"),
                ("Referrer-Policy", "same-origin"),
                ("Cross-Origin-Opener-Policy", "same-origin"),
            ],
        );
    }
    // JSON, answered or refused: it may load nothing and be framed nowhere.
    for path in ["/healthz", "/api/v1/nominations"] {
        let response = app.client.get(path).dispatch().await;
        expect(
            &response,
            path,
            &[
                (
                    "Content-Security-Policy",
                    "default-src 'none'; frame-ancestors 'none'",
                ),
                ("X-Content-Type-Options", "nosniff"),
                ("X-Frame-Options", "DENY"),
            ],
        );
    }
    // The app's own stylesheet: nosniff, and no header set twice by Rocket's Shield.
    let response = app.client.get("/css/app.css").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response
            .headers()
            .get("X-Content-Type-Options")
            .collect::<Vec<_>>(),
        ["nosniff"]
    );
    assert_eq!(header(&response, "Content-Security-Policy"), None);
    assert_eq!(header(&response, "X-Frame-Options"), None);
}

#[rocket::async_test]
async fn the_session_cookie_is_private_http_only_and_same_site() {
    let app = TestApp::new().await;
    app.world().await;
    let response = app
        .post_form(
            "/login",
            &[("username", "rec_a"), ("password", PASSWORD), ("next", "")],
        )
        .await;
    let set_cookie: Vec<&str> = response.headers().get("Set-Cookie").collect();
    let session = set_cookie
        .iter()
        .find(|c| c.starts_with("laurel_session="))
        .expect("session cookie set");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("laurel_session=;"), "{session}");
}

/// Every page route for every role: allowed, or refused without showing the record.
#[rocket::async_test]
async fn every_page_answers_each_role_as_expected() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let new_nomination = format!(
        "/nominations/new?campaign={}&category={}",
        world.campaign.id, categories[0].id
    );
    let campaign = format!("/campaigns/{}", world.campaign.id);
    let campaign_edit = format!("/campaigns/{}/edit", world.campaign.id);
    let unit = format!("/units/{}", world.street_a.id);
    let rec_a = app.actor("rec_a").await;
    let user = format!("/users/{}", rec_a.user_id);
    let public = format!("/public/campaigns/{}", world.campaign.id);
    const OK: u16 = 200;
    const LOGIN: u16 = 303;
    const NO: u16 = 403;
    // path, anonymous, office, recommender, reviewer
    let table: Vec<(&str, [u16; 4])> = vec![
        ("/", [OK, OK, OK, OK]),
        (&public, [OK, OK, OK, OK]),
        ("/healthz", [OK, OK, OK, OK]),
        ("/dashboard", [LOGIN, OK, OK, OK]),
        ("/account/tokens", [LOGIN, OK, OK, OK]),
        ("/nominations", [LOGIN, OK, OK, NO]),
        (&new_nomination, [LOGIN, NO, OK, NO]),
        ("/campaigns", [LOGIN, OK, NO, NO]),
        ("/campaigns/new", [LOGIN, OK, NO, NO]),
        (&campaign, [LOGIN, OK, NO, NO]),
        (&campaign_edit, [LOGIN, OK, NO, NO]),
        ("/units", [LOGIN, OK, NO, NO]),
        (&unit, [LOGIN, OK, NO, NO]),
        ("/users", [LOGIN, OK, NO, NO]),
        ("/users/new", [LOGIN, OK, NO, NO]),
        (&user, [LOGIN, OK, NO, NO]),
    ];
    for (index, who) in [None, Some("office"), Some("rec_a1"), Some("expert")]
        .into_iter()
        .enumerate()
    {
        match who {
            Some(username) => app.login(username).await,
            None => app.logout().await,
        }
        for (path, expected) in &table {
            let status = app
                .client
                .get(path.to_string())
                .dispatch()
                .await
                .status()
                .code;
            assert_eq!(status, expected[index], "{who:?} GET {path}");
        }
    }
}

#[rocket::async_test]
async fn malformed_and_unknown_ids_are_plain_not_found() {
    let app = TestApp::new().await;
    app.world().await;
    app.login("office").await;
    for path in [
        "/nominations/not-a-uuid",
        "/campaigns/123",
        "/units/00000000-0000-0000-0000-000000000000",
        "/public/campaigns/x",
    ] {
        let response = app.client.get(path).dispatch().await;
        assert_says(response, Status::NotFound, "error-not-found", &[]).await;
    }
}

/// Every route that changes something refuses a stranger, even one holding a valid form token:
/// a sign-in page (303) for the pages, 401 for the API. Only the public writes answer (sign-in,
/// the language, first-run setup once done, an objection) and the sign-out. The routes are read
/// from the mounted application: a new one without a guard fails here.
#[rocket::async_test]
async fn every_route_that_writes_refuses_a_stranger_with_a_valid_form_token() {
    use rocket::http::{ContentType, Method};
    let app = TestApp::new().await;
    let world = app.world().await;
    let some_id = world.campaign.id.to_string();
    app.logout().await;
    let token = app.csrf_token().await;
    let public = [
        "/login",
        "/lang",
        "/setup",
        "/logout",
        "/notices/_/objection",
        "/api/v1/notices/_/objections",
        "/vote/_/code",
        "/vote/_/verify",
        "/vote/_/_",
        "/api/v1/votes/_/code",
        "/api/v1/votes/_/verify",
        "/api/v1/votes/_/_",
    ];
    let mut checked = 0;
    for (method, path) in mounted(&app, |method| {
        method != Method::Get && method != Method::Head
    }) {
        if public.contains(&path.as_str()) {
            continue;
        }
        let concrete = path.replace('_', &some_id);
        // Forms reach PUT and DELETE through the method override, as a browser's would.
        let override_field = match method {
            Method::Put => "_method=put&",
            Method::Delete => "_method=delete&",
            _ => "",
        };
        let api = concrete.starts_with("/api/");
        let request = if api {
            app.client
                .req(method, concrete.clone())
                .header(ContentType::JSON)
                .body("{}")
        } else {
            app.client
                .post(concrete.clone())
                .header(ContentType::Form)
                .body(format!("{override_field}_csrf={token}"))
        };
        let status = request.dispatch().await.status();
        let expected = if api { 401 } else { 303 };
        assert_eq!(
            status.code, expected,
            "a stranger's {method} {concrete} got {status}"
        );
        checked += 1;
    }
    assert!(checked > 40, "every writing route: {checked}");
}
