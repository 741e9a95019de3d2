//! The honor roll, for everyone: search across campaigns and years, a page per honoree and a
//! page per unit. Only what the final lists published appears here.

use rocket::{Route, State, get, response::content::RawHtml, routes};
use serde::Serialize;

use crate::{
    App,
    domain::{
        honorees::{self, HonorPage, HonorQuery},
        ids::{HonoreeId, UnitId},
    },
    entity::{honoree, unit},
    error::AppResult,
    web::page::{Page, render},
};

#[derive(Serialize)]
struct SearchPage {
    #[serde(flatten)]
    page: Page,
    query: HonorQuery,
    years: Vec<i32>,
    categories: Vec<String>,
    results: HonorPage,
    next_url: Option<String>,
}

fn encode(text: &str) -> String {
    rocket::http::RawStr::new(text).percent_encode().to_string()
}

#[get("/honors?<query..>")]
async fn search(app: &State<App>, page: Page, query: HonorQuery) -> AppResult<RawHtml<String>> {
    let results = honorees::search(&app.db, &query).await?;
    let (years, categories) = honorees::facets(&app.db).await?;
    let next_url = results.next.as_ref().map(|after| {
        format!(
            "/honors?q={}&unit={}&year={}&category={}&after={}",
            encode(&query.q),
            encode(&query.unit),
            encode(&query.year),
            encode(&query.category),
            encode(after)
        )
    });
    render(
        "public/honors",
        &SearchPage {
            page,
            query,
            years,
            categories,
            results,
            next_url,
        },
    )
}

#[derive(Serialize)]
struct HonoreePage {
    #[serde(flatten)]
    page: Page,
    honoree: honoree::Model,
    honors: Vec<honoree::Model>,
}

#[get("/honors/<id>")]
async fn show(app: &State<App>, page: Page, id: HonoreeId) -> AppResult<RawHtml<String>> {
    let honoree = honorees::honoree(&app.db, id).await?;
    let honors = honorees::same_honoree(&app.db, &honoree).await?;
    render(
        "public/honoree",
        &HonoreePage {
            page,
            honoree,
            honors,
        },
    )
}

#[derive(Serialize)]
struct UnitPage {
    #[serde(flatten)]
    page: Page,
    unit: unit::Model,
    honors: Vec<honoree::Model>,
}

#[get("/honors/units/<id>")]
async fn unit_page(app: &State<App>, page: Page, id: UnitId) -> AppResult<RawHtml<String>> {
    let (unit, honors) = honorees::unit_honors(&app.db, id).await?;
    render("public/unit_honors", &UnitPage { page, unit, honors })
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![search, show, unit_page]
}
