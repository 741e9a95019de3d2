//! The office sets up campaigns and moves them through their stages.

use rocket::{Route, State, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::{
    App,
    domain::stages,
    domain::{
        campaigns::{self, CampaignInput},
        ids::CampaignId,
        units,
    },
    error::AppResult,
    web::{
        guards::Admin,
        page::{Messages, Page, Reply, form_reply, render},
    },
};

#[derive(Serialize)]
struct CampaignsPage {
    #[serde(flatten)]
    page: Page,
    campaigns: Vec<campaigns::CampaignSummary>,
}

/// Two empty category rows after the filled ones, so the office can add categories without
/// JavaScript (empty rows are ignored when saving).
fn with_blank_rows(mut form: CampaignInput) -> CampaignInput {
    while form
        .categories
        .last()
        .is_some_and(|row| row.id.is_empty() && row.name.trim().is_empty())
    {
        form.categories.pop();
    }
    for _ in 0..2 {
        form.categories.push(campaigns::CategoryInput {
            nominee_kind: "person".into(),
            ..campaigns::CategoryInput::default()
        });
    }
    form
}

#[derive(Serialize)]
struct CampaignFormPage {
    #[serde(flatten)]
    page: Page,
    id: Option<uuid::Uuid>,
    form: CampaignInput,
    errors: Messages,
    /// Whether the root unit is a province: the form then offers the cities as a level.
    province: bool,
}

#[derive(Serialize)]
struct CampaignShowPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    campaign: campaigns::CampaignPage,
    /// The reason typed for going back, and its message, when it is shown again.
    reason: String,
    errors: Messages,
}

#[derive(rocket::FromForm)]
struct VersionForm {
    version: i32,
}

#[derive(rocket::FromForm)]
struct BackForm {
    version: i32,
    #[field(default = String::new())]
    reason: String,
}

#[get("/")]
async fn index(app: &State<App>, page: Page, admin: Admin) -> AppResult<Reply> {
    let campaigns = campaigns::summaries_for(&app.db, &admin.0, app.config.today()).await?;
    Ok(Reply::Page(render(
        "campaigns/index",
        &CampaignsPage { page, campaigns },
    )?))
}

/// A new campaign's form: blank, or a copy of the campaign `from` (last year's).
#[get("/new?<from>")]
async fn new(
    app: &State<App>,
    page: Page,
    admin: Admin,
    from: Option<CampaignId>,
) -> AppResult<Reply> {
    let form = match from {
        Some(from) => campaigns::copy_form(&app.db, &admin.0, from).await?,
        None => CampaignInput::blank(page.language(), app.config.today()),
    };
    Ok(Reply::Page(
        form_page(app, page, None, form, Messages::new()).await?,
    ))
}

/// The campaign's form, with blank rows to add categories and levels.
async fn form_page(
    app: &App,
    page: Page,
    id: Option<uuid::Uuid>,
    form: CampaignInput,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let form = with_blank_rows(form);
    render(
        "campaigns/form",
        &CampaignFormPage {
            page,
            id,
            form,
            errors,
            province: units::is_province(&app.db).await?,
        },
    )
}

#[post("/", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    admin: Admin,
    form: Form<CampaignInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = campaigns::create_campaign(&app.db, &admin.0, &input).await;
    form_reply(
        result,
        page,
        |created| Reply::done(format!("/campaigns/{}", created.id), "flash-saved"),
        |page, errors| form_page(app, page, None, input, errors),
    )
    .await
}

async fn show_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    reason: String,
    errors: Messages,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let campaign = campaigns::page(&app.db, &admin.0, id, app.config.today()).await?;
    render(
        "campaigns/show",
        &CampaignShowPage {
            page,
            campaign,
            reason,
            errors,
        },
    )
}

#[get("/<id>")]
async fn show(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    Ok(Reply::Page(
        show_page(app, page, &admin, id, String::new(), Messages::new()).await?,
    ))
}

/// The next step's confirmation: where the campaign goes and what it leaves open.
#[get("/<id>/advance")]
async fn advance_form(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
) -> AppResult<Reply> {
    let campaign = campaigns::page(&app.db, &admin.0, id, app.config.today()).await?;
    Ok(Reply::Page(render(
        "campaigns/advance",
        &CampaignShowPage {
            page,
            campaign,
            reason: String::new(),
            errors: Messages::new(),
        },
    )?))
}

#[post("/<id>/advance", data = "<form>")]
async fn advance(
    app: &State<App>,
    admin: Admin,
    id: CampaignId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    stages::advance(&app.db, &admin.0, id, form.version).await?;
    Ok(Reply::done(
        format!("/campaigns/{id}"),
        "flash-stage-advanced",
    ))
}

#[post("/<id>/back", data = "<form>")]
async fn back(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<BackForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let result = stages::back(&app.db, &admin.0, id, form.version, &form.reason).await;
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/campaigns/{id}"), "flash-stage-back"),
        |page, errors| show_page(app, page, &admin, id, form.reason, errors),
    )
    .await
}

#[get("/<id>/edit")]
async fn edit(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    let form = campaigns::form_of(&app.db, &admin.0, id).await?;
    Ok(Reply::Page(
        form_page(app, page, Some(id.0), form, Messages::new()).await?,
    ))
}

#[post("/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<CampaignInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result =
        campaigns::update_campaign(&app.db, &admin.0, id, &input, app.config.today()).await;
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/campaigns/{id}"), "flash-saved"),
        |page, errors| form_page(app, page, Some(id.0), input, errors),
    )
    .await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        index,
        new,
        create,
        show,
        advance_form,
        advance,
        back,
        edit,
        update
    ]
}
