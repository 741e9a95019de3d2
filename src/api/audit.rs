//! API: the audit log, for the office — a page of events at a time with the same filters as
//! its page, the chain's verification on request, and the CSV export (itself recorded).

use rocket::{Route, State, futures::Stream, get, routes, serde::json::Json};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    App,
    api::{ApiActor, error::ApiResult, views::ApiErrorView},
    domain::audit::{self, log::AuditFilter},
    http::exports::{CsvDownload, csv_from_database},
    i18n::Lang,
};

/// One event of the log.
#[derive(Serialize, ToSchema)]
pub struct AuditEventView {
    /// Its id: events are numbered in the order they happened.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who: the username, or `system:…`.
    pub actor: String,
    /// From where, when known.
    pub ip: Option<String>,
    /// What happened (`nomination.submit`).
    pub action: String,
    /// The kind of record.
    pub entity_type: String,
    /// The record's id.
    pub entity_id: String,
    /// The campaign, when the event belongs to one.
    pub campaign_id: Option<Uuid>,
    /// The record before, shortened (the export has it whole).
    pub before: Option<String>,
    /// The record after, shortened (the export has it whole).
    pub after: Option<String>,
}

/// The chain's verification.
#[derive(Serialize, ToSchema)]
pub struct VerificationView {
    /// Whether every event's hash holds and links to the one before.
    pub intact: bool,
    /// Events read.
    pub checked: u64,
    /// The first event where the chain breaks.
    pub first_break: Option<i64>,
    /// The last event and its hash when intact, to note down outside the system.
    pub last_id: Option<i64>,
    /// The last event's hash.
    pub last_hash: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Serialize, ToSchema)]
pub struct AuditPageView {
    /// The events.
    pub rows: Vec<AuditEventView>,
    /// Pass as `after` for the next (older) page; absent on the last.
    pub next: Option<String>,
    /// The chain's verification, when asked for.
    pub verification: Option<VerificationView>,
}

/// The audit log, newest first, 50 events a page (the office only): filtered by campaign,
/// actor (a username or `system:…`), action (`nomination.submit`, or an area: `nomination`)
/// and record id; `verify=true` also checks the whole chain.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "audit_index", tag = "audit", security(("bearer" = [])),
    params(
        ("campaign" = Option<Uuid>, Query, description = "Only this campaign"),
        ("actor" = Option<String>, Query, description = "Only this actor"),
        ("action" = Option<String>, Query, description = "Only this action or area"),
        ("entity" = Option<String>, Query, description = "Only this record id"),
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("verify" = Option<bool>, Query, description = "Check the whole chain too"),
    ),
    responses((status = 200, body = AuditPageView), (status = 403, body = ApiErrorView)))]
#[get("/audit?<after>&<verify>&<filter..>")]
pub async fn index(
    app: &State<App>,
    who: ApiActor,
    after: Option<i64>,
    verify: Option<bool>,
    filter: AuditFilter,
) -> ApiResult<Json<AuditPageView>> {
    // The API pages one way, towards the oldest: its `after` is the page's `before`.
    let filter = AuditFilter {
        before: after,
        after: None,
        ..filter
    };
    let listing = audit::log::browse(app, &who.0, &filter, verify.unwrap_or(false)).await?;
    let next = listing
        .has_older
        .then_some(listing.oldest_id)
        .flatten()
        .map(|id| id.to_string());
    Ok(Json(AuditPageView {
        rows: listing
            .rows
            .into_iter()
            .map(|r| AuditEventView {
                id: r.id,
                at: r.at.format(&Rfc3339).unwrap_or_default(),
                actor: r.actor_label,
                ip: r.ip,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                campaign_id: r.campaign_id,
                before: r.before,
                after: r.after,
            })
            .collect(),
        next,
        verification: listing.verification.map(|v| VerificationView {
            intact: v.is_intact(),
            checked: v.checked,
            first_break: v.first_break.as_ref().map(|b| b.id),
            last_id: v.last.as_ref().map(|l| l.id),
            last_hash: v.last.map(|l| l.hash),
        }),
    }))
}

/// The audit log as CSV, every column and whole snapshots, filtered as [`index`]; the export
/// is itself recorded (the office only).
#[utoipa::path(get, path = "/api/v1/audit/export.csv", operation_id = "audit_export", tag = "audit", security(("bearer" = [])),
    params(
        ("campaign" = Option<Uuid>, Query, description = "Only this campaign"),
        ("actor" = Option<String>, Query, description = "Only this actor"),
        ("action" = Option<String>, Query, description = "Only this action or area"),
        ("entity" = Option<String>, Query, description = "Only this record id"),
    ),
    responses((status = 200, description = "The CSV file", content_type = "text/csv"), (status = 403, body = ApiErrorView)))]
#[get("/audit/export.csv?<filter..>")]
pub async fn export(
    app: &State<App>,
    who: ApiActor,
    lang: Lang,
    filter: AuditFilter,
) -> ApiResult<CsvDownload<impl Stream<Item = String> + Send + use<>>> {
    let chunks = audit::log::export_csv(app, &who.0, &filter, lang).await?;
    Ok(csv_from_database(chunks, "audit-log.csv", "audit export"))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, export]
}
