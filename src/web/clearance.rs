//! Clearance by other agencies (联审): the office's page of a campaign's clearance (agencies,
//! the candidates × agencies matrix, decisions, the sheets), and the agencies' queues.

use rocket::{Route, State, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        actor::Actor,
        clearance::{
            self, AgencyCampaign, AgencyChoice, AnswerInput, CandidateView, DecisionInput, Matrix,
            Queue,
        },
        ids::{CampaignId, NominationId, UnitId},
    },
    error::AppResult,
    web::{
        guards::Admin,
        page::{Export, Messages, Page, Reply, export, form_reply, render},
    },
};

#[derive(Serialize)]
struct OfficePage {
    #[serde(flatten)]
    page: Page,
    campaign_id: uuid::Uuid,
    title: String,
    matrix: Matrix,
    choices: Vec<AgencyChoice>,
    /// The candidate whose decision form is shown again, with what was typed.
    retry: Option<uuid::Uuid>,
    form: DecisionInput,
    errors: Messages,
}

#[derive(rocket::FromForm)]
struct AgenciesForm {
    agencies: Vec<String>,
}

async fn office_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    retry: Option<(uuid::Uuid, DecisionInput)>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let (campaign, matrix) = clearance::matrix(&app.db, &admin.0, id.0).await?;
    let named: Vec<uuid::Uuid> = matrix.agencies.iter().map(|a| a.id).collect();
    let choices = clearance::all_agencies(&app.db)
        .await?
        .into_iter()
        .map(|unit| AgencyChoice {
            named: named.contains(&unit.id),
            unit,
        })
        .collect();
    let (retry, form) = match retry {
        Some((nomination, form)) => (Some(nomination), form),
        None => (None, DecisionInput::default()),
    };
    render(
        "clearance/office",
        &OfficePage {
            page,
            campaign_id: campaign.id,
            title: campaign.title,
            matrix,
            choices,
            retry,
            form,
            errors,
        },
    )
}

#[get("/<id>/clearance")]
async fn office(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    Ok(Reply::Page(
        office_page(app, page, &admin, id, None, Messages::new()).await?,
    ))
}

#[post("/<id>/clearance/agencies", data = "<form>")]
async fn set_agencies(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<AgenciesForm>,
) -> AppResult<Reply> {
    let ids: Vec<uuid::Uuid> = form
        .agencies
        .iter()
        .filter_map(|text| uuid::Uuid::try_parse(text.trim()).ok())
        .collect();
    let result = clearance::set_agencies(&app.db, &admin.0, id.0, &ids).await;
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/campaigns/{id}/clearance"), "flash-saved"),
        |page, errors| office_page(app, page, &admin, id, None, errors),
    )
    .await
}

#[post("/<id>/clearance/<nomination>/decision", data = "<form>")]
async fn decide(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    nomination: NominationId,
    form: Form<DecisionInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = clearance::decide(&app.db, &admin.0, id.0, nomination.0, &input).await;
    form_reply(
        result,
        page,
        |_| {
            Reply::done(
                format!("/campaigns/{id}/clearance"),
                "flash-clearance-decided",
            )
        },
        |page, errors| office_page(app, page, &admin, id, Some((nomination.0, input)), errors),
    )
    .await
}

#[get("/<id>/clearance/summary.xlsx")]
async fn summary(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Export> {
    let table = clearance::sheets::summary(app, &admin.0, id.0, page.language()).await?;
    export(&table, "xlsx")
}

/// One agency's clearance sheet: the office for any named agency, an agency for its own.
#[get("/<id>/clearance/sheets/<agency>")]
async fn sheet(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: CampaignId,
    agency: UnitId,
) -> AppResult<Export> {
    let table =
        clearance::sheets::agency_sheet(app, &actor, id.0, agency.0, page.language()).await?;
    export(&table, "xlsx")
}

/// The office's routes, mounted under `/campaigns`.
#[must_use]
pub fn office_routes() -> Vec<Route> {
    routes![office, set_agencies, decide, summary, sheet]
}

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    page: Page,
    campaigns: Vec<AgencyCampaign>,
}

#[derive(Serialize)]
struct QueuePage {
    #[serde(flatten)]
    page: Page,
    queue: Queue,
    agency_id: uuid::Uuid,
}

#[derive(Serialize)]
struct CandidatePage {
    #[serde(flatten)]
    page: Page,
    candidate: CandidateView,
    form: AnswerInput,
    errors: Messages,
}

#[get("/")]
async fn index(app: &State<App>, page: Page, actor: Actor) -> AppResult<Reply> {
    let campaigns = clearance::my_campaigns(&app.db, &actor).await?;
    Ok(Reply::Page(render(
        "clearance/index",
        &IndexPage { page, campaigns },
    )?))
}

#[get("/<id>")]
async fn queue(app: &State<App>, page: Page, actor: Actor, id: CampaignId) -> AppResult<Reply> {
    let queue = clearance::queue(app, &actor, id.0, app.config.today()).await?;
    Ok(Reply::Page(render(
        "clearance/queue",
        &QueuePage {
            page,
            queue,
            agency_id: actor.unit_id,
        },
    )?))
}

async fn candidate_page(
    app: &App,
    page: Page,
    actor: &Actor,
    id: CampaignId,
    nomination: NominationId,
    form: Option<AnswerInput>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let candidate =
        clearance::candidate(app, actor, id.0, nomination.0, app.config.today()).await?;
    let form = form.unwrap_or_else(|| AnswerInput {
        opinion: candidate
            .opinion
            .map(|o| crate::domain::name_of(&o))
            .unwrap_or_default(),
        reason: candidate.reason.clone().unwrap_or_default(),
    });
    render(
        "clearance/candidate",
        &CandidatePage {
            page,
            candidate,
            form,
            errors,
        },
    )
}

#[get("/<id>/<nomination>")]
async fn candidate(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: CampaignId,
    nomination: NominationId,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        candidate_page(app, page, &actor, id, nomination, None, Messages::new()).await?,
    ))
}

#[post("/<id>/<nomination>", data = "<form>")]
async fn answer(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: CampaignId,
    nomination: NominationId,
    form: Form<AnswerInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = clearance::answer(
        &app.db,
        &actor,
        id.0,
        nomination.0,
        &input,
        app.config.today(),
    )
    .await;
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/clearance/{id}"), "flash-clearance-answered"),
        |page, errors| candidate_page(app, page, &actor, id, nomination, Some(input), errors),
    )
    .await
}

/// The agencies' routes, mounted under `/clearance`.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, queue, candidate, answer]
}
