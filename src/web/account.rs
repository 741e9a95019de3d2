//! The signed-in user's own account: API tokens for integrations.

use rocket::{Route, State, delete, form::Form, get, post, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        accounts::{
            self,
            tokens::{self, TokenScope},
        },
        actor::Actor,
        ids::TokenId,
    },
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
    /// A token just created: shown this once, with whom it was issued to when not the caller.
    new_token: Option<String>,
    issued_to: Option<String>,
    /// The users the office may issue a token to (the office only).
    users: Vec<accounts::UserRow>,
    form: TokenForm,
    errors: Messages,
}

async fn tokens_page(
    app: &App,
    page: Page,
    actor: &Actor,
    new_token: Option<(String, Option<String>)>,
    form: TokenForm,
    errors: Messages,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let tokens = tokens::list_tokens(&app.db, actor).await?;
    let (all, users) = if actor.is_admin() {
        let users = accounts::user_rows(&app.db, actor)
            .await?
            .into_iter()
            .filter(|u| u.active && u.id != actor.user_id)
            .collect();
        (tokens::list_live(&app.db, actor).await?, users)
    } else {
        (Vec::new(), Vec::new())
    };
    let (new_token, issued_to) = new_token.unzip();
    render(
        "account/tokens",
        &TokensPage {
            page,
            tokens,
            all,
            lifetimes: tokens::lifetimes(app.config.token_days),
            new_token,
            issued_to: issued_to.flatten(),
            users,
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
    /// `full` (blank) or `read`.
    #[field(default = String::new())]
    scope: String,
    /// The user the office issues it to; blank for the caller.
    #[field(default = String::new())]
    user: String,
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
    let scope = match form.scope.as_str() {
        "read" => TokenScope::Read,
        _ => TokenScope::Full,
    };
    let request = tokens::TokenRequest {
        name: &form.name,
        days: &form.days,
        scope,
    };
    let made = match uuid::Uuid::try_parse(form.user.trim()) {
        Ok(user) => tokens::issue_token(&app.db, &actor, user, &request, longest).await,
        Err(_) => tokens::create_scoped(&app.db, &actor, &request, longest).await,
    };
    match made {
        Ok((token, record)) => {
            let issued_to = if record.user_id == actor.user_id {
                None
            } else {
                Some(
                    accounts::get_user(&app.db, &actor, record.user_id.into())
                        .await?
                        .username,
                )
            };
            Ok(Reply::Page(
                tokens_page(
                    app,
                    page,
                    &actor,
                    Some((token, issued_to)),
                    TokenForm::default(),
                    Messages::new(),
                )
                .await?,
            ))
        }
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
