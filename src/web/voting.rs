//! Public online voting: the ballot, the one-time code, the vote; and the office's page of
//! votes held as bursts.

use rocket::{
    Route, State,
    form::Form,
    get,
    http::{Cookie, CookieJar, SameSite},
    post,
    response::content::RawHtml,
    routes,
};
use serde::Serialize;

use crate::{
    App,
    domain::{
        ids::{CampaignId, NominationId},
        voting::{self, Ballot, Challenge, CodeInput, HeldDecision, HeldGroup, VerifyInput},
    },
    error::{AppError, AppResult, FieldErrors},
    http::{BALLOT_TTL, Bytes, Cached, ClientIp, IfNoneMatch, Memo},
    i18n::Lang,
    web::{
        guards::{Admin, SESSION_COOKIE},
        page::{Messages, Page, Reply, render},
    },
};

/// The cookie carrying a verified voter's pass (private: encrypted by Rocket's secret key).
const PASS_COOKIE: &str = "laurel_vote";

#[derive(Serialize)]
struct BallotPage {
    #[serde(flatten)]
    page: Page,
    ballot: Ballot,
    #[serde(flatten)]
    form: Verifying,
    errors: Messages,
    /// Made alike for everyone (the language switch is then links, not a form).
    published: bool,
}

/// Where the voter is in verifying their phone.
#[derive(Default, Serialize)]
struct Verifying {
    /// The number typed, kept for the code's form.
    phone: String,
    /// Whether a code was just sent.
    sent: bool,
    /// A challenge to answer with the next request, if one is asked.
    challenge: Option<Challenge>,
}

impl Verifying {
    /// The number typed, whether its code is on its way, and a challenge to answer if any.
    fn typed(phone: String, sent: bool, challenge: Option<Challenge>) -> Self {
        Self {
            phone,
            sent,
            challenge,
        }
    }
}

fn pass(cookies: &CookieJar<'_>) -> Option<String> {
    cookies
        .get_private(PASS_COOKIE)
        .map(|c| c.value().to_owned())
}

/// The verification of a phone, again, with what was typed and what was wrong.
async fn verify_page(
    app: &App,
    page: Page,
    cookies: &CookieJar<'_>,
    id: CampaignId,
    form: Verifying,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    ballot_like("voting/verify", app, page, pass(cookies), id, form, errors).await
}

/// The verification page again with the messages of refused input at its fields.
async fn refused(
    app: &App,
    page: Page,
    cookies: &CookieJar<'_>,
    id: CampaignId,
    form: Verifying,
    errors: &FieldErrors,
) -> AppResult<Reply> {
    let messages = page.messages(errors);
    Ok(Reply::invalid(
        verify_page(app, page, cookies, id, form, messages).await?,
    ))
}

async fn ballot_like(
    template: &str,
    app: &App,
    page: Page,
    token: Option<String>,
    id: CampaignId,
    form: Verifying,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let ballot = voting::ballot(
        app,
        &app.vote_totals,
        id.0,
        token.as_deref(),
        app.config.today(),
    )
    .await?;
    render(
        template,
        &BallotPage {
            published: page.csrf.is_empty(),
            page,
            ballot,
            form,
            errors,
        },
    )
}

/// What the ballot answers: the same bytes for everyone without a pass (kept a second, so a
/// crowd reads them from memory and the totals are at most a second old), or a voter's own page.
#[derive(rocket::Responder)]
enum BallotAnswer {
    Shared(Box<Cached>),
    Own(RawHtml<String>),
}

/// A request that may see a page of its own: it carries a voter's pass, a message left for it
/// or a session (a signed-in user sees their own header). Without any, the ballot is the one
/// made alike for everyone.
struct Personal;

#[rocket::async_trait]
impl<'r> rocket::request::FromRequest<'r> for Personal {
    type Error = ();

    async fn from_request(
        req: &'r rocket::Request<'_>,
    ) -> rocket::request::Outcome<Self, Self::Error> {
        let cookies = req.cookies();
        if [PASS_COOKIE, "_flash", SESSION_COOKIE]
            .iter()
            .any(|name| cookies.get(name).is_some())
        {
            rocket::outcome::Outcome::Success(Personal)
        } else {
            rocket::outcome::Outcome::Forward(rocket::http::Status::NotFound)
        }
    }
}

/// The ballot of a voter with a pass (their votes left and the buttons), or with a message.
#[get("/vote/<id>")]
async fn ballot_own(
    // First: guards run in order, and without a pass, a message or a session nothing else
    // need run.
    _personal: Personal,
    app: &State<App>,
    page: Page,
    cookies: &CookieJar<'_>,
    id: CampaignId,
) -> AppResult<BallotAnswer> {
    Ok(BallotAnswer::Own(
        ballot_like(
            "voting/ballot",
            app,
            page,
            pass(cookies),
            id,
            Verifying::default(),
            Messages::new(),
        )
        .await?,
    ))
}

/// The ballot for everyone else: the same bytes, kept a second.
#[get("/vote/<id>", rank = 2)]
async fn ballot(
    app: &State<App>,
    memo: &State<Memo>,
    lang: Lang,
    if_none_match: IfNoneMatch,
    id: CampaignId,
) -> AppResult<BallotAnswer> {
    let key = (id.0, lang.tag(), "ballot");
    let (bytes, etag) = match memo.get(key, BALLOT_TTL) {
        Some(kept) => kept,
        None => {
            // For everyone alike: no one signed in, no form, no token.
            let alike = Page {
                lang: lang.tag(),
                user: None,
                csrf: String::new(),
                flash: None,
                path: format!("/vote/{id}"),
            };
            let html = ballot_like(
                "voting/ballot",
                app,
                alike,
                None,
                id,
                Verifying::default(),
                Messages::new(),
            )
            .await?;
            memo.put(key, html.0.into_bytes())
        }
    };
    Ok(BallotAnswer::Shared(Box::new(Cached {
        cache_control: "public, max-age=1",
        vary: Some("Accept-Language, Cookie"),
        ..Cached::new(
            &if_none_match,
            etag,
            rocket::http::ContentType::HTML,
            || Bytes::Shared(bytes),
        )
    })))
}

/// The verification of a voter's phone: the code's request, then the code.
#[get("/vote/<id>/verify")]
async fn verify_form(
    app: &State<App>,
    page: Page,
    cookies: &CookieJar<'_>,
    id: CampaignId,
) -> AppResult<RawHtml<String>> {
    ballot_like(
        "voting/verify",
        app,
        page,
        pass(cookies),
        id,
        Verifying::default(),
        Messages::new(),
    )
    .await
}

#[post("/vote/<id>/code", data = "<form>")]
async fn code(
    app: &State<App>,
    page: Page,
    cookies: &CookieJar<'_>,
    ip: ClientIp,
    id: CampaignId,
    form: Form<CodeInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let today = app.config.today();
    match voting::request_code(app, id.0, &input, ip.0.as_deref(), today).await {
        Ok(()) => Ok(Reply::Page(
            verify_page(
                app,
                page,
                cookies,
                id,
                Verifying::typed(input.phone, true, None),
                Messages::new(),
            )
            .await?,
        )),
        Err(AppError::Invalid(errors)) => {
            let challenge = errors
                .0
                .iter()
                .any(|e| e.field == "challenge")
                .then(|| voting::challenge(app))
                .transpose()?;
            refused(
                app,
                page,
                cookies,
                id,
                Verifying::typed(input.phone, false, challenge),
                &errors,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

#[post("/vote/<id>/verify", data = "<form>")]
async fn verify(
    app: &State<App>,
    page: Page,
    cookies: &CookieJar<'_>,
    id: CampaignId,
    form: Form<VerifyInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match voting::verify(app, id.0, &input, app.config.today()).await {
        Ok(token) => {
            let expires = voting::pass_expiry();
            cookies.add_private(
                Cookie::build((PASS_COOKIE, token))
                    .http_only(true)
                    .same_site(SameSite::Lax)
                    .secure(app.config.secure_cookies)
                    .path("/vote")
                    .expires(expires)
                    .build(),
            );
            Ok(Reply::done(format!("/vote/{id}"), "flash-vote-verified"))
        }
        Err(AppError::Invalid(errors)) => {
            refused(
                app,
                page,
                cookies,
                id,
                Verifying::typed(input.phone, true, None),
                &errors,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

#[post("/vote/<id>/<nomination>", rank = 2)]
async fn cast(
    app: &State<App>,
    cookies: &CookieJar<'_>,
    ip: ClientIp,
    id: CampaignId,
    nomination: NominationId,
) -> AppResult<Reply> {
    let token = pass(cookies);
    voting::cast(
        app,
        id.0,
        token.as_deref(),
        nomination.0,
        ip.0.as_deref(),
        app.config.today(),
    )
    .await?;
    Ok(Reply::done(format!("/vote/{id}"), "flash-vote-cast"))
}

/// The public's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![ballot_own, ballot, verify_form, code, verify, cast]
}

#[derive(Serialize)]
struct HeldPage {
    #[serde(flatten)]
    page: Page,
    campaign_id: uuid::Uuid,
    groups: Vec<HeldGroup>,
}

#[get("/<id>/votes")]
async fn held(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    let groups = voting::held(&app.db, &admin.0, id.0).await?;
    Ok(Reply::Page(render(
        "voting/held",
        &HeldPage {
            page,
            campaign_id: id.0,
            groups,
        },
    )?))
}

#[post("/<id>/votes/held", data = "<form>")]
async fn decide_held(
    app: &State<App>,
    admin: Admin,
    id: CampaignId,
    form: Form<HeldDecision>,
) -> AppResult<Reply> {
    voting::decide_held(&app.db, &admin.0, id.0, &form.into_inner()).await?;
    Ok(Reply::done(format!("/campaigns/{id}/votes"), "flash-saved"))
}

/// The office's routes, mounted under `/campaigns`.
#[must_use]
pub fn office_routes() -> Vec<Route> {
    routes![held, decide_held]
}
