//! API: nominations and their attachments.

use rocket::{
    Route, State,
    data::{Data, ToByteUnit},
    delete,
    futures::Stream,
    get, post, put, routes,
    serde::json::Json,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::json::Body;
use crate::http::{
    Download,
    exports::{RollExport, export_roster},
};
use crate::{
    App,
    api::error::ApiResult,
    api::{
        ApiActor,
        admin::VersionInput,
        views::{ApiErrorView, AttachmentView, NominationListView, NominationView},
    },
    domain::{
        ids::{AttachmentId, CampaignId, CategoryId, NominationId},
        nominations::{self, NominationFilter, NominationInput, NominationStatus},
    },
    error::AppError,
};

/// A new nomination: where it goes, and its fields.
#[derive(Deserialize, ToSchema)]
pub struct NominationCreate {
    /// The campaign (must be open, within its nomination window).
    #[schema(value_type = uuid::Uuid)]
    pub campaign_id: CampaignId,
    /// The category; it decides which fields apply.
    #[schema(value_type = uuid::Uuid)]
    pub category_id: CategoryId,
    /// The fields, as on the form.
    #[serde(flatten)]
    pub fields: NominationInput,
}

async fn view(app: &App, who: &ApiActor, id: NominationId) -> ApiResult<Json<NominationView>> {
    let (nomination, _) = nominations::get_in_reach(&app.db, &who.0, id).await?;
    let attachments = nominations::attachments_of(&app.db, nomination.id).await?;
    let masked = nominations::masked_id_number(app, &nomination);
    Ok(Json(NominationView::new(nomination, masked, attachments)))
}

/// Nominations in the caller's reach, filtered, newest change first, `limit` a page (50 when
/// absent, at most 200); `next` continues.
#[utoipa::path(get, path = "/api/v1/nominations", tag = "nominations", security(("bearer" = [])),
    params(
        ("campaign" = Option<Uuid>, Query, description = "Only this campaign"),
        ("category" = Option<Uuid>, Query, description = "Only this category"),
        ("unit" = Option<Uuid>, Query, description = "Only this unit's subtree"),
        ("status" = Option<NominationStatus>, Query, description = "Only this status"),
        ("q" = Option<String>, Query, description = "Name contains"),
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("limit" = Option<u64>, Query, description = "Rows a page, 1 to 200 (50 when absent)"),
    ),
    responses((status = 200, body = NominationListView), (status = 403, body = ApiErrorView)))]
#[get("/nominations?<filter..>")]
pub async fn index(
    app: &State<App>,
    who: ApiActor,
    filter: NominationFilter,
) -> ApiResult<Json<NominationListView>> {
    let list = nominations::list(&app.db, &who.0, &filter).await?;
    Ok(Json(NominationListView {
        total: list.total,
        more: list.more,
        next: list.next,
        rows: list.rows,
    }))
}

/// One nomination.
#[utoipa::path(get, path = "/api/v1/nominations/{id}", tag = "nominations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = NominationView), (status = 404, body = ApiErrorView)))]
#[get("/nominations/<id>")]
pub async fn show(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
) -> ApiResult<Json<NominationView>> {
    view(app, &who, id).await
}

/// A campaign's roster (推荐汇总表) as the list's filters select it, as `csv` or `xlsx`
/// (a sheet per category), streamed: the office's with every field, the full ID numbers
/// included; a unit's of its subtree, ID numbers masked. Each export is audited.
#[utoipa::path(get, path = "/api/v1/nominations/roster", tag = "nominations", security(("bearer" = [])),
    params(
        ("format" = String, Query, description = "`csv` or `xlsx`"),
        ("campaign" = Uuid, Query, description = "The campaign (required)"),
        ("category" = Option<Uuid>, Query, description = "Only this category"),
        ("unit" = Option<Uuid>, Query, description = "Only this unit's subtree"),
        ("status" = Option<NominationStatus>, Query, description = "Only this status"),
        ("q" = Option<String>, Query, description = "Name contains"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "text/csv"),
        (status = 403, body = ApiErrorView),
        (status = 404, body = ApiErrorView),
        (status = 422, body = ApiErrorView),
    ))]
#[get("/nominations/roster?<format>&<filter..>")]
pub async fn roster(
    app: &State<App>,
    lang: crate::i18n::Lang,
    who: ApiActor,
    format: &str,
    filter: NominationFilter,
) -> ApiResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    Ok(export_roster(app, &who.0, lang, format, &filter).await?)
}

/// A unit's recommender saves a new draft.
#[utoipa::path(post, path = "/api/v1/nominations", tag = "nominations", security(("bearer" = [])), request_body = NominationCreate,
    responses((status = 200, body = NominationView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/nominations", data = "<input>")]
pub async fn create(
    app: &State<App>,
    who: ApiActor,
    input: Body<NominationCreate>,
) -> ApiResult<Json<NominationView>> {
    let input = input.into_inner()?;
    let saved = nominations::create_draft(
        app,
        &who.0,
        input.campaign_id,
        input.category_id,
        &input.fields,
    )
    .await?;
    // A new draft is the caller's own and has no attachments yet: nothing to read back.
    let masked = nominations::masked_id_number(app, &saved);
    Ok(Json(NominationView::new(saved, masked, Vec::new())))
}

/// The nominating unit edits its draft; `version` must be the current one.
#[utoipa::path(put, path = "/api/v1/nominations/{id}", tag = "nominations", security(("bearer" = [])), request_body = NominationInput,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = NominationView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/nominations/<id>", data = "<input>")]
pub async fn update(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    input: Body<NominationInput>,
) -> ApiResult<Json<NominationView>> {
    let input = input.into_inner()?;
    nominations::update_draft(app, &who.0, id, &input).await?;
    view(app, &who, id).await
}

/// The nominating unit submits its draft.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/submit", tag = "nominations", security(("bearer" = [])), request_body = VersionInput,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = NominationView), (status = 409, body = ApiErrorView)))]
#[post("/nominations/<id>/submit", data = "<input>")]
pub async fn submit(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    input: Body<VersionInput>,
) -> ApiResult<Json<NominationView>> {
    let input = input.into_inner()?;
    crate::domain::review::submit(app, &who.0, id, input.version).await?;
    view(app, &who, id).await
}

/// The nominating unit attaches a file to its draft: the request body is the file.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/attachments", tag = "nominations", security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Nomination id"),
        ("filename" = String, Query, description = "The file's name"),
        ("version" = i32, Query, description = "The nomination's version as last read"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = AttachmentView), (status = 422, body = ApiErrorView)))]
#[post("/nominations/<id>/attachments?<filename>&<version>", data = "<body>")]
pub async fn upload(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    filename: &str,
    version: i32,
    body: Data<'_>,
) -> ApiResult<Json<AttachmentView>> {
    // One byte over the limit is enough to know the file is too large.
    let limit = app.config.attachment_max_bytes.saturating_add(1);
    let bytes = body
        .open(limit.bytes())
        .into_bytes()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let saved = nominations::add_attachment(app, &who.0, id, version, filename, &bytes).await?;
    Ok(Json(saved.into()))
}

/// An attachment's bytes.
#[utoipa::path(get, path = "/api/v1/nominations/{id}/attachments/{attachment}", tag = "nominations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Nomination id"), ("attachment" = Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ApiErrorView)))]
#[get("/nominations/<id>/attachments/<attachment>")]
pub async fn download(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    attachment: AttachmentId,
) -> ApiResult<Download> {
    let (found, bytes) = nominations::read_attachment(app, &who.0, id, attachment).await?;
    Ok(Download::named(&found.filename, &found.content_type, bytes))
}

/// The nominating unit removes an attachment from its draft (or a nomination returned for
/// revision); `version` is the nomination's as last read.
#[utoipa::path(delete, path = "/api/v1/nominations/{id}/attachments/{attachment}", tag = "nominations", security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Nomination id"),
        ("attachment" = Uuid, Path, description = "Attachment id"),
        ("version" = i32, Query, description = "The nomination's version as last read"),
    ),
    responses((status = 200, body = NominationView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[delete("/nominations/<id>/attachments/<attachment>?<version>")]
pub async fn remove(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    attachment: AttachmentId,
    version: i32,
) -> ApiResult<Json<NominationView>> {
    nominations::remove_attachment(app, &who.0, id, version, attachment).await?;
    view(app, &who, id).await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        index, roster, show, create, update, submit, upload, download, remove
    ]
}
