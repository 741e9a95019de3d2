//! Trust under pressure: the sign-in throttle and the objection limit hold however many
//! requests arrive at once; tokens expire, end with a password change and are revoked by their
//! owner or the office; return addresses, body sizes, caching and absolute links are decided by
//! the server, not by what a client sends.

use laurel::{
    domain::{
        accounts::{self, tokens},
        notices,
    },
    entity::{api_token, login_failure, objection, session},
    error::AppError,
};
use rocket::{
    futures::future::join_all,
    http::{ContentType, Header, Status},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

use crate::helpers::*;

#[rocket::async_test]
async fn at_most_the_limit_of_wrong_passwords_is_checked_however_many_arrive_at_once() {
    let app = TestApp::new().await;
    app.world().await;
    let config = &app.app().config;
    let attempts = (0..100).map(|i| {
        accounts::sign_in(
            &app.app().db,
            config,
            "rec_a",
            "wrong-password",
            Some(format!("10.0.0.{}", i % 50)),
        )
    });
    let outcomes = join_all(attempts).await;
    let checked = outcomes
        .iter()
        .filter(|o| matches!(o, Err(AppError::Invalid(_))))
        .count();
    let refused = outcomes
        .iter()
        .filter(|o| matches!(o, Err(AppError::TooManyRequests)))
        .count();
    assert_eq!(
        usize::try_from(config.login_max_failures).ok(),
        Some(checked),
        "exactly the limit checked"
    );
    assert_eq!(checked + refused, 100, "nothing else happened");
    assert_eq!(
        login_failure::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        config.login_max_failures
    );
    // The right password, now, is not even checked.
    let right = accounts::sign_in(
        &app.app().db,
        config,
        "rec_a",
        PASSWORD,
        Some("10.9.9.9".into()),
    )
    .await;
    assert!(matches!(right, Err(AppError::TooManyRequests)));
    assert_eq!(
        session::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        0
    );

    // Through the page: 429, in the user's language, with when to try again.
    let response = app
        .post_form(
            "/login",
            &[("username", "rec_a"), ("password", PASSWORD), ("next", "")],
        )
        .await;
    assert_eq!(response.status(), Status::TooManyRequests);
    assert_eq!(response.headers().get_one("Retry-After"), Some("60"));
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains(&zh("error-too-many-requests", &[])));
}

#[rocket::async_test]
async fn a_success_clears_the_attempts_and_a_long_name_counts_as_its_stored_form() {
    let app = TestApp::new().await;
    app.world().await;
    let config = &app.app().config;
    let db = &app.app().db;
    for _ in 0..2 {
        let wrong = accounts::sign_in(db, config, "rec_a", "wrong-password", None).await;
        assert!(matches!(wrong, Err(AppError::Invalid(_))));
    }
    accounts::sign_in(db, config, "rec_a", PASSWORD, None)
        .await
        .expect("signed in");
    assert_eq!(login_failure::Entity::find().count(db).await.expect("n"), 0);
    // Names longer than any account are stored cut to 64 characters and counted so.
    let long = "x".repeat(80);
    let outcomes = join_all(
        (0..10).map(|i| accounts::sign_in(db, config, &long, "wrong", Some(format!("ip{i}")))),
    )
    .await;
    let checked = outcomes
        .iter()
        .filter(|o| matches!(o, Err(AppError::Invalid(_))))
        .count();
    assert_eq!(
        usize::try_from(config.login_max_failures).ok(),
        Some(checked)
    );
}

#[rocket::async_test]
async fn the_objection_limit_is_exact_under_simultaneous_filings() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today();
    let notice = publish_notice(&app, &world, &today.to_string()).await;
    let input = objection_input(ids[0]);
    let filings = (0..100).map(|_| {
        notices::file_objection(
            app.app(),
            notice.into(),
            &input,
            None,
            Some("203.0.113.7"),
            today,
        )
    });
    let outcomes = join_all(filings).await;
    let accepted = outcomes.iter().filter(|o| o.is_ok()).count();
    let refused = outcomes
        .iter()
        .filter(|o| matches!(o, Err(AppError::TooManyRequests)))
        .count();
    let limit = usize::try_from(app.app().config.objection_max_per_hour).unwrap_or(0);
    assert_eq!((accepted, refused), (limit, 100 - limit));
    assert_eq!(
        objection::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        app.app().config.objection_max_per_hour
    );
    assert_eq!(
        audit_count(app.app(), "objection.file").await,
        app.app().config.objection_max_per_hour
    );
}

#[rocket::async_test]
async fn a_return_address_must_be_a_path_of_this_site_and_a_bad_one_signs_no_one_in() {
    let app = TestApp::new().await;
    app.world().await;
    for bad in [
        "%01",
        "/a%0Db",
        "https://evil.example/",
        "//evil.example",
        "/a%5Cb",
    ] {
        let (status, page) = app.get(&format!("/lang/en?next={bad}")).await;
        assert_eq!(status, Status::BadRequest, "{bad}");
        assert!(page.contains(&zh("error-bad-next", &[])), "{bad}: {page}");
    }
    let response = app.client.get("/lang/en?next=/campaigns").dispatch().await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(response.headers().get_one("Location"), Some("/campaigns"));
    let response = app
        .post_form("/lang", &[("lang", "en"), ("next", "/a\u{1}b")])
        .await;
    assert_eq!(response.status(), Status::BadRequest);

    let response = app
        .post_form(
            "/login",
            &[
                ("username", "rec_a"),
                ("password", PASSWORD),
                ("next", "/dashboard\u{7}"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::BadRequest);
    assert!(
        response.cookies().get_private("laurel_session").is_none(),
        "no session cookie"
    );
    assert_eq!(
        session::Entity::find()
            .count(&app.app().db)
            .await
            .expect("count"),
        0,
        "and no session"
    );
    let response = app
        .post_form(
            "/login",
            &[
                ("username", "rec_a"),
                ("password", PASSWORD),
                ("next", "/nominations?page=2"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(
        response.headers().get_one("Location"),
        Some("/nominations?page=2")
    );
}

#[rocket::async_test]
async fn an_oversized_body_is_413_with_a_message_in_the_users_language() {
    let app = TestApp::new().await;
    app.world().await;
    let token = app.csrf_token().await;
    let mut big = format!("_csrf={token}&username=").into_bytes();
    big.resize(2 * 1024 * 1024, b'a');
    let response = app
        .client
        .post("/login")
        .header(ContentType::Form)
        .body(big)
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::PayloadTooLarge);
    let html = response.into_string().await.unwrap_or_default();
    assert!(html.contains(&zh("error-too-large", &[])), "{html}");
}

#[rocket::async_test]
async fn private_and_session_pages_are_never_stored_by_a_cache_while_published_ones_may_be() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today().to_string();
    let notice = publish_notice(&app, &world, &today).await;
    app.login("office").await;
    let cache = |response: &rocket::local::asynchronous::LocalResponse<'_>| {
        response
            .headers()
            .get_one("Cache-Control")
            .unwrap_or_default()
            .to_owned()
    };
    for path in [
        "/account/tokens".to_owned(),
        format!("/nominations/{}", ids[0]),
        "/dashboard".to_owned(),
        "/login".to_owned(),
        format!(
            "/publicity/campaigns/{}/final-list/private?format=xlsx",
            world.campaign.id
        ),
    ] {
        let response = app.client.get(path.clone()).dispatch().await;
        assert!(response.status().code < 500, "{path}");
        assert_eq!(cache(&response), "no-store", "{path}");
    }
    app.logout().await;
    let published = app
        .client
        .get(format!("/notices/{notice}"))
        .dispatch()
        .await;
    assert_eq!(published.status(), Status::Ok);
    assert!(
        cache(&published).starts_with("public"),
        "{}",
        cache(&published)
    );
    let asset = app.client.get("/css/app.css").dispatch().await;
    assert!(cache(&asset).starts_with("public"));
}

#[rocket::async_test]
async fn the_feeds_links_come_from_the_configured_address_not_the_host_header() {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者"]).await;
    let today = app.app().config.today().to_string();
    let notice = publish_notice(&app, &world, &today).await;
    let response = app
        .client
        .get("/feed.atom")
        .header(Header::new("Host", "evil.example"))
        .dispatch()
        .await;
    let xml = response.into_string().await.unwrap_or_default();
    assert!(!xml.contains("evil.example"), "{xml}");
    let base = app.app().config.public_base();
    assert!(
        xml.contains(&format!("href=\"{base}/notices/{notice}\"")),
        "{xml}"
    );
}

async fn token_works(app: &TestApp, token: &str) -> bool {
    app.api("GET", "/api/v1/campaigns", token, None).await.0 == Status::Ok
}

#[rocket::async_test]
async fn tokens_expire_end_with_a_new_password_and_are_revoked_by_their_owner_or_the_office() {
    let app = TestApp::new().await;
    app.world().await;
    let db = &app.app().db;
    let longest = app.app().config.token_days;
    let clerk = app.actor("rec_a1").await;

    // A lifetime out of range is refused at its field; the default is the longest allowed.
    app.login("rec_a1").await;
    let response = app
        .post_form("/account/tokens", &[("name", "OA"), ("days", "9999")])
        .await;
    let html = assert_field_error(response, "days", "error-token-days").await;
    assert!(html.contains("value=\"OA\""), "the name is kept");
    let (token, made) = tokens::create_token(db, &clerk, "OA", "", longest)
        .await
        .expect("token");
    let lifetime = made.expires_at.expect("expires") - made.created_at;
    assert_eq!(lifetime.whole_days(), longest);
    assert!(token_works(&app, &token).await);

    // Expired: refused, and listed as expired.
    let mut row: api_token::ActiveModel = made.clone().into();
    row.expires_at = Set(Some(made.created_at - time::Duration::seconds(1)));
    row.update(db).await.expect("aged");
    assert!(!token_works(&app, &token).await, "an expired token");
    let (_, page) = app.get("/account/tokens").await;
    assert!(page.contains(&zh("tokens-expired", &[])));

    // A password reset by the office ends every token of the user.
    let (second, _) = tokens::create_token(db, &clerk, "OA2", "30", longest)
        .await
        .expect("token");
    assert!(token_works(&app, &second).await);
    let office = app.actor("office").await;
    let user = accounts::get_user(db, &office, clerk.user_id.into())
        .await
        .expect("user");
    accounts::update_user(
        db,
        &app.app().config,
        &office,
        clerk.user_id.into(),
        &accounts::UserInput {
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: "recommender".into(),
            unit_id: user.unit_id.to_string(),
            password: "a-new-password-2026".into(),
            active: true,
            service: false,
        },
    )
    .await
    .expect("reset");
    assert!(!token_works(&app, &second).await, "ended with the password");

    // The office sees everyone's working tokens and revokes one; another user cannot.
    let (third, made) = tokens::create_token(db, &clerk, "OA3", "90", longest)
        .await
        .expect("token");
    let other = app.actor("rec_b1").await;
    assert!(matches!(
        tokens::revoke_token(db, &other, made.id).await,
        Err(AppError::NotFound)
    ));
    app.login("office").await;
    let (_, page) = app.get("/account/tokens").await;
    let all = element(&page, "all-tokens", "</table>");
    assert!(all.contains("OA3") && !all.contains("OA2"), "{all}");
    let csrf = app.csrf_token().await;
    let response = app
        .post_form_raw(
            &format!("/account/tokens/{}", made.id),
            &[("_method", "delete"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    assert!(!token_works(&app, &third).await, "revoked by the office");
    assert_eq!(audit_count(app.app(), "api_token.revoke").await, 1);
}
