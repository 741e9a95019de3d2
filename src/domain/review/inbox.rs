//! A unit's inbox (待审核): what waits for its decision, grouped by campaign and category with
//! the quota used, and how many wait for each role.

use super::*;

/// A nomination waiting in an inbox, with the version a decision on it names.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InboxRow {
    /// The nomination as lists show it.
    #[serde(flatten)]
    pub row: crate::domain::nominations::NominationRow,
    /// Its version.
    pub version: i32,
}

/// The waiting nominations of one campaign and category, with the places the unit has left
/// in it and until when it may decide.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InboxGroup {
    /// The campaign.
    pub campaign_title: String,
    /// The category.
    pub category_name: String,
    /// Places the unit has used.
    pub used: i64,
    /// Places in all.
    pub quota: i32,
    /// Places left.
    pub left: i64,
    /// The unit's last day to decide.
    pub deadline: Option<Date>,
    /// Days left until then.
    pub days_left: Option<i64>,
    /// What waits, longest waiting first.
    pub rows: Vec<InboxRow>,
}

/// A page of a recommending unit's inbox.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Inbox {
    /// The page's rows by campaign and category, each with its places and deadline.
    pub groups: Vec<InboxGroup>,
    /// What awaits the unit's decision, longest waiting first.
    pub rows: Vec<crate::domain::nominations::NominationRow>,
    /// How many await it in all.
    pub total: u64,
    /// The `after` of the next page, if there is one.
    pub next: Option<String>,
    /// Its quota use per recommending campaign and category.
    pub quotas: Vec<QuotaUse>,
}

/// A recommending unit's inbox, a page at a time (keyset on `(submitted_at, id)`, longest
/// waiting first; an `after` that is not a cursor gives the first page): what awaits its
/// decision, and its quota use per category.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but a unit recommender.
pub async fn inbox(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    (after, limit): (Option<&str>, Option<u64>),
    today: Date,
) -> AppResult<Inbox> {
    use crate::domain::nominations::{MAX_PAGE_SIZE, PAGE_SIZE, cursor, parse_list_cursor};
    let size = limit.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    use sea_orm::{
        QueryOrder,
        sea_query::{Expr, ExprTrait},
    };
    if actor.role != Role::Recommender {
        return Err(AppError::Forbidden);
    }
    let mut waiting = nomination::Entity::find()
        .filter(nomination::Column::LevelUnitId.eq(actor.unit_id))
        .filter(nomination::Column::Status.eq(NominationStatus::Pending));
    if let Some((at, id)) = after.and_then(parse_list_cursor) {
        waiting = waiting.filter(
            Expr::tuple([
                Expr::col((nomination::Entity, nomination::Column::SubmittedAt)),
                Expr::col((nomination::Entity, nomination::Column::Id)),
            ])
            .gt(Expr::tuple([Expr::val(at), Expr::val(id)])),
        );
    }
    let mut found = waiting
        .order_by_asc(nomination::Column::SubmittedAt)
        .order_by_asc(nomination::Column::Id)
        .limit(size + 1)
        .all(db)
        .await?;
    let next = if found.len() as u64 > size {
        found.truncate(usize::try_from(size).unwrap_or(50));
        found
            .last()
            .and_then(|n| Some(cursor(n.submitted_at?, n.id)))
    } else {
        None
    };
    let models = found.clone();
    let rows = crate::domain::nominations::describe(db, found).await?;
    let total = waiting_count(db, actor).await?;
    let mut quotas = Vec::new();
    let mut groups: Vec<(Uuid, Uuid, InboxGroup)> = Vec::new();
    // Quotas are spent while recommending: the campaigns in that stage.
    for campaign in crate::domain::campaigns::list_for(db, actor)
        .await?
        .into_iter()
        .filter(|c| c.stage == crate::entity::campaign_stage::StageKind::Recommendation)
    {
        let deadlines = stages::load(db, &campaign)
            .await?
            .stage(crate::entity::campaign_stage::StageKind::Recommendation)
            .map(|s| s.deadlines)
            .unwrap_or_default();
        let deadline = deadlines.of(Some(actor.unit_kind));
        let categories = crate::domain::campaigns::categories_of(db, campaign.id.into()).await?;
        for (category, (category_name, used, quota)) in categories
            .iter()
            .zip(quota_use(db, actor, &campaign).await?)
        {
            groups.push((
                campaign.id,
                category.id,
                InboxGroup {
                    campaign_title: campaign.title.clone(),
                    category_name: category_name.clone(),
                    used,
                    quota,
                    left: Ord::max(i64::from(quota) - used, 0),
                    deadline,
                    days_left: deadline.map(|d| (d - today).whole_days()),
                    rows: Vec::new(),
                },
            ));
            quotas.push(QuotaUse {
                campaign_title: campaign.title.clone(),
                category_name,
                used,
                quota,
            });
        }
    }
    for (n, row) in models.iter().zip(&rows) {
        if let Some((_, _, group)) = groups.iter_mut().find(|(campaign, category, _)| {
            *campaign == n.campaign_id && *category == n.category_id
        }) {
            group.rows.push(InboxRow {
                row: row.clone(),
                version: n.version,
            });
        }
    }
    Ok(Inbox {
        groups: groups
            .into_iter()
            .map(|(_, _, g)| g)
            .filter(|g| !g.rows.is_empty())
            .collect(),
        rows,
        total,
        next,
        quotas,
    })
}

/// How many nominations await the caller's decision: in a unit's inbox, or at the office.
///
/// # Errors
/// When the database fails.
pub async fn waiting_count(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    let query = nomination::Entity::find();
    let query = match actor.role {
        Role::Admin => query.filter(nomination::Column::Status.eq(NominationStatus::AtOffice)),
        Role::Recommender => query
            .filter(nomination::Column::Status.eq(NominationStatus::Pending))
            .filter(nomination::Column::LevelUnitId.eq(actor.unit_id)),
        Role::Reviewer | Role::Agency => return Ok(0),
    };
    Ok(query.count(db).await?)
}
