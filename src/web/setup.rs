//! First-run setup: while no user exists, `/setup` creates the office admin (and the root
//! unit). Once one exists the page is gone (404).

use rocket::{Route, State, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::http::ClientIp;
use crate::{
    App,
    domain::accounts::{self, SetupInput},
    error::{AppError, AppResult},
    web::page::{Messages, Page, Reply, form_reply, render},
};

#[derive(Serialize)]
struct SetupPage {
    #[serde(flatten)]
    page: Page,
    form: SetupInput,
    errors: Messages,
}

#[get("/setup")]
async fn show(app: &State<App>, page: Page) -> AppResult<RawHtml<String>> {
    if !accounts::needs_setup(&app.db).await? {
        return Err(AppError::NotFound);
    }
    render(
        "setup/index",
        &SetupPage {
            page,
            form: SetupInput::default(),
            errors: Default::default(),
        },
    )
}

#[post("/setup", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    ip: ClientIp,
    form: Form<SetupInput>,
) -> AppResult<Reply> {
    let mut input = form.into_inner();
    let result = accounts::setup(&app.db, &app.config, &input, ip.0).await;
    form_reply(
        result,
        page,
        |_| Reply::done("/login".into(), "flash-setup-done"),
        |page, errors| async move {
            input.password.clear();
            let form = input;
            render("setup/index", &SetupPage { page, form, errors })
        },
    )
    .await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![show, create]
}
