//! API: the office's panels and rubrics — forming a panel, reading one with its assignments
//! and rubrics, setting a category's rubric, assigning and unassigning by hand, reopening a
//! submitted sheet — and a reviewer's recusal. The same domain calls and guards as the pages.

use rocket::{Route, State, delete, get, http::Status, post, put, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{ApiActor, evaluation::CriterionView, views::ApiErrorView},
    domain::{
        evaluation::{
            self, AssignReport, AssignmentRow, CriterionInput, PanelDetail, PanelInput, PanelView,
        },
        ids::{AssignmentId, CampaignId, CategoryId, PanelId, SheetId},
    },
    error::AppError,
    i18n::Lang,
};

/// A category's rubric.
#[derive(Serialize, ToSchema)]
pub struct RubricView {
    /// The category.
    pub category_id: Uuid,
    /// Its name.
    pub category_name: String,
    /// Its criteria, in order.
    pub criteria: Vec<CriterionView>,
}

/// One panel: its members and categories, its assignments and its categories' rubrics.
#[derive(Serialize, ToSchema)]
pub struct PanelDetailView {
    /// The panel.
    pub panel: PanelView,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// Its assignments, by nomination.
    pub assignments: Vec<AssignmentRow>,
    /// Each of its categories' rubric.
    pub rubrics: Vec<RubricView>,
}

fn criteria_view(rows: Vec<crate::domain::evaluation::Criterion>) -> Vec<CriterionView> {
    rows.into_iter()
        .map(|c| CriterionView {
            id: c.id,
            name: c.name,
            max_points: c.max_points,
            weight: c.weight,
        })
        .collect()
}

impl From<PanelDetail> for PanelDetailView {
    fn from(detail: PanelDetail) -> Self {
        PanelDetailView {
            panel: detail.panel,
            campaign_id: detail.campaign_id,
            assignments: detail.assignments,
            rubrics: detail
                .rubrics
                .into_iter()
                .map(|(category, criteria)| RubricView {
                    category_id: category.id,
                    category_name: category.name,
                    criteria: criteria_view(criteria),
                })
                .collect(),
        }
    }
}

async fn detail(
    app: &App,
    who: &ApiActor,
    lang: Lang,
    id: Uuid,
) -> ApiResult<Json<PanelDetailView>> {
    let today = app.config.today();
    let detail = evaluation::panel_detail(&app.db, &who.0, id, lang, today).await?;
    Ok(Json(detail.into()))
}

/// A campaign's panels (the office only).
#[utoipa::path(get, path = "/api/v1/evaluation/panels", tag = "evaluation", security(("bearer" = [])),
    params(("campaign" = Uuid, Query, description = "Campaign id")),
    responses((status = 200, body = [PanelView]), (status = 403, body = ApiErrorView)))]
#[get("/evaluation/panels?<campaign>")]
pub async fn panels(
    app: &State<App>,
    who: ApiActor,
    campaign: CampaignId,
) -> ApiResult<Json<Vec<PanelView>>> {
    Ok(Json(
        evaluation::panels_of(&app.db, &who.0, campaign).await?,
    ))
}

/// The office forms a panel of reviewers for categories of a campaign (during evaluation).
#[utoipa::path(post, path = "/api/v1/evaluation/panels", tag = "evaluation", security(("bearer" = [])), request_body = PanelInput,
    params(("campaign" = Uuid, Query, description = "Campaign id")),
    responses((status = 200, body = PanelDetailView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/evaluation/panels?<campaign>", data = "<input>")]
pub async fn create_panel(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    campaign: CampaignId,
    input: Body<PanelInput>,
) -> ApiResult<Json<PanelDetailView>> {
    let input = input.into_inner()?;
    let created = evaluation::create_panel(&app.db, &who.0, campaign, &input).await?;
    detail(app, &who, lang, created.id).await
}

/// One panel with its assignments and rubrics (the office only).
#[utoipa::path(get, path = "/api/v1/evaluation/panels/{id}", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Panel id")),
    responses((status = 200, body = PanelDetailView), (status = 404, body = ApiErrorView)))]
#[get("/evaluation/panels/<id>")]
pub async fn panel(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: PanelId,
) -> ApiResult<Json<PanelDetailView>> {
    detail(app, &who, lang, id.0).await
}

/// A category's rubric (the office only; the default rubric until the office sets one).
#[utoipa::path(get, path = "/api/v1/evaluation/categories/{id}/rubric", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Category id")),
    responses((status = 200, body = [CriterionView]), (status = 403, body = ApiErrorView)))]
#[get("/evaluation/categories/<id>/rubric")]
pub async fn rubric(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CategoryId,
) -> ApiResult<Json<Vec<CriterionView>>> {
    if !who.0.is_admin() {
        return Err(AppError::Forbidden.into());
    }
    let rows = evaluation::rubric(&app.db, id.0, lang).await?;
    Ok(Json(criteria_view(rows)))
}

/// The office replaces a category's rubric, before anyone has scored it.
#[utoipa::path(put, path = "/api/v1/evaluation/categories/{id}/rubric", tag = "evaluation", security(("bearer" = [])), request_body = Vec<CriterionInput>,
    params(("id" = Uuid, Path, description = "Category id")),
    responses((status = 200, body = [CriterionView]), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/evaluation/categories/<id>/rubric", data = "<rows>")]
pub async fn set_rubric(
    app: &State<App>,
    who: ApiActor,
    id: CategoryId,
    rows: Body<Vec<CriterionInput>>,
) -> ApiResult<Json<Vec<CriterionView>>> {
    let rows = rows.into_inner()?;
    let saved = evaluation::set_rubric(&app.db, &who.0, id.0, &rows).await?;
    Ok(Json(criteria_view(saved)))
}

/// A nomination and a reviewer, for an assignment by hand.
#[derive(Deserialize, ToSchema)]
pub struct AssignmentInput {
    /// The nomination.
    pub nomination_id: Uuid,
    /// The reviewer (a member of the panel).
    pub reviewer_id: Uuid,
}

/// The office assigns one nomination to one reviewer of the panel; conflicts are refused.
#[utoipa::path(post, path = "/api/v1/evaluation/panels/{id}/assignments", tag = "evaluation", security(("bearer" = [])), request_body = AssignmentInput,
    params(("id" = Uuid, Path, description = "Panel id")),
    responses((status = 200, body = PanelDetailView), (status = 409, body = ApiErrorView)))]
#[post("/evaluation/panels/<id>/assignments", data = "<input>")]
pub async fn assign_by_hand(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: PanelId,
    input: Body<AssignmentInput>,
) -> ApiResult<Json<PanelDetailView>> {
    let input = input.into_inner()?;
    evaluation::assign_by_hand(
        &app.db,
        &who.0,
        id.0,
        input.nomination_id,
        input.reviewer_id,
    )
    .await?;
    detail(app, &who, lang, id.0).await
}

/// The office removes an assignment whose sheet is not submitted.
#[utoipa::path(delete, path = "/api/v1/evaluation/assignments/{id}", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 204, description = "Removed"), (status = 409, body = ApiErrorView)))]
#[delete("/evaluation/assignments/<id>")]
pub async fn unassign(app: &State<App>, who: ApiActor, id: AssignmentId) -> ApiResult<Status> {
    evaluation::unassign(&app.db, &who.0, id.0).await?;
    Ok(Status::NoContent)
}

/// A reason, for a recusal or a reopened sheet.
#[derive(Deserialize, ToSchema)]
pub struct ReasonInput {
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// A reviewer steps back from one of their assignments, with a reason; it goes to another
/// member without a conflict where there is one.
#[utoipa::path(post, path = "/api/v1/evaluation/assignments/{id}/recuse", tag = "evaluation", security(("bearer" = [])), request_body = ReasonInput,
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, body = AssignReport), (status = 422, body = ApiErrorView)))]
#[post("/evaluation/assignments/<id>/recuse", data = "<input>")]
pub async fn recuse(
    app: &State<App>,
    who: ApiActor,
    id: AssignmentId,
    input: Body<ReasonInput>,
) -> ApiResult<Json<AssignReport>> {
    let input = input.into_inner()?;
    Ok(Json(
        evaluation::recuse(&app.db, &who.0, id.0, &input.reason).await?,
    ))
}

/// The office reopens a submitted sheet for its reviewer, with a reason (audited).
#[utoipa::path(post, path = "/api/v1/evaluation/sheets/{id}/reopen", tag = "evaluation", security(("bearer" = [])), request_body = ReasonInput,
    params(("id" = Uuid, Path, description = "Score sheet id")),
    responses((status = 204, description = "Reopened"), (status = 422, body = ApiErrorView)))]
#[post("/evaluation/sheets/<id>/reopen", data = "<input>")]
pub async fn reopen(
    app: &State<App>,
    who: ApiActor,
    id: SheetId,
    input: Body<ReasonInput>,
) -> ApiResult<Status> {
    let input = input.into_inner()?;
    evaluation::reopen_sheet(&app.db, &who.0, id.0, &input.reason).await?;
    Ok(Status::NoContent)
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        panels,
        create_panel,
        panel,
        rubric,
        set_rubric,
        assign_by_hand,
        unassign,
        recuse,
        reopen
    ]
}
