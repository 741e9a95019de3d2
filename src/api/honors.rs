//! API: the honor roll, for everyone (no token needed) — search a page at a time, an honoree
//! with every honor of the same person, a unit's honors, and the exports. Public fields only,
//! exactly as the pages show them.

use rocket::{Route, State, futures::Stream, get, routes, serde::json::Json};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    App,
    api::{error::ApiResult, views::ApiErrorView},
    domain::{
        honor_roll::{self, HonorQuery, Honoree, UnitList},
        ids::{HonoreeId, UnitId},
    },
    http::exports::{RollExport, export_roll},
    i18n::Lang,
};

/// An honoree on the roll (public fields only).
#[derive(Serialize, ToSchema)]
pub struct HonoreeView {
    /// The honor.
    pub id: Uuid,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// Its category.
    pub category_id: Uuid,
    /// The nomination it came from (the id the notice and the list's JSON use).
    pub nomination_id: Uuid,
    /// The final list that confirmed it.
    pub document_id: Uuid,
    /// The nominating unit.
    pub unit_id: Uuid,
    /// Its place within its category on the list, from 0.
    pub position: i32,
    /// The honoree's name.
    pub name: String,
    /// The affiliation or role line the list prints.
    pub affiliation: String,
    /// The category's name.
    pub category_name: String,
    /// The campaign's title.
    pub campaign_title: String,
    /// The nominating unit's name.
    pub unit_name: String,
    /// The organ that issued the list.
    pub organizer: String,
    /// The campaign's year.
    pub year: i32,
    /// The day the list was confirmed (`YYYY-MM-DD`).
    pub confirmed_on: String,
}

impl From<Honoree> for HonoreeView {
    fn from(h: Honoree) -> Self {
        HonoreeView {
            id: h.id,
            campaign_id: h.campaign_id,
            category_id: h.category_id,
            nomination_id: h.nomination_id,
            document_id: h.document_id,
            unit_id: h.unit_id,
            position: h.position,
            name: h.name,
            affiliation: h.affiliation,
            category_name: h.category_name,
            campaign_title: h.campaign_title,
            unit_name: h.unit_name,
            organizer: h.organizer,
            year: h.year,
            confirmed_on: h.confirmed_on.to_string(),
        }
    }
}

/// A page of the honor roll.
#[derive(Serialize, ToSchema)]
pub struct HonorPageView {
    /// The honorees, newest year first.
    pub rows: Vec<HonoreeView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// Searches the honor roll, newest year first: part of a name, part of a unit's name, a year,
/// a category; `limit` rows a page (1 to 200, 50 when absent), `next` continues.
#[utoipa::path(get, path = "/api/v1/honors", tag = "honor roll",
    params(
        ("q" = Option<String>, Query, description = "Part of the name"),
        ("unit" = Option<String>, Query, description = "Part of the nominating unit's name or the affiliation"),
        ("year" = Option<i32>, Query, description = "The campaign year"),
        ("category" = Option<String>, Query, description = "The category's name"),
        ("after" = Option<String>, Query, description = "The `next` of the page before"),
        ("limit" = Option<u64>, Query, description = "Rows a page, 1 to 200 (50 when absent)"),
    ),
    responses((status = 200, body = HonorPageView)))]
#[get("/honors?<limit>&<query..>")]
pub async fn search(
    app: &State<App>,
    limit: Option<u64>,
    query: HonorQuery,
) -> ApiResult<Json<HonorPageView>> {
    let size = limit.unwrap_or(honor_roll::PAGE_SIZE);
    let page = honor_roll::search_page(&app.db, &query, size).await?;
    Ok(Json(HonorPageView {
        rows: page.rows.into_iter().map(HonoreeView::from).collect(),
        next: page.next,
    }))
}

/// An honoree, the public summary of the deeds it recognises, and every honor of the same
/// person or organization across campaigns.
#[derive(Serialize, ToSchema)]
pub struct HonoreePageView {
    /// The honor.
    pub honoree: HonoreeView,
    /// The public summary of the deeds.
    pub deeds: Option<String>,
    /// Every honor of the same name and line, newest first.
    pub honors: Vec<HonoreeView>,
}

/// One honoree.
#[utoipa::path(get, path = "/api/v1/honors/{id}", tag = "honor roll",
    params(("id" = Uuid, Path, description = "Honoree id")),
    responses((status = 200, body = HonoreePageView), (status = 404, body = ApiErrorView)))]
#[get("/honors/<id>")]
pub async fn honoree(app: &State<App>, id: HonoreeId) -> ApiResult<Json<HonoreePageView>> {
    let page = honor_roll::honoree_page(&app.db, id).await?;
    Ok(Json(HonoreePageView {
        honoree: page.honoree.into(),
        deeds: page.deeds,
        honors: page.honors.into_iter().map(HonoreeView::from).collect(),
    }))
}

/// A unit's honors on one final list.
#[derive(Serialize, ToSchema)]
pub struct UnitListView {
    /// The final list.
    pub document_id: Uuid,
    /// The campaign's year.
    pub year: i32,
    /// The campaign's title.
    pub campaign_title: String,
    /// The organ that issued the list.
    pub organizer: String,
    /// The day the list was confirmed (`YYYY-MM-DD`).
    pub confirmed_on: String,
    /// The unit's lines by category, in the list's order.
    pub sections: Vec<UnitSectionView>,
}

/// A category's lines of a [`UnitListView`].
#[derive(Serialize, ToSchema)]
pub struct UnitSectionView {
    /// The category's name.
    pub name: String,
    /// The honorees: id and the line the list prints.
    pub lines: Vec<UnitLineView>,
}

/// One honoree of a unit.
#[derive(Serialize, ToSchema)]
pub struct UnitLineView {
    /// The honoree.
    pub id: Uuid,
    /// Its line as the list prints it.
    pub line: String,
}

/// A unit's honors.
#[derive(Serialize, ToSchema)]
pub struct UnitHonorsView {
    /// The unit.
    pub unit_id: Uuid,
    /// Its name.
    pub name: String,
    /// One entry per final list, newest first; honors of units under it included.
    pub lists: Vec<UnitListView>,
}

impl From<UnitList> for UnitListView {
    fn from(list: UnitList) -> Self {
        UnitListView {
            document_id: list.document_id,
            year: list.year,
            campaign_title: list.campaign_title,
            organizer: list.organizer,
            confirmed_on: list.confirmed_on.to_string(),
            sections: list
                .sections
                .into_iter()
                .map(|s| UnitSectionView {
                    name: s.name,
                    lines: s
                        .lines
                        .into_iter()
                        .map(|l| UnitLineView {
                            id: l.id,
                            line: l.line,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Every honor received by nominees of a unit and the units under it.
#[utoipa::path(get, path = "/api/v1/honors/units/{id}", tag = "honor roll",
    params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, body = UnitHonorsView), (status = 404, body = ApiErrorView)))]
#[get("/honors/units/<id>")]
pub async fn unit(app: &State<App>, id: UnitId) -> ApiResult<Json<UnitHonorsView>> {
    let (unit, lists) = honor_roll::unit_honors(&app.db, id).await?;
    Ok(Json(UnitHonorsView {
        unit_id: unit.id,
        name: unit.name,
        lists: lists.into_iter().map(UnitListView::from).collect(),
    }))
}

/// The honor roll as a search selects it, as `csv` or `xlsx`, streamed; headings in the
/// request's language.
#[utoipa::path(get, path = "/api/v1/honors/export", tag = "honor roll",
    params(
        ("format" = String, Query, description = "`csv` or `xlsx`"),
        ("q" = Option<String>, Query, description = "Part of the name"),
        ("unit" = Option<String>, Query, description = "Part of the nominating unit's name"),
        ("year" = Option<i32>, Query, description = "The campaign year"),
        ("category" = Option<String>, Query, description = "The category's name"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "text/csv"),
        (status = 404, body = ApiErrorView),
    ))]
#[get("/honors/export?<format>&<query..>")]
pub async fn export(
    app: &State<App>,
    lang: Lang,
    format: &str,
    query: HonorQuery,
) -> ApiResult<RollExport<impl Stream<Item = String> + Send + use<>>> {
    Ok(export_roll(app, lang, format, query).await?)
}

/// This area's routes.
#[must_use]
pub fn routes() -> Vec<Route> {
    routes![search, honoree, unit, export]
}
