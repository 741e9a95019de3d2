//! Recommendation and review pages: a unit's inbox, the office's review queue with bulk
//! decisions, progress at a glance, and the decision forms every nomination page posts to.

use rocket::{Route, State, form::Form, get, post, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        actor::Actor,
        ids::{CampaignId, NominationId},
        review,
        workflow::Transition,
    },
    error::{AppError, AppResult, FieldErrors},
    web::{
        guards::{Admin, Recommender},
        nominations::{ShowExtras, show_page},
        page::{Messages, Page, Reply, render},
    },
};

#[derive(Serialize)]
struct InboxPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    inbox: review::Inbox,
}

#[get("/inbox?<after>")]
async fn inbox(
    app: &State<App>,
    page: Page,
    who: Recommender,
    after: Option<String>,
) -> AppResult<Reply> {
    let inbox = review::inbox(
        &app.db,
        &who.0,
        (after.as_deref(), None),
        app.config.today(),
    )
    .await?;
    Ok(Reply::Page(render(
        "review/inbox",
        &InboxPage { page, inbox },
    )?))
}

#[derive(Serialize)]
struct OfficePage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    queue: review::OfficeQueue,
}

#[get("/office?<status>&<campaign>&<after>")]
async fn office(
    app: &State<App>,
    page: Page,
    admin: Admin,
    status: Option<String>,
    campaign: Option<CampaignId>,
    after: Option<String>,
) -> AppResult<Reply> {
    let queue =
        review::office_queue(app, &admin.0, status, campaign, after, app.config.today()).await?;
    Ok(Reply::Page(render(
        "review/office",
        &OfficePage { page, queue },
    )?))
}

#[derive(rocket::FromForm)]
struct BulkForm {
    /// `<nomination id>:<version>` of each ticked row.
    items: Vec<String>,
}

#[post("/office/eligible", data = "<form>")]
async fn bulk_eligible(app: &State<App>, admin: Admin, form: Form<BulkForm>) -> AppResult<Reply> {
    let items: Vec<(NominationId, i32)> = form
        .items
        .iter()
        .filter_map(|item| {
            let (id, version) = item.split_once(':')?;
            Some((
                NominationId(uuid::Uuid::try_parse(id).ok()?),
                version.parse().ok()?,
            ))
        })
        .collect();
    let (done, failed) =
        review::bulk_mark_eligible(app, &admin.0, &items, app.config.today()).await?;
    let key = if failed.is_empty() && done > 0 {
        "flash-bulk-done"
    } else {
        "flash-bulk-partial"
    };
    Ok(Reply::done("/review/office".into(), key))
}

#[derive(Serialize)]
struct ProgressPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    progress: review::ProgressPage,
}

#[get("/progress?<campaign>")]
async fn progress(
    app: &State<App>,
    page: Page,
    admin: Admin,
    campaign: Option<CampaignId>,
) -> AppResult<Reply> {
    let progress = review::progress_page(&app.db, &admin.0, campaign).await?;
    Ok(Reply::Page(render(
        "review/progress",
        &ProgressPage { page, progress },
    )?))
}

#[derive(rocket::FromForm)]
struct DecisionForm {
    version: i32,
    /// The decision, when the form offers a choice of them.
    #[field(default = String::new())]
    decision: String,
    #[field(default = String::new())]
    reason: String,
    /// The office finds a nomination eligible although it fails an eligibility rule.
    #[field(default = false)]
    overrides: bool,
}

/// The one decision form of a nomination page: the decision chosen among those offered.
#[post("/<id>", data = "<form>", rank = 2)]
async fn decide_chosen(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: NominationId,
    form: Form<DecisionForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    match Transition::parse(&form.decision) {
        Some(transition) => decide_as(app, page, &actor, id, transition, form).await,
        None => {
            // No choice made: the page again, with the message at the choices.
            let mut errors = FieldErrors::default();
            errors.add("decision", "error-required");
            let extras = ShowExtras {
                errors: page.messages(&errors),
                reason: form.reason,
                alert: None,
                decision: String::new(),
            };
            Ok(Reply::invalid(
                show_page(app, page, &actor, id, extras).await?,
            ))
        }
    }
}

/// Any decision on a nomination, named in the path.
#[post("/<id>/<decision>", data = "<form>")]
async fn decide(
    app: &State<App>,
    page: Page,
    actor: Actor,
    id: NominationId,
    decision: &str,
    form: Form<DecisionForm>,
) -> AppResult<Reply> {
    let transition = Transition::parse(decision).ok_or(AppError::NotFound)?;
    decide_as(app, page, &actor, id, transition, form.into_inner()).await
}

/// A decision: back to the list it came from, told where the nomination went. A refusal
/// (stale version, wrong state, closed stage, full quota, a failed eligibility rule) shows the
/// nomination as it is now, with the message above it and the reason typed kept.
async fn decide_as(
    app: &App,
    page: Page,
    actor: &Actor,
    id: NominationId,
    transition: Transition,
    form: DecisionForm,
) -> AppResult<Reply> {
    match review::decide(
        app,
        actor,
        id,
        transition,
        form.version,
        &form.reason,
        app.config.today(),
        form.overrides,
    )
    .await
    {
        Ok(outcome) => Ok(Reply::done_with(
            outcome.back_to,
            outcome.key,
            &outcome.args,
        )),
        Err(AppError::Invalid(errors)) => {
            let extras = ShowExtras {
                errors: page.messages(&errors),
                reason: form.reason,
                alert: None,
                decision: transition.name().to_owned(),
            };
            Ok(Reply::invalid(
                show_page(app, page, actor, id, extras).await?,
            ))
        }
        Err(refused @ (AppError::Stale | AppError::Refused(..))) => {
            let alert = refused.message(page.language());
            let extras = ShowExtras {
                errors: Messages::new(),
                reason: form.reason,
                alert: Some(alert),
                decision: transition.name().to_owned(),
            };
            let html = show_page(app, page, actor, id, extras).await?;
            Ok(Reply::Invalid((rocket::http::Status::Conflict, html)))
        }
        Err(other) => Err(other),
    }
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        decide_chosen,
        inbox,
        office,
        bulk_eligible,
        progress,
        decide
    ]
}
