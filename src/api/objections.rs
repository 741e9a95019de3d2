//! API: objections (异议). Anyone files one against a nominee of the notice in force, within
//! its window, in their real name, with the same limit per address and hour as the page, and
//! follows it by its receipt code; no token is needed for either. The office reads the queue,
//! records notes and decides, as on its pages.

use base64::Engine;
use rocket::{Data, Route, State, data::ToByteUnit, get, post, routes, serde::json::Json};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    App,
    api::{ApiActor, error::ApiResult, json::Body, views::ApiErrorView},
    domain::{
        ids::{CampaignId, DocumentId, ObjectionId},
        notices::{self, Objection, ObjectionInput, ObjectionStatus, OutcomeInput, Upload},
    },
    error::{AppError, FieldErrors},
    http::{ClientIp, Download},
};

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// A file attached to an objection, carried in the JSON body.
#[derive(Deserialize, ToSchema)]
pub struct EvidenceInput {
    /// The file's name.
    #[serde(default)]
    pub filename: String,
    /// The file's bytes, base64 (standard alphabet, with padding); at most
    /// `laurel.attachment_max_bytes` once decoded. PDF, JPEG or PNG.
    pub content_base64: String,
}

/// An objection as its filer sends it.
#[derive(Deserialize, ToSchema)]
pub struct ObjectionFiling {
    /// The nominee objected to: an entry's `id` on the notice (its JSON lists them).
    #[serde(default)]
    pub nominee: String,
    /// What is wrong and why (at least a sentence, up to 2,000 characters).
    #[serde(default)]
    pub text: String,
    /// The filer's real name.
    #[serde(default)]
    pub filer_name: String,
    /// The filer's unit or address.
    #[serde(default)]
    pub filer_unit: String,
    /// The filer's mobile number (the office's only; never shown).
    #[serde(default)]
    pub filer_contact: String,
    /// Evidence, optional.
    pub attachment: Option<EvidenceInput>,
}

/// What the filer is given: the code to follow the objection with, and when to expect an
/// answer.
#[derive(Serialize, ToSchema)]
pub struct ReceiptView {
    /// The receipt code (`YY-XXXX-XXXX-XXXX`).
    pub receipt_code: String,
    /// The nominee it concerns.
    pub nominee_name: String,
    /// The notice it was filed against.
    pub notice_id: Uuid,
    /// The day the office's answer is due (`YYYY-MM-DD`), counted in working days.
    pub answer_by: Option<String>,
}

/// Files an objection against a nominee of a notice in force (no token needed). Refused
/// outside the notice's window (409, naming the window), past the limit per address and hour
/// (429), or per field (422).
#[utoipa::path(post, path = "/api/v1/notices/{id}/objections", tag = "objections", request_body = ObjectionFiling,
    params(("id" = Uuid, Path, description = "The notice's id (a published version)")),
    responses(
        (status = 200, body = ReceiptView),
        (status = 404, body = ApiErrorView),
        (status = 409, body = ApiErrorView),
        (status = 413, body = ApiErrorView),
        (status = 422, body = ApiErrorView),
        (status = 429, body = ApiErrorView),
    ))]
#[post("/notices/<id>/objections", data = "<body>")]
pub async fn file(
    app: &State<App>,
    ip: ClientIp,
    id: DocumentId,
    body: Data<'_>,
) -> ApiResult<Json<ReceiptView>> {
    // The body carries the file in base64: a third more than its bytes, and the text fields.
    let limit = app.config.attachment_max_bytes / 3 * 4 + 64 * 1024;
    let sent: ObjectionFiling = crate::api::json::read(body, limit.bytes()).await?;
    let bytes = match &sent.attachment {
        Some(evidence) => base64::engine::general_purpose::STANDARD
            .decode(evidence.content_base64.trim())
            .map_err(|_| {
                let mut fields = FieldErrors::default();
                fields.add("attachment.content_base64", "error-json-type");
                AppError::Invalid(fields)
            })?,
        None => Vec::new(),
    };
    let filename = sent
        .attachment
        .as_ref()
        .map(|a| a.filename.clone())
        .unwrap_or_default();
    let upload = (!bytes.is_empty()).then_some(Upload {
        filename: &filename,
        bytes: &bytes,
    });
    let input = ObjectionInput {
        nominee: sent.nominee,
        text: sent.text,
        filer_name: sent.filer_name,
        filer_unit: sent.filer_unit,
        filer_contact: sent.filer_contact,
    };
    let today = app.config.today();
    let filed = notices::file_objection(app, id, &input, upload, ip.0.as_deref(), today)
        .await
        .map_err(|error| match error {
            // The page's file field is this body's `attachment`.
            AppError::Invalid(mut fields) => {
                for field in &mut fields.0 {
                    if field.field == "file" {
                        field.field = "attachment".into();
                    }
                }
                AppError::Invalid(fields)
            }
            other => other,
        })?;
    let receipt = notices::receipt(&app.db, &filed, today).await?;
    Ok(Json(ReceiptView {
        receipt_code: receipt.receipt_code,
        nominee_name: receipt.nominee_name,
        notice_id: receipt.notice_id,
        answer_by: receipt.answer_by.map(|day| day.to_string()),
    }))
}

/// What the filer sees of their objection.
#[derive(Serialize, ToSchema)]
pub struct ObjectionStatusView {
    /// The receipt code.
    pub receipt_code: String,
    /// The nominee objected to.
    pub nominee_name: String,
    /// The notice it was filed against.
    pub notice_id: Uuid,
    /// Filed (RFC 3339).
    pub filed_at: String,
    /// Where it stands.
    pub status: ObjectionStatus,
    /// The office's answer, once decided (empty before).
    pub outcome_reason: String,
    /// Decided (RFC 3339).
    pub decided_at: Option<String>,
}

/// Where an objection stands, by its receipt code (no token needed; spaces, dashes and case
/// do not matter).
#[utoipa::path(get, path = "/api/v1/objections/status", tag = "objections",
    params(("code" = String, Query, description = "The receipt code")),
    responses((status = 200, body = ObjectionStatusView), (status = 404, body = ApiErrorView)))]
#[get("/objections/status?<code>")]
pub async fn status(app: &State<App>, code: &str) -> ApiResult<Json<ObjectionStatusView>> {
    let (found, nominee_name) = notices::by_receipt(&app.db, code).await?;
    let decided = found.status.is_decided();
    Ok(Json(ObjectionStatusView {
        receipt_code: found.receipt_code,
        nominee_name,
        notice_id: found.document_id,
        filed_at: rfc3339(found.created_at),
        status: found.status,
        outcome_reason: if decided {
            found.outcome_reason
        } else {
            String::new()
        },
        decided_at: found.decided_at.map(rfc3339),
    }))
}

/// An objection as the office sees it: the filer's contact and the notes included.
#[derive(Serialize, ToSchema)]
pub struct ObjectionView {
    /// The objection.
    pub id: Uuid,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// The notice it was filed against.
    pub notice_id: Uuid,
    /// The nominee objected to.
    pub nomination_id: Uuid,
    /// The nominee's name.
    pub nominee_name: String,
    /// The filer's receipt code.
    pub receipt_code: String,
    /// The filer's name.
    pub filer_name: String,
    /// The filer's unit or address.
    pub filer_unit: String,
    /// The filer's mobile number.
    pub filer_contact: String,
    /// What the filer says.
    pub text: String,
    /// The evidence's file name, if any (`GET …/attachment` reads it).
    pub attachment_name: Option<String>,
    /// Where it stands.
    pub status: ObjectionStatus,
    /// The office's notes, one line each.
    pub notes: String,
    /// The reason given with the outcome.
    pub outcome_reason: String,
    /// Decided (RFC 3339).
    pub decided_at: Option<String>,
    /// Filed (RFC 3339).
    pub filed_at: String,
    /// Its version, for the next note or the outcome.
    pub version: i32,
}

fn office_view(o: Objection, nominee_name: String) -> ObjectionView {
    ObjectionView {
        id: o.id,
        campaign_id: o.campaign_id,
        notice_id: o.document_id,
        nomination_id: o.nomination_id,
        nominee_name,
        receipt_code: o.receipt_code,
        filer_name: o.filer_name,
        filer_unit: o.filer_unit,
        filer_contact: o.filer_contact,
        text: o.text,
        attachment_name: o.attachment_name,
        status: o.status,
        notes: o.notes,
        outcome_reason: o.outcome_reason,
        decided_at: o.decided_at.map(rfc3339),
        filed_at: rfc3339(o.created_at),
        version: o.version,
    }
}

/// A campaign's objections, open ones first, oldest first (the office only).
#[utoipa::path(get, path = "/api/v1/notices/campaigns/{id}/objections", tag = "objections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = [ObjectionView]), (status = 403, body = ApiErrorView)))]
#[get("/notices/campaigns/<id>/objections")]
pub async fn queue(
    app: &State<App>,
    who: ApiActor,
    id: CampaignId,
) -> ApiResult<Json<Vec<ObjectionView>>> {
    let (_, rows) = notices::queue(&app.db, &who.0, id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| office_view(r.objection, r.nominee_name))
            .collect(),
    ))
}

async fn one(app: &App, who: &ApiActor, id: ObjectionId) -> ApiResult<Json<ObjectionView>> {
    let row = notices::objection_for_office(&app.db, &who.0, id).await?;
    Ok(Json(office_view(row.objection, row.nominee_name)))
}

/// One objection (the office only).
#[utoipa::path(get, path = "/api/v1/objections/{id}", operation_id = "objections_show", tag = "objections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, body = ObjectionView), (status = 403, body = ApiErrorView), (status = 404, body = ApiErrorView)))]
#[get("/objections/<id>")]
pub async fn show(
    app: &State<App>,
    who: ApiActor,
    id: ObjectionId,
) -> ApiResult<Json<ObjectionView>> {
    one(app, &who, id).await
}

/// A step of the office's investigation.
#[derive(Deserialize, ToSchema)]
pub struct NoteInput {
    /// What was done or found.
    #[serde(default)]
    pub note: String,
    /// The objection's version as last read.
    pub version: i32,
}

/// The office records a step of its investigation; the objection is then under investigation.
/// Refused once it is decided or once the final list is confirmed (409).
#[utoipa::path(post, path = "/api/v1/objections/{id}/notes", tag = "objections", security(("bearer" = [])), request_body = NoteInput,
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, body = ObjectionView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/objections/<id>/notes", data = "<input>")]
pub async fn note(
    app: &State<App>,
    who: ApiActor,
    id: ObjectionId,
    input: Body<NoteInput>,
) -> ApiResult<Json<ObjectionView>> {
    let input = input.into_inner()?;
    notices::add_note(&app.db, &who.0, id, input.version, &input.note).await?;
    one(app, &who, id).await
}

/// The office's decision.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not accepted (anonymous, impersonated, out of scope).
    Refused,
    /// Investigated and found unfounded.
    Dismissed,
    /// Investigated and found true: the nominee is withdrawn.
    Upheld,
}

/// The office's decision on an objection.
#[derive(Deserialize, ToSchema)]
#[schema(as = ObjectionDecisionInput)]
pub struct DecisionInput {
    /// The outcome.
    pub outcome: Outcome,
    /// The reason, told to the filer.
    #[serde(default)]
    pub reason: String,
    /// With `upheld`: publish a corrected notice without the nominee at once.
    #[serde(default)]
    pub correct: bool,
    /// The objection's version as last read.
    pub version: i32,
}

/// The office decides an objection. Upheld, the nominee is withdrawn from the shortlist (and,
/// with `correct`, a corrected notice is published). Refused once decided or once the final
/// list is confirmed (409).
#[utoipa::path(post, path = "/api/v1/objections/{id}/outcome", operation_id = "objections_decide", tag = "objections", security(("bearer" = [])), request_body = DecisionInput,
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, body = ObjectionView), (status = 409, body = ApiErrorView), (status = 422, body = ApiErrorView)))]
#[post("/objections/<id>/outcome", data = "<input>")]
pub async fn decide(
    app: &State<App>,
    who: ApiActor,
    lang: crate::i18n::Lang,
    id: ObjectionId,
    input: Body<DecisionInput>,
) -> ApiResult<Json<ObjectionView>> {
    let input = input.into_inner()?;
    let outcome = OutcomeInput {
        outcome: match input.outcome {
            Outcome::Refused => "refused",
            Outcome::Dismissed => "dismissed",
            Outcome::Upheld => "upheld",
        }
        .to_owned(),
        reason: input.reason,
        correct: input.correct,
        version: input.version,
    };
    notices::decide(&app.db, &app.signer, &who.0, id, &outcome, lang).await?;
    app.published.mark();
    one(app, &who, id).await
}

/// An objection's evidence, as a download (the office only).
#[utoipa::path(get, path = "/api/v1/objections/{id}/attachment", tag = "objections", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Objection id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ApiErrorView)))]
#[get("/objections/<id>/attachment")]
pub async fn attachment(app: &State<App>, who: ApiActor, id: ObjectionId) -> ApiResult<Download> {
    let (name, kind, bytes) = notices::objection_attachment(app, &who.0, id).await?;
    Ok(Download::named(&name, &kind, bytes))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![file, status, queue, show, note, decide, attachment]
}
