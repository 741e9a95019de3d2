//! A nomination's deciders at work: decisions through the review page's form or the API, and
//! the nomination as the database holds it after them.

use laurel::entity::nomination;
use rocket::http::Status;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use super::test_app::TestApp;

/// A decision through the API.
pub async fn decide_by_api(
    app: &TestApp,
    token: &str,
    id: uuid::Uuid,
    decision: &str,
    reason: &str,
) -> (Status, Value) {
    let version = reload(app, id).await.version;
    app.api(
        "POST",
        &format!("/api/v1/nominations/{id}/decisions"),
        token,
        Some(json!({"decision": decision, "version": version, "reason": reason})),
    )
    .await
}

/// The nomination `id` as the database holds it now.
pub async fn reload(app: &TestApp, id: uuid::Uuid) -> nomination::Model {
    nomination::Entity::find_by_id(id)
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("exists")
}

/// The decision `decision` on the nomination `id` at `version`, through the review page's
/// form: the answer's status and page.
pub async fn decide_on_page(
    app: &TestApp,
    id: uuid::Uuid,
    decision: &str,
    version: i32,
    reason: &str,
) -> (Status, String) {
    let response = app
        .post_form(
            &format!("/review/{id}/{decision}"),
            &[("version", &version.to_string()), ("reason", reason)],
        )
        .await;
    let status = response.status();
    (status, response.into_string().await.unwrap_or_default())
}
