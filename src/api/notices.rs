//! API: the office's notice desk — the shortlist as the notice would list it, the draft and
//! the published versions — composing and publishing the notice, and the working-day calendar
//! that counts its window. The same domain calls and guards as the pages.

use rocket::{Route, State, get, http::Status, post, put, routes, serde::json::Json};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::Body;
use crate::{
    App,
    api::error::ApiResult,
    api::{ApiActor, admin::VersionInput, views::ApiErrorView},
    domain::{
        ids::CampaignId,
        notices::{self, CalendarInput, Document, DocumentInput, Section},
    },
};

/// A notice or a final list, draft or published.
#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    /// The document.
    pub id: Uuid,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// `notice` or `final_list`.
    pub kind: String,
    /// `draft`, `published` or `superseded`.
    pub status: String,
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
            kind: crate::domain::name_of(&d.kind),
            status: crate::domain::name_of(&d.status),
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

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![desk, save_draft, publish, calendar, save_calendar]
}
