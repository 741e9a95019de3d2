//! The page layout context every template receives, and rendering.
//!
//! Templates are compiled in (`web::assets::TEMPLATES`) and parsed once. Autoescaping is on for
//! `*.html.tera`, which every page template is named.

use std::{collections::HashMap, sync::OnceLock};

use rocket::{
    Request,
    http::Status,
    request::{FlashMessage, FromRequest, Outcome},
    response::content::RawHtml,
};
use serde::Serialize;

use crate::domain::actor::Role;
use crate::{
    App,
    domain::actor::Actor,
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
    web::{csrf, guards},
};

/// The signed-in user as the layout shows them.
#[derive(Clone, Debug, Serialize)]
pub struct PageUser {
    /// Name as shown.
    pub display_name: String,
    /// `admin`, `recommender`, `reviewer`.
    pub role: Role,
    /// Their unit's name.
    pub unit_name: String,
    /// Whether their unit recommends what units below it send (a street, a district): only
    /// then do they have an inbox.
    pub has_inbox: bool,
}

/// A one-time message shown after a redirect.
#[derive(Clone, Debug, Serialize)]
pub struct Flash {
    /// `success` or `error`.
    pub kind: String,
    /// The translated message.
    pub message: String,
}

/// What the layout needs: language, user, CSRF token, flash, current path.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// The language tag (`zh-CN`, `en`), for `<html lang>` and `t(lang=…)`.
    pub lang: &'static str,
    /// The signed-in user, if any.
    pub user: Option<PageUser>,
    /// The CSRF token for this browser's forms.
    pub csrf: String,
    /// A message left by the previous request.
    pub flash: Option<Flash>,
    /// The path of this page (for the language switch's return).
    pub path: String,
}

impl Page {
    /// The language as a value.
    #[must_use]
    pub fn language(&self) -> Lang {
        Lang::from_tag(self.lang).unwrap_or_default()
    }

    /// Translates a key in the page's language.
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.language(), key)
    }

    /// Field errors as the templates show them: field name → translated message.
    #[must_use]
    pub fn messages(&self, errors: &FieldErrors) -> Messages {
        let mut map = HashMap::new();
        for error in &errors.0 {
            map.entry(error.field.clone())
                .or_insert_with(|| self.t(error.key));
        }
        map
    }
}

fn page_user(actor: &Actor) -> PageUser {
    PageUser {
        display_name: actor.display_name.clone(),
        role: actor.role,
        unit_name: actor.unit_name.clone(),
        has_inbox: actor.has_inbox(),
    }
}

fn secure(req: &Request<'_>) -> bool {
    req.rocket()
        .state::<App>()
        .is_some_and(|app| app.config.secure_cookies)
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Page {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let lang = crate::http::request_lang(req);
        let user = guards::current_actor(req).await.map(page_user);
        let flash = match req.guard::<Option<FlashMessage<'_>>>().await {
            Outcome::Success(Some(flash)) => Some(Flash {
                kind: flash.kind().to_owned(),
                message: flash_text(lang, flash.message()),
            }),
            _ => None,
        };
        Outcome::Success(Page {
            lang: lang.tag(),
            user,
            csrf: csrf::token(req.cookies(), secure(req)),
            flash,
            path: req.uri().path().to_string(),
        })
    }
}

/// A flash message as stored: a catalogue key, then `;name=value` arguments with their values
/// percent-encoded (a cookie carries it).
fn flash_message(key: &str, args: &[(&'static str, String)]) -> String {
    let mut text = key.to_owned();
    for (name, value) in args {
        text.push(';');
        text.push_str(name);
        text.push('=');
        // `;` separates the arguments: never left bare in a value.
        let encoded = rocket::http::RawStr::new(value).percent_encode();
        text.push_str(&encoded.as_str().replace(';', "%3B"));
    }
    text
}

/// The text of a stored flash message in `lang`.
fn flash_text(lang: Lang, stored: &str) -> String {
    let mut parts = stored.split(';');
    let key = parts.next().unwrap_or_default();
    let args: Vec<(&str, String)> = parts
        .filter_map(|part| {
            let (name, value) = part.split_once('=')?;
            let value = rocket::http::RawStr::new(value).percent_decode().ok()?;
            Some((name, value.into_owned()))
        })
        .collect();
    i18n::translate(lang, key, &args)
}

fn tera() -> &'static tera::Tera {
    static TERA: OnceLock<tera::Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html.tera"]);
        // The templates are compiled in and covered by tests: a broken one is a build defect.
        tera.add_raw_templates(crate::web::assets::TEMPLATES.iter().copied())
            .unwrap_or_else(|e| panic!("templates: {e:?}"));
        tera.register_function("t", i18n::TeraTranslate);
        tera.register_function("field_error", field_error);
        tera.register_function("asset", crate::web::assets::TeraAsset);
        tera.register_filter("local_time", local_time_filter);
        tera
    })
}

/// `{{ stored_time | local_time }}`: a serialized timestamp as people at the office read it.
fn local_time_filter(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let format = time::macros::format_description!(
        version = 2,
        "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]] [offset_hour sign:mandatory]:[offset_minute]:[offset_second]"
    );
    let parsed = value.as_str().and_then(|text| {
        time::OffsetDateTime::parse(text, format)
            .or_else(|_| {
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            })
            .ok()
    });
    match parsed {
        Some(at) => Ok(tera::Value::String(crate::domain::local_time(at))),
        None => Ok(value.clone()),
    }
}

/// `field_error(errors=errors, name="title", prefix="")`: the message for one field, or "".
fn field_error(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let prefix = args
        .get("prefix")
        .and_then(tera::Value::as_str)
        .unwrap_or_default();
    let name = args
        .get("name")
        .and_then(tera::Value::as_str)
        .unwrap_or_default();
    let key = format!("{prefix}{name}");
    Ok(args
        .get("errors")
        .and_then(|errors| errors.get(&key))
        .cloned()
        .unwrap_or_else(|| tera::Value::String(String::new())))
}

/// Renders a template with its context.
///
/// # Errors
/// [`AppError::Internal`] when the template fails (a defect; tests render every page).
pub fn render<C: Serialize>(name: &str, context: &C) -> AppResult<RawHtml<String>> {
    let context = tera::Context::from_serialize(context)
        .map_err(|e| AppError::Internal(format!("{name}: {e}")))?;
    tera()
        .render(&format!("{name}.html.tera"), &context)
        .map(RawHtml)
        .map_err(|e| AppError::Internal(format!("{name}: {e:?}")))
}

#[derive(Serialize)]
struct ErrorPage<'a> {
    #[serde(flatten)]
    page: Page,
    status: u16,
    message: &'a str,
}

/// The error page for `status`, with what can be known synchronously (no database).
#[must_use]
pub fn error_page(req: &Request<'_>, status: Status, message: &str) -> RawHtml<String> {
    let lang = crate::http::request_lang(req);
    let page = Page {
        lang: lang.tag(),
        user: guards::cached_actor(req).map(page_user),
        csrf: csrf::token(req.cookies(), secure(req)),
        flash: None,
        path: req.uri().path().to_string(),
    };
    let context = ErrorPage {
        page,
        status: status.code,
        message,
    };
    render("errors/error", &context).unwrap_or_else(|e| {
        rocket::error_!("error page: {e}");
        RawHtml(format!(
            "<!doctype html><title>{}</title><p>{}</p>",
            status.code,
            status.reason_lossy()
        ))
    })
}

/// What a page handler answers: a page, a redirect with a flash, or the form again (422).
#[derive(rocket::Responder)]
pub enum Reply {
    /// A page.
    Page(RawHtml<String>),
    /// Done: go elsewhere, with a message.
    Redirect(Box<rocket::response::Flash<rocket::response::Redirect>>),
    /// The form again, with the user's input and the messages at the fields.
    Invalid((Status, RawHtml<String>)),
}

impl Reply {
    /// A redirect with a success message (a catalogue key).
    #[must_use]
    pub fn done(to: String, key: &'static str) -> Reply {
        Reply::Redirect(Box::new(rocket::response::Flash::success(
            rocket::response::Redirect::to(to),
            key,
        )))
    }

    /// A redirect with a success message that takes arguments (a catalogue key and its
    /// values).
    #[must_use]
    pub fn done_with(to: String, key: &'static str, args: &[(&'static str, String)]) -> Reply {
        Reply::Redirect(Box::new(rocket::response::Flash::success(
            rocket::response::Redirect::to(to),
            flash_message(key, args),
        )))
    }

    /// The form again with status 422.
    #[must_use]
    pub fn invalid(html: RawHtml<String>) -> Reply {
        Reply::Invalid((Status::UnprocessableEntity, html))
    }
}

/// Field name → message, as a form shows them at its fields.
pub type Messages = HashMap<String, String>;

/// The answer to a submitted form: `done` with what the service returned; for invalid input,
/// the form again (422), drawn by `again` with the page and the messages at the fields; any
/// other refusal as the error page.
pub async fn form_reply<T, Fut>(
    result: AppResult<T>,
    page: Page,
    done: impl FnOnce(T) -> Reply,
    again: impl FnOnce(Page, Messages) -> Fut,
) -> AppResult<Reply>
where
    Fut: Future<Output = AppResult<RawHtml<String>>>,
{
    match result {
        Ok(value) => Ok(done(value)),
        Err(AppError::Invalid(errors)) => {
            let messages = page.messages(&errors);
            Ok(Reply::invalid(again(page, messages).await?))
        }
        Err(other) => Err(other),
    }
}

pub use crate::http::exports::{CsvDownload, Export, export};

/// An uploaded file's name as the browser gave it, and its bytes (none for an empty field).
///
/// # Errors
/// [`AppError::Internal`] when the temporary file cannot be read.
pub async fn read_upload(file: &rocket::fs::TempFile<'_>) -> AppResult<(String, Vec<u8>)> {
    use rocket::tokio::io::AsyncReadExt;
    let name = file
        .raw_name()
        .map(|name| name.dangerous_unsafe_unsanitized_raw().as_str().to_owned())
        .unwrap_or_default();
    let mut bytes = Vec::new();
    if file.len() > 0 {
        file.open()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok((name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_carries_its_arguments_whatever_they_hold() {
        let stored = flash_message(
            "flash-decided-recommend",
            &[("to", "李沧区; a=b%".into()), ("left", "1".into())],
        );
        assert!(
            !stored.contains(' ') && stored.matches(';').count() == 2,
            "{stored}"
        );
        let text = flash_text(Lang::ZhCn, &stored);
        assert!(text.contains("李沧区; a=b%"), "{text}");
    }
}
