//! Pages anyone may read without signing in: the home page (campaigns), a campaign's public
//! page, the health check, and the language switch.

use rocket::{
    Route, State,
    form::Form,
    get,
    http::{CookieJar, Status},
    post,
    response::{Redirect, content::RawHtml},
    routes,
    serde::json::Json,
};
use serde::Serialize;

use crate::http::LANG_COOKIE;
use crate::{
    App,
    domain::{accounts, ids::CampaignId, notices},
    error::{AppError, AppResult},
    i18n::Lang,
    web::{
        guards,
        page::{Page, Reply, render},
    },
};

#[derive(Serialize)]
struct HomePage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    front: notices::FrontPage,
}

#[derive(Serialize)]
struct CampaignPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    front: notices::CampaignFront,
}

#[get("/")]
async fn home(app: &State<App>, page: Page) -> AppResult<Reply> {
    if accounts::needs_setup(&app.db).await? {
        return Ok(Reply::done("/setup".into(), "flash-setup-needed"));
    }
    let front = notices::front_page(&app.db, app.config.today()).await?;
    Ok(Reply::Page(render(
        "home/index",
        &HomePage { page, front },
    )?))
}

#[get("/public/campaigns/<id>")]
async fn campaign_page(app: &State<App>, page: Page, id: CampaignId) -> AppResult<RawHtml<String>> {
    let front = notices::campaign_front(&app.db, id, app.config.today()).await?;
    render("home/campaign", &CampaignPage { page, front })
}

/// The last successful database check of this instance: a success is remembered for a second,
/// so that frequent probes (load balancers poll every instance) cost no round trip each; a
/// failure never is.
pub struct HealthMemo {
    since: std::time::Instant,
    last_ok_ms: std::sync::atomic::AtomicU64,
}

impl Default for HealthMemo {
    fn default() -> Self {
        Self {
            since: std::time::Instant::now(),
            last_ok_ms: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl HealthMemo {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.since.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// Whether the database answers, asking it at most once a second while it does.
    async fn database_answers(&self, app: &App) -> bool {
        use std::sync::atomic::Ordering;
        let last = self.last_ok_ms.load(Ordering::Relaxed);
        if last > 0 && self.now_ms().saturating_sub(last) < 1000 {
            return true;
        }
        let answers = crate::db::ping(&app.db).await;
        self.last_ok_ms
            .store(if answers { self.now_ms() } else { 0 }, Ordering::Relaxed);
        answers
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: bool,
}

#[get("/healthz")]
async fn healthz(app: &State<App>, memo: &State<HealthMemo>) -> (Status, Json<Health>) {
    let database = memo.database_answers(app).await;
    let status = if database {
        Status::Ok
    } else {
        Status::ServiceUnavailable
    };
    (
        status,
        Json(Health {
            status: if database { "ok" } else { "unavailable" },
            database,
        }),
    )
}

#[derive(rocket::FromForm)]
struct LangForm<'r> {
    lang: &'r str,
    next: &'r str,
}

/// The return address of a language switch or a sign-in: only a path of this site, so no form
/// or link can send a person elsewhere, and nothing that cannot stand in a `Location` header.
///
/// # Errors
/// [`AppError::BadRequest`] for anything else.
pub fn local_next(next: &str) -> AppResult<String> {
    let bad = || AppError::BadRequest("error-bad-next");
    if !next.starts_with('/')
        || next.starts_with("//")
        || next.contains('\\')
        || next.chars().any(char::is_control)
    {
        return Err(bad());
    }
    // A page's own path may hold names (李沧区) or spaces once decoded: encoded again, they
    // stand in a `Location` header.
    let mut encoded = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii() && c != ' ' {
            encoded.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    rocket::http::uri::Origin::parse(&encoded).map_err(|_| bad())?;
    Ok(encoded)
}

#[post("/lang", data = "<form>")]
fn set_lang(
    app: &State<App>,
    cookies: &CookieJar<'_>,
    form: Form<LangForm<'_>>,
) -> AppResult<Redirect> {
    let next = local_next(form.next)?;
    let lang = Lang::from_tag(form.lang).unwrap_or_default();
    let mut cookie = guards::cookie(app, LANG_COOKIE, lang.tag().to_owned());
    cookie.set_max_age(time::Duration::days(365));
    cookies.add(cookie);
    Ok(Redirect::to(next))
}

/// The language switch as a link, for pages served the same to everyone (no form token).
#[get("/lang/<tag>?<next>")]
fn lang_link(
    app: &State<App>,
    cookies: &CookieJar<'_>,
    tag: &str,
    next: Option<&str>,
) -> AppResult<Redirect> {
    set_lang(
        app,
        cookies,
        Form::from(LangForm {
            lang: tag,
            next: next.unwrap_or("/"),
        }),
    )
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![home, campaign_page, healthz, set_lang, lang_link]
}

#[cfg(test)]
mod tests {
    use super::local_next;

    #[test]
    fn only_local_paths_are_followed_after_a_language_switch_or_a_sign_in() {
        assert_eq!(
            local_next("/campaigns?year=2026").ok().as_deref(),
            Some("/campaigns?year=2026")
        );
        for foreign in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/a\u{1}b",
            "/a\nLocation: https://evil.example",
            "",
            "campaigns",
        ] {
            assert_eq!(
                local_next(foreign).map_err(|e| e.code()),
                Err("error-bad-next"),
                "{foreign:?}"
            );
        }
        assert_eq!(
            local_next("/honors?q=李 沧").ok().as_deref(),
            Some("/honors?q=%E6%9D%8E%20%E6%B2%A7")
        );
    }
}
