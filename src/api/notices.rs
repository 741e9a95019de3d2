//! API: the office's notice desk — the shortlist as the notice would list it, the draft and
//! the published versions — composing and publishing the notice, and the working-day calendar
//! that counts its window. The same domain calls and guards as the pages.

use std::collections::{BTreeMap, HashMap};

use rocket::{Route, State, get, http::Status, post, put, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{ApiActor, admin::VersionInput, views::ApiErrorView},
    domain::{
        ids::{CampaignId, DocumentId},
        notices::{
            self, CalendarInput, CorrectionEntry, CorrectionInput, Document, DocumentInput,
            DocumentKind, DocumentStatus, OrderInput, Section,
        },
    },
    error::AppError,
    i18n::Lang,
};

/// A notice or a final list, draft or published.
#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    /// The document.
    pub id: Uuid,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// A notice or a final list.
    pub kind: DocumentKind,
    /// Draft, published, or superseded by a correction.
    pub status: DocumentStatus,
    /// 1 for the first publication, then one more per correction.
    pub number: i32,
    /// The version it corrects.
    pub replaces_id: Option<Uuid>,
    /// The version that corrects it.
    pub superseded_by: Option<Uuid>,
    /// What a correction changed.
    pub change_note: String,
    /// Issuing organ.
    pub issuing_organ: String,
    /// Document number.
    pub doc_number: String,
    /// Issued on (`YYYY-MM-DD`).
    pub issued_on: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// A notice's window: first day, working days, last day.
    pub window_starts_on: Option<String>,
    /// The window's length in working days.
    pub working_days: Option<i32>,
    /// The window's last day, counted on the calendar at publication.
    pub window_ends_on: Option<String>,
    /// SHA-256 of the canonical JSON, once published.
    pub digest: Option<String>,
    /// The draft's version, for the next save or the publication.
    pub version: i32,
}

impl From<Document> for DocumentView {
    fn from(d: Document) -> Self {
        DocumentView {
            id: d.id,
            campaign_id: d.campaign_id,
            kind: d.kind,
            status: d.status,
            number: d.number,
            replaces_id: d.replaces_id,
            superseded_by: d.superseded_by,
            change_note: d.change_note,
            issuing_organ: d.issuing_organ,
            doc_number: d.doc_number,
            issued_on: d.issued_on.to_string(),
            title: d.title,
            body: d.body,
            window_starts_on: d.window_starts_on.map(|day| day.to_string()),
            working_days: d.working_days,
            window_ends_on: d.window_ends_on.map(|day| day.to_string()),
            digest: d.digest,
            version: d.version,
        }
    }
}

/// The office's notice desk for a campaign.
#[derive(Serialize, ToSchema)]
pub struct DeskView {
    /// The campaign.
    pub campaign_id: Uuid,
    /// The shortlist as the notice would list it, by category.
    pub shortlist: Vec<Section>,
    /// The notice being composed.
    pub draft: Option<DocumentView>,
    /// Published notices, newest first.
    pub notices: Vec<DocumentView>,
    /// The final list, once confirmed.
    pub final_list: Option<DocumentView>,
    /// Objections not yet decided.
    pub open_objections: u64,
    /// All objections.
    pub objections: u64,
}

async fn desk_view(app: &App, who: &ApiActor, id: CampaignId) -> ApiResult<Json<DeskView>> {
    let desk = notices::desk(&app.db, &who.0, id, app.config.today()).await?;
    Ok(Json(DeskView {
        campaign_id: desk.campaign.id,
        shortlist: desk.shortlist,
        draft: desk.draft.map(DocumentView::from),
        notices: desk.notices.into_iter().map(DocumentView::from).collect(),
        final_list: desk.final_list.map(DocumentView::from),
        open_objections: desk.open_objections,
        objections: desk.objections,
    }))
}

/// The notice desk of a campaign (the office only).
#[utoipa::path(get, path = "/api/v1/notices/campaigns/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = DeskView), (status = 403, body = ApiErrorView)))]
#[get("/notices/campaigns/<id>")]
pub async fn desk(app: &State<App>, who: ApiActor, id: CampaignId) -> ApiResult<Json<DeskView>> {
    desk_view(app, &who, id).await
}

/// The office saves the notice's draft (in the notice stage); `version` is the draft's as last
/// read (0 for a new one).
#[utoipa::path(put, path = "/api/v1/notices/campaigns/{id}/draft", tag = "notices", security(("bearer" = [])), request_body = DocumentInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = DocumentView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/notices/campaigns/<id>/draft", data = "<input>")]
pub async fn save_draft(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<DocumentInput>,
) -> ApiResult<Json<DocumentView>> {
    let input = input.into_inner()?;
    let saved = notices::save_notice(&app.db, &who.0, id, &input).await?;
    Ok(Json(saved.into()))
}

/// The office publishes the draft: its public fields are frozen with their digest, the window
/// counted on the calendar, and a signed checkpoint written. A later publication corrects it.
#[utoipa::path(post, path = "/api/v1/notices/campaigns/{id}/publish", tag = "notices", security(("bearer" = [])), request_body = VersionInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = DocumentView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/notices/campaigns/<id>/publish", data = "<input>")]
pub async fn publish(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<VersionInput>,
) -> ApiResult<Json<DocumentView>> {
    let input = input.into_inner()?;
    let published =
        notices::publish_notice(&app.db, &app.signer, &who.0, id, input.version).await?;
    app.published.mark();
    Ok(Json(published.into()))
}

/// The working-day calendar: holidays on weekdays and weekend days worked, one `YYYY-MM-DD`
/// per line with an optional note (the office only).
#[utoipa::path(get, path = "/api/v1/notices/calendar", tag = "notices", security(("bearer" = [])),
    responses((status = 200, body = CalendarInput), (status = 403, body = ApiErrorView)))]
#[get("/notices/calendar")]
pub async fn calendar(app: &State<App>, who: ApiActor) -> ApiResult<Json<CalendarInput>> {
    Ok(Json(notices::calendar_input(&app.db, &who.0).await?))
}

/// The office replaces the working-day calendar.
#[utoipa::path(put, path = "/api/v1/notices/calendar", tag = "notices", security(("bearer" = [])), request_body = CalendarInput,
    responses((status = 204, description = "Saved"), (status = 422, body = ApiErrorView)))]
#[put("/notices/calendar", data = "<input>")]
pub async fn save_calendar(
    app: &State<App>,
    who: ApiActor,
    input: Body<CalendarInput>,
) -> ApiResult<Status> {
    let input = input.into_inner()?;
    notices::save_calendar(&app.db, &who.0, &input).await?;
    Ok(Status::NoContent)
}

/// The office's order of the shortlisted nominees within each category.
#[derive(Deserialize, ToSchema)]
pub struct OrderBody {
    /// Nomination id → its place within its category (1 first); nominees left out keep their
    /// turn after the numbered ones.
    pub positions: BTreeMap<Uuid, i64>,
}

/// The office sets the order the notice and the final list print the nominees in, until the
/// final list is confirmed (afterwards a correction changes it).
#[utoipa::path(put, path = "/api/v1/notices/campaigns/{id}/order", tag = "final list", security(("bearer" = [])), request_body = OrderBody,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 204, description = "Saved"), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[put("/notices/campaigns/<id>/order", data = "<input>")]
pub async fn order(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<OrderBody>,
) -> ApiResult<Status> {
    let input = input.into_inner()?;
    let order = OrderInput {
        positions: input
            .positions
            .into_iter()
            .map(|(nomination, place)| (nomination.to_string(), place.to_string()))
            .collect::<HashMap<_, _>>(),
    };
    notices::set_order(&app.db, &who.0, id, &order).await?;
    Ok(Status::NoContent)
}

/// Why something may not be done now: the rule, in the request's language.
#[derive(Serialize, ToSchema)]
pub struct BlockedView {
    /// The catalogue key of the rule.
    pub error: String,
    /// The rule as a sentence, with its dates.
    pub message: String,
}

/// The final list's confirmation: what stands in its way, the shortlist it would confirm, and
/// its document fields pre-filled from the notice in force.
#[derive(Serialize, ToSchema)]
pub struct FinalListView {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Why the list may not be confirmed now (absent when it may).
    pub blocked: Option<BlockedView>,
    /// The shortlist, public fields only, in the office's order.
    pub shortlist: Vec<Section>,
    /// The list's document fields as suggested.
    pub form: DocumentInput,
    /// The confirmed list's newest version, once there is one.
    pub final_list: Option<DocumentView>,
}

/// The final list of a campaign: confirmed, or what its confirmation needs (the office only).
#[utoipa::path(get, path = "/api/v1/notices/campaigns/{id}/final-list", tag = "final list", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = FinalListView), (status = 403, body = ApiErrorView)))]
#[get("/notices/campaigns/<id>/final-list")]
pub async fn final_list(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CampaignId,
) -> ApiResult<Json<FinalListView>> {
    let today = app.config.today();
    let view = notices::final_view(&app.db, &who.0, id, today, None, lang).await?;
    let confirmed = notices::final_list_of(&app.db, view.campaign.id).await?;
    Ok(Json(FinalListView {
        campaign_id: view.campaign.id,
        blocked: view
            .blocked_by
            .zip(view.blocked)
            .map(|(error, message)| BlockedView {
                error: error.to_owned(),
                message,
            }),
        shortlist: view.shortlist,
        form: view.form,
        final_list: confirmed.map(DocumentView::from),
    }))
}

/// The office confirms the final list once the notice window has closed and every objection
/// has its outcome: the shortlist's nominees become honorees and the list is published.
/// Refused, naming the rule, while the window is open, objections are open or a list exists.
#[utoipa::path(post, path = "/api/v1/notices/campaigns/{id}/final-list", tag = "final list", security(("bearer" = [])), request_body = DocumentInput,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = DocumentView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/notices/campaigns/<id>/final-list", data = "<input>")]
pub async fn confirm(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<DocumentInput>,
) -> ApiResult<Json<DocumentView>> {
    let input = input.into_inner()?;
    let today = app.config.today();
    let confirmed =
        notices::confirm_final_list(&app.db, &app.signer, &who.0, id, &input, today).await?;
    app.published.mark();
    Ok(Json(confirmed.into()))
}

/// One line of the final list as a correction leaves it.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CorrectionLine {
    /// The honoree.
    pub honoree: Uuid,
    /// Whether it stays on the list (false: taken off).
    pub keep: bool,
    /// The name as it should read.
    #[serde(default)]
    pub name: String,
    /// The affiliation or role line as it should read.
    #[serde(default)]
    pub affiliation: String,
    /// Its place within its category (1 first).
    pub position: i64,
    /// Its category's name (as read; not changed by a correction).
    #[serde(default)]
    pub category: String,
}

/// A correction of the confirmed final list: the newest version it replaces, the new
/// version's document fields (`change_note` says what changed and why) and every line.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CorrectionBody {
    /// The version being corrected (it must still be the newest).
    pub replaces: Uuid,
    /// The new version's document fields.
    pub document: DocumentInput,
    /// Every line of the list.
    pub lines: Vec<CorrectionLine>,
}

/// The final list as a correction starts from: its newest version, line by line (the office
/// only; 404 before the list is confirmed).
#[utoipa::path(get, path = "/api/v1/notices/campaigns/{id}/final-list/correction", tag = "final list", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CorrectionBody), (status = 404, body = ApiErrorView)))]
#[get("/notices/campaigns/<id>/final-list/correction")]
pub async fn correction(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
) -> ApiResult<Json<CorrectionBody>> {
    let (_, form) = notices::correction_form(&app.db, &who.0, id).await?;
    let lines = form
        .entries
        .into_iter()
        .filter_map(|e| {
            Some(CorrectionLine {
                honoree: Uuid::try_parse(&e.honoree).ok()?,
                keep: e.keep,
                name: e.name,
                affiliation: e.affiliation,
                position: e.position.parse().ok()?,
                category: e.category,
            })
        })
        .collect();
    Ok(Json(CorrectionBody {
        replaces: Uuid::try_parse(&form.replaces).map_err(|_| AppError::NotFound)?,
        document: form.document,
        lines,
    }))
}

/// The office publishes a corrected final list: a new version that replaces the newest one,
/// which then says so. Refused (409) when `replaces` is no longer the newest version.
#[utoipa::path(post, path = "/api/v1/notices/campaigns/{id}/final-list/corrections", tag = "final list", security(("bearer" = [])), request_body = CorrectionBody,
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = DocumentView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/notices/campaigns/<id>/final-list/corrections", data = "<input>")]
pub async fn correct(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
    input: Body<CorrectionBody>,
) -> ApiResult<Json<DocumentView>> {
    let input = input.into_inner()?;
    let form = CorrectionInput {
        replaces: input.replaces.to_string(),
        document: input.document,
        entries: input
            .lines
            .into_iter()
            .map(|l| CorrectionEntry {
                honoree: l.honoree.to_string(),
                keep: l.keep,
                name: l.name,
                affiliation: l.affiliation,
                position: l.position.to_string(),
                category: l.category,
            })
            .collect(),
    };
    let corrected = notices::correct(&app.db, &app.signer, &who.0, id, &form).await?;
    app.published.mark();
    Ok(Json(corrected.into()))
}

/// The final list with the private fields the office files (phone, ID number, birth date,
/// contact), as `csv` or `xlsx`; every download is audited (the office only).
#[utoipa::path(get, path = "/api/v1/notices/campaigns/{id}/final-list/private", tag = "final list", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id"), ("format" = String, Query, description = "`csv` or `xlsx`")),
    responses((status = 200, description = "The file", content_type = "text/csv"), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/notices/campaigns/<id>/final-list/private?<format>")]
pub async fn private_export(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    id: CampaignId,
    format: &str,
) -> ApiResult<crate::http::exports::Export> {
    if !matches!(format, "csv" | "xlsx") {
        return Err(AppError::NotFound.into());
    }
    let table = notices::private_table(app, &who.0, id, lang).await?;
    Ok(crate::http::exports::export(&table, format)?)
}

/// A published notice or final list as its canonical JSON says it (no token needed).
#[derive(Serialize, ToSchema)]
pub struct PublishedView {
    /// The version.
    pub id: Uuid,
    /// A notice or a final list.
    pub kind: DocumentKind,
    /// Published, or superseded once corrected.
    pub status: DocumentStatus,
    /// 1 for the first publication, one more per correction.
    pub number: i32,
    /// The version that corrects it.
    pub superseded_by: Option<Uuid>,
    /// SHA-256 of `content` as published (canonical JSON, the page's digest).
    pub digest: String,
    /// The published content: document fields, window, and the entries by category.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

/// A published notice or final list (no token needed; drafts are 404).
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "notices",
    params(("id" = Uuid, Path, description = "A published version's id")),
    responses((status = 200, body = PublishedView), (status = 404, body = ApiErrorView)))]
#[get("/documents/<id>")]
pub async fn published(app: &State<App>, id: DocumentId) -> ApiResult<Json<PublishedView>> {
    let doc = notices::published(&app.db, id).await?;
    let content = serde_json::from_str(doc.content.as_deref().unwrap_or("{}"))
        .map_err(|e| AppError::Internal(format!("published content: {e}")))?;
    Ok(Json(PublishedView {
        id: doc.id,
        kind: doc.kind,
        status: doc.status,
        number: doc.number,
        superseded_by: doc.superseded_by,
        digest: doc.digest.unwrap_or_default(),
        content,
    }))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![
        desk,
        save_draft,
        publish,
        calendar,
        save_calendar,
        order,
        final_list,
        confirm,
        correction,
        correct,
        private_export,
        published
    ]
}
