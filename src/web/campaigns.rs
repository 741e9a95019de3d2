//! The office sets up campaigns and opens them for nominations.

use std::collections::HashMap;

use rocket::{Route, State, form::Form, get, post, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        campaigns::{self, CampaignInput},
        ids::CampaignId,
    },
    entity::{
        campaign::{self, CampaignStatus},
        category,
    },
    error::{AppError, AppResult},
    web::{
        guards::Admin,
        page::{Page, Reply, render},
    },
};

#[derive(Serialize)]
struct CampaignsPage {
    #[serde(flatten)]
    page: Page,
    campaigns: Vec<campaign::Model>,
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
    errors: HashMap<String, String>,
}

#[derive(Serialize)]
struct CampaignShowPage {
    #[serde(flatten)]
    page: Page,
    campaign: campaign::Model,
    categories: Vec<category::Model>,
}

#[derive(rocket::FromForm)]
struct VersionForm {
    version: i32,
}

#[get("/")]
async fn index(app: &State<App>, page: Page, admin: Admin) -> AppResult<Reply> {
    let campaigns = campaigns::list_for(&app.db, &admin.0).await?;
    Ok(Reply::Page(render(
        "campaigns/index",
        &CampaignsPage { page, campaigns },
    )?))
}

#[get("/new")]
fn new(app: &State<App>, page: Page, _admin: Admin) -> AppResult<Reply> {
    let form = CampaignInput::blank(page.language(), app.config.today());
    Ok(Reply::Page(render(
        "campaigns/form",
        &CampaignFormPage {
            page,
            id: None,
            form: with_blank_rows(form),
            errors: HashMap::new(),
        },
    )?))
}

#[post("/", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    admin: Admin,
    form: Form<CampaignInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match campaigns::create_campaign(&app.db, &admin.0, &input).await {
        Ok(created) => Ok(Reply::done(
            format!("/campaigns/{}", created.id),
            "flash-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "campaigns/form",
                &CampaignFormPage {
                    page,
                    id: None,
                    form: with_blank_rows(input),
                    errors,
                },
            )?))
        }
        Err(other) => Err(other),
    }
}

#[get("/<id>")]
async fn show(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    let (campaign, categories) = campaigns::get_for(&app.db, &admin.0, id).await?;
    Ok(Reply::Page(render(
        "campaigns/show",
        &CampaignShowPage {
            page,
            campaign,
            categories,
        },
    )?))
}

#[get("/<id>/edit")]
async fn edit(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    let (campaign, categories) = campaigns::get_for(&app.db, &admin.0, id).await?;
    let form = CampaignInput::from_models(&campaign, &categories);
    Ok(Reply::Page(render(
        "campaigns/form",
        &CampaignFormPage {
            page,
            id: Some(id.0),
            form: with_blank_rows(form),
            errors: HashMap::new(),
        },
    )?))
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
    match campaigns::update_campaign(&app.db, &admin.0, id, &input).await {
        Ok(_) => Ok(Reply::done(format!("/campaigns/{id}"), "flash-saved")),
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "campaigns/form",
                &CampaignFormPage {
                    page,
                    id: Some(id.0),
                    form: with_blank_rows(input),
                    errors,
                },
            )?))
        }
        Err(other) => Err(other),
    }
}

#[post("/<id>/open", data = "<form>")]
async fn open(
    app: &State<App>,
    admin: Admin,
    id: CampaignId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    campaigns::change_status(&app.db, &admin.0, id, form.version, CampaignStatus::Open).await?;
    Ok(Reply::done(
        format!("/campaigns/{id}"),
        "flash-campaign-opened",
    ))
}

#[post("/<id>/close", data = "<form>")]
async fn close(
    app: &State<App>,
    admin: Admin,
    id: CampaignId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    campaigns::change_status(&app.db, &admin.0, id, form.version, CampaignStatus::Closed).await?;
    Ok(Reply::done(
        format!("/campaigns/{id}"),
        "flash-campaign-closed",
    ))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, new, create, show, edit, update, open, close]
}
