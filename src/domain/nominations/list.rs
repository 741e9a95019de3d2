//! The nomination list (推荐列表) each user sees within their reach: filters, keyset pages, the
//! capped count, and the line each nomination shows.

use super::*;

/// Filters of the nomination list.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct NominationFilter {
    /// Only this campaign.
    pub campaign: Option<CampaignId>,
    /// Only this category.
    pub category: Option<CategoryId>,
    /// Only this unit's subtree.
    pub unit: Option<crate::domain::ids::UnitId>,
    /// Only this status (a [`NominationStatus`] by name).
    pub status: Option<String>,
    /// Name contains this text.
    pub q: Option<String>,
    /// Continue after this row (the `next` of the page before).
    pub after: Option<String>,
    /// Rows a page, 1 to [`MAX_PAGE_SIZE`] ([`PAGE_SIZE`] when absent).
    pub limit: Option<u64>,
}

/// One row of the nomination list.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NominationRow {
    /// The nomination.
    pub id: Uuid,
    /// Nominee's name.
    pub nominee_name: String,
    /// Its status.
    pub status: NominationStatus,
    /// The category's name.
    pub category_name: String,
    /// The nominating unit's name.
    pub unit_name: String,
    /// The campaign's title.
    pub campaign_title: String,
    /// Last change (RFC 3339; the pages show it in the office's time zone).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: time::OffsetDateTime,
}

/// Rows per page of the nomination list.
pub const PAGE_SIZE: u64 = 50;

/// The most rows a page holds when the caller chooses (the API's `limit`).
pub const MAX_PAGE_SIZE: u64 = 200;

/// Counted up to this many; beyond, the list says "more than".
pub const COUNT_CAP: u64 = 1000;

/// A page of the nomination list.
#[derive(Clone, Debug, Serialize)]
pub struct NominationPage {
    /// The rows, newest change first.
    pub rows: Vec<NominationRow>,
    /// How many match, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// More than `total` match.
    pub more: bool,
    /// The `after` of the next page, if there is one.
    pub next: Option<String>,
}

/// The nomination list as its page shows it: a page of rows and the filter's choices (the
/// campaigns the reader may filter by, the chosen campaign's categories, the units in reach).
#[derive(Clone, Debug, Serialize)]
pub struct ListView {
    /// The page of rows.
    #[serde(flatten)]
    pub list: NominationPage,
    /// The campaigns the reader may filter by: any, for the office; every announced one,
    /// closed ones included, for a unit.
    pub campaigns: Vec<crate::domain::campaigns::Campaign>,
    /// The chosen campaign's categories (empty until a campaign is chosen).
    pub categories: Vec<crate::domain::campaigns::Category>,
    /// The units in the reader's reach.
    pub units: Vec<crate::domain::units::Unit>,
}

/// The nomination list for `actor` under `filter`, with the filter's choices.
///
/// # Errors
/// As [`list`].
pub async fn list_view(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &NominationFilter,
) -> AppResult<ListView> {
    use crate::domain::{campaigns, units};
    let list = list(db, actor, filter).await?;
    let campaigns = if actor.is_admin() {
        campaigns::list_for(db, actor).await?
    } else {
        campaigns::list_public(db).await?
    };
    let categories = match filter.campaign {
        Some(campaign) if campaigns.iter().any(|c| c.id == campaign.0) => {
            campaigns::categories_of(db, campaign).await?
        }
        _ => Vec::new(),
    };
    let units = units::list_in_reach(db, actor).await?;
    Ok(ListView {
        list,
        campaigns,
        categories,
        units,
    })
}

/// The cursor of a row: its last change (Unix nanoseconds) and id.
fn list_cursor(n: &nomination::Model) -> String {
    cursor(n.updated_at, n.id)
}

/// A keyset cursor: a time (Unix nanoseconds) and an id.
pub(crate) fn cursor(at: time::OffsetDateTime, id: Uuid) -> String {
    format!("{}.{id}", at.unix_timestamp_nanos())
}

/// The time and id of a [`cursor`]; `None` for anything else.
pub(crate) fn parse_list_cursor(after: &str) -> Option<(time::OffsetDateTime, Uuid)> {
    let (at, id) = after.split_once('.')?;
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(at.parse().ok()?).ok()?;
    Some((at, Uuid::try_parse(id).ok()?))
}

/// The nominations in the caller's reach, filtered, newest change first, a page at a time
/// (keyset: no OFFSET, so the thousandth page costs what the first does); with how many match,
/// counted up to [`COUNT_CAP`].
///
/// # Errors
/// [`AppError::Forbidden`] for reviewers.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &NominationFilter,
) -> AppResult<NominationPage> {
    use crate::domain::names;
    use sea_orm::sea_query::{Expr, ExprTrait};
    if matches!(actor.role, Role::Reviewer | Role::Agency) {
        return Err(AppError::Forbidden);
    }
    let Selection {
        cond,
        join_units,
        by_gram,
    } = selection(db, actor, filter).await?;
    let mut query = nomination::Entity::find();
    if join_units {
        query = query.join(JoinType::InnerJoin, nomination_unit());
    }
    let query = query.filter(cond);
    let backend = db.get_database_backend();
    let total = names::count_up_to(
        db,
        query.clone().select_only().column(nomination::Column::Id),
        COUNT_CAP + 1,
    )
    .await?;
    let mut page = query;
    if let Some((at, id)) = filter.after.as_deref().and_then(parse_list_cursor) {
        page = page.filter(
            Expr::tuple([
                Expr::col((nomination::Entity, nomination::Column::UpdatedAt)),
                Expr::col((nomination::Entity, nomination::Column::Id)),
            ])
            .lt(Expr::tuple([Expr::val(at), Expr::val(id)])),
        );
    }
    page = if by_gram && backend == sea_orm::DbBackend::Sqlite {
        // The bigram's few candidates, looked up by id and sorted, beat walking the
        // (updated_at, id) index and checking each row: the unary plus keeps SQLite from
        // ordering by the index. Same order, same rows.
        page.order_by(
            Expr::cust("+\"nominations\".\"updated_at\""),
            sea_orm::Order::Desc,
        )
    } else {
        page.order_by_desc(nomination::Column::UpdatedAt)
    };
    let size = filter.limit.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let mut found = page
        .order_by_desc(nomination::Column::Id)
        .limit(size + 1)
        .all(db)
        .await?;
    let next = if found.len() as u64 > size {
        found.truncate(usize::try_from(size).unwrap_or(50));
        found.last().map(list_cursor)
    } else {
        None
    };
    let rows = describe(db, found).await?;
    Ok(NominationPage {
        rows,
        total: Ord::min(total, COUNT_CAP),
        more: total > COUNT_CAP,
        next,
    })
}

/// The nominations a filter selects among those `actor` may see, as a condition on
/// `nominations` (joined to `units` when `join_units`); `by_gram` when the name's index narrowed
/// it. Shared by the list and the roster.
pub(super) struct Selection {
    pub(super) cond: Condition,
    pub(super) join_units: bool,
    pub(super) by_gram: bool,
}

/// The [`Selection`] of `filter` for `actor`: its reach (the office everything, a unit its
/// subtree, narrowed to the chosen unit's), campaign, category, status and name.
///
/// # Errors
/// When the database fails.
pub(super) async fn selection(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &NominationFilter,
) -> AppResult<Selection> {
    use crate::domain::names;
    // The units whose nominations the list may show: the caller's subtree, narrowed to the
    // chosen unit's (choosing a unit never widens the caller's reach).
    let mut scopes: Vec<String> = Vec::new();
    if !actor.is_admin() {
        scopes.push(actor.unit_path.clone());
    }
    if let Some(unit_id) = filter.unit
        && let Some(chosen) = unit::Entity::find_by_id(unit_id.0).one(db).await?
    {
        scopes.push(chosen.path);
    }
    let mut cond = Condition::all();
    let mut join_units = false;
    if !scopes.is_empty() {
        let mut units = unit::Entity::find().select_only().column(unit::Column::Id);
        for path in &scopes {
            units = units.filter(unit::Column::Path.starts_with(path.as_str()));
        }
        let ids: Vec<Uuid> = units.limit(2).into_tuple().all(db).await?;
        if let [only] = ids.as_slice() {
            // One unit (a community or a department: they hold no units): its own rows, read
            // in the list's order on (unit_id, updated_at, id), however many others are newer.
            cond = cond.add(nomination::Column::UnitId.eq(*only));
        } else {
            join_units = true;
            for path in &scopes {
                cond = cond.add(unit::Column::Path.starts_with(path.as_str()));
            }
        }
    }
    if let Some(campaign) = filter.campaign {
        cond = cond.add(nomination::Column::CampaignId.eq(campaign.0));
    }
    if let Some(category) = filter.category {
        cond = cond.add(nomination::Column::CategoryId.eq(category.0));
    }
    if let Some(status) = filter.status.as_deref().and_then(parse_status) {
        cond = cond.add(nomination::Column::Status.eq(status));
    }
    let mut by_gram = false;
    if let Some(q) = filter
        .q
        .as_deref()
        .and_then(crate::domain::values::search_term)
    {
        // The nominations holding the term's rarest pieces of the name index are the only
        // candidates, when they are few; else (a common surname) the list is walked in order,
        // testing each name in the (updated_at, id, nominee_name) index, and matches come soon.
        let pieces = names::rare_pieces(db, names::NOMINATIONS, &q).await?;
        if !pieces.is_empty() {
            by_gram = true;
            cond = cond.add(
                nomination::Column::Id.in_subquery(names::holders(names::NOMINATIONS, &pieces)),
            );
        }
        cond = cond.add(names::contains_literally(
            nomination::Column::NomineeName,
            &q,
        ));
    }
    Ok(Selection {
        cond,
        join_units,
        by_gram,
    })
}

/// Parses a status name (`draft`, `pending`, `at_office` …).
#[must_use]
pub fn parse_status(name: &str) -> Option<NominationStatus> {
    use sea_orm::Iterable;
    NominationStatus::iter().find(|s| crate::domain::name_of(s) == name)
}

/// The join from a nomination to its nominating unit.
pub(crate) fn nomination_unit() -> sea_orm::RelationDef {
    nomination::Entity::belongs_to(unit::Entity)
        .from(nomination::Column::UnitId)
        .to(unit::Column::Id)
        .into()
}

pub(crate) async fn describe(
    db: &DatabaseConnection,
    found: Vec<nomination::Model>,
) -> AppResult<Vec<NominationRow>> {
    // Each unit, category and campaign once, however many rows share it.
    let ids = |f: fn(&nomination::Model) -> Uuid| -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = found.iter().map(f).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids(|n| n.unit_id)))
        .all(db)
        .await?;
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(ids(|n| n.category_id)))
        .all(db)
        .await?;
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids(|n| n.campaign_id)))
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .map(|n| NominationRow {
            id: n.id,
            status: n.status,
            category_name: categories
                .iter()
                .find(|c| c.id == n.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            unit_name: units
                .iter()
                .find(|u| u.id == n.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            campaign_title: campaigns
                .iter()
                .find(|c| c.id == n.campaign_id)
                .map(|c| c.title.clone())
                .unwrap_or_default(),
            updated_at: n.updated_at,
            nominee_name: n.nominee_name,
        })
        .collect())
}
