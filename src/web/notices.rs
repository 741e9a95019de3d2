//! The office's side of the public stages: composing and publishing the notice, the working-day
//! calendar, the objection queue, confirming the final list, and the private export.

use std::collections::HashMap;

use rocket::{Route, State, form::Form, get, post, routes};
use serde::Serialize;

use crate::domain::campaigns::Campaign;
use crate::domain::notices::Document;
use crate::http::Download;
use crate::{
    App,
    domain::{
        ids::{CampaignId, ObjectionId},
        notices::{
            self, CalendarInput, CorrectionInput, Desk, DocumentInput, OrderInput, OutcomeInput,
            QueueRow,
        },
    },
    error::{AppError, AppResult, FieldErrors},
    web::{
        guards::Admin,
        page::{Export, Page, Reply, export, render},
        published::PageCache,
    },
};

#[derive(Serialize)]
struct DeskPage {
    #[serde(flatten)]
    page: Page,
    desk: Desk,
    current: Option<Document>,
    form: DocumentInput,
    window_end: Option<String>,
    confirmable: bool,
    blocked: Option<String>,
    errors: HashMap<String, String>,
}

/// The desk, with the notice form as given (with its errors) or as the saved state suggests.
async fn desk_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<DocumentInput>,
    notice_errors: &FieldErrors,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let desk = notices::desk(&app.db, &admin.0, id, app.config.today()).await?;
    let lang = page.language();
    let current = desk.current().cloned();
    let form = form.unwrap_or_else(|| match (&desk.draft, &current) {
        (Some(draft), _) => DocumentInput::from_model(draft),
        (None, Some(current)) => DocumentInput {
            change_note: String::new(),
            version: 0,
            ..DocumentInput::from_model(current)
        },
        (None, None) => DocumentInput::blank_notice(&desk.campaign, &desk.lifecycle, lang),
    });
    let window_end = match (
        crate::domain::values::parse_date(&form.window_starts_on),
        form.working_days.trim().parse::<u32>(),
    ) {
        (Ok(start), Ok(days)) if (1..=30).contains(&days) => {
            notices::window_end(&app.db, start, days)
                .await
                .ok()
                .map(|d| d.to_string())
        }
        _ => None,
    };
    let (confirmable, blocked) =
        match notices::check_confirmable(&app.db, desk.campaign.id, app.config.today()).await {
            Ok(_) => (true, None),
            Err(e @ AppError::Refused(..)) => (false, Some(e.message(lang))),
            Err(other) => return Err(other),
        };
    let errors = page.messages(notice_errors);
    render(
        "notices/desk",
        &DeskPage {
            page,
            desk,
            current,
            form,
            window_end,
            confirmable,
            blocked,
            errors,
        },
    )
}

#[get("/campaigns/<id>")]
async fn desk(app: &State<App>, page: Page, admin: Admin, id: CampaignId) -> AppResult<Reply> {
    Ok(Reply::Page(
        desk_page(app, page, &admin, id, None, &FieldErrors::default()).await?,
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
    match notices::save_notice(&app.db, &admin.0, id, &input).await {
        Ok(_) => Ok(Reply::done(
            format!("/publicity/campaigns/{id}#draft"),
            "flash-saved",
        )),
        Err(AppError::Invalid(errors)) => Ok(Reply::invalid(
            desk_page(app, page, &admin, id, Some(input), &errors).await?,
        )),
        Err(other) => Err(other),
    }
}

#[derive(rocket::FromForm)]
struct VersionForm {
    version: i32,
}

#[post("/campaigns/<id>/notice/publish", data = "<form>")]
async fn publish(
    app: &State<App>,
    cache: &State<PageCache>,
    admin: Admin,
    id: CampaignId,
    form: Form<VersionForm>,
) -> AppResult<Reply> {
    notices::publish_notice(&app.db, &app.signer, &admin.0, id, form.version).await?;
    cache.clear();
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
    match notices::set_order(&app.db, &admin.0, id, &form).await {
        Ok(()) => Ok(Reply::done(
            format!("/publicity/campaigns/{id}#order"),
            "flash-order-saved",
        )),
        Err(AppError::Invalid(errors)) => Ok(Reply::invalid(
            desk_page(app, page, &admin, id, None, &errors).await?,
        )),
        Err(other) => Err(other),
    }
}

#[derive(Serialize)]
struct CorrectionPage {
    #[serde(flatten)]
    page: Page,
    campaign: Campaign,
    form: CorrectionInput,
    errors: HashMap<String, String>,
}

async fn correction_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<CorrectionInput>,
    errors: &FieldErrors,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let (campaign, current) = notices::correction_form(&app.db, &admin.0, id).await?;
    let errors = page.messages(errors);
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
        correction_page(app, page, &admin, id, None, &FieldErrors::default()).await?,
    ))
}

#[post("/campaigns/<id>/final-list/correct", data = "<form>")]
async fn correct(
    app: &State<App>,
    cache: &State<PageCache>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<CorrectionInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match notices::correct(&app.db, &app.signer, &admin.0, id, &input).await {
        Ok(_) => {
            // The old version's page gains its "superseded" line.
            cache.clear();
            Ok(Reply::done(
                format!("/publicity/campaigns/{id}"),
                "flash-final-list-corrected",
            ))
        }
        Err(AppError::Invalid(errors)) => Ok(Reply::invalid(
            correction_page(app, page, &admin, id, Some(input), &errors).await?,
        )),
        Err(other) => Err(other),
    }
}

#[derive(Serialize)]
struct FinalPage {
    #[serde(flatten)]
    page: Page,
    campaign: Campaign,
    shortlist: Vec<notices::Section>,
    blocked: Option<String>,
    form: DocumentInput,
    errors: HashMap<String, String>,
}

/// The final list's confirmation form, or what stands in its way.
async fn final_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: CampaignId,
    form: Option<DocumentInput>,
    errors: &FieldErrors,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let campaign = notices::office_campaign(&app.db, &admin.0, id).await?;
    let life = crate::domain::stages::load(&app.db, &campaign).await?;
    let lang = page.language();
    let (notice, blocked) =
        match notices::check_confirmable(&app.db, campaign.id, app.config.today()).await {
            Ok(notice) => (Some(notice), None),
            Err(e @ AppError::Refused(..)) => (None, Some(e.message(lang))),
            Err(other) => return Err(other),
        };
    let form = form.unwrap_or_else(|| match &notice {
        Some(notice) => DocumentInput::blank_final_list(&campaign, &life, notice, lang),
        None => DocumentInput::default(),
    });
    let shortlist = notices::shortlist_sections(&app.db, campaign.id, false).await?;
    let errors = page.messages(errors);
    render(
        "notices/final",
        &FinalPage {
            page,
            campaign,
            shortlist,
            blocked,
            form,
            errors,
        },
    )
}

#[get("/campaigns/<id>/final-list")]
async fn final_form(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: CampaignId,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        final_page(app, page, &admin, id, None, &FieldErrors::default()).await?,
    ))
}

#[post("/campaigns/<id>/final-list", data = "<form>")]
async fn confirm(
    app: &State<App>,
    cache: &State<PageCache>,
    page: Page,
    admin: Admin,
    id: CampaignId,
    form: Form<DocumentInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match notices::confirm_final_list(
        &app.db,
        &app.signer,
        &admin.0,
        id,
        &input,
        app.config.today(),
    )
    .await
    {
        // The notice's page gains its link to the final list.
        Ok(_) => cache.clear(),
        Err(AppError::Invalid(errors)) => {
            return Ok(Reply::invalid(
                final_page(app, page, &admin, id, Some(input), &errors).await?,
            ));
        }
        Err(other) => return Err(other),
    }
    Ok(Reply::done(
        format!("/publicity/campaigns/{id}"),
        "flash-final-list-confirmed",
    ))
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
    row: QueueRow,
    outcome: OutcomeInput,
    note: String,
    errors: HashMap<String, String>,
    /// Whether its campaign's objections may be handled now.
    decidable: bool,
}

async fn objection_page(
    app: &App,
    page: Page,
    admin: &Admin,
    id: ObjectionId,
    outcome: Option<OutcomeInput>,
    note: String,
    errors: &FieldErrors,
) -> AppResult<rocket::response::content::RawHtml<String>> {
    let row = notices::objection_for_office(&app.db, &admin.0, id).await?;
    let decidable = notices::may_decide(&app.db, row.objection.campaign_id).await?;
    let outcome = outcome.unwrap_or_else(|| OutcomeInput {
        version: row.objection.version,
        ..OutcomeInput::default()
    });
    let errors = page.messages(errors);
    render(
        "notices/objection",
        &ObjectionPage {
            page,
            row,
            outcome,
            note,
            errors,
            decidable,
        },
    )
}

#[get("/objections/<id>")]
async fn objection(
    app: &State<App>,
    page: Page,
    admin: Admin,
    id: ObjectionId,
) -> AppResult<Reply> {
    Ok(Reply::Page(
        objection_page(
            app,
            page,
            &admin,
            id,
            None,
            String::new(),
            &FieldErrors::default(),
        )
        .await?,
    ))
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
    match notices::add_note(&app.db, &admin.0, id, form.version, &form.note).await {
        Ok(()) => Ok(Reply::done(
            format!("/publicity/objections/{id}"),
            "flash-saved",
        )),
        Err(AppError::Invalid(errors)) => Ok(Reply::invalid(
            objection_page(app, page, &admin, id, None, form.note, &errors).await?,
        )),
        Err(other) => Err(other),
    }
}

#[post("/objections/<id>/outcome", data = "<form>")]
async fn decide(
    app: &State<App>,
    cache: &State<PageCache>,
    page: Page,
    admin: Admin,
    id: ObjectionId,
    form: Form<OutcomeInput>,
) -> AppResult<Reply> {
    let input = form.into_inner();
    match notices::decide(&app.db, &app.signer, &admin.0, id, &input, page.language()).await {
        Ok(decided) => {
            cache.clear();
            Ok(Reply::done(
                format!("/publicity/campaigns/{}/objections", decided.campaign_id),
                "flash-objection-decided",
            ))
        }
        Err(AppError::Invalid(errors)) => Ok(Reply::invalid(
            objection_page(app, page, &admin, id, Some(input), String::new(), &errors).await?,
        )),
        Err(other) => Err(other),
    }
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
    errors: HashMap<String, String>,
}

#[get("/calendar")]
async fn calendar(app: &State<App>, page: Page, admin: Admin) -> AppResult<Reply> {
    let form = notices::calendar_input(&app.db, &admin.0).await?;
    Ok(Reply::Page(render(
        "notices/calendar",
        &CalendarPage {
            page,
            form,
            errors: HashMap::new(),
        },
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
    match notices::save_calendar(&app.db, &admin.0, &input).await {
        Ok(()) => Ok(Reply::done("/publicity/calendar".into(), "flash-saved")),
        Err(AppError::Invalid(errors)) => {
            let errors = page.messages(&errors);
            Ok(Reply::invalid(render(
                "notices/calendar",
                &CalendarPage {
                    page,
                    form: input,
                    errors,
                },
            )?))
        }
        Err(other) => Err(other),
    }
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
