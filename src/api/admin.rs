//! API: the caller, units, users and campaigns.

use rocket::{Route, State, delete, get, http::Status, post, put, routes, serde::json::Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{
        ApiActor,
        views::{ApiErrorView, CampaignView, MeView, UnitView, UserView},
    },
    domain::{
        accounts::{self, UserInput},
        campaigns::{self, CampaignInput},
        ids::{CampaignId, UnitId, UserId},
        stages,
        units::{self, UnitInput},
    },
};

/// Rows a page of the unit and user lists when the caller does not say.
const LIST_PAGE: u64 = 200;

/// The most rows a page of the unit and user lists holds.
const LIST_PAGE_MAX: u64 = 1000;

/// The token's user.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ApiErrorView)))]
#[get("/me")]
pub fn me(who: ApiActor) -> Json<MeView> {
    let a = who.0;
    Json(MeView {
        user_id: a.user_id,
        role: a.role,
        username: a.username,
        display_name: a.display_name,
        unit_id: a.unit_id,
        unit_name: a.unit_name,
    })
}

/// A page of units, in tree order.
#[derive(Serialize, ToSchema)]
pub struct UnitPageView {
    /// The units.
    pub rows: Vec<UnitView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// Units in the caller's reach, in tree order, `limit` a page (200 when absent, at most 1,000);
/// `next` continues.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", security(("bearer" = [])),
    params(
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("limit" = Option<u64>, Query, description = "Rows a page, 1 to 1,000 (200 when absent)"),
    ),
    responses((status = 200, body = UnitPageView), (status = 401, body = ApiErrorView)))]
#[get("/units?<after>&<limit>")]
pub async fn units_index(
    app: &State<App>,
    who: ApiActor,
    after: Option<&str>,
    limit: Option<u64>,
) -> ApiResult<Json<UnitPageView>> {
    let size = limit.unwrap_or(LIST_PAGE).clamp(1, LIST_PAGE_MAX);
    let (rows, next) = units::page_in_reach(&app.db, &who.0, after, size).await?;
    Ok(Json(UnitPageView {
        rows: rows.into_iter().map(UnitView::from).collect(),
        next,
    }))
}

/// The office adds a unit.
#[utoipa::path(post, path = "/api/v1/units", tag = "units", security(("bearer" = [])), request_body = UnitInput,
    responses((status = 200, body = UnitView), (status = 403, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/units", data = "<input>")]
pub async fn units_create(
    app: &State<App>,
    who: ApiActor,
    input: Body<UnitInput>,
) -> ApiResult<Json<UnitView>> {
    let input = input.into_inner()?;
    Ok(Json(
        units::create_unit(&app.db, &who.0, &input).await?.into(),
    ))
}

/// A page of users, by username.
#[derive(Serialize, ToSchema)]
pub struct UserPageView {
    /// The users.
    pub rows: Vec<UserView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// Every user, by username, `limit` a page (200 when absent, at most 1,000); `next` continues
/// (the office only).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    params(
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("limit" = Option<u64>, Query, description = "Rows a page, 1 to 1,000 (200 when absent)"),
    ),
    responses((status = 200, body = UserPageView), (status = 403, body = ApiErrorView)))]
#[get("/users?<after>&<limit>")]
pub async fn users_index(
    app: &State<App>,
    who: ApiActor,
    after: Option<&str>,
    limit: Option<u64>,
) -> ApiResult<Json<UserPageView>> {
    let size = limit.unwrap_or(LIST_PAGE).clamp(1, LIST_PAGE_MAX);
    let (rows, next) = accounts::users_page(&app.db, &who.0, after, size).await?;
    Ok(Json(UserPageView {
        rows: rows.into_iter().map(UserView::from).collect(),
        next,
    }))
}

/// The office creates a user.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])), request_body = UserInput,
    responses((status = 200, body = UserView), (status = 403, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/users", data = "<input>")]
pub async fn users_create(
    app: &State<App>,
    who: ApiActor,
    input: Body<UserInput>,
) -> ApiResult<Json<UserView>> {
    let input = input.into_inner()?;
    Ok(Json(
        accounts::create_user(&app.db, &app.config, &who.0, &input)
            .await?
            .into(),
    ))
}

/// The office renames a unit and, with a `parent_id` other than its own, moves it there with
/// everything under it (its kind is not changed). Refused (409 `error-unit-move-campaign`)
/// while a campaign that is not archived holds nominations of its subtree.
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "units", security(("bearer" = [])), request_body = UnitInput,
    params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, body = UnitView), (status = 403, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/units/<id>", data = "<input>")]
pub async fn units_update(
    app: &State<App>,
    who: ApiActor,
    id: UnitId,
    input: Body<UnitInput>,
) -> ApiResult<Json<UnitView>> {
    let input = input.into_inner()?;
    Ok(Json(
        units::update_unit(&app.db, &who.0, id, &input)
            .await?
            .into(),
    ))
}

/// The office removes a unit that has no sub-units, users or nominations.
#[utoipa::path(delete, path = "/api/v1/units/{id}", tag = "units", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 204, description = "Removed"), (status = 409, body = ApiErrorView)))]
#[delete("/units/<id>")]
pub async fn units_delete(app: &State<App>, who: ApiActor, id: UnitId) -> ApiResult<Status> {
    units::delete_unit(&app.db, &who.0, id).await?;
    Ok(Status::NoContent)
}

/// One user (the office only).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = UserView), (status = 403, body = ApiErrorView)))]
#[get("/users/<id>")]
pub async fn users_show(app: &State<App>, who: ApiActor, id: UserId) -> ApiResult<Json<UserView>> {
    Ok(Json(accounts::get_user(&app.db, &who.0, id).await?.into()))
}

/// The office edits a user: name, role, unit, a new password (blank keeps it), and `active`
/// (false deactivates: no sign-in, no token). The username is not changed.
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])), request_body = UserInput,
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = UserView), (status = 403, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/users/<id>", data = "<input>")]
pub async fn users_update(
    app: &State<App>,
    who: ApiActor,
    id: UserId,
    input: Body<UserInput>,
) -> ApiResult<Json<UserView>> {
    let input = input.into_inner()?;
    Ok(Json(
        accounts::update_user(&app.db, &app.config, &who.0, id, &input)
            .await?
            .into(),
    ))
}

async fn campaign_view(app: &App, who: &ApiActor, id: CampaignId) -> ApiResult<Json<CampaignView>> {
    let page = campaigns::page(&app.db, &who.0, id, app.config.today()).await?;
    Ok(Json(CampaignView::new(page)))
}

/// Campaigns: all for the office, announced ones (past the draft) for everyone else.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, body = [CampaignView]), (status = 401, body = ApiErrorView)))]
#[get("/campaigns")]
pub async fn campaigns_index(
    app: &State<App>,
    who: ApiActor,
) -> ApiResult<Json<Vec<CampaignView>>> {
    let pages = campaigns::pages_for(&app.db, &who.0, app.config.today()).await?;
    Ok(Json(pages.into_iter().map(CampaignView::new).collect()))
}

/// One campaign.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignView), (status = 404, body = ApiErrorView)))]
#[get("/campaigns/<id>")]
pub async fn campaigns_show(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
) -> ApiResult<Json<CampaignView>> {
    campaign_view(app, &who, id).await
}

/// The office creates a campaign (as a draft).
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])), request_body = CampaignInput,
    responses((status = 200, body = CampaignView), (status = 403, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/campaigns", data = "<input>")]
pub async fn campaigns_create(
    app: &State<App>,
    who: ApiActor,
    input: Body<CampaignInput>,
) -> ApiResult<Json<CampaignView>> {
    let input = input.into_inner()?;
    let created = campaigns::create_campaign(&app.db, &who.0, &input).await?;
    campaign_view(app, &who, created.id.into()).await
}

/// The office edits a campaign; `version` must be the current one.
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), request_body = CampaignInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/campaigns/<id>", data = "<input>")]
pub async fn campaigns_update(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<CampaignInput>,
) -> ApiResult<Json<CampaignView>> {
    let input = input.into_inner()?;
    campaigns::update_campaign(&app.db, &who.0, id, &input, app.config.today()).await?;
    campaign_view(app, &who, id).await
}

/// The version the caller saw, for moving a campaign on.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct VersionInput {
    /// The record's version as last read.
    pub version: i32,
}

/// Going back a stage: the version and the reason.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct BackInput {
    /// The campaign's version as last read.
    pub version: i32,
    /// Why (required; kept in the audit log).
    #[serde(default)]
    pub reason: String,
}

/// The office moves a campaign to its next stage (`draft` → `call` → `recommendation` →
/// `review` → `evaluation` → `shortlist` → `notice` → `final_list` → `archived`). What is still
/// open stays as it is; leaving the shortlist needs a shortlisted nomination, the notice a
/// published notice, the final list a confirmed one (`409` names what is missing).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/advance", tag = "campaigns", security(("bearer" = [])), request_body = VersionInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignView), (status = 409, body = ApiErrorView)))]
#[post("/campaigns/<id>/advance", data = "<input>")]
pub async fn campaigns_advance(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<VersionInput>,
) -> ApiResult<Json<CampaignView>> {
    let input = input.into_inner()?;
    stages::advance(&app.db, &who.0, id, input.version).await?;
    campaign_view(app, &who, id).await
}

/// The office moves a campaign back one stage, with a reason, while nothing of the current
/// stage has happened yet.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/back", tag = "campaigns", security(("bearer" = [])), request_body = BackInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/campaigns/<id>/back", data = "<input>")]
pub async fn campaigns_back(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<BackInput>,
) -> ApiResult<Json<CampaignView>> {
    let input = input.into_inner()?;
    stages::back(&app.db, &who.0, id, input.version, &input.reason).await?;
    campaign_view(app, &who, id).await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        me,
        units_index,
        units_create,
        units_update,
        units_delete,
        users_index,
        users_create,
        users_show,
        users_update,
        campaigns_index,
        campaigns_show,
        campaigns_create,
        campaigns_update,
        campaigns_advance,
        campaigns_back
    ]
}
