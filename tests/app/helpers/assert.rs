//! Assertions on answers that look messages up through the catalogues: a copy edit in the
//! catalogue changes what a page says, not what a test expects.

use rocket::{http::Status, local::asynchronous::LocalResponse};

use super::{html::element, html::zh, test_app::location};

/// The answer has `status` and says the message `key` (as zh-CN words it, with `args`);
/// returns its body.
pub async fn assert_says(
    response: LocalResponse<'_>,
    status: Status,
    key: &str,
    args: &[(&str, String)],
) -> String {
    assert_eq!(response.status(), status, "the answer to look for {key}");
    let body = response.into_string().await.unwrap_or_default();
    let message = zh(key, args);
    assert!(
        body.contains(&message),
        "{key} ({message}) is not in the answer:\n{body}"
    );
    body
}

/// A form came back (422) with the message `key` at the field `field`; returns the page.
pub async fn assert_field_error(response: LocalResponse<'_>, field: &str, key: &str) -> String {
    assert_eq!(
        response.status(),
        Status::UnprocessableEntity,
        "the form again, for {field}"
    );
    let html = response.into_string().await.unwrap_or_default();
    assert_error_at(&html, field, key);
    html
}

/// The page says the message `key` at the field `field` (the element `id="e-{field}"`), for
/// a page with more than one field in error.
pub fn assert_error_at(html: &str, field: &str, key: &str) {
    let at = element(html, &format!("e-{field}"), "</p>");
    assert!(
        at.contains(&zh(key, &[])),
        "{field} does not say {key}: {at:?}\n{html}"
    );
}

/// The answer sends the browser on (303) to `path`.
pub fn assert_redirect_to(response: &LocalResponse<'_>, path: &str) {
    assert_eq!(response.status(), Status::SeeOther, "a redirect to {path}");
    assert_eq!(location(response), path);
}

/// `action` was recorded `more` times since `before` (its count then).
pub async fn assert_audited(app: &laurel::App, action: &str, before: u64, more: u64) {
    assert_eq!(
        super::test_app::audit_count(app, action).await,
        before + more,
        "{action} recorded {more} more time(s)"
    );
}

/// The answer refuses with `status` and says why in the message `key` (one without arguments);
/// returns its body.
pub async fn assert_refused(response: LocalResponse<'_>, status: Status, key: &str) -> String {
    assert_says(response, status, key, &[]).await
}
