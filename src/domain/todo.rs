//! What needs each person now, for the to-do block of their dashboard: a unit's returned and
//! declined nominations (with the reason), its drafts and the days left to submit them, its
//! inbox with the places it has left; a reviewer's sheets still to score; the office's work in
//! each campaign's stage. Read-only; every line links to where the work is done. [`home`] is
//! the whole of a signed-in user's home page: the to-do block, the campaigns, recent
//! nominations and what awaits their decision.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::{
    domain::{
        actor::Actor,
        campaigns, nominations, review,
        stages::{self, Lifecycle, StageKind},
    },
    entity::{
        assignment, campaign, category as campaign_category,
        nomination::{self, NominationStatus},
        objection::{self, ObjectionStatus},
        recommendation, score_sheet,
        user::Role,
    },
    error::AppResult,
};

/// Days before a deadline from which a line is marked urgent.
const URGENT_DAYS: i64 = 3;

/// One thing to do.
#[derive(Clone, Debug, Serialize)]
pub struct TodoItem {
    /// The catalogue key of the line (`todo-returned` …); it takes `count`, `name` and
    /// `campaign`.
    pub key: &'static str,
    /// How many.
    pub count: u64,
    /// Where it is done: a path the domain builds from ids alone (pages write it unescaped).
    pub href: String,
    /// A nominee's name, when the line is about one.
    pub name: String,
    /// The campaign's title.
    pub campaign: String,
    /// The reason given, for a returned or declined nomination.
    pub reason: Option<String>,
    /// The last day it can be done, if there is one.
    pub deadline: Option<Date>,
    /// Days left until then (0 on the last day).
    pub days_left: Option<i64>,
    /// Whether the deadline is near (or the line needs the office now).
    pub urgent: bool,
    /// Places left per category, for a unit's inbox: category name, used, quota.
    pub quotas: Vec<(String, i64, i32)>,
}

impl TodoItem {
    fn new(key: &'static str, count: u64, href: String, campaign: &campaign::Model) -> Self {
        Self::titled(key, count, href, campaign.title.clone())
    }

    fn titled(key: &'static str, count: u64, href: String, campaign: String) -> Self {
        Self {
            key,
            count,
            href,
            name: String::new(),
            campaign,
            reason: None,
            deadline: None,
            days_left: None,
            urgent: false,
            quotas: Vec::new(),
        }
    }

    fn until(mut self, deadline: Option<Date>, today: Date) -> Self {
        self.deadline = deadline;
        self.days_left = deadline.map(|d| (d - today).whole_days());
        self.urgent = self.days_left.is_some_and(|d| d <= URGENT_DAYS);
        self
    }
}

/// The campaigns in progress that `actor` may see, with their lifecycles.
async fn in_progress(
    db: &DatabaseConnection,
    actor: &Actor,
) -> AppResult<Vec<(campaign::Model, Lifecycle)>> {
    let mut found = Vec::new();
    for c in campaigns::list_for(db, actor).await? {
        if c.stage.is_finished() {
            continue;
        }
        let life = stages::load(db, &c).await?;
        found.push((c, life));
    }
    Ok(found)
}

/// An open campaign on the home page, with its categories to nominate in.
#[derive(Clone, Debug, Serialize)]
pub struct HomeCampaign {
    /// Where the campaign stands.
    #[serde(flatten)]
    pub summary: campaigns::CampaignSummary,
    /// Its categories.
    pub categories: Vec<campaign_category::Model>,
}

/// A signed-in user's home page.
#[derive(Clone, Debug, Serialize)]
pub struct Home {
    /// Their role.
    pub role: Role,
    /// Their unit's name.
    pub unit_name: String,
    /// The campaigns they may see.
    pub campaigns: Vec<HomeCampaign>,
    /// Their newest nominations (none for a reviewer), at most ten.
    pub recent: Vec<nominations::NominationRow>,
    /// How many nominations they may see.
    pub total: u64,
    /// More than `total`.
    pub more: bool,
    /// Nominations awaiting their decision.
    pub waiting: u64,
    /// What needs them now.
    pub todo: Vec<TodoItem>,
}

/// How many of their newest nominations the home page lists.
const HOME_RECENT: usize = 10;

/// The home page of `actor` on `today`.
///
/// # Errors
/// When the database fails.
pub async fn home(db: &DatabaseConnection, actor: &Actor, today: Date) -> AppResult<Home> {
    let mut open = Vec::new();
    for summary in campaigns::summaries_for(db, actor, today).await? {
        let categories = campaigns::categories_of(db, summary.campaign.id.into()).await?;
        open.push(HomeCampaign {
            summary,
            categories,
        });
    }
    let (recent, total, more) = if matches!(actor.role, Role::Reviewer | Role::Agency) {
        (Vec::new(), 0, false)
    } else {
        let list = nominations::list(db, actor, &nominations::NominationFilter::default()).await?;
        (list.rows, list.total, list.more)
    };
    Ok(Home {
        role: actor.role,
        unit_name: actor.unit_name.clone(),
        campaigns: open,
        recent: recent.into_iter().take(HOME_RECENT).collect(),
        total,
        more,
        waiting: review::waiting_count(db, actor).await?,
        todo: for_actor(db, actor, today).await?,
    })
}

/// The to-do lines of `actor` on `today`, most pressing first.
///
/// # Errors
/// When the database fails.
pub async fn for_actor(
    db: &DatabaseConnection,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<TodoItem>> {
    let campaigns = in_progress(db, actor).await?;
    let mut items = match actor.role {
        Role::Recommender => unit_items(db, actor, &campaigns, today).await?,
        Role::Reviewer => reviewer_items(db, actor, &campaigns, today).await?,
        Role::Admin => office_items(db, actor, &campaigns, today).await?,
        Role::Agency => agency_items(db, actor, today).await?,
    };
    items.sort_by_key(|i| (!i.urgent, i.days_left.unwrap_or(i64::MAX)));
    Ok(items)
}

/// The reason of the last decision that sent each nomination back.
async fn reasons(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<(Uuid, Option<String>)>> {
    let rows = recommendation::Entity::find()
        .filter(recommendation::Column::NominationId.is_in(ids.iter().copied()))
        .order_by_asc(recommendation::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(ids
        .iter()
        .map(|id| {
            let reason = rows
                .iter()
                .rev()
                .find(|r| r.nomination_id == *id)
                .and_then(|r| r.reason.clone());
            (*id, reason)
        })
        .collect())
}

async fn unit_items(
    db: &DatabaseConnection,
    actor: &Actor,
    campaigns: &[(campaign::Model, Lifecycle)],
    today: Date,
) -> AppResult<Vec<TodoItem>> {
    let mut items = Vec::new();
    for (c, life) in campaigns {
        let deadlines = life
            .stage(StageKind::Recommendation)
            .map(|s| s.deadlines)
            .unwrap_or_default();
        let own = |status: NominationStatus| {
            nomination::Entity::find()
                .filter(nomination::Column::CampaignId.eq(c.id))
                .filter(nomination::Column::UnitId.eq(actor.unit_id))
                .filter(nomination::Column::Status.eq(status))
        };
        // Sent back: each one, with the reason, until its deadline.
        for (status, key, deadline) in [
            (
                NominationStatus::Returned,
                "todo-returned",
                life.stage(StageKind::Review).and_then(|s| s.closes_on),
            ),
            (
                NominationStatus::Declined,
                "todo-declined",
                deadlines.submit,
            ),
        ] {
            let back = own(status).all(db).await?;
            let ids: Vec<Uuid> = back.iter().map(|n| n.id).collect();
            let reasons = reasons(db, &ids).await?;
            for n in back {
                let mut item = TodoItem::new(key, 1, format!("/nominations/{}", n.id), c)
                    .until(deadline, today);
                item.name = n.nominee_name;
                item.reason = reasons
                    .iter()
                    .find(|(id, _)| *id == n.id)
                    .and_then(|(_, r)| r.clone());
                item.urgent = true;
                items.push(item);
            }
        }
        if c.stage != StageKind::Recommendation {
            continue;
        }
        let drafts = own(NominationStatus::Draft).count(db).await?;
        if drafts > 0 {
            items.push(
                TodoItem::new(
                    "todo-drafts",
                    drafts,
                    format!("/nominations?campaign={}&status=draft", c.id),
                    c,
                )
                .until(deadlines.submit, today),
            );
        }
        if actor.has_inbox() {
            let waiting = nomination::Entity::find()
                .filter(nomination::Column::CampaignId.eq(c.id))
                .filter(nomination::Column::LevelUnitId.eq(actor.unit_id))
                .filter(nomination::Column::Status.eq(NominationStatus::Pending))
                .count(db)
                .await?;
            if waiting > 0 {
                let mut item = TodoItem::new("todo-inbox", waiting, "/review/inbox".into(), c)
                    .until(deadlines.of(Some(actor.unit_kind)), today);
                item.quotas = crate::domain::review::quota_use(db, actor, c).await?;
                items.push(item);
            }
        }
    }
    Ok(items)
}

async fn reviewer_items(
    db: &DatabaseConnection,
    actor: &Actor,
    campaigns: &[(campaign::Model, Lifecycle)],
    today: Date,
) -> AppResult<Vec<TodoItem>> {
    let mut items = Vec::new();
    let mine = assignment::Entity::find()
        .filter(assignment::Column::ReviewerId.eq(actor.user_id))
        .filter(assignment::Column::EndedAt.is_null())
        .order_by_asc(assignment::Column::CreatedAt)
        .all(db)
        .await?;
    let submitted: Vec<Uuid> = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(mine.iter().map(|a| a.id)))
        .filter(score_sheet::Column::Status.eq(score_sheet::SUBMITTED))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.assignment_id)
        .collect();
    let open: Vec<&assignment::Model> =
        mine.iter().filter(|a| !submitted.contains(&a.id)).collect();
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(open.iter().map(|a| a.nomination_id)))
        .all(db)
        .await?;
    for (c, life) in campaigns
        .iter()
        .filter(|(c, _)| c.stage == StageKind::Evaluation)
    {
        let here: Vec<&&assignment::Model> = open
            .iter()
            .filter(|a| {
                nominations
                    .iter()
                    .any(|n| n.id == a.nomination_id && n.campaign_id == c.id)
            })
            .collect();
        let Some(first) = here.first() else { continue };
        let deadline = life.stage(StageKind::Evaluation).and_then(|s| s.closes_on);
        items.push(
            TodoItem::new(
                "todo-score",
                here.len() as u64,
                format!("/evaluation/assignments/{}", first.id),
                c,
            )
            .until(deadline, today),
        );
    }
    Ok(items)
}

/// An agency's candidates still to answer on, per campaign in its clearance stage.
async fn agency_items(
    db: &DatabaseConnection,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<TodoItem>> {
    let mut items = Vec::new();
    for c in crate::domain::clearance::my_campaigns(db, actor).await? {
        if c.waiting == 0 {
            continue;
        }
        items.push(
            TodoItem::titled(
                "todo-clearance",
                c.waiting as u64,
                format!("/clearance/{}", c.campaign_id),
                c.title,
            )
            .until(c.closes_on, today),
        );
    }
    Ok(items)
}

async fn office_items(
    db: &DatabaseConnection,
    actor: &Actor,
    campaigns: &[(campaign::Model, Lifecycle)],
    today: Date,
) -> AppResult<Vec<TodoItem>> {
    let mut items = Vec::new();
    for (c, life) in campaigns {
        let count = |status: NominationStatus| {
            nomination::Entity::find()
                .filter(nomination::Column::CampaignId.eq(c.id))
                .filter(nomination::Column::Status.eq(status))
                .count(db)
        };
        let stage = life.current_stage();
        let closes = stage.and_then(|s| s.closes_on);
        match c.stage {
            StageKind::Review => {
                let waiting = count(NominationStatus::AtOffice).await?;
                if waiting > 0 {
                    items.push(
                        TodoItem::new(
                            "todo-review",
                            waiting,
                            format!("/review/office?campaign={}", c.id),
                            c,
                        )
                        .until(closes, today),
                    );
                }
            }
            StageKind::Evaluation => {
                let unscored = count(NominationStatus::Eligible).await?;
                if unscored > 0 {
                    items.push(
                        TodoItem::new(
                            "todo-unscored",
                            unscored,
                            format!("/evaluation?campaign={}", c.id),
                            c,
                        )
                        .until(closes, today),
                    );
                }
            }
            StageKind::Clearance => {
                let (_, view) = crate::domain::clearance::matrix(db, actor, c.id).await?;
                if view.undecided > 0 {
                    let mut item = TodoItem::new(
                        "todo-clearance-decide",
                        view.undecided as u64,
                        format!("/campaigns/{}/clearance", c.id),
                        c,
                    );
                    item.urgent = true;
                    items.push(item);
                }
            }
            StageKind::Notice | StageKind::FinalList => {
                let open = objection::Entity::find()
                    .filter(objection::Column::CampaignId.eq(c.id))
                    .filter(
                        objection::Column::Status
                            .is_in([ObjectionStatus::Received, ObjectionStatus::Investigating]),
                    )
                    .count(db)
                    .await?;
                if open > 0 {
                    let mut item = TodoItem::new(
                        "todo-objections",
                        open,
                        format!("/publicity/campaigns/{}/objections", c.id),
                        c,
                    );
                    item.urgent = true;
                    items.push(item);
                }
            }
            _ => {}
        }
        // A stage whose last day has passed waits for the office's next step.
        if closes.is_some_and(|last| today > last) || c.stage == StageKind::Draft {
            let mut item = TodoItem::new("todo-next-step", 1, format!("/campaigns/{}", c.id), c);
            item.name = c.stage.name().to_owned();
            items.push(item);
        }
    }
    Ok(items)
}

/// Every catalogue key of the lines, for the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 11] = [
    "todo-returned",
    "todo-declined",
    "todo-drafts",
    "todo-inbox",
    "todo-score",
    "todo-review",
    "todo-unscored",
    "todo-objections",
    "todo-next-step",
    "todo-clearance",
    "todo-clearance-decide",
];
