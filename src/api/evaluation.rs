//! API: expert evaluation — a reviewer's assignments and score sheets (their own only), the
//! office's automatic assignment, ranking and shortlist.

use std::collections::HashMap;

use rocket::{Route, State, get, post, put, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::Body;
use crate::http::{
    Download,
    exports::{Export, export},
};
use crate::{
    App,
    api::error::ApiResult,
    api::{ApiActor, views::ApiErrorView},
    domain::{
        evaluation::{self, AssignReport, MyAssignment, SheetInput},
        ids::{AssignmentId, AttachmentId, CategoryId, PanelId},
    },
    i18n::Lang,
};

/// One criterion of a rubric.
#[derive(Serialize, ToSchema)]
pub struct CriterionView {
    /// Criterion id (the key of `points`).
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Maximum points.
    pub max_points: i32,
    /// Weight.
    pub weight: f64,
}

/// A reviewer's view of one assignment: the nomination's deeds and their own sheet only.
#[derive(Serialize, ToSchema)]
pub struct WorkspaceView {
    /// The assignment.
    pub assignment_id: Uuid,
    /// Nominee.
    pub nominee_name: String,
    /// Affiliation line.
    pub affiliation: String,
    /// Public summary.
    pub deeds_summary: String,
    /// Full deeds.
    pub deeds_full: String,
    /// Category.
    pub category_name: String,
    /// The rubric.
    pub criteria: Vec<CriterionView>,
    /// The sheet's state; none before the first save.
    pub status: Option<SheetStatus>,
    /// The sheet's version (0 before the first save).
    pub version: i32,
    /// The reviewer's points by criterion id.
    pub points: HashMap<String, i32>,
    /// The verdict.
    pub approve: Option<bool>,
    /// The comment.
    pub comment: Option<String>,
    /// The nomination's attachments (`GET …/attachments/{id}` reads one).
    pub attachments: Vec<WorkspaceAttachment>,
    /// Whether the sheet may be saved now (the evaluation stage, before its last day).
    pub scoring_open: bool,
}

/// Where a score sheet stands.
#[derive(Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SheetStatus {
    /// Saved, still the reviewer's to change.
    Draft,
    /// Submitted: counted, locked unless the office reopens it.
    Submitted,
}

impl SheetStatus {
    fn of(name: &str) -> Self {
        if name == "submitted" {
            Self::Submitted
        } else {
            Self::Draft
        }
    }
}

/// An attachment the reviewer may read.
#[derive(Serialize, ToSchema)]
pub struct WorkspaceAttachment {
    /// The attachment.
    pub id: Uuid,
    /// Its file name.
    pub filename: String,
    /// Its size in bytes.
    pub size: i64,
}

/// A score sheet sent through the API.
#[derive(Deserialize, ToSchema)]
pub struct SheetBody {
    /// Points by criterion id.
    #[serde(default)]
    pub points: HashMap<String, i32>,
    /// The verdict, once decided.
    pub approve: Option<bool>,
    /// The comment (required when not approving).
    #[serde(default)]
    pub comment: String,
    /// The sheet's version as last read (0 before the first save).
    #[serde(default)]
    pub version: i32,
    /// Submit (and lock) rather than save a draft.
    #[serde(default)]
    pub submit: bool,
}

/// The caller's assignments (reviewers only).
#[utoipa::path(get, path = "/api/v1/evaluation/assignments", tag = "evaluation", security(("bearer" = [])),
    responses((status = 200, body = [MyAssignment]), (status = 403, body = ApiErrorView)))]
#[get("/evaluation/assignments")]
pub async fn mine(app: &State<App>, who: ApiActor) -> ApiResult<Json<Vec<MyAssignment>>> {
    Ok(Json(evaluation::my_assignments(&app.db, &who.0).await?))
}

async fn workspace_view(
    app: &App,
    who: &ApiActor,
    lang: Lang,
    id: AssignmentId,
) -> ApiResult<Json<WorkspaceView>> {
    let ws = evaluation::workspace(&app.db, &who.0, id.0, lang, app.config.today()).await?;
    Ok(Json(WorkspaceView {
        assignment_id: ws.assignment_id,
        nominee_name: ws.nominee_name,
        affiliation: ws.affiliation,
        deeds_summary: ws.deeds_summary,
        deeds_full: ws.deeds_full,
        category_name: ws.category_name,
        criteria: ws
            .criteria
            .into_iter()
            .map(|c| CriterionView {
                id: c.id,
                name: c.name,
                max_points: c.max_points,
                weight: c.weight,
            })
            .collect(),
        status: ws.sheet.as_ref().map(|s| SheetStatus::of(&s.status)),
        version: ws.sheet.as_ref().map_or(0, |s| s.version),
        approve: ws.sheet.as_ref().and_then(|s| s.approve),
        comment: ws.sheet.and_then(|s| s.comment),
        points: ws.points,
        attachments: ws
            .attachments
            .into_iter()
            .map(|(id, filename, size)| WorkspaceAttachment { id, filename, size })
            .collect(),
        scoring_open: ws.scoring_open,
    }))
}

/// One of the caller's assignments, with their own sheet.
#[utoipa::path(get, path = "/api/v1/evaluation/assignments/{id}", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, body = WorkspaceView), (status = 404, body = ApiErrorView)))]
#[get("/evaluation/assignments/<id>")]
pub async fn workspace(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: AssignmentId,
) -> ApiResult<Json<WorkspaceView>> {
    workspace_view(app, &who, lang, id).await
}

/// Saves or submits the caller's sheet for an assignment.
#[utoipa::path(put, path = "/api/v1/evaluation/assignments/{id}/sheet", tag = "evaluation", security(("bearer" = [])), request_body = SheetBody,
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, body = WorkspaceView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/evaluation/assignments/<id>/sheet", data = "<body>")]
pub async fn save_sheet(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: AssignmentId,
    body: Body<SheetBody>,
) -> ApiResult<Json<WorkspaceView>> {
    let body = body.into_inner()?;
    let input = SheetInput {
        points: body
            .points
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect(),
        approve: match body.approve {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        comment: body.comment.clone(),
        version: body.version,
    };
    evaluation::save_sheet(
        &app.db,
        &who.0,
        id.0,
        &input,
        body.submit,
        lang,
        app.config.today(),
    )
    .await?;
    workspace_view(app, &who, lang, id).await
}

/// The office assigns a panel's eligible nominations automatically.
#[utoipa::path(post, path = "/api/v1/evaluation/panels/{id}/assign", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Panel id")),
    responses((status = 200, body = AssignReport), (status = 403, body = ApiErrorView)))]
#[post("/evaluation/panels/<id>/assign")]
pub async fn assign(app: &State<App>, who: ApiActor, id: PanelId) -> ApiResult<Json<AssignReport>> {
    Ok(Json(evaluation::auto_assign(&app.db, &who.0, id.0).await?))
}

/// One row of a ranking.
#[derive(Serialize, ToSchema)]
pub struct RankingRowView {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Nominee.
    pub nominee_name: String,
    /// Rank (ties share one); none while incomplete.
    pub rank: Option<usize>,
    /// Whether the rank is shared.
    pub tied: bool,
    /// The score the rank is by (the blend, where the category weighs the public vote in);
    /// none while incomplete.
    pub score: Option<f64>,
    /// The experts' aggregate; none while incomplete.
    pub expert_score: Option<f64>,
    /// Counted public votes, when the campaign has a public vote.
    pub votes: Option<i64>,
    /// The experts' part on 0–100, where the vote is blended in.
    pub expert_part: Option<f64>,
    /// The vote's part on 0–100, where the vote is blended in.
    pub vote_part: Option<f64>,
    /// Submitted sheets.
    pub submitted: usize,
    /// Assigned reviewers.
    pub expected: usize,
    /// Approvals.
    pub approvals: usize,
}

/// A category's ranking (office only).
#[utoipa::path(get, path = "/api/v1/evaluation/categories/{id}/ranking", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Category id")),
    responses((status = 200, body = [RankingRowView]), (status = 403, body = ApiErrorView)))]
#[get("/evaluation/categories/<id>/ranking")]
pub async fn ranking(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CategoryId,
) -> ApiResult<Json<Vec<RankingRowView>>> {
    let (_, _, rows) = evaluation::ranking(&app.db, &who.0, id.0, lang).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| RankingRowView {
                nomination_id: r.nomination_id,
                nominee_name: r.nominee_name,
                rank: r.rank,
                tied: r.tied,
                score: r.score_value,
                expert_score: r.expert_score.as_deref().and_then(|s| s.parse().ok()),
                votes: r.votes,
                expert_part: r.expert_part.as_deref().and_then(|s| s.parse().ok()),
                vote_part: r.vote_part.as_deref().and_then(|s| s.parse().ok()),
                submitted: r.submitted,
                expected: r.expected,
                approvals: r.approvals,
            })
            .collect(),
    ))
}

/// The shortlist the office fixes for a category.
#[derive(Deserialize, ToSchema)]
pub struct ShortlistBody {
    /// The chosen nominations.
    pub nominations: Vec<Uuid>,
    /// Required when the choice leaves the ranking's order.
    #[serde(default)]
    pub rationale: String,
}

/// The office fixes a category's shortlist.
#[utoipa::path(post, path = "/api/v1/evaluation/categories/{id}/shortlist", tag = "evaluation", security(("bearer" = [])), request_body = ShortlistBody,
    params(("id" = Uuid, Path, description = "Category id")),
    responses((status = 200, body = [Uuid]), (status = 422, body = ApiErrorView)))]
#[post("/evaluation/categories/<id>/shortlist", data = "<body>")]
pub async fn shortlist(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CategoryId,
    body: Body<ShortlistBody>,
) -> ApiResult<Json<Vec<Uuid>>> {
    let body = body.into_inner()?;
    evaluation::fix_shortlist(
        &app.db,
        &who.0,
        id.0,
        &body.nominations,
        &body.rationale,
        lang,
    )
    .await?;
    Ok(Json(evaluation::shortlist_of(&app.db, id.0).await?))
}

/// An attachment of the nomination the caller is assigned to score.
#[utoipa::path(get, path = "/api/v1/evaluation/assignments/{id}/attachments/{attachment}", operation_id = "evaluation_attachment", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Assignment id"), ("attachment" = Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ApiErrorView)))]
#[get("/evaluation/assignments/<id>/attachments/<attachment>")]
pub async fn attachment(
    app: &State<App>,
    who: ApiActor,
    id: AssignmentId,
    attachment: AttachmentId,
) -> ApiResult<Download> {
    let (found, bytes) = evaluation::assigned_attachment(app, &who.0, id.0, attachment).await?;
    Ok(Download::named(&found.filename, &found.content_type, bytes))
}

/// A category's ranking as `csv` or `xlsx`, as the office files it (the office only).
#[utoipa::path(get, path = "/api/v1/evaluation/categories/{id}/ranking/export", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Category id"), ("format" = String, Query, description = "`csv` or `xlsx`")),
    responses((status = 200, description = "The file", content_type = "text/csv"), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/evaluation/categories/<id>/ranking/export?<format>")]
pub async fn ranking_export(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CategoryId,
    format: &str,
) -> ApiResult<Export> {
    let table = evaluation::ranking_table(&app.db, &who.0, id.0, lang).await?;
    Ok(export(&table, format)?)
}

/// A category's score sheets, reviewer by reviewer, as `csv` or `xlsx` (the office only).
#[utoipa::path(get, path = "/api/v1/evaluation/categories/{id}/scoresheet/export", tag = "evaluation", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Category id"), ("format" = String, Query, description = "`csv` or `xlsx`")),
    responses((status = 200, description = "The file", content_type = "text/csv"), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/evaluation/categories/<id>/scoresheet/export?<format>")]
pub async fn scoresheet_export(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CategoryId,
    format: &str,
) -> ApiResult<Export> {
    let table = evaluation::scoresheet_table(&app.db, &who.0, id.0, lang).await?;
    Ok(export(&table, format)?)
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        mine,
        workspace,
        save_sheet,
        assign,
        ranking,
        shortlist,
        attachment,
        ranking_export,
        scoresheet_export
    ]
}
