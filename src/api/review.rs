//! API: recommendation and review — decisions, history, a unit's inbox, the office's bulk
//! decision, review details and progress.

use rocket::{Route, State, get, post, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{
        ApiActor,
        views::{ApiErrorView, NominationView},
    },
    domain::{
        ids::{CampaignId, NominationId},
        nominations::{self, NominationRow, NominationStatus},
        review,
        workflow::Transition,
    },
    error::AppError,
};

/// A decision on a nomination.
#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    /// `submit`, `resubmit`, `recommend`, `decline` (recommendation stage), `mark_eligible`,
    /// `return_for_revision`, `reject` (review stage) or `withdraw` (evaluation to final list).
    pub decision: String,
    /// The nomination's version as last read.
    pub version: i32,
    /// Required for `decline`, `return_for_revision`, `reject` and `withdraw`, and to
    /// override a failed eligibility rule.
    #[serde(default)]
    pub reason: String,
    /// With `mark_eligible`: find eligible a nomination that fails an eligibility rule of
    /// its category (the office's explicit decision; the reason is required and audited).
    #[serde(default)]
    pub overrides: bool,
}

async fn view(app: &App, who: &ApiActor, id: NominationId) -> ApiResult<Json<NominationView>> {
    let (nomination, _) = nominations::get_in_reach(&app.db, &who.0, id).await?;
    let attachments = nominations::attachments_of(&app.db, nomination.id).await?;
    let masked = nominations::masked_id_number(app, &nomination);
    Ok(Json(NominationView::new(nomination, masked, attachments)))
}

/// Makes a decision, as the party the state machine names for it.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/decisions", tag = "review", security(("bearer" = [])), request_body = DecisionInput,
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = NominationView), (status = 403, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/nominations/<id>/decisions", data = "<input>")]
pub async fn decide(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
    input: Body<DecisionInput>,
) -> ApiResult<Json<NominationView>> {
    let input = input.into_inner()?;
    let transition = Transition::parse(&input.decision).ok_or_else(|| {
        let mut errors = crate::error::FieldErrors::default();
        errors.add("decision", "error-required");
        AppError::Invalid(errors)
    })?;
    review::transition_overriding(
        app,
        &who.0,
        id,
        transition,
        input.version,
        &input.reason,
        app.config.today(),
        input.overrides,
    )
    .await?;
    view(app, &who, id).await
}

/// Every decision on a nomination, oldest first.
#[utoipa::path(get, path = "/api/v1/nominations/{id}/history", tag = "review", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = [review::HistoryEntry]), (status = 404, body = ApiErrorView)))]
#[get("/nominations/<id>/history")]
pub async fn history(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
) -> ApiResult<Json<Vec<review::HistoryEntry>>> {
    Ok(Json(review::history_in_reach(&app.db, &who.0, id).await?))
}

/// The office's checklist, duplicates and changes for a nomination.
#[utoipa::path(get, path = "/api/v1/nominations/{id}/review", tag = "review", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, body = review::OfficeChecks), (status = 403, body = ApiErrorView)))]
#[get("/nominations/<id>/review")]
pub async fn review_details(
    app: &State<App>,
    who: ApiActor,
    id: NominationId,
) -> ApiResult<Json<review::OfficeChecks>> {
    Ok(Json(review::office_checks(app, &who.0, id).await?))
}

/// A page of a unit's inbox.
#[derive(Serialize, ToSchema)]
pub struct InboxView {
    /// Nominations awaiting the unit's decision, longest waiting first, `limit` a page.
    pub rows: Vec<NominationRow>,
    /// How many await it in all.
    pub total: u64,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
    /// Quota use per open campaign and category.
    pub quotas: Vec<review::QuotaUse>,
}

/// What awaits the caller's unit, a page at a time, and its quota use.
#[utoipa::path(get, path = "/api/v1/review/inbox", tag = "review", security(("bearer" = [])),
    params(
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("limit" = Option<u64>, Query, description = "Rows a page, 1 to 200 (50 when absent)"),
    ),
    responses((status = 200, body = InboxView), (status = 403, body = ApiErrorView)))]
#[get("/review/inbox?<after>&<limit>")]
pub async fn inbox(
    app: &State<App>,
    who: ApiActor,
    after: Option<String>,
    limit: Option<u64>,
) -> ApiResult<Json<InboxView>> {
    let page = (after.as_deref(), limit);
    let inbox = review::inbox(&app.db, &who.0, page, app.config.today()).await?;
    Ok(Json(InboxView {
        rows: inbox.rows,
        total: inbox.total,
        next: inbox.next,
        quotas: inbox.quotas,
    }))
}

/// One nomination of a bulk decision.
#[derive(Deserialize, ToSchema)]
pub struct BulkItem {
    /// The nomination.
    pub id: uuid::Uuid,
    /// Its version as last read.
    pub version: i32,
}

/// The outcome of a bulk decision.
#[derive(Serialize, ToSchema)]
pub struct BulkView {
    /// How many were marked eligible.
    pub done: usize,
    /// Those that were not, each with the error code.
    pub failed: Vec<BulkFailure>,
}

/// A nomination a bulk decision left as it was.
#[derive(Serialize, ToSchema)]
pub struct BulkFailure {
    /// The nomination.
    pub id: uuid::Uuid,
    /// Why, e.g. `error-stale`.
    pub error: String,
}

/// The office marks many nominations eligible: one audited transition each.
#[utoipa::path(post, path = "/api/v1/review/eligible", tag = "review", security(("bearer" = [])), request_body = [BulkItem],
    responses((status = 200, body = BulkView), (status = 403, body = ApiErrorView)))]
#[post("/review/eligible", data = "<items>")]
pub async fn bulk_eligible(
    app: &State<App>,
    who: ApiActor,
    items: Body<Vec<BulkItem>>,
) -> ApiResult<Json<BulkView>> {
    let items = items.into_inner()?;
    let items: Vec<(NominationId, i32)> = items
        .iter()
        .map(|i| (NominationId(i.id), i.version))
        .collect();
    let (done, failed) =
        review::bulk_mark_eligible(app, &who.0, &items, app.config.today()).await?;
    let failed = failed
        .into_iter()
        .map(|(id, error)| BulkFailure {
            id,
            error: error.to_owned(),
        })
        .collect();
    Ok(Json(BulkView { done, failed }))
}

/// A campaign's progress.
#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    /// The statuses, in the order of each row's counts.
    pub statuses: Vec<NominationStatus>,
    /// One row per nominating unit and category.
    pub rows: Vec<review::ProgressRow>,
    /// Totals per status.
    pub totals: Vec<u64>,
}

/// Counts by nominating unit × category × status (the office only).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/progress", tag = "review", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = ProgressView), (status = 403, body = ApiErrorView)))]
#[get("/campaigns/<id>/progress")]
pub async fn progress(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
) -> ApiResult<Json<ProgressView>> {
    let (_, rows, totals) = review::progress(&app.db, &who.0, id).await?;
    let statuses = review::STATUS_ORDER.to_vec();
    Ok(Json(ProgressView {
        statuses,
        rows,
        totals,
    }))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        decide,
        history,
        review_details,
        inbox,
        bulk_eligible,
        progress
    ]
}
