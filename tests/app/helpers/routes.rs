//! The application's mounted routes, as shapes a test can list: every segment that is a
//! parameter (or, in a concrete path, an id or a language tag) written `_`.

use rocket::http::Method;

use super::test_app::TestApp;

/// A path as its route's shape: `/notices/<id>/json` and `/notices/0191…/json` both give
/// `/notices/_/json`.
pub fn route_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let dynamic = segment.starts_with('<')
                || uuid::Uuid::try_parse(segment).is_ok()
                || segment == "zh-CN"
                || segment == "en";
            if dynamic { "_" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every mounted route whose method `keep` accepts: its method and shape.
pub fn mounted(app: &TestApp, keep: impl Fn(Method) -> bool) -> Vec<(Method, String)> {
    app.client
        .rocket()
        .routes()
        .filter(|route| keep(route.method))
        .map(|route| (route.method, route_shape(route.uri.path())))
        .collect()
}

/// Who asks, in the route tables: nobody, the office, the community whose nomination is the
/// target (under street A), the community under street B, a reviewer of the panel holding the
/// target assignment, the street above A, and a reviewer of the district (a conflict with every
/// nominee, and no assignment).
pub const WHO: [&str; 7] = [
    "", "office", "rec_a1", "rec_b1", "judge0", "rec_a", "expert",
];

/// Answered.
pub const OK: u16 = 200;
/// Sent on: to the sign-in page, or where a done write goes.
pub const ELSEWHERE: u16 = 303;
/// Refused for who asks.
pub const NO: u16 = 403;
/// Not there, or not theirs to know of.
pub const GONE: u16 = 404;
/// The API without a valid token.
pub const API: u16 = 401;
/// Refused by the rule: the stage, or a version that is out of date.
pub const REFUSED: u16 = 409;
/// Refused at a field.
pub const INVALID: u16 = 422;

/// Signs the test's client in as `who` (out, for nobody) and gives them an API token.
pub async fn ask_as(app: &TestApp, who: &str) -> Option<String> {
    if who.is_empty() {
        app.logout().await;
        return None;
    }
    app.login(who).await;
    let actor = app.actor(who).await;
    let (token, _) =
        laurel::domain::accounts::tokens::create_token(&app.app().db, &actor, "routes", "", 180)
            .await
            .expect("token");
    Some(token)
}

/// The private values a refusal to `who` shows: none may (a reviewer's own name aside).
pub fn shown_privately(text: &str, private: &[String], who: &str) -> Vec<String> {
    let own: &[&str] = if who == "judge0" {
        &["评委0", "judge0"]
    } else {
        &[]
    };
    private
        .iter()
        .filter(|v| !own.contains(&v.as_str()) && text.contains(v.as_str()))
        .cloned()
        .collect()
}
