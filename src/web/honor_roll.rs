//! The honor roll, for everyone: search across campaigns and years, a page per honoree and a
//! page per unit. Only what the final lists published appears here.

use std::sync::Mutex;

use rocket::{Route, State, futures::Stream, get, response::content::RawHtml, routes};
use serde::Serialize;

use crate::domain::units::Unit;
use crate::{
    App,
    domain::{
        honor_roll::{self, HonorPage, HonorQuery, UnitList},
        ids::{HonoreeId, UnitId},
    },
    error::AppResult,
    http::exports::{RollExport, export_roll},
    i18n::Lang,
    web::page::{Page, render},
};

/// The search form's years and categories, kept while the number of published final lists
/// stays the same (the honor roll changes only when a final list is confirmed).
#[derive(Default)]
pub struct FacetCache(Mutex<Option<Facets>>);

type Facets = (u64, Vec<i32>, Vec<String>);

async fn facets(app: &App, cache: &FacetCache) -> AppResult<(Vec<i32>, Vec<String>)> {
    let lists = honor_roll::final_list_count(&app.db).await?;
    let kept = cache.0.lock().ok().and_then(|kept| kept.clone());
    if let Some((count, years, categories)) = kept
        && count == lists
    {
        return Ok((years, categories));
    }
    let (years, categories) = honor_roll::facets(&app.db).await?;
    if let Ok(mut kept) = cache.0.lock() {
        *kept = Some((lists, years.clone(), categories.clone()));
    }
    Ok((years, categories))
}

#[derive(Serialize)]
struct SearchPage {
    #[serde(flatten)]
    page: Page,
    query: HonorQuery,
    years: Vec<i32>,
    categories: Vec<String>,
    results: HonorPage,
    next_url: Option<String>,
    /// The filters as a query string, for the export links.
    filters: String,
}

fn encode(text: &str) -> String {
    rocket::http::RawStr::new(text).percent_encode().to_string()
}

#[get("/honors?<query..>")]
async fn search(
    app: &State<App>,
    cache: &State<FacetCache>,
    page: Page,
    query: HonorQuery,
) -> AppResult<RawHtml<String>> {
    let results = honor_roll::search(&app.db, &query).await?;
    let (years, categories) = facets(app, cache).await?;
    let filters = format!(
        "q={}&unit={}&year={}&category={}",
        encode(&query.q),
        encode(&query.unit),
        encode(&query.year),
        encode(&query.category)
    );
    let next_url = results
        .next
        .as_ref()
        .map(|after| format!("/honors?{filters}&after={}", encode(after)));
    render(
        "honor_roll/search",
        &SearchPage {
            page,
            query,
            years,
            categories,
            results,
            next_url,
            filters,
        },
    )
}

#[derive(Serialize)]
struct HonoreePage {
    #[serde(flatten)]
    page: Page,
    #[serde(flatten)]
    view: honor_roll::HonoreePage,
}

#[get("/honors/<id>")]
async fn show(app: &State<App>, page: Page, id: HonoreeId) -> AppResult<RawHtml<String>> {
    let view = honor_roll::honoree_page(&app.db, id).await?;
    render("honor_roll/honoree", &HonoreePage { page, view })
}

#[derive(Serialize)]
struct UnitPage {
    #[serde(flatten)]
    page: Page,
    unit: Unit,
    lists: Vec<UnitList>,
}

#[get("/honors/units/<id>")]
async fn unit_page(app: &State<App>, page: Page, id: UnitId) -> AppResult<RawHtml<String>> {
    let (unit, lists) = honor_roll::unit_honors(&app.db, id).await?;
    render("honor_roll/unit", &UnitPage { page, unit, lists })
}

/// The honor roll as the search selects it, as CSV or XLSX, streamed: however many rows, the
/// server holds one page of them at a time.
#[get("/honors/export?<format>&<query..>")]
async fn export(
    app: &State<App>,
    lang: Lang,
    format: &str,
    query: HonorQuery,
) -> AppResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    export_roll(app, lang, format, query).await
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![search, show, unit_page, export]
}
