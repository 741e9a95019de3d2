//! First-run setup, sign-in, sign-out and the login throttle.

use rocket::http::Status;

use crate::helpers::*;

#[rocket::async_test]
async fn first_visit_goes_to_setup_and_setup_disappears_once_an_admin_exists() {
    let app = TestApp::new().await;
    let response = app.client.get("/").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/setup");

    let (status, html) = app.get("/setup").await;
    assert_eq!(status, Status::Ok);
    assert!(html.contains(&zh("setup-title", &[])), "{html}");

    let response = app
        .post_form(
            "/setup",
            &[
                ("city_name", "青岛市"),
                ("display_name", "文明办"),
                ("username", "office"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/login");
    assert_eq!(audit_count(app.app(), "user.create").await, 1);

    assert_eq!(app.get("/setup").await.0, Status::NotFound);
    let again = app
        .post_form(
            "/setup",
            &[
                ("city_name", "x"),
                ("display_name", "x"),
                ("username", "intruder"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(again.status(), Status::NotFound);
    app.login("office").await;
    assert_eq!(app.get("/dashboard").await.0, Status::Ok);
}

#[rocket::async_test]
async fn setup_with_a_short_password_keeps_the_other_fields_and_says_why() {
    let app = TestApp::new().await;
    let response = app
        .post_form(
            "/setup",
            &[
                ("city_name", "青岛市"),
                ("display_name", "文明办"),
                ("username", "office"),
                ("password", "short"),
            ],
        )
        .await;
    let html = assert_field_error(response, "password", "error-password-short").await;
    assert!(html.contains("value=\"青岛市\""));
    assert!(
        !html.contains("value=\"short\""),
        "a password is never echoed back"
    );
}

#[rocket::async_test]
async fn a_wrong_password_is_refused_at_the_field_and_repeated_failures_are_throttled() {
    let app = TestApp::new().await;
    app.world().await;
    for _ in 0..5 {
        let response = app
            .post_form(
                "/login",
                &[
                    ("username", "rec_a"),
                    ("password", "wrong-password"),
                    ("next", ""),
                ],
            )
            .await;
        assert_says(
            response,
            Status::UnprocessableEntity,
            "error-login-failed",
            &[],
        )
        .await;
    }
    // The right password no longer helps until the window passes.
    let response = app
        .post_form(
            "/login",
            &[("username", "rec_a"), ("password", PASSWORD), ("next", "")],
        )
        .await;
    assert_says(
        response,
        Status::TooManyRequests,
        "error-too-many-requests",
        &[],
    )
    .await;
}

#[rocket::async_test]
async fn signing_out_revokes_the_session_in_the_database() {
    let app = TestApp::new().await;
    app.world().await;
    app.login("rec_a").await;
    let cookie = app
        .client
        .cookies()
        .get_private("laurel_session")
        .expect("session cookie")
        .value()
        .to_owned();
    assert_eq!(app.get("/dashboard").await.0, Status::Ok);
    app.logout().await;
    let response = app.client.get("/dashboard").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(location(&response).starts_with("/login?next="));
    // Replaying the old cookie does not sign anyone in.
    app.client
        .cookies()
        .add_private(rocket::http::Cookie::new("laurel_session", cookie));
    assert_eq!(
        app.client.get("/dashboard").dispatch().await.status(),
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn an_expired_session_signs_no_one_in() {
    use laurel::entity::session;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

    let app = TestApp::new().await;
    app.world().await;
    app.login("rec_a").await;
    assert_eq!(app.get("/dashboard").await.0, Status::Ok);
    let rec = app.actor("rec_a").await;
    let past = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
    let expired = session::Entity::update_many()
        .col_expr(session::Column::ExpiresAt, Expr::value(past))
        .filter(session::Column::UserId.eq(rec.user_id))
        .exec(&app.app().db)
        .await
        .expect("expire the session");
    assert_eq!(expired.rows_affected, 1);
    let response = app.client.get("/dashboard").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(location(&response).starts_with("/login?next="));
}

#[rocket::async_test]
async fn unauthenticated_pages_redirect_to_sign_in_and_back() {
    let app = TestApp::new().await;
    app.world().await;
    let response = app.client.get("/nominations?status=draft").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(
        location(&response),
        "/login?next=/nominations%3Fstatus%3Ddraft"
    );
}
