//! Sign-in, sign-out, and the signed-in user's start page.

use rocket::{
    Request, Route, State,
    form::Form,
    get,
    http::CookieJar,
    post,
    response::{Flash, Redirect},
    routes,
};
use serde::Serialize;

use crate::http::ClientIp;
use crate::{
    App,
    domain::{accounts, actor::Actor, todo},
    error::{AppError, AppResult},
    web::{
        csrf,
        guards::{self, SESSION_COOKIE},
        home::local_next,
        page::{Messages, Page, Reply, render},
    },
};

/// Where an unauthenticated request goes: the sign-in page, then back.
#[must_use]
pub fn login_redirect(req: &Request<'_>) -> Redirect {
    let query: String = req
        .uri()
        .to_string()
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Redirect::to(format!("/login?next={query}"))
}

#[derive(Serialize, Default, rocket::FromForm)]
struct LoginForm {
    username: String,
    password: String,
    next: String,
}

#[derive(Serialize)]
struct LoginPage {
    #[serde(flatten)]
    page: Page,
    form: LoginForm,
    errors: Messages,
}

#[get("/login?<next>")]
async fn login(app: &State<App>, page: Page, next: Option<String>) -> AppResult<Reply> {
    if accounts::needs_setup(&app.db).await? {
        return Ok(Reply::done("/setup".into(), "flash-setup-needed"));
    }
    let form = LoginForm {
        next: next.unwrap_or_default(),
        ..LoginForm::default()
    };
    Ok(Reply::Page(render(
        "session/login",
        &LoginPage {
            page,
            form,
            errors: Default::default(),
        },
    )?))
}

#[post("/login", data = "<form>")]
async fn sign_in(
    app: &State<App>,
    page: Page,
    ip: ClientIp,
    cookies: &CookieJar<'_>,
    form: Form<LoginForm>,
) -> AppResult<Reply> {
    let mut form = form.into_inner();
    // Checked before anything is done: a bad return address signs no one in.
    let next = if form.next.is_empty() {
        "/dashboard".to_owned()
    } else {
        local_next(&form.next)?
    };
    match accounts::sign_in(&app.db, &app.config, &form.username, &form.password, ip.0).await {
        Ok(session) => {
            cookies.add_private(guards::cookie(app, SESSION_COOKIE, session.token));
            // A new session gets a new CSRF seed: a token seen before sign-in is worthless after.
            csrf::renew(cookies, app.config.secure_cookies);
            Ok(Reply::done(next, "flash-signed-in"))
        }
        Err(AppError::Invalid(errors)) => {
            form.password.clear();
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "session/login",
                &LoginPage { page, form, errors },
            )?))
        }
        Err(AppError::TooManyRequests) => {
            form.password.clear();
            let mut errors = Messages::new();
            errors.insert("password".to_owned(), page.t("error-too-many-requests"));
            let html = render("session/login", &LoginPage { page, form, errors })?;
            Ok(Reply::Invalid((
                rocket::http::Status::TooManyRequests,
                html,
            )))
        }
        Err(other) => Err(other),
    }
}

#[post("/logout")]
async fn sign_out(
    app: &State<App>,
    actor: Option<Actor>,
    cookies: &CookieJar<'_>,
) -> AppResult<Flash<Redirect>> {
    if let (Some(actor), Some(token)) = (actor, cookies.get_private(SESSION_COOKIE)) {
        accounts::sign_out(&app.db, token.value(), &actor).await?;
    }
    cookies.remove_private(SESSION_COOKIE);
    csrf::renew(cookies, app.config.secure_cookies);
    Ok(Flash::success(Redirect::to("/"), "flash-signed-out"))
}

#[derive(Serialize)]
struct DashboardPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    home: todo::Home,
}

#[get("/dashboard")]
async fn dashboard(
    app: &State<App>,
    page: Page,
    actor: Actor,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let home = todo::home(&app.db, &actor, app.config.today()).await?;
    render("session/dashboard", &DashboardPage { page, home })
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![login, sign_in, sign_out, dashboard]
}
