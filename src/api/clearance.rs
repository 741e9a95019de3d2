//! API: clearance by other agencies (联审). The office names the agencies, reads the
//! candidates × agencies matrix, decides on each candidate an agency objected to, and
//! downloads the summary and each agency's sheet; an agency reads its campaigns and queue,
//! a candidate with the full ID number (each read audited), and answers. Nothing here is
//! public: every route needs a token.

use rocket::{Route, State, get, post, put, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    App,
    api::{
        ApiActor,
        error::ApiResult,
        json::Body,
        views::{ApiErrorView, UnitView},
    },
    domain::{
        clearance::{
            self, AgencyCampaign, AnswerInput, CandidateView, DecisionInput, Matrix, Queue,
        },
        ids::{CampaignId, NominationId, UnitId},
    },
    http::exports::{Export, export},
    i18n::Lang,
};

/// The agencies a campaign names, as the office sets them.
#[derive(Deserialize, ToSchema)]
pub struct AgenciesBody {
    /// The agencies' unit ids (units of kind `agency`); the list replaces the named ones.
    #[serde(default)]
    pub agencies: Vec<Uuid>,
}

/// The agencies a campaign names.
#[derive(Serialize, ToSchema)]
pub struct AgenciesView {
    /// The named agencies, by name.
    pub agencies: Vec<UnitView>,
}

/// A saved answer.
#[derive(Serialize, ToSchema)]
pub struct SavedAnswerView {
    /// The candidate.
    pub nomination_id: Uuid,
    /// The agency.
    pub agency_id: Uuid,
    /// What it found.
    pub opinion: clearance::Opinion,
    /// The confidential reason of an objection.
    pub reason: Option<String>,
    /// When (RFC 3339).
    pub answered_at: String,
}

/// A recorded decision.
#[derive(Serialize, ToSchema)]
pub struct RecordedDecisionView {
    /// The candidate.
    pub nomination_id: Uuid,
    /// Keep or withdraw.
    pub decision: clearance::Decision,
    /// The justification or the reason.
    pub reason: String,
    /// When (RFC 3339).
    pub decided_at: String,
}

/// The office's matrix of a campaign's clearance: every candidate with each named agency's
/// answer (reasons included), the decisions, and the progress.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/clearance", tag = "clearance", operation_id = "clearance_matrix", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Matrix), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[get("/campaigns/<id>/clearance")]
pub async fn matrix(app: &State<App>, who: ApiActor, id: CampaignId) -> ApiResult<Json<Matrix>> {
    Ok(Json(clearance::matrix(&app.db, &who.0, id.0).await?.1))
}

/// The office names the agencies that clear a campaign's candidates (until the stage is done;
/// an agency that answered stays).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}/clearance/agencies", tag = "clearance", operation_id = "clearance_set_agencies", security(("bearer" = [])), request_body = AgenciesBody,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = AgenciesView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/campaigns/<id>/clearance/agencies", data = "<body>")]
pub async fn set_agencies(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    body: Body<AgenciesBody>,
) -> ApiResult<Json<AgenciesView>> {
    let body = body.into_inner()?;
    let named = clearance::set_agencies(&app.db, &who.0, id.0, &body.agencies).await?;
    Ok(Json(AgenciesView {
        agencies: named.into_iter().map(UnitView::from).collect(),
    }))
}

/// The office decides on a candidate an agency objected to: `withdraw` (with the reason) or
/// `keep` (with a justification); once.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/clearance/candidates/{nomination}/decision", tag = "clearance", operation_id = "clearance_decide", security(("bearer" = [])), request_body = DecisionInput,
    params(("id" = Uuid, Path, description = "Campaign id"), ("nomination" = Uuid, Path, description = "The candidate's nomination id")),
    responses((status = 200, body = RecordedDecisionView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post(
    "/campaigns/<id>/clearance/candidates/<nomination>/decision",
    data = "<body>"
)]
pub async fn decide(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    nomination: NominationId,
    body: Body<DecisionInput>,
) -> ApiResult<Json<RecordedDecisionView>> {
    let input = body.into_inner()?;
    let saved = clearance::decide(&app.db, &who.0, id.0, nomination.0, &input).await?;
    Ok(Json(RecordedDecisionView {
        nomination_id: saved.nomination_id,
        decision: saved.decision,
        reason: saved.reason,
        decided_at: saved.decided_at.format(&Rfc3339).unwrap_or_default(),
    }))
}

/// The office's clearance summary as XLSX (audited).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/clearance/summary", tag = "clearance", operation_id = "clearance_summary", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[get("/campaigns/<id>/clearance/summary")]
pub async fn summary(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CampaignId,
) -> ApiResult<Export> {
    let table = clearance::sheets::summary(app, &who.0, id.0, lang).await?;
    Ok(export(&table, "xlsx")?)
}

/// One agency's clearance sheet as XLSX, with full ID numbers (audited): the office for any
/// named agency, an agency for its own.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/clearance/sheets/{agency}", tag = "clearance", operation_id = "clearance_sheet", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id"), ("agency" = Uuid, Path, description = "The agency's unit id")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/campaigns/<id>/clearance/sheets/<agency>")]
pub async fn sheet(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CampaignId,
    agency: UnitId,
) -> ApiResult<Export> {
    let table = clearance::sheets::agency_sheet(app, &who.0, id.0, agency.0, lang).await?;
    Ok(export(&table, "xlsx")?)
}

/// The campaigns that name the caller's agency, with what waits for its answer.
#[utoipa::path(get, path = "/api/v1/clearance", tag = "clearance", operation_id = "clearance_mine", security(("bearer" = [])),
    responses((status = 200, body = [AgencyCampaign]), (status = 403, body = ApiErrorView)))]
#[get("/clearance")]
pub async fn mine(app: &State<App>, who: ApiActor) -> ApiResult<Json<Vec<AgencyCampaign>>> {
    Ok(Json(clearance::my_campaigns(&app.db, &who.0).await?))
}

/// The agency's queue in a campaign's clearance stage (ID numbers masked).
#[utoipa::path(get, path = "/api/v1/clearance/{id}", tag = "clearance", operation_id = "clearance_queue", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Queue), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[get("/clearance/<id>")]
pub async fn queue(app: &State<App>, who: ApiActor, id: CampaignId) -> ApiResult<Json<Queue>> {
    Ok(Json(
        clearance::queue(app, &who.0, id.0, app.config.today()).await?,
    ))
}

/// One candidate of the agency's queue with the full ID number; the read is audited.
#[utoipa::path(get, path = "/api/v1/clearance/{id}/{nomination}", tag = "clearance", operation_id = "clearance_candidate", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id"), ("nomination" = Uuid, Path, description = "The candidate's nomination id")),
    responses((status = 200, body = CandidateView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView)))]
#[get("/clearance/<id>/<nomination>")]
pub async fn candidate(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    nomination: NominationId,
) -> ApiResult<Json<CandidateView>> {
    Ok(Json(
        clearance::candidate(app, &who.0, id.0, nomination.0, app.config.today()).await?,
    ))
}

/// The agency answers on a candidate (`no_objection`, or `objection` with a reason), or
/// changes its answer, until the stage's last day and the office's decision.
#[utoipa::path(put, path = "/api/v1/clearance/{id}/{nomination}", tag = "clearance", operation_id = "clearance_answer", security(("bearer" = [])), request_body = AnswerInput,
    params(("id" = Uuid, Path, description = "Campaign id"), ("nomination" = Uuid, Path, description = "The candidate's nomination id")),
    responses((status = 200, body = SavedAnswerView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/clearance/<id>/<nomination>", data = "<body>")]
pub async fn answer(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    nomination: NominationId,
    body: Body<AnswerInput>,
) -> ApiResult<Json<SavedAnswerView>> {
    let input = body.into_inner()?;
    let saved = clearance::answer(
        &app.db,
        &who.0,
        id.0,
        nomination.0,
        &input,
        app.config.today(),
    )
    .await?;
    Ok(Json(SavedAnswerView {
        nomination_id: saved.nomination_id,
        agency_id: saved.unit_id,
        opinion: saved.opinion,
        reason: saved.reason,
        answered_at: saved.answered_at.format(&Rfc3339).unwrap_or_default(),
    }))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        matrix,
        set_agencies,
        decide,
        summary,
        sheet,
        mine,
        queue,
        candidate,
        answer
    ]
}
