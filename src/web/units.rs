//! The office manages the unit tree.

use std::collections::HashMap;

use rocket::{Route, State, delete, form::Form, get, post, routes};
use serde::Serialize;

use crate::domain::units::Unit;
use crate::{
    App,
    domain::{
        ids::UnitId,
        units::{self, UnitInput},
    },
    error::{AppError, AppResult},
    web::{
        guards::Admin,
        page::{Page, Reply, render},
    },
};

#[derive(Serialize)]
struct UnitsPage {
    #[serde(flatten)]
    page: Page,
    units: Vec<Unit>,
    form: UnitInput,
    errors: HashMap<String, String>,
}

#[derive(Serialize)]
struct UnitPage {
    #[serde(flatten)]
    page: Page,
    unit: Unit,
    form: UnitInput,
    errors: HashMap<String, String>,
}

async fn index_page(
    app: &App,
    page: Page,
    form: UnitInput,
    errors: HashMap<String, String>,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let units = units::list_all(&app.db).await?;
    render(
        "units/index",
        &UnitsPage {
            page,
            units,
            form,
            errors,
        },
    )
}

#[get("/")]
async fn index(app: &State<App>, page: Page, _admin: Admin) -> AppResult<Reply> {
    Ok(Reply::Page(
        index_page(app, page, UnitInput::default(), HashMap::new()).await?,
    ))
}

#[post("/", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    admin: Admin,
    form: Form<UnitInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match units::create_unit(&app.db, &admin.0, &input).await {
        Ok(_) => Ok(Reply::done("/units".into(), "flash-saved")),
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(index_page(app, page, input, errors).await?))
        }
        Err(other) => Err(other),
    }
}

#[get("/<id>")]
async fn edit(app: &State<App>, page: Page, admin: Admin, id: UnitId) -> AppResult<Reply> {
    let unit = units::get_in_reach(&app.db, &admin.0, id).await?;
    let form = UnitInput {
        name: unit.name.clone(),
        ..UnitInput::default()
    };
    Ok(Reply::Page(render(
        "units/edit",
        &UnitPage {
            page,
            unit,
            form,
            errors: HashMap::new(),
        },
    )?))
}

#[post("/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: UnitId,
    form: Form<UnitInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match units::rename_unit(&app.db, &admin.0, id, &input).await {
        Ok(_) => Ok(Reply::done("/units".into(), "flash-saved")),
        Err(AppError::Invalid(errors)) => {
            let unit = units::get_in_reach(&app.db, &admin.0, id).await?;
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "units/edit",
                &UnitPage {
                    page,
                    unit,
                    form: input,
                    errors,
                },
            )?))
        }
        Err(other) => Err(other),
    }
}

#[delete("/<id>")]
async fn remove(app: &State<App>, admin: Admin, id: UnitId) -> AppResult<Reply> {
    units::delete_unit(&app.db, &admin.0, id).await?;
    Ok(Reply::done("/units".into(), "flash-deleted"))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, create, edit, update, remove]
}
