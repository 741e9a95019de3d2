//! Nominations: a unit's recommender writes, attaches and submits; the office and the units
//! above read.

use rocket::{
    Route, State, delete,
    form::{Contextual, Form},
    fs::TempFile,
    futures::Stream,
    get,
    http::Status,
    post,
    response::content::RawHtml,
    routes,
};
use serde::Serialize;

use crate::domain::campaigns::Campaign;
use crate::domain::campaigns::Category;
use crate::http::{
    Download,
    exports::{RollExport, export_roster},
};
use crate::{
    App,
    domain::{
        actor::Actor,
        ids::{AttachmentId, CampaignId, CategoryId, NominationId},
        nominations::{self, DraftForm, NominationFilter, NominationInput},
        review,
    },
    error::{AppError, AppResult, FieldErrors},
    web::{
        guards::Recommender,
        page::{Messages, Page, Reply, form_reply, read_upload, render},
    },
};

#[derive(Serialize)]
struct ListPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: nominations::ListView,
    filter: NominationFilter,
    /// The filter as a query string, for the next page's link.
    query: String,
}

#[derive(Serialize)]
struct FormPage {
    #[serde(flatten)]
    page: Page,
    id: Option<uuid::Uuid>,
    campaign: Campaign,
    category: Category,
    form: NominationInput,
    errors: Messages,
    /// A refusal (stale version, closed window) shown above the form the user filled in.
    alert: Option<String>,
}

#[derive(Serialize)]
struct ShowPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: review::NominationView,
    alert: Option<String>,
    reason: String,
    /// The decision chosen on the form shown again.
    decision: String,
    /// The largest attachment accepted, for the upload hint.
    max_file_size: String,
    errors: Messages,
}

/// The campaign's roster (推荐汇总表) as the list's filter selects it, as CSV or XLSX,
/// streamed: the office's with every field, a unit's of its subtree.
#[get("/roster?<format>&<filter..>")]
async fn roster(
    app: &State<App>,
    lang: crate::i18n::Lang,
    actor: Actor,
    format: &str,
    filter: NominationFilter,
) -> AppResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    export_roster(app, &actor, lang, format, &filter).await
}

#[get("/?<filter..>")]
async fn index(
    app: &State<App>,
    page: Page,
    actor: Actor,
    filter: NominationFilter,
) -> AppResult<Reply> {
    let view = nominations::list_view(&app.db, &actor, &filter).await?;
    let query = filter_query(&filter);
    Ok(Reply::Page(render(
        "nominations/index",
        &ListPage {
            page,
            view,
            filter,
            query,
        },
    )?))
}

/// The filter as a query string without the cursor, for pagination links.
fn filter_query(filter: &NominationFilter) -> String {
    let mut parts = Vec::new();
    if let Some(c) = filter.campaign {
        parts.push(format!("campaign={c}"));
    }
    if let Some(c) = filter.category {
        parts.push(format!("category={c}"));
    }
    if let Some(u) = filter.unit {
        parts.push(format!("unit={u}"));
    }
    if let Some(s) = &filter.status {
        parts.push(format!(
            "status={}",
            rocket::http::RawStr::new(s).percent_encode()
        ));
    }
    if let Some(q) = &filter.q {
        parts.push(format!(
            "q={}",
            rocket::http::RawStr::new(q).percent_encode()
        ));
    }
    parts.join("&")
}

#[get("/new?<campaign>&<category>")]
async fn new(
    app: &State<App>,
    page: Page,
    who: Recommender,
    campaign: CampaignId,
    category: CategoryId,
) -> AppResult<Reply> {
    let form = nominations::new_form(app, &who.0, campaign, category).await?;
    Ok(Reply::Page(form_page(page, form, Messages::new(), None)?))
}

#[post("/?<campaign>&<category>", data = "<form>")]
async fn create(
    app: &State<App>,
    page: Page,
    who: Recommender,
    campaign: CampaignId,
    category: CategoryId,
    form: Form<NominationInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = nominations::create_draft(app, &who.0, campaign, category, &input).await;
    form_reply(
        result,
        page,
        |saved| Reply::done(format!("/nominations/{}", saved.id), "flash-draft-saved"),
        |page, errors| async move {
            let form = nominations::new_form_again(app, &who.0, campaign, category, input).await?;
            form_page(page, form, errors, None)
        },
    )
    .await
}

/// The nomination form: its fields as stored or typed, the messages at them, and a refusal
/// (stale version, closed window) shown above it.
fn form_page(
    page: Page,
    form: DraftForm,
    errors: Messages,
    alert: Option<String>,
) -> AppResult<RawHtml<String>> {
    let DraftForm {
        id,
        campaign,
        category,
        input,
    } = form;
    render(
        "nominations/form",
        &FormPage {
            page,
            id,
            campaign,
            category,
            form: input,
            errors,
            alert,
        },
    )
}

/// What a re-rendered nomination page carries besides the nomination: field messages, a
/// refusal to show above it, and the reason the user had typed.
#[derive(Default)]
pub struct ShowExtras {
    /// Messages at fields (`file`, `reason`).
    pub errors: Messages,
    /// A refused action's message, shown with the current state.
    pub alert: Option<String>,
    /// The reason typed into a decision form, kept when it is shown again.
    pub reason: String,
    /// The decision chosen on that form.
    pub decision: String,
}

/// The nomination page, for anyone who may see the nomination: its content, attachments,
/// history, the decisions the viewer may take now, and for the office the review checklist,
/// possible duplicates and what changed since the previous version.
pub async fn show_page(
    app: &App,
    page: Page,
    actor: &Actor,
    id: NominationId,
    extras: ShowExtras,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let view = review::nomination_page(app, actor, id, app.config.today()).await?;
    let errors = extras.errors;
    render(
        "nominations/show",
        &ShowPage {
            page,
            view,
            alert: extras.alert,
            reason: extras.reason,
            decision: extras.decision,
            max_file_size: human_size(app.config.attachment_max_bytes),
            errors,
        },
    )
}

/// A byte count as people read it: `5 MiB`, `512 KiB`.
fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[get("/<id>")]
async fn show(app: &State<App>, page: Page, actor: Actor, id: NominationId) -> AppResult<Reply> {
    Ok(Reply::Page(
        show_page(app, page, &actor, id, ShowExtras::default()).await?,
    ))
}

#[get("/<id>/edit")]
async fn edit(
    app: &State<App>,
    page: Page,
    who: Recommender,
    id: NominationId,
) -> AppResult<Reply> {
    let form = nominations::edit_form(app, &who.0, id).await?;
    Ok(Reply::Page(form_page(page, form, Messages::new(), None)?))
}

#[post("/<id>", data = "<form>")]
async fn update(
    app: &State<App>,
    page: Page,
    who: Recommender,
    id: NominationId,
    form: Form<NominationInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let (status, errors, alert) = match nominations::update_draft(app, &who.0, id, &input).await {
        Ok(_) => {
            return Ok(Reply::done(
                format!("/nominations/{id}"),
                "flash-draft-saved",
            ));
        }
        Err(AppError::Invalid(errors)) => {
            (Status::UnprocessableEntity, page.messages(&errors), None)
        }
        // What the user typed comes back with the refusal, so nothing is lost.
        Err(refused @ (AppError::Stale | AppError::Refused(..))) => {
            let alert = refused.message(page.language());
            (Status::Conflict, Messages::new(), Some(alert))
        }
        Err(other) => return Err(other),
    };
    let form = nominations::edit_form_again(app, &who.0, id, input).await?;
    Ok(Reply::Invalid((
        status,
        form_page(page, form, errors, alert)?,
    )))
}

#[derive(rocket::FromForm)]
struct VersionForm {
    version: i32,
}

#[derive(rocket::FromForm)]
struct UploadForm<'r> {
    version: i32,
    file: TempFile<'r>,
}

#[post("/<id>/attachments", data = "<form>")]
async fn upload(
    app: &State<App>,
    page: Page,
    who: Recommender,
    id: NominationId,
    form: Form<Contextual<'_, UploadForm<'_>>>,
) -> AppResult<Reply> {
    let result = match &form.value {
        Some(upload) => {
            let (filename, bytes) = read_upload(&upload.file).await?;
            nominations::add_attachment(app, &who.0, id, upload.version, &filename, &bytes).await
        }
        None => {
            // The form did not parse: over Rocket's size limit, or no file at all.
            let too_large = form
                .context
                .errors()
                .any(|e| matches!(e.kind, rocket::form::error::ErrorKind::InvalidLength { .. }));
            let mut errors = FieldErrors::default();
            errors.add(
                "file",
                if too_large {
                    "error-file-too-large"
                } else {
                    "error-file-empty"
                },
            );
            Err(AppError::Invalid(errors))
        }
    };
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/nominations/{id}"), "flash-attachment-added"),
        |page, errors| {
            let extras = ShowExtras {
                errors,
                ..ShowExtras::default()
            };
            show_page(app, page, &who.0, id, extras)
        },
    )
    .await
}

#[delete("/<id>/attachments/<attachment>", data = "<form>")]
async fn remove_attachment(
    app: &State<App>,
    who: Recommender,
    id: NominationId,
    attachment: AttachmentId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    nominations::remove_attachment(app, &who.0, id, form.version, attachment).await?;
    Ok(Reply::done(format!("/nominations/{id}"), "flash-deleted"))
}

#[get("/<id>/attachments/<attachment>")]
async fn download(
    app: &State<App>,
    actor: Actor,
    id: NominationId,
    attachment: AttachmentId,
) -> AppResult<Download> {
    let (found, bytes) = nominations::read_attachment(app, &actor, id, attachment).await?;
    Ok(Download::named(&found.filename, &found.content_type, bytes))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        index,
        roster,
        new,
        create,
        show,
        edit,
        update,
        upload,
        remove_attachment,
        download
    ]
}
