//! The campaign's lifecycle: its stages in order, made from a template when the campaign is
//! created, each with its own dates; the office moves the campaign from one to the next
//! explicitly (audited), seeing first what is still open, and back only where nothing of the
//! stage has happened yet (audited, with a reason). Dates bound the actions inside a stage
//! ([`gate`]); they never move a campaign on.

mod clearance;
pub mod gate;
pub mod lifecycle;
mod voting;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        ids::CampaignId,
        now,
        values::required_text,
    },
    entity::{
        campaign, campaign_stage, category,
        document::{self, DocumentKind, DocumentStatus},
        nomination::{self, NominationStatus},
        objection::{self, ObjectionStatus},
        score_sheet,
    },
    error::{AppError, AppResult, FieldErrors},
};

pub use lifecycle::{
    Deadlines, Lifecycle, STANDARD, Settings, StageKind, StageState, StageView, VotingRules,
};

/// The dates the office plans for a campaign's stages (the campaign form's timeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// First day of recommendation.
    pub nomination_opens_on: Date,
    /// Each level's last day.
    pub deadlines: Deadlines,
    /// Last day of the office's review (and of resubmissions).
    pub review_closes_on: Date,
    /// Last day of scoring, if the office sets one.
    pub evaluation_closes_on: Option<Date>,
    /// Planned first day of the public notice.
    pub notice_starts_on: Date,
    /// Planned day of the final list.
    pub announced_on: Date,
    /// The clearance stage by other agencies (联审), if the campaign has one.
    pub clearance: Option<ClearancePlan>,
    /// The public voting stage, if the campaign has one (after evaluation).
    pub voting: Option<VotingPlan>,
}

/// A campaign's public voting: its window and rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct VotingPlan {
    /// First day votes are taken.
    pub opens_on: Date,
    /// Last day votes are taken.
    pub closes_on: Date,
    /// The rules.
    pub rules: VotingRules,
}

/// Where a campaign's clearance stage sits and its agencies' last day to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ClearancePlan {
    /// The stage it follows: review, evaluation or the shortlist.
    pub after: StageKind,
    /// The agencies' last day to answer.
    pub closes_on: Date,
}

/// The stages a clearance stage may follow (its candidates are the nominations that stage
/// leaves: eligible, assessed or shortlisted).
pub const CLEARANCE_AFTER: [StageKind; 3] = [
    StageKind::Review,
    StageKind::Evaluation,
    StageKind::Shortlist,
];

impl Plan {
    /// The dates of one stage: first day, last day, settings.
    fn dates_of(&self, kind: StageKind) -> (Option<Date>, Option<Date>, Settings) {
        match kind {
            StageKind::Recommendation => (
                Some(self.nomination_opens_on),
                self.deadlines.last(),
                Settings {
                    deadlines: Some(self.deadlines),
                    voting: None,
                },
            ),
            StageKind::Review => (None, Some(self.review_closes_on), Settings::default()),
            StageKind::Evaluation => (None, self.evaluation_closes_on, Settings::default()),
            StageKind::Notice => (Some(self.notice_starts_on), None, Settings::default()),
            StageKind::FinalList => (Some(self.announced_on), None, Settings::default()),
            StageKind::Clearance => (
                None,
                self.clearance.map(|c| c.closes_on),
                Settings::default(),
            ),
            StageKind::Voting => (
                self.voting.map(|v| v.opens_on),
                self.voting.map(|v| v.closes_on),
                Settings {
                    deadlines: None,
                    voting: self.voting.map(|v| v.rules),
                },
            ),
            _ => (None, None, Settings::default()),
        }
    }

    /// The kinds of the campaign's stages in order: the standard ones, with the clearance
    /// stage after the one the office chose and the voting after evaluation (and after a
    /// clearance that follows evaluation).
    #[must_use]
    pub fn kinds(&self) -> Vec<StageKind> {
        let mut kinds = Vec::with_capacity(STANDARD.len() + 2);
        for kind in STANDARD {
            kinds.push(kind);
            if self.clearance.is_some_and(|c| c.after == kind) {
                kinds.push(StageKind::Clearance);
            }
            if kind == StageKind::Evaluation && self.voting.is_some() {
                kinds.push(StageKind::Voting);
            }
        }
        kinds
    }

    /// The plan as a lifecycle shows it (for the campaign form of an existing campaign).
    #[must_use]
    pub fn of(life: &Lifecycle) -> Option<Plan> {
        let recommendation = life.stage(StageKind::Recommendation)?;
        Some(Plan {
            nomination_opens_on: recommendation.opens_on?,
            deadlines: recommendation.deadlines,
            review_closes_on: life.stage(StageKind::Review)?.closes_on?,
            evaluation_closes_on: life.stage(StageKind::Evaluation)?.closes_on,
            notice_starts_on: life.stage(StageKind::Notice)?.opens_on?,
            announced_on: life.stage(StageKind::FinalList)?.opens_on?,
            clearance: life.clearance(),
            voting: life.stage(StageKind::Voting).and_then(|stage| {
                Some(VotingPlan {
                    opens_on: stage.opens_on?,
                    closes_on: stage.closes_on?,
                    rules: stage.voting?,
                })
            }),
        })
    }
}

/// Makes a new campaign's stages from the standard template with the planned dates.
///
/// # Errors
/// When the database fails.
pub(crate) async fn create(
    txn: &DatabaseTransaction,
    campaign_id: Uuid,
    plan: &Plan,
) -> AppResult<()> {
    let rows: Vec<campaign_stage::ActiveModel> = plan
        .kinds()
        .into_iter()
        .enumerate()
        .map(|(position, kind)| {
            let (opens_on, closes_on, settings) = plan.dates_of(kind);
            campaign_stage::ActiveModel {
                id: Set(Uuid::now_v7()),
                campaign_id: Set(campaign_id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                kind: Set(kind),
                opens_on: Set(opens_on),
                closes_on: Set(closes_on),
                settings: Set(settings.to_text()),
                opened_at: Set(None),
                done_at: Set(None),
            }
        })
        .collect();
    campaign_stage::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// Sets the planned dates of a campaign's stages, and adds, moves or removes its clearance
/// stage as the plan says (the caller has checked that the campaign has not reached where it
/// was or goes). A published notice's window stays: it is what the notice says.
///
/// # Errors
/// When the database fails.
pub(crate) async fn set_dates(
    txn: &DatabaseTransaction,
    campaign_id: Uuid,
    plan: &Plan,
) -> AppResult<()> {
    let kinds = plan.kinds();
    let mut rows = rows_of(txn, campaign_id).await?;
    // The optional stages come and go with the plan.
    for optional in [StageKind::Clearance, StageKind::Voting] {
        let wanted = kinds.contains(&optional);
        let there = rows.iter().any(|r| r.kind == optional);
        if there && !wanted {
            campaign_stage::Entity::delete_many()
                .filter(campaign_stage::Column::CampaignId.eq(campaign_id))
                .filter(campaign_stage::Column::Kind.eq(optional))
                .exec(txn)
                .await?;
            rows.retain(|r| r.kind != optional);
        } else if wanted && !there {
            let (opens_on, closes_on, settings) = plan.dates_of(optional);
            rows.push(
                campaign_stage::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    campaign_id: Set(campaign_id),
                    position: Set(0),
                    kind: Set(optional),
                    opens_on: Set(opens_on),
                    closes_on: Set(closes_on),
                    settings: Set(settings.to_text()),
                    opened_at: Set(None),
                    done_at: Set(None),
                }
                .insert(txn)
                .await?,
            );
        }
    }
    for row in rows {
        let position = kinds
            .iter()
            .position(|k| *k == row.kind)
            .and_then(|p| i32::try_from(p).ok())
            .unwrap_or(row.position);
        let keep_window = row.kind == StageKind::Notice && row.closes_on.is_some();
        let (opens_on, closes_on, settings) = plan.dates_of(row.kind);
        let mut active: campaign_stage::ActiveModel = row.into();
        active.position = Set(position);
        if !keep_window {
            active.opens_on = Set(opens_on);
            active.closes_on = Set(closes_on);
            active.settings = Set(settings.to_text());
        }
        active.update(txn).await?;
    }
    Ok(())
}

/// Sets the notice stage's days to a published notice's window: objections are taken then.
///
/// # Errors
/// When the database fails.
pub(crate) async fn set_notice_window(
    txn: &DatabaseTransaction,
    campaign_id: Uuid,
    first: Date,
    last: Date,
) -> AppResult<()> {
    campaign_stage::Entity::update_many()
        .col_expr(
            campaign_stage::Column::OpensOn,
            sea_orm::sea_query::Expr::value(Some(first)),
        )
        .col_expr(
            campaign_stage::Column::ClosesOn,
            sea_orm::sea_query::Expr::value(Some(last)),
        )
        .filter(campaign_stage::Column::CampaignId.eq(campaign_id))
        .filter(campaign_stage::Column::Kind.eq(StageKind::Notice))
        .exec(txn)
        .await?;
    Ok(())
}

async fn rows_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Vec<campaign_stage::Model>> {
    Ok(campaign_stage::Entity::find()
        .filter(campaign_stage::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?)
}

/// A campaign's lifecycle.
///
/// # Errors
/// When the database fails.
pub async fn load(db: &impl ConnectionTrait, campaign: &campaign::Model) -> AppResult<Lifecycle> {
    Ok(Lifecycle::new(
        campaign.stage,
        rows_of(db, campaign.id).await?,
    ))
}

/// Something not finished when the office moves on: a catalogue key and how many.
#[derive(Clone, Debug, Serialize)]
pub struct OpenItem {
    /// The catalogue key (`stage-open-drafts` …), taking `count`.
    pub key: &'static str,
    /// How many.
    pub count: u64,
}

/// What the office sees before moving a campaign on.
#[derive(Clone, Debug, Serialize)]
pub struct NextStep {
    /// The stage it would move to.
    pub to: Option<StageKind>,
    /// What is still open in the current stage (the move leaves it as it is).
    pub open: Vec<OpenItem>,
    /// What must be done first, if anything: a catalogue key.
    pub blocked_by: Option<&'static str>,
    /// The stage it could go back to, if nothing of the current stage has happened yet.
    pub back_to: Option<StageKind>,
}

async fn count_status(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    statuses: &[NominationStatus],
) -> AppResult<u64> {
    Ok(nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(campaign_id))
        .filter(nomination::Column::Status.is_in(statuses.iter().copied()))
        .count(db)
        .await?)
}

async fn published(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    kind: DocumentKind,
) -> AppResult<bool> {
    Ok(document::Entity::find()
        .filter(document::Column::CampaignId.eq(campaign_id))
        .filter(document::Column::Kind.eq(kind))
        .filter(document::Column::Status.eq(DocumentStatus::Published))
        .count(db)
        .await?
        > 0)
}

/// Whether an act of `kind`'s stage has happened that going back would leave behind: a
/// submission, a review decision, a submitted score sheet, a shortlist, a published notice or
/// final list.
async fn started(db: &impl ConnectionTrait, campaign_id: Uuid, kind: StageKind) -> AppResult<bool> {
    use NominationStatus as S;
    Ok(match kind {
        StageKind::Recommendation => {
            nomination::Entity::find()
                .filter(nomination::Column::CampaignId.eq(campaign_id))
                .filter(nomination::Column::Status.ne(S::Draft))
                .count(db)
                .await?
                > 0
        }
        StageKind::Review => {
            count_status(
                db,
                campaign_id,
                &[
                    S::Eligible,
                    S::Returned,
                    S::Rejected,
                    S::Assessed,
                    S::Shortlisted,
                    S::OnNotice,
                    S::Honoree,
                    S::Withdrawn,
                ],
            )
            .await?
                > 0
        }
        StageKind::Evaluation => {
            score_sheet::Entity::find()
                .join(
                    sea_orm::JoinType::InnerJoin,
                    score_sheet::Entity::belongs_to(crate::entity::assignment::Entity)
                        .from(score_sheet::Column::AssignmentId)
                        .to(crate::entity::assignment::Column::Id)
                        .into(),
                )
                .join(
                    sea_orm::JoinType::InnerJoin,
                    crate::entity::assignment::Entity::belongs_to(nomination::Entity)
                        .from(crate::entity::assignment::Column::NominationId)
                        .to(nomination::Column::Id)
                        .into(),
                )
                .filter(nomination::Column::CampaignId.eq(campaign_id))
                .filter(score_sheet::Column::Status.eq(score_sheet::SUBMITTED))
                .count(db)
                .await?
                > 0
        }
        StageKind::Shortlist => {
            count_status(db, campaign_id, &[S::Shortlisted, S::OnNotice, S::Honoree]).await? > 0
        }
        StageKind::Notice => published(db, campaign_id, DocumentKind::Notice).await?,
        StageKind::FinalList => published(db, campaign_id, DocumentKind::FinalList).await?,
        StageKind::Clearance => clearance::started(db, campaign_id).await?,
        StageKind::Voting => voting::started(db, campaign_id).await?,
        StageKind::Draft | StageKind::Call | StageKind::Archived => false,
    })
}

/// What must be done before leaving `kind`, if anything (a catalogue key).
async fn blocker(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    kind: StageKind,
) -> AppResult<Option<&'static str>> {
    Ok(match kind {
        StageKind::Draft => {
            let categories = category::Entity::find()
                .filter(category::Column::CampaignId.eq(campaign_id))
                .count(db)
                .await?;
            (categories == 0).then_some("error-category-needed")
        }
        StageKind::Shortlist => {
            (count_status(db, campaign_id, &[NominationStatus::Shortlisted]).await? == 0)
                .then_some("stage-blocked-shortlist")
        }
        StageKind::Notice => (!published(db, campaign_id, DocumentKind::Notice).await?)
            .then_some("stage-blocked-notice"),
        StageKind::FinalList => (!published(db, campaign_id, DocumentKind::FinalList).await?)
            .then_some("stage-blocked-final-list"),
        StageKind::Clearance => clearance::blocker(db, campaign_id).await?,
        StageKind::Voting => voting::blocker(db, campaign_id).await?,
        _ => None,
    })
}

/// What is still open in `kind`.
async fn open_items(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    life: &Lifecycle,
    kind: StageKind,
    today: Date,
) -> AppResult<Vec<OpenItem>> {
    use NominationStatus as S;
    let counted: &[(&'static str, &[NominationStatus])] = match kind {
        StageKind::Recommendation => &[
            ("stage-open-drafts", &[S::Draft]),
            ("stage-open-pending", &[S::Pending]),
            ("stage-open-declined", &[S::Declined]),
        ],
        StageKind::Review => &[
            ("stage-open-at-office", &[S::AtOffice]),
            ("stage-open-returned", &[S::Returned]),
        ],
        StageKind::Evaluation => &[("stage-open-unscored", &[S::Eligible])],
        StageKind::Shortlist => &[("stage-open-not-shortlisted", &[S::Assessed])],
        _ => &[],
    };
    let mut items = Vec::new();
    for (key, statuses) in counted {
        let count = count_status(db, campaign_id, statuses).await?;
        if count > 0 {
            items.push(OpenItem { key, count });
        }
    }
    if kind == StageKind::Clearance {
        let count = clearance::unanswered(db, campaign_id, life).await?;
        if count > 0 {
            items.push(OpenItem {
                key: "stage-open-unanswered",
                count,
            });
        }
    }
    if kind == StageKind::Notice {
        let open = objection::Entity::find()
            .filter(objection::Column::CampaignId.eq(campaign_id))
            .filter(
                objection::Column::Status
                    .is_in([ObjectionStatus::Received, ObjectionStatus::Investigating]),
            )
            .count(db)
            .await?;
        if open > 0 {
            items.push(OpenItem {
                key: "stage-open-objections",
                count: open,
            });
        }
        if let Some(last) = life.stage(kind).and_then(|s| s.closes_on)
            && today <= last
        {
            items.push(OpenItem {
                key: "stage-open-window",
                count: u64::try_from((last - today).whole_days() + 1).unwrap_or(0),
            });
        }
    }
    Ok(items)
}

/// What moving on from the current stage would leave open, and whether it can go back.
///
/// # Errors
/// When the database fails.
pub async fn next_step(
    db: &impl ConnectionTrait,
    campaign: &campaign::Model,
    life: &Lifecycle,
    today: Date,
) -> AppResult<NextStep> {
    let current = campaign.stage;
    Ok(NextStep {
        to: life.next(),
        open: open_items(db, campaign.id, life, current, today).await?,
        blocked_by: blocker(db, campaign.id, current).await?,
        back_to: match life.previous() {
            Some(previous) if !started(db, campaign.id, current).await? => Some(previous),
            _ => None,
        },
    })
}

async fn office_campaign(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: CampaignId,
    version: i32,
) -> AppResult<campaign::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let found = campaign::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.version != version {
        return Err(AppError::Stale);
    }
    Ok(found)
}

/// Moves a campaign to `to` and stamps the stages it leaves and enters.
async fn move_to(
    txn: &DatabaseTransaction,
    found: &campaign::Model,
    to: StageKind,
    forward: bool,
) -> AppResult<campaign::Model> {
    let at = now();
    // The version in the WHERE clause: of two simultaneous moves, one wins.
    let moved = campaign::Entity::update_many()
        .col_expr(campaign::Column::Stage, sea_orm::sea_query::Expr::value(to))
        .col_expr(
            campaign::Column::Version,
            sea_orm::sea_query::Expr::value(found.version + 1),
        )
        .col_expr(
            campaign::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(campaign::Column::Id.eq(found.id))
        .filter(campaign::Column::Version.eq(found.version))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    let stamp =
        |kind: StageKind, column: campaign_stage::Column, value: Option<time::OffsetDateTime>| {
            campaign_stage::Entity::update_many()
                .col_expr(column, sea_orm::sea_query::Expr::value(value))
                .filter(campaign_stage::Column::CampaignId.eq(found.id))
                .filter(campaign_stage::Column::Kind.eq(kind))
        };
    if forward {
        stamp(found.stage, campaign_stage::Column::DoneAt, Some(at))
            .exec(txn)
            .await?;
        stamp(to, campaign_stage::Column::OpenedAt, Some(at))
            .exec(txn)
            .await?;
    } else {
        stamp(found.stage, campaign_stage::Column::OpenedAt, None)
            .exec(txn)
            .await?;
        stamp(to, campaign_stage::Column::DoneAt, None)
            .exec(txn)
            .await?;
    }
    campaign::Entity::find_by_id(found.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The office moves a campaign to its next stage. What is still open is left as it is (the
/// confirmation page lists it); a stage whose result the next one needs (a shortlist, a
/// published notice, a confirmed final list) must have it first.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Refused`] when archived already or blocked.
pub async fn advance(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    version: i32,
) -> AppResult<campaign::Model> {
    let txn = db::begin_write(db).await?;
    let found = office_campaign(&txn, actor, id, version).await?;
    let life = load(&txn, &found).await?;
    let to = life
        .next()
        .ok_or(AppError::Refused("stage-blocked-archived", vec![]))?;
    if let Some(key) = blocker(&txn, found.id, found.stage).await? {
        return Err(AppError::Refused(key, vec![]));
    }
    let moved = move_to(&txn, &found, to, true).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.advance", "campaign", found.id)
            .campaign(found.id)
            .before(json!({ "stage": found.stage }))
            .after(json!({ "stage": to })),
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// [`advance`] stage after stage until the campaign is in `kind` (the demo data set, the
/// benchmark and the tests' fixtures, which replay a campaign's whole course).
///
/// # Errors
/// As [`advance`]; [`AppError::Refused`] when the campaign is already past `kind`.
pub async fn advance_to(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    kind: StageKind,
) -> AppResult<campaign::Model> {
    loop {
        let found = campaign::Entity::find_by_id(id.0)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        if found.stage == kind {
            return Ok(found);
        }
        if load(db, &found).await?.reached(kind) {
            return Err(AppError::Refused("stage-back-none", vec![]));
        }
        advance(db, actor, id, found.version).await?;
    }
}

/// The office moves a campaign back one stage, with a reason: only while nothing of the
/// current stage has happened (no submission, review decision, submitted score sheet,
/// shortlist, published notice or final list), so going back loses nothing.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Stale`];
/// [`AppError::Invalid`] without a reason; [`AppError::Refused`] for a draft or a stage already
/// started.
pub async fn back(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CampaignId,
    version: i32,
    reason: &str,
) -> AppResult<campaign::Model> {
    let mut errors = FieldErrors::default();
    let reason = errors.check("reason", required_text(reason, 2000));
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let found = office_campaign(&txn, actor, id, version).await?;
    let life = load(&txn, &found).await?;
    let to = life
        .previous()
        .ok_or(AppError::Refused("stage-back-none", vec![]))?;
    if started(&txn, found.id, found.stage).await? {
        return Err(AppError::Refused(
            "stage-back-started",
            vec![("stage", found.stage.name().to_owned())],
        ));
    }
    let moved = move_to(&txn, &found, to, false).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("campaign.back", "campaign", found.id)
            .campaign(found.id)
            .before(json!({ "stage": found.stage }))
            .after(json!({ "stage": to, "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// A campaign with its lifecycle, checked for an action bounded by its stage alone
/// (`gate::check_stage`): the call services make before changing anything of a campaign.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown campaign; the gate's refusal.
pub async fn require(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    action: gate::Action,
) -> AppResult<(campaign::Model, Lifecycle)> {
    let found = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let life = load(db, &found).await?;
    crate::domain::stages::gate::check_stage(&life, action)?;
    Ok((found, life))
}

/// What may be done in a campaign now: each action's name and whether the gate allows it (for
/// the pages of an area, which offer only what would be accepted).
///
/// # Errors
/// [`AppError::NotFound`] for an unknown campaign.
pub async fn offers(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    today: Date,
) -> AppResult<std::collections::BTreeMap<String, bool>> {
    let found = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let life = load(db, &found).await?;
    Ok(crate::domain::stages::gate::offers(&life, None, today))
}

/// [`require`] for an action with dates, as of `today` at the office.
///
/// # Errors
/// As [`require`].
pub async fn require_on(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    action: gate::Action,
    today: Date,
) -> AppResult<(campaign::Model, Lifecycle)> {
    let found = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let life = load(db, &found).await?;
    crate::domain::stages::gate::check(&life, action, None, today)?;
    Ok((found, life))
}

/// The catalogue keys of this module and of the gate's refusals (the stages' own names are
/// `stage-<name>`, `stage-short-<name>` and `stage-help-<name>`).
pub const MESSAGE_KEYS: [&str; 22] = [
    "stage-open-drafts",
    "stage-open-pending",
    "stage-open-declined",
    "stage-open-at-office",
    "stage-open-returned",
    "stage-open-unscored",
    "stage-open-not-shortlisted",
    "stage-open-objections",
    "stage-open-window",
    "stage-blocked-shortlist",
    "stage-blocked-notice",
    "stage-blocked-final-list",
    "stage-blocked-archived",
    "stage-blocked-clearance",
    "stage-blocked-clearance-agencies",
    "stage-open-unanswered",
    "stage-blocked-votes-held",
    "stage-back-none",
    "stage-back-started",
    "error-stage",
    "error-stage-deadline",
    "error-stage-window",
];
