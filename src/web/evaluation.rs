//! Expert evaluation pages: the office forms panels, edits rubrics and assigns reviewers; a
//! reviewer sees their assignments and may recuse.

use rocket::{Route, State, delete, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        actor::Actor,
        evaluation::{self, CriterionInput, PanelInput},
        ids::{
            AssignmentId, AttachmentId, CampaignId, CategoryId, NominationId, PanelId, SheetId,
            UserId,
        },
    },
    error::{AppError, AppResult},
    web::{
        guards::Admin,
        page::{Export, Messages, Page, Reply, export, form_reply, render},
    },
};

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: evaluation::Overview,
    form: PanelInput,
    errors: Messages,
}

async fn index_page(
    app: &App,
    page: Page,
    admin: &Actor,
    campaign: Option<CampaignId>,
    form: PanelInput,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let view = evaluation::overview(&app.db, admin, campaign, app.config.today()).await?;
    let context = IndexPage {
        page,
        view,
        form,
        errors,
    };
    render("evaluation/index", &context)
}

#[get("/?<campaign>")]
async fn index(
    app: &State<App>,
    page: Page,
    admin: Admin,
    campaign: Option<CampaignId>,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        index_page(
            app,
            page,
            &admin.0,
            campaign,
            PanelInput::default(),
            Messages::new(),
        )
        .await?,
    ))
}

#[post("/panels?<campaign>", data = "<form>")]
async fn create_panel(
    app: &State<App>,
    page: Page,
    admin: Admin,
    campaign: CampaignId,
    form: Form<PanelInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = evaluation::create_panel(&app.db, &admin.0, campaign, &input).await;
    form_reply(
        result,
        page,
        |created| Reply::done(format!("/evaluation/panels/{}", created.id), "flash-saved"),
        |page, errors| index_page(app, page, &admin.0, Some(campaign), input, errors),
    )
    .await
}

#[derive(Serialize)]
struct PanelPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    board: evaluation::PanelBoard,
    report: Option<evaluation::AssignReport>,
    alert: Option<String>,
}

async fn panel_page(
    app: &App,
    page: Page,
    admin: &Actor,
    id: PanelId,
    report: Option<evaluation::AssignReport>,
    alert: Option<String>,
) -> AppResult<RawHtml<String>> {
    let (lang, today) = (page.language(), app.config.today());
    let board = evaluation::panel_board(&app.db, admin, id.0, lang, today).await?;
    let context = PanelPage {
        page,
        board,
        report,
        alert,
    };
    render("evaluation/panel", &context)
}

#[get("/panels/<id>")]
async fn panel(app: &State<App>, page: Page, admin: Admin, id: PanelId) -> AppResult<Reply> {
    Ok(Reply::Page(
        panel_page(app, page, &admin.0, id, None, None).await?,
    ))
}

/// The report of what was assigned is shown at once, on the panel page itself.
#[post("/panels/<id>/assign")]
async fn assign(app: &State<App>, page: Page, admin: Admin, id: PanelId) -> AppResult<Reply> {
    let report = evaluation::auto_assign(&app.db, &admin.0, id.0).await?;
    Ok(Reply::Page(
        panel_page(app, page, &admin.0, id, Some(report), None).await?,
    ))
}

#[derive(rocket::FromForm)]
struct ManualForm {
    nomination_id: NominationId,
    reviewer_id: UserId,
}

#[post("/panels/<id>/assignments", data = "<form>")]
async fn assign_by_hand(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: PanelId,
    form: Form<ManualForm>,
) -> AppResult<Reply> {
    match evaluation::assign_by_hand(
        &app.db,
        &admin.0,
        id.0,
        form.nomination_id.0,
        form.reviewer_id.0,
    )
    .await
    {
        Ok(_) => Ok(Reply::done(
            format!("/evaluation/panels/{id}"),
            "flash-saved",
        )),
        Err(refused @ AppError::Refused(..)) => {
            let alert = refused.message(page.language());
            let html = panel_page(app, page, &admin.0, id, None, Some(alert)).await?;
            Ok(Reply::Invalid((rocket::http::Status::Conflict, html)))
        }
        Err(other) => Err(other),
    }
}

#[delete("/assignments/<id>?<panel>")]
async fn unassign(
    app: &State<App>,
    admin: Admin,
    id: AssignmentId,
    panel: PanelId,
) -> AppResult<Reply> {
    evaluation::unassign(&app.db, &admin.0, id.0).await?;
    Ok(Reply::done(
        format!("/evaluation/panels/{panel}"),
        "flash-deleted",
    ))
}

#[derive(rocket::FromForm)]
struct RubricForm {
    criteria: Vec<CriterionInput>,
}

#[post("/categories/<id>/rubric?<panel>", data = "<form>")]
async fn rubric(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CategoryId,
    panel: PanelId,
    form: Form<RubricForm>,
) -> AppResult<Reply> {
    match evaluation::set_rubric(&app.db, &admin.0, id.0, &form.criteria).await {
        Ok(_) => Ok(Reply::done(
            format!("/evaluation/panels/{panel}"),
            "flash-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let alert = errors.0.first().map(|e| page.t(e.key));
            let html = panel_page(app, page, &admin.0, panel, None, alert).await?;
            Ok(Reply::invalid(html))
        }
        Err(refused @ AppError::Refused(..)) => {
            let alert = Some(refused.message(page.language()));
            let html = panel_page(app, page, &admin.0, panel, None, alert).await?;
            Ok(Reply::Invalid((rocket::http::Status::Conflict, html)))
        }
        Err(other) => Err(other),
    }
}

#[derive(Serialize)]
struct MinePage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    work: evaluation::MyWork,
}

#[get("/mine")]
async fn mine(app: &State<App>, page: Page, actor: Actor) -> AppResult<Reply> {
    let work = evaluation::my_work(&app.db, &actor).await?;
    Ok(Reply::Page(render(
        "evaluation/mine",
        &MinePage { page, work },
    )?))
}

#[derive(rocket::FromForm)]
struct RecuseForm {
    #[field(default = String::new())]
    reason: String,
}

#[post("/assignments/<id>/recuse", data = "<form>")]
async fn recuse(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: AssignmentId,
    form: Form<RecuseForm>,
) -> AppResult<Reply> {
    match evaluation::recuse(&app.db, &actor, id.0, &form.reason).await {
        Ok(_) => Ok(Reply::done("/evaluation/mine".into(), "flash-recused")),
        // The reason is asked for on the assignment's page: it comes back there, at its field.
        Err(AppError::Invalid(errors)) => {
            let ws =
                evaluation::workspace(&app.db, &actor, id.0, page.language(), app.config.today())
                    .await?;
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "evaluation/workspace",
                &WorkspacePage {
                    page,
                    ws,
                    form: None,
                    errors,
                    alert: None,
                    recuse_reason: form.reason.clone(),
                },
            )?))
        }
        Err(other) => Err(other),
    }
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    let mut all = routes![
        index,
        create_panel,
        panel,
        assign,
        assign_by_hand,
        unassign,
        rubric,
        mine,
        recuse
    ];
    all.extend(scoring_routes());
    all
}

#[derive(Serialize)]
struct WorkspacePage {
    #[serde(flatten)]
    page: Page,
    ws: evaluation::Workspace,
    form: Option<evaluation::SheetInput>,
    errors: Messages,
    alert: Option<String>,
    /// The recusal reason as typed, when it came back.
    recuse_reason: String,
}

#[get("/assignments/<id>")]
async fn workspace(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: AssignmentId,
) -> AppResult<Reply> {
    let ws =
        evaluation::workspace(&app.db, &actor, id.0, page.language(), app.config.today()).await?;
    Ok(Reply::Page(render(
        "evaluation/workspace",
        &WorkspacePage {
            page,
            ws,
            form: None,
            errors: Messages::new(),
            alert: None,
            recuse_reason: String::new(),
        },
    )?))
}

#[derive(rocket::FromForm)]
struct ScoreForm {
    sheet: evaluation::SheetInput,
    #[field(default = String::new())]
    action: String,
}

/// Saves a draft or submits. Bad points come back at their fields; a locked or stale sheet
/// comes back with the message and the points the reviewer typed.
#[post("/assignments/<id>/score", data = "<form>")]
async fn score(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: AssignmentId,
    form: Form<ScoreForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let submit = form.action == "submit";
    let (status, errors, alert) = match evaluation::save_sheet(
        &app.db,
        &actor,
        id.0,
        &form.sheet,
        submit,
        page.language(),
        app.config.today(),
    )
    .await
    {
        Ok(_) => {
            let key = if submit {
                "flash-score-submitted"
            } else {
                "flash-draft-saved"
            };
            return Ok(Reply::done(format!("/evaluation/assignments/{id}"), key));
        }
        Err(AppError::Invalid(errors)) => (
            rocket::http::Status::UnprocessableEntity,
            page.messages(&errors),
            None,
        ),
        Err(refused @ (AppError::Stale | AppError::Refused(..))) => (
            rocket::http::Status::Conflict,
            Messages::new(),
            Some(refused.message(page.language())),
        ),
        Err(other) => return Err(other),
    };
    let ws =
        evaluation::workspace(&app.db, &actor, id.0, page.language(), app.config.today()).await?;
    let html = render(
        "evaluation/workspace",
        &WorkspacePage {
            page,
            ws,
            form: Some(form.sheet),
            errors,
            alert,
            recuse_reason: String::new(),
        },
    )?;
    Ok(Reply::Invalid((status, html)))
}

#[derive(rocket::FromForm)]
struct ReopenForm {
    #[field(default = String::new())]
    reason: String,
}

#[post("/sheets/<id>/reopen?<panel>", data = "<form>")]
async fn reopen(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: SheetId,
    panel: PanelId,
    form: Form<ReopenForm>,
) -> AppResult<Reply> {
    match evaluation::reopen_sheet(&app.db, &admin.0, id.0, &form.reason).await {
        Ok(()) => Ok(Reply::done(
            format!("/evaluation/panels/{panel}"),
            "flash-sheet-reopened",
        )),
        Err(AppError::Invalid(_)) => {
            let alert = Some(page.t("error-reason-required"));
            Ok(Reply::invalid(
                panel_page(app, page, &admin.0, panel, None, alert).await?,
            ))
        }
        Err(other) => Err(other),
    }
}

#[derive(Serialize)]
struct RankingPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: evaluation::RankingView,
    rationale: String,
    errors: Messages,
}

async fn ranking_page(
    app: &App,
    page: Page,
    admin: &Actor,
    id: CategoryId,
    ticked: Option<Vec<uuid::Uuid>>,
    rationale: String,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let (lang, today) = (page.language(), app.config.today());
    let view = evaluation::ranking_view(&app.db, admin, id.0, ticked, lang, today).await?;
    let context = RankingPage {
        page,
        view,
        rationale,
        errors,
    };
    render("evaluation/ranking", &context)
}

#[get("/categories/<id>/ranking")]
async fn ranking(app: &State<App>, page: Page, admin: Admin, id: CategoryId) -> AppResult<Reply> {
    Ok(Reply::Page(
        ranking_page(
            app,
            page,
            &admin.0,
            id,
            None,
            String::new(),
            Messages::new(),
        )
        .await?,
    ))
}

#[derive(rocket::FromForm)]
struct ShortlistForm {
    nominations: Vec<String>,
    #[field(default = String::new())]
    rationale: String,
}

#[post("/categories/<id>/shortlist", data = "<form>")]
async fn shortlist(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CategoryId,
    form: Form<ShortlistForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let chosen: Vec<uuid::Uuid> = form
        .nominations
        .iter()
        .filter_map(|v| uuid::Uuid::try_parse(v).ok())
        .collect();
    let result = evaluation::fix_shortlist(
        &app.db,
        &admin.0,
        id.0,
        &chosen,
        &form.rationale,
        page.language(),
    )
    .await;
    form_reply(
        result,
        page,
        |()| {
            Reply::done(
                format!("/evaluation/categories/{id}/ranking"),
                "flash-shortlist-fixed",
            )
        },
        |page, errors| {
            ranking_page(
                app,
                page,
                &admin.0,
                id,
                Some(chosen),
                form.rationale,
                errors,
            )
        },
    )
    .await
}

#[get("/categories/<id>/ranking/export?<format>")]
async fn ranking_export(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CategoryId,
    format: &str,
) -> AppResult<Export> {
    let table = evaluation::ranking_table(&app.db, &admin.0, id.0, page.language()).await?;
    export(&table, format)
}

#[get("/categories/<id>/scoresheet/export?<format>")]
async fn scoresheet_export(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CategoryId,
    format: &str,
) -> AppResult<Export> {
    let table = evaluation::scoresheet_table(&app.db, &admin.0, id.0, page.language()).await?;
    export(&table, format)
}

#[get("/assignments/<id>/attachments/<attachment>")]
async fn attachment(
    app: &State<App>,
    actor: Actor,
    id: AssignmentId,
    attachment: AttachmentId,
) -> AppResult<crate::http::Download> {
    let (found, bytes) = evaluation::assigned_attachment(app, &actor, id.0, attachment).await?;
    Ok(crate::http::Download::named(
        &found.filename,
        &found.content_type,
        bytes,
    ))
}

/// Scoring routes (joined to [`routes`]).
#[must_use]
pub fn scoring_routes() -> Vec<Route> {
    routes![
        workspace,
        score,
        reopen,
        ranking,
        shortlist,
        ranking_export,
        scoresheet_export,
        attachment
    ]
}
