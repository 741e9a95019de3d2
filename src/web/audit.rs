//! The office reads the audit log: the filtered list, the chain's verification on request, and
//! the CSV export. Reading and verifying live in `domain::audit::log` and `domain::audit::verify`.

use rocket::{Route, State, futures::Stream, get, http::RawStr, routes};
use serde::Serialize;

use crate::{
    App,
    domain::audit::{
        self,
        log::{AuditFilter, AuditListing},
    },
    error::AppResult,
    http::exports::csv_from_database,
    i18n::Lang,
    web::{
        guards::Admin,
        page::{CsvDownload, Page, Reply, render},
    },
};

#[derive(Serialize)]
struct AuditPage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    listing: AuditListing,
    filter: AuditFilter,
    /// The filter as a query string, for the paging and export links.
    query: String,
}

/// `?verify=1` runs the chain's verification along with the page.
#[get("/?<verify>&<filter..>")]
async fn index(
    app: &State<App>,
    page: Page,
    admin: Admin,
    verify: Option<u8>,
    filter: AuditFilter,
) -> AppResult<Reply> {
    let listing = audit::log::browse(app, &admin.0, &filter, verify == Some(1)).await?;
    let query = filter_query(&filter);
    Ok(Reply::Page(render(
        "audit/index",
        &AuditPage {
            page,
            listing,
            filter,
            query,
        },
    )?))
}

/// The filter as a query string without the page position.
fn filter_query(filter: &AuditFilter) -> String {
    let mut parts = Vec::new();
    if let Some(campaign) = filter.campaign {
        parts.push(format!("campaign={campaign}"));
    }
    for (name, value) in [
        ("actor", &filter.actor),
        ("action", &filter.action),
        ("entity", &filter.entity),
    ] {
        if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", RawStr::new(value).percent_encode()));
        }
    }
    parts.join("&")
}

#[get("/export.csv?<filter..>")]
async fn export(
    app: &State<App>,
    lang: Lang,
    admin: Admin,
    filter: AuditFilter,
) -> AppResult<CsvDownload<impl Stream<Item = String> + Send + use<>>> {
    let chunks = audit::log::export_csv(app, &admin.0, &filter, lang).await?;
    Ok(csv_from_database(chunks, "audit-log.csv", "audit export"))
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![index, export]
}
