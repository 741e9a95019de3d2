//! The office manages the unit tree.

use rocket::{Route, State, delete, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::domain::units::Unit;
use crate::{
    App,
    domain::{
        ids::UnitId,
        units::{self, UnitInput},
    },
    error::AppResult,
    web::{
        guards::Admin,
        page::{Messages, Page, Reply, form_reply, render},
    },
};

#[derive(Serialize)]
struct UnitsPage {
    #[serde(flatten)]
    page: Page,
    units: Vec<Unit>,
    /// The kinds the office may add (cities only under a province).
    kinds: Vec<&'static str>,
    form: UnitInput,
    errors: Messages,
}

#[derive(Serialize)]
struct UnitPage {
    #[serde(flatten)]
    page: Page,
    unit: Unit,
    /// Where it may move: units outside it that may hold its kind.
    parents: Vec<Unit>,
    form: UnitInput,
    errors: Messages,
}

async fn index_page(
    app: &App,
    page: Page,
    form: UnitInput,
    errors: Messages,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let units = units::list_all(&app.db).await?;
    let province = units
        .iter()
        .any(|u| u.parent_id.is_none() && u.kind == units::UnitKind::Province);
    let kinds = [
        "city",
        "district",
        "street",
        "community",
        "department",
        "agency",
    ]
    .into_iter()
    .filter(|kind| province || *kind != "city")
    .collect();
    render(
        "units/index",
        &UnitsPage {
            page,
            units,
            kinds,
            form,
            errors,
        },
    )
}

#[get("/")]
async fn index(app: &State<App>, page: Page, _admin: Admin) -> AppResult<Reply> {
    Ok(Reply::Page(
        index_page(app, page, UnitInput::default(), Messages::new()).await?,
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
    let result = units::create_unit(&app.db, &admin.0, &input).await;
    form_reply(
        result,
        page,
        |_| Reply::done("/units".into(), "flash-saved"),
        |page, errors| index_page(app, page, input, errors),
    )
    .await
}

#[get("/<id>")]
async fn edit(app: &State<App>, page: Page, admin: Admin, id: UnitId) -> AppResult<Reply> {
    let html = edit_page(app, page, &admin, id, None, Messages::new()).await?;
    Ok(Reply::Page(html))
}

/// The unit's form: what was typed, or else its name as it is.
async fn edit_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: UnitId,
    form: Option<UnitInput>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let unit = units::get_in_reach(&app.db, &admin.0, id).await?;
    let parents = units::parents_for(&app.db, &unit).await?;
    let form = form.unwrap_or_else(|| UnitInput {
        name: unit.name.clone(),
        parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        ..UnitInput::default()
    });
    render(
        "units/edit",
        &UnitPage {
            page,
            unit,
            parents,
            form,
            errors,
        },
    )
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
    let result = units::update_unit(&app.db, &admin.0, id, &input).await;
    form_reply(
        result,
        page,
        |_| Reply::done("/units".into(), "flash-saved"),
        |page, errors| edit_page(app, page, &admin, id, Some(input), errors),
    )
    .await
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
