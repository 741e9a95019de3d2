//! The office's side of the notice: composing and publishing it, the working-day
//! calendar, the objection queue, confirming the final list, and the private export.

use rocket::{Route, State, form::Form, get, post, response::content::RawHtml, routes};
use serde::Serialize;

use crate::domain::campaigns::Campaign;
use crate::http::Download;
use crate::{
    App,
    domain::{
        ids::{CampaignId, ObjectionId},
        notices::{
            self, CalendarInput, CorrectionInput, DeskView, DocumentInput, FinalView,
            ObjectionView, OrderInput, OutcomeInput, QueueRow,
        },
    },
    error::{AppError, AppResult},
    web::{
        guards::Admin,
        page::{Export, Messages, Page, Reply, export, form_reply, render},
    },
};

#[derive(Serialize)]
struct DeskPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: DeskView,
    errors: Messages,
}

/// The desk, with the notice form as given (with its errors) or as the saved state suggests.
async fn desk_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<DocumentInput>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let today = app.config.today();
    let view = notices::desk_view(&app.db, &admin.0, id, today, form, page.language()).await?;
    render("notices/desk", &DeskPage { page, view, errors })
}

#[get("/campaigns/<id>")]
async fn desk(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    Ok(Reply::Page(
        desk_page(app, page, &admin, id, None, Messages::new()).await?,
    ))
}

#[post("/campaigns/<id>/notice", data = "<form>")]
async fn save(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<DocumentInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = notices::save_notice(&app.db, &admin.0, id, &input).await;
    form_reply(
        result,
        page,
        |_| Reply::done(format!("/publicity/campaigns/{id}#draft"), "flash-saved"),
        |page, errors| desk_page(app, page, &admin, id, Some(input), errors),
    )
    .await
}

#[derive(rocket::FromForm)]
struct VersionForm {
    version: i32,
}

#[post("/campaigns/<id>/notice/publish", data = "<form>")]
async fn publish(
    app: &State<App>,
    admin: Admin,
    id: CampaignId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    notices::publish_notice(&app.db, &app.signer, &admin.0, id, form.version).await?;
    app.published.mark();
    // Back to the desk: the published page is the same for everyone and carries no message.
    Ok(Reply::done(
        format!("/publicity/campaigns/{id}"),
        "flash-notice-published",
    ))
}

#[post("/campaigns/<id>/order", data = "<form>")]
async fn order(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<OrderInput>,
) -> AppResult<Reply> {
    let result = notices::set_order(&app.db, &admin.0, id, &form).await;
    form_reply(
        result,
        page,
        |()| {
            Reply::done(
                format!("/publicity/campaigns/{id}#order"),
                "flash-order-saved",
            )
        },
        |page, errors| desk_page(app, page, &admin, id, None, errors),
    )
    .await
}

#[derive(Serialize)]
struct CorrectionPage {
    #[serde(flatten)]
    page: Page,
    campaign: Campaign,
    form: CorrectionInput,
    errors: Messages,
}

async fn correction_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<CorrectionInput>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let (campaign, current) = notices::correction_form(&app.db, &admin.0, id).await?;
    render(
        "notices/correct",
        &CorrectionPage {
            page,
            campaign,
            form: form.unwrap_or(current),
            errors,
        },
    )
}

#[get("/campaigns/<id>/final-list/correct")]
async fn correction_form(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        correction_page(app, page, &admin, id, None, Messages::new()).await?,
    ))
}

#[post("/campaigns/<id>/final-list/correct", data = "<form>")]
async fn correct(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<CorrectionInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = notices::correct(&app.db, &app.signer, &admin.0, id, &input).await;
    form_reply(
        result,
        page,
        |_| {
            // The old version's page gains its "superseded" line.
            app.published.mark();
            Reply::done(
                format!("/publicity/campaigns/{id}"),
                "flash-final-list-corrected",
            )
        },
        |page, errors| correction_page(app, page, &admin, id, Some(input), errors),
    )
    .await
}

#[derive(Serialize)]
struct FinalPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: FinalView,
    errors: Messages,
}

/// The final list's confirmation form, or what stands in its way.
async fn final_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<DocumentInput>,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let today = app.config.today();
    let view = notices::final_view(&app.db, &admin.0, id, today, form, page.language()).await?;
    render("notices/final", &FinalPage { page, view, errors })
}

#[get("/campaigns/<id>/final-list")]
async fn final_form(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        final_page(app, page, &admin, id, None, Messages::new()).await?,
    ))
}

#[post("/campaigns/<id>/final-list", data = "<form>")]
async fn confirm(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<DocumentInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let today = app.config.today();
    let result =
        notices::confirm_final_list(&app.db, &app.signer, &admin.0, id, &input, today).await;
    form_reply(
        result,
        page,
        |_| {
            // The notice's page gains its link to the final list.
            app.published.mark();
            Reply::done(
                format!("/publicity/campaigns/{id}"),
                "flash-final-list-confirmed",
            )
        },
        |page, errors| final_page(app, page, &admin, id, Some(input), errors),
    )
    .await
}

#[get("/campaigns/<id>/final-list/private?<format>")]
async fn private_export(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    format: &str,
) -> AppResult<Export> {
    if !matches!(format, "csv" | "xlsx") {
        return Err(AppError::NotFound);
    }
    let table = notices::private_table(app, &admin.0, id, page.language()).await?;
    export(&table, format)
}

// ----------------------------------------------------------------------------------------------
// Objections

#[derive(Serialize)]
struct QueuePage {
    #[serde(flatten)]
    page: Page,
    campaign: Campaign,
    rows: Vec<QueueRow>,
}

#[get("/campaigns/<id>/objections")]
async fn queue(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    let (campaign, rows) = notices::queue(&app.db, &admin.0, id).await?;
    Ok(Reply::Page(render(
        "notices/objections",
        &QueuePage {
            page,
            campaign,
            rows,
        },
    )?))
}

#[derive(Serialize)]
struct ObjectionPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: ObjectionView,
    note: String,
    errors: Messages,
}

async fn objection_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: ObjectionId,
    outcome: Option<OutcomeInput>,
    note: String,
    errors: Messages,
) -> AppResult<RawHtml<String>> {
    let view = notices::objection_view(&app.db, &admin.0, id, outcome).await?;
    let context = ObjectionPage {
        page,
        view,
        note,
        errors,
    };
    render("notices/objection", &context)
}

#[get("/objections/<id>")]
async fn objection(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: ObjectionId,
) -> AppResult<Reply> {
    let html = objection_page(app, page, &admin, id, None, String::new(), Messages::new()).await?;
    Ok(Reply::Page(html))
}

#[derive(rocket::FromForm)]
struct NoteForm {
    #[field(default = String::new())]
    note: String,
    version: i32,
}

#[post("/objections/<id>/notes", data = "<form>")]
async fn note(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: ObjectionId,
    form: Form<NoteForm>,
) -> AppResult<Reply> {
    let form = form.into_inner();
    let result = notices::add_note(&app.db, &admin.0, id, form.version, &form.note).await;
    form_reply(
        result,
        page,
        |()| Reply::done(format!("/publicity/objections/{id}"), "flash-saved"),
        |page, errors| objection_page(app, page, &admin, id, None, form.note, errors),
    )
    .await
}

#[post("/objections/<id>/outcome", data = "<form>")]
async fn decide(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: ObjectionId,
    form: Form<OutcomeInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let lang = page.language();
    let result = notices::decide(&app.db, &app.signer, &admin.0, id, &input, lang).await;
    form_reply(
        result,
        page,
        |decided| {
            app.published.mark();
            Reply::done(
                format!("/publicity/campaigns/{}/objections", decided.campaign_id),
                "flash-objection-decided",
            )
        },
        |page, errors| objection_page(app, page, &admin, id, Some(input), String::new(), errors),
    )
    .await
}

/// An objection's evidence, always as a download.
#[get("/objections/<id>/attachment")]
async fn attachment(app: &State<App>, admin: Admin, id: ObjectionId) -> AppResult<Download> {
    let (name, kind, bytes) = notices::objection_attachment(app, &admin.0, id).await?;
    Ok(Download::named(&name, &kind, bytes))
}

// ----------------------------------------------------------------------------------------------
// The working-day calendar

#[derive(Serialize)]
struct CalendarPage {
    #[serde(flatten)]
    page: Page,
    form: CalendarInput,
    errors: Messages,
}

#[get("/calendar")]
async fn calendar(app: &State<App>, page: Page, admin: Admin) -> AppResult<Reply> {
    let form = notices::calendar_input(&app.db, &admin.0).await?;
    let errors = Messages::new();
    Ok(Reply::Page(render(
        "notices/calendar",
        &CalendarPage { page, form, errors },
    )?))
}

#[post("/calendar", data = "<form>")]
async fn save_calendar(
    app: &State<App>,
    page: Page,
    admin: Admin,
    form: Form<CalendarInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    let result = notices::save_calendar(&app.db, &admin.0, &input).await;
    form_reply(
        result,
        page,
        |()| Reply::done("/publicity/calendar".into(), "flash-saved"),
        |page, errors| async move {
            let form = input;
            render("notices/calendar", &CalendarPage { page, form, errors })
        },
    )
    .await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        desk,
        save,
        publish,
        order,
        final_form,
        confirm,
        correction_form,
        correct,
        private_export,
        queue,
        objection,
        note,
        decide,
        attachment,
        calendar,
        save_calendar
    ]
}
