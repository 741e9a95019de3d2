//! HTTP for people: pages, forms, guards, and the one table of what is mounted where.

pub mod account;
pub mod assets;
pub mod audit;
pub mod campaigns;
pub mod clearance;
pub mod csrf;
pub mod errors;
pub mod evaluation;
pub mod guards;
pub mod headers;
pub mod home;
pub mod honor_roll;
pub mod nominations;
pub mod notices;
pub mod page;
pub mod review;
pub mod session;
pub mod setup;
pub mod units;
pub mod users;
pub mod voting;

use rocket::{Build, Request, Rocket, catch, catchers, http::Status};

use crate::error::AppError;

/// Mounts every area, the catchers and the fairings.
#[must_use]
pub fn mount(rocket: Rocket<Build>) -> Rocket<Build> {
    rocket
        .attach(csrf::CsrfFairing)
        .attach(headers::SecurityHeaders)
        // Rocket's default Shield set three of the same headers again on every response.
        .attach(rocket::shield::Shield::new())
        .manage(notices::PageCache::default())
        .manage(honor_roll::FacetCache::default())
        .manage(home::HealthMemo::default())
        .mount("/", home::routes())
        .mount("/", notices::readers::routes())
        .mount("/", honor_roll::routes())
        .mount("/", assets::routes())
        .mount("/", setup::routes())
        .mount("/", session::routes())
        .mount("/", csrf::routes())
        .mount("/account", account::routes())
        .mount("/units", units::routes())
        .mount("/users", users::routes())
        .mount("/campaigns", campaigns::routes())
        .mount("/campaigns", clearance::office_routes())
        .mount("/clearance", clearance::routes())
        .mount("/campaigns", voting::office_routes())
        .mount("/", voting::routes())
        .mount("/nominations", nominations::routes())
        .mount("/review", review::routes())
        .mount("/evaluation", evaluation::routes())
        .mount("/publicity", notices::office::routes())
        .mount("/audit", audit::routes())
        .register(
            "/",
            catchers![
                bad_request,
                not_found,
                unauthorized,
                forbidden,
                unprocessable,
                payload_too_large,
                internal
            ],
        )
}

#[catch(400)]
fn bad_request(_: &Request<'_>) -> AppError {
    AppError::BadRequest("error-bad-request")
}

#[catch(404)]
fn not_found(_: &Request<'_>) -> AppError {
    AppError::NotFound
}

#[catch(401)]
fn unauthorized(_: &Request<'_>) -> AppError {
    AppError::Unauthorized
}

#[catch(403)]
fn forbidden(_: &Request<'_>) -> AppError {
    AppError::Forbidden
}

/// Rocket answers 422 when a form does not parse at all (a field of the wrong shape).
#[catch(422)]
fn unprocessable(_: &Request<'_>) -> AppError {
    AppError::Invalid(crate::error::FieldErrors::default())
}

#[catch(413)]
fn payload_too_large(_: &Request<'_>) -> AppError {
    AppError::TooLarge
}

#[catch(500)]
fn internal(status: Status, _: &Request<'_>) -> AppError {
    AppError::Internal(format!("status {status}"))
}
