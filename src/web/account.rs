//! The signed-in user's own account: API tokens for integrations.

use rocket::{Route, State, delete, form::Form, get, post, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{accounts::tokens, actor::Actor, ids::TokenId},
    error::{AppError, AppResult},
    web::page::{Messages, Page, Reply, render},
};

#[derive(Serialize)]
struct TokensPage {
    #[serde(flatten)]
    page: Page,
    tokens: Vec<tokens::TokenView>,
    /// Everyone's working tokens (the office only).
    all: Vec<tokens::TokenView>,
    /// The lifetimes offered, in days; the last is the default.
    lifetimes: Vec<i64>,
    /// A token just created: shown this once.
    new_token: Option<String>,
    form: TokenForm,
    errors: Messages,
}

async fn tokens_page(
    app: &App,
    page: Page,
    actor: &Actor,
    new_token: Option<String>,
    form: TokenForm,
    errors: Messages,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let tokens = tokens::list_tokens(&app.db, actor).await?;
    let all = if actor.is_admin() {
        tokens::list_live(&app.db, actor).await?
    } else {
        Vec::new()
    };
    render(
        "account/tokens",
        &TokensPage {
            page,
            tokens,
            all,
            lifetimes: tokens::lifetimes(app.config.token_days),
            new_token,
            form,
            errors,
        },
    )
}

#[get("/tokens")]
async fn index(app: &State<App>, page: Page, actor: Actor) -> AppResult<Reply> {
    Ok(Reply::Page(
        tokens_page(
            app,
            page,
            &actor,
            None,
            TokenForm::default(),
            Messages::new(),
        )
        .await?,
    ))
}

#[derive(Default, Serialize, rocket::FromForm)]
struct TokenForm {
    #[field(default = String::new())]
    name: String,
    /// Lifetime in days; blank for the longest allowed.
    #[field(default = String::new())]
    days: String,
}

/// The new token is shown in the response to the POST itself, never stored or redirected with.
#[post("/tokens", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    actor: Actor,
    form: Form<TokenForm>,
) -> AppResult<Reply> {
    let longest = app.config.token_days;
    match tokens::create_token(&app.db, &actor, &form.name, &form.days, longest).await {
        Ok((token, _)) => Ok(Reply::Page(
            tokens_page(
                app,
                page,
                &actor,
                Some(token),
                TokenForm::default(),
                Messages::new(),
            )
            .await?,
        )),
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(
                tokens_page(app, page, &actor, None, form.into_inner(), errors).await?,
            ))
        }
        Err(other) => Err(other),
    }
}

#[delete("/tokens/<id>")]
async fn revoke(app: &State<App>, actor: Actor, id: TokenId) -> AppResult<Reply> {
    tokens::revoke_token(&app.db, &actor, id.0).await?;
    Ok(Reply::done("/account/tokens".into(), "flash-token-revoked"))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, create, revoke]
}
