//! API: tokens — a user lists, makes and revokes their own; the office sees everyone's live
//! tokens and may revoke any. A new token is shown in the answer that makes it, once.

use rocket::{Route, State, delete, get, http::Status, post, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{ApiActor, views::ApiErrorView},
    domain::{
        accounts::tokens::{self, TokenRequest, TokenScope},
        ids::{TokenId, UserId},
    },
};

/// Whether a token works.
#[derive(Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    /// It works.
    Active,
    /// Revoked by its user or the office, or by a password change.
    Revoked,
    /// Past its lifetime.
    Expired,
}

impl TokenStatus {
    fn of(name: &str) -> Self {
        match name {
            "active" => Self::Active,
            "revoked" => Self::Revoked,
            _ => Self::Expired,
        }
    }
}

/// A token as its owner and the office see it (never the token itself).
#[derive(Serialize, ToSchema)]
pub struct TokenView {
    /// The token's record id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its user's sign-in name (in the office's list).
    pub username: String,
    /// Made (RFC 3339).
    pub created_at: String,
    /// Last used, to within a few minutes (RFC 3339).
    pub last_used_at: Option<String>,
    /// Stops working (RFC 3339).
    pub expires_at: Option<String>,
    /// Whether it works.
    pub status: TokenStatus,
    /// What it may do.
    pub scope: TokenScope,
    /// Issued by the office rather than made by its user.
    pub issued: bool,
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

impl TokenView {
    /// A token just made, for `username`.
    fn of(t: tokens::Token, username: &str) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            username: username.to_owned(),
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
            expires_at: t.expires_at.map(rfc3339),
            status: TokenStatus::Active,
            scope: t.scope,
            issued: t.issued_by.is_some_and(|by| by != t.user_id),
        }
    }
}

impl From<tokens::TokenView> for TokenView {
    fn from(t: tokens::TokenView) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            username: t.username,
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
            expires_at: t.expires_at.map(rfc3339),
            status: TokenStatus::of(t.status),
            scope: t.scope,
            issued: t.issued,
        }
    }
}

/// A new token's name and lifetime.
#[derive(Deserialize, ToSchema)]
pub struct TokenInput {
    /// What it is for, e.g. 区志愿服务系统对接.
    #[serde(default)]
    pub name: String,
    /// Its lifetime in days, up to `laurel.token_days`; absent for the longest.
    pub days: Option<i64>,
    /// What it may do: `full` (absent) acts as its user in everything, `read` only reads.
    #[serde(default)]
    pub scope: TokenScope,
}

impl TokenInput {
    /// The request this input makes, with its lifetime as text.
    fn request<'a>(&'a self, days: &'a str) -> TokenRequest<'a> {
        TokenRequest {
            name: &self.name,
            days,
            scope: self.scope,
        }
    }
}

/// A token just made: the token itself, shown this once, and its record.
#[derive(Serialize, ToSchema)]
pub struct NewTokenView {
    /// The bearer token (`laurel_…`); it is not stored and cannot be shown again.
    pub token: String,
    /// Its record.
    pub record: TokenView,
}

/// The caller's own tokens, newest first (revoked and expired ones marked).
#[utoipa::path(get, path = "/api/v1/tokens", operation_id = "tokens_mine", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = [TokenView]), (status = 401, body = ApiErrorView)))]
#[get("/tokens")]
pub async fn mine(app: &State<App>, who: ApiActor) -> ApiResult<Json<Vec<TokenView>>> {
    let list = tokens::list_tokens(&app.db, &who.0).await?;
    Ok(Json(list.into_iter().map(TokenView::from).collect()))
}

/// Every user's live tokens, with their users (the office only).
#[utoipa::path(get, path = "/api/v1/tokens/live", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = [TokenView]), (status = 403, body = ApiErrorView)))]
#[get("/tokens/live")]
pub async fn live(app: &State<App>, who: ApiActor) -> ApiResult<Json<Vec<TokenView>>> {
    let list = tokens::list_live(&app.db, &who.0).await?;
    Ok(Json(list.into_iter().map(TokenView::from).collect()))
}

/// The caller makes a token for themselves; it acts exactly as they do.
#[utoipa::path(post, path = "/api/v1/tokens", operation_id = "tokens_create", tag = "account", security(("bearer" = [])), request_body = TokenInput,
    responses((status = 200, body = NewTokenView), (status = 422, body = ApiErrorView)))]
#[post("/tokens", data = "<input>")]
pub async fn create(
    app: &State<App>,
    who: ApiActor,
    input: Body<TokenInput>,
) -> ApiResult<Json<NewTokenView>> {
    let input = input.into_inner()?;
    let days = input.days.map(|d| d.to_string()).unwrap_or_default();
    let request = input.request(&days);
    let (token, record) =
        tokens::create_scoped(&app.db, &who.0, &request, app.config.token_days).await?;
    Ok(Json(NewTokenView {
        token,
        record: TokenView::of(record, &who.0.username),
    }))
}

/// The office issues a token to a user or a service account, with a scope and a lifetime; the
/// user sees it among their own and may revoke it, and the audit log names who issued it.
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens", tag = "account", security(("bearer" = [])), request_body = TokenInput,
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, body = NewTokenView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/users/<id>/tokens", data = "<input>")]
pub async fn issue(
    app: &State<App>,
    who: ApiActor,
    id: UserId,
    input: Body<TokenInput>,
) -> ApiResult<Json<NewTokenView>> {
    let input = input.into_inner()?;
    let days = input.days.map(|d| d.to_string()).unwrap_or_default();
    let request = input.request(&days);
    let (token, record) =
        tokens::issue_token(&app.db, &who.0, id.0, &request, app.config.token_days).await?;
    let owner = crate::domain::accounts::get_user(&app.db, &who.0, id).await?;
    Ok(Json(NewTokenView {
        token,
        record: TokenView::of(record, &owner.username),
    }))
}

/// Revokes one of the caller's tokens, or anyone's for the office.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Token record id")),
    responses((status = 204, description = "Revoked"), (status = 404, body = ApiErrorView)))]
#[delete("/tokens/<id>")]
pub async fn revoke(app: &State<App>, who: ApiActor, id: TokenId) -> ApiResult<Status> {
    tokens::revoke_token(&app.db, &who.0, id.0).await?;
    Ok(Status::NoContent)
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![mine, live, create, issue, revoke]
}
