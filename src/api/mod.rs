//! The JSON API under `/api/v1`, for integrations: the same domain calls as the pages, behind
//! per-user bearer tokens (never cookies, so CSRF does not apply), answering errors as JSON.
//! `/api/v1/openapi.json` describes every route; a test checks that it does.

pub mod admin;
pub mod audit;
pub mod clearance;
pub mod error;
pub mod evaluation;
pub mod honors;
pub mod json;
pub mod nominations;
pub mod notices;
pub mod objections;
pub mod openapi;
pub mod panels;
pub mod review;
pub mod tokens;
pub mod views;
pub mod voting;

use rocket::{
    Request, Route,
    http::{Method, Status},
    request::{FromRequest, Outcome},
    routes,
};

use crate::{
    App,
    domain::accounts::tokens::{TokenScope, scoped_actor},
    domain::actor::Actor,
    http::client_ip,
};

/// Catalogue keys of the refusals the API's guards make.
pub const MESSAGE_KEYS: [&str; 1] = ["error-token-read-only"];

/// The caller of an API request, from `Authorization: Bearer laurel_…`.
pub struct ApiActor(pub Actor);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiActor {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let Some(app) = req.rocket().state::<App>() else {
            return Outcome::Error((Status::InternalServerError, ()));
        };
        let Some(token) = req
            .headers()
            .get_one("Authorization")
            .and_then(|value| value.strip_prefix("Bearer "))
        else {
            return Outcome::Error((Status::Unauthorized, ()));
        };
        match scoped_actor(&app.db, token.trim(), client_ip(req)).await {
            Ok(Some((_, TokenScope::Read)))
                if !matches!(req.method(), Method::Get | Method::Head) =>
            {
                // The 403 catcher names the rule.
                req.local_cache(|| error::Refusal(Some("error-token-read-only")));
                Outcome::Error((Status::Forbidden, ()))
            }
            Ok(Some((actor, _))) => Outcome::Success(ApiActor(actor)),
            Ok(None) => Outcome::Error((Status::Unauthorized, ())),
            Err(e) => {
                rocket::error_!("API token lookup: {e}");
                Outcome::Error((Status::InternalServerError, ()))
            }
        }
    }
}

/// Mounts the API at `/api/v1`, with its own catchers so that every answer there is JSON.
#[must_use]
pub fn mount(rocket: rocket::Rocket<rocket::Build>) -> rocket::Rocket<rocket::Build> {
    rocket
        .mount("/api/v1", routes())
        .register("/api/v1", error::catchers())
}

/// Every API route, mounted at `/api/v1`.
#[must_use]
pub fn routes() -> Vec<Route> {
    let mut all = routes![openapi::document];
    all.extend(admin::routes());
    all.extend(audit::routes());
    all.extend(nominations::routes());
    all.extend(review::routes());
    all.extend(evaluation::routes());
    all.extend(panels::routes());
    all.extend(tokens::routes());
    all.extend(notices::routes());
    all.extend(objections::routes());
    all.extend(clearance::routes());
    all.extend(voting::routes());
    all.extend(honors::routes());
    all
}
