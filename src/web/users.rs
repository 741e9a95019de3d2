//! The office manages users.

use rocket::{Route, State, form::Form, get, post, routes};
use serde::Serialize;

use crate::domain::units::Unit;
use crate::{
    App,
    domain::{
        accounts::{self, UserInput},
        ids::UserId,
        units,
    },
    error::AppResult,
    web::{
        guards::Admin,
        page::{Messages, Page, Reply, form_reply, render},
    },
};

#[derive(Serialize)]
struct UsersPage {
    #[serde(flatten)]
    page: Page,
    users: Vec<accounts::UserRow>,
}

#[derive(Serialize)]
struct UserFormPage {
    #[serde(flatten)]
    page: Page,
    id: Option<uuid::Uuid>,
    form: UserInput,
    units: Vec<Unit>,
    errors: Messages,
}

#[get("/")]
async fn index(app: &State<App>, page: Page, admin: Admin) -> AppResult<Reply> {
    let users = accounts::user_rows(&app.db, &admin.0).await?;
    Ok(Reply::Page(render(
        "users/index",
        &UsersPage { page, users },
    )?))
}

async fn form_page(
    app: &App,
    page: Page,
    id: Option<uuid::Uuid>,
    mut form: UserInput,
    errors: Messages,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    form.password.clear();
    let units = units::list_all(&app.db).await?;
    render(
        "users/form",
        &UserFormPage {
            page,
            id,
            form,
            units,
            errors,
        },
    )
}

#[get("/new")]
async fn new(app: &State<App>, page: Page, _admin: Admin) -> AppResult<Reply> {
    let form = UserInput {
        role: "recommender".into(),
        active: true,
        ..UserInput::default()
    };
    Ok(Reply::Page(
        form_page(app, page, None, form, Messages::new()).await?,
    ))
}

#[post("/", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    admin: Admin,
    form: Form<UserInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = accounts::create_user(&app.db, &app.config, &admin.0, &input).await;
    form_reply(
        result,
        page,
        |_| Reply::done("/users".into(), "flash-saved"),
        |page, errors| form_page(app, page, None, input, errors),
    )
    .await
}

#[get("/<id>")]
async fn edit(app: &State<App>, page: Page, admin: Admin, id: UserId) -> AppResult<Reply> {
    let user = accounts::get_user(&app.db, &admin.0, id).await?;
    let form = UserInput {
        username: user.username,
        display_name: user.display_name,
        role: crate::domain::name_of(&user.role),
        unit_id: user.unit_id.to_string(),
        password: String::new(),
        active: user.active,
        service: user.service,
    };
    Ok(Reply::Page(
        form_page(app, page, Some(id.0), form, Messages::new()).await?,
    ))
}

#[post("/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: UserId,
    form: Form<UserInput>,
) -> AppResult<Reply> {
    let mut input = form.into_inner();
    let result = accounts::update_user(&app.db, &app.config, &admin.0, id, &input).await;
    form_reply(
        result,
        page,
        |_| Reply::done("/users".into(), "flash-saved"),
        |page, errors| async move {
            // The username is not changed here; the form shows it as it is.
            input.username = accounts::get_user(&app.db, &admin.0, id).await?.username;
            form_page(app, page, Some(id.0), input, errors).await
        },
    )
    .await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, new, create, edit, update]
}
