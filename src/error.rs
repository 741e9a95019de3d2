//! The one error type of the application, with its status, its catalogue key and its message
//! in the user's language. How it answers is each face's: the pages render it as a page
//! (`web::errors`), the API as JSON (`api::error`).
//!
//! "Not yours" and "does not exist" are both [`AppError::NotFound`], so a response never
//! confirms that a record exists in another unit.

use rocket::http::Status;
use sea_orm::DbErr;
use serde::Serialize;

/// A message for one form field: the field's name and a catalogue key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field's name.
    pub field: String,
    /// The catalogue key of the message.
    pub key: &'static str,
}

/// The field errors of one rejected form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Adds a message for `field`.
    pub fn add(&mut self, field: &str, key: &'static str) {
        self.0.push(FieldError {
            field: field.to_owned(),
            key,
        });
    }

    /// Whether no field has a message.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, otherwise [`AppError::Invalid`] carrying these messages.
    ///
    /// # Errors
    /// When any field has a message.
    pub fn into_result(self) -> AppResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }

    /// Records the outcome of a parse, keeping the value when it succeeded.
    pub fn check<T>(
        &mut self,
        field: &str,
        result: Result<T, crate::domain::values::ValueError>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.key());
                None
            }
        }
    }
}

/// Every way a request can fail.
#[derive(Debug)]
pub enum AppError {
    /// Not signed in.
    Unauthorized,
    /// Signed in, but the role may not do this.
    Forbidden,
    /// Signed in, but a narrower rule than the role forbids this (catalogue key naming it),
    /// e.g. a read-only token asked to write.
    Denied(&'static str),
    /// Does not exist, or is outside the caller's unit subtree.
    NotFound,
    /// The CSRF token was missing or wrong, or the request came from another site.
    Csrf,
    /// Input failed validation; the form is shown again with these messages.
    Invalid(FieldErrors),
    /// A rule of the workflow refused the action (catalogue key and its arguments).
    Refused(&'static str, Vec<(&'static str, String)>),
    /// Someone else changed the record since the caller saw it.
    Stale,
    /// Too many attempts; try again later.
    TooManyRequests,
    /// The request's body is larger than its limit.
    TooLarge,
    /// The request itself is malformed (catalogue key saying how), e.g. a return address that
    /// is not a path of this site.
    BadRequest(&'static str),
    /// The database failed.
    Db(DbErr),
    /// Anything else that is our fault.
    Internal(String),
}

/// The result type of services and handlers.
pub type AppResult<T> = Result<T, AppError>;

/// A write refused by a unique index, as the rule the index stands for (`key`, a refusal);
/// any other database error as it is.
pub fn unique_as(key: &'static str) -> impl Fn(DbErr) -> AppError {
    move |e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Refused(key, vec![]),
        _ => AppError::from(e),
    }
}

impl From<DbErr> for AppError {
    fn from(error: DbErr) -> Self {
        if refused_characters(&error) {
            // Input the validators let through but the database cannot store (a NUL, say):
            // the user's fault, told as such, never a 500.
            return AppError::Refused("error-invalid-characters", vec![]);
        }
        AppError::Db(error)
    }
}

/// Whether PostgreSQL refused a value's characters (SQLSTATE 22021, e.g. a NUL in text).
fn refused_characters(error: &DbErr) -> bool {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = error
    else {
        return false;
    };
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|code| code == "22021")
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Db(error) => write!(f, "database error: {error}"),
            AppError::Internal(message) => write!(f, "internal error: {message}"),
            other => f.write_str(other.code()),
        }
    }
}

impl AppError {
    /// The HTTP status this error answers with.
    #[must_use]
    pub fn status(&self) -> Status {
        match self {
            AppError::Unauthorized => Status::Unauthorized,
            AppError::Forbidden | AppError::Denied(_) | AppError::Csrf => Status::Forbidden,
            AppError::NotFound => Status::NotFound,
            AppError::Invalid(_) => Status::UnprocessableEntity,
            AppError::Refused(..) | AppError::Stale => Status::Conflict,
            AppError::TooManyRequests => Status::TooManyRequests,
            AppError::BadRequest(_) => Status::BadRequest,
            AppError::TooLarge => Status::PayloadTooLarge,
            AppError::Db(_) | AppError::Internal(_) => Status::InternalServerError,
        }
    }

    /// The catalogue key describing this error; also the `error` field of API responses.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "error-unauthorized",
            AppError::Forbidden => "error-forbidden",
            AppError::NotFound => "error-not-found",
            AppError::Csrf => "error-csrf",
            AppError::Invalid(_) => "error-invalid",
            AppError::Refused(key, _) | AppError::Denied(key) => key,
            AppError::Stale => "error-stale",
            AppError::TooManyRequests => "error-too-many-requests",
            AppError::BadRequest(key) => key,
            AppError::TooLarge => "error-too-large",
            AppError::Db(_) | AppError::Internal(_) => "error-internal",
        }
    }

    /// The error as a sentence in `lang`, with a refusal's arguments filled in.
    #[must_use]
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let args: Vec<(&str, String)> = match self {
            AppError::Refused(_, args) => args.iter().map(|(k, v)| (*k, v.clone())).collect(),
            _ => Vec::new(),
        };
        crate::i18n::translate(lang, self.code(), &args)
    }

    /// Every code [`AppError::code`] can return for a fixed variant (the catalogue test uses it).
    pub const FIXED_CODES: [&'static str; 12] = [
        "error-bad-request",
        "error-unauthorized",
        "error-forbidden",
        "error-not-found",
        "error-csrf",
        "error-invalid",
        "error-stale",
        "error-too-many-requests",
        "error-too-large",
        "error-internal",
        "error-title",
        "error-invalid-characters",
    ];
}
