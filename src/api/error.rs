//! Errors as JSON: `{"error": key, "message": text in the request's language, "fields": {...}}`
//! with the status the error carries, from a handler or from the API's own catchers, so that a
//! malformed body, an unknown path or a missing token under `/api/v1` answers JSON too.

use rocket::{
    Request, catch, catchers,
    http::Status,
    response::{self, Responder, Response},
    serde::json::Json,
};
use serde::Serialize;

use crate::error::{AppError, FieldErrors};

/// An error as the API answers it.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// What an API handler returns.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<Field<'a>>>,
}

/// A field's problem: its name, the message's key, and the message in the request's language.
#[derive(Serialize)]
struct Field<'a> {
    field: &'a str,
    key: &'a str,
    message: String,
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let error = self.0;
        let status = error.status();
        if status == Status::InternalServerError {
            // Details go to the log, never to the client.
            rocket::error_!("{} {}: {error}", req.method(), req.uri());
        }
        let lang = crate::http::request_lang(req);
        let fields = match &error {
            AppError::Invalid(fields) => Some(
                fields
                    .0
                    .iter()
                    .map(|f| Field {
                        field: &f.field,
                        key: f.key,
                        message: crate::i18n::t(lang, f.key),
                    })
                    .collect(),
            ),
            _ => None,
        };
        let body = Body {
            error: error.code(),
            message: error.message(lang),
            fields,
        };
        Response::build_from(Json(body).respond_to(req)?)
            .status(status)
            .ok()
    }
}

/// The API's catchers, registered under `/api/v1`.
#[must_use]
pub fn catchers() -> Vec<rocket::Catcher> {
    catchers![
        bad_request,
        unauthorized,
        forbidden,
        not_found,
        payload_too_large,
        unprocessable,
        internal
    ]
}

#[catch(400)]
fn bad_request(_: &Request<'_>) -> ApiError {
    AppError::BadRequest("error-bad-request").into()
}

#[catch(401)]
fn unauthorized(_: &Request<'_>) -> ApiError {
    AppError::Unauthorized.into()
}

/// A refusal a request guard made, kept for the catcher to name (guards hand catchers nothing
/// else).
pub struct Refusal(pub Option<&'static str>);

#[catch(403)]
fn forbidden(req: &Request<'_>) -> ApiError {
    match req.local_cache(|| Refusal(None)).0 {
        Some(key) => AppError::Denied(key).into(),
        None => AppError::Forbidden.into(),
    }
}

#[catch(404)]
fn not_found(_: &Request<'_>) -> ApiError {
    AppError::NotFound.into()
}

#[catch(413)]
fn payload_too_large(_: &Request<'_>) -> ApiError {
    AppError::TooLarge.into()
}

/// Rocket answers 422 when a body does not parse into what the route takes.
#[catch(422)]
fn unprocessable(_: &Request<'_>) -> ApiError {
    AppError::Invalid(FieldErrors::default()).into()
}

#[catch(500)]
fn internal(status: Status, _: &Request<'_>) -> ApiError {
    AppError::Internal(format!("status {status}")).into()
}
