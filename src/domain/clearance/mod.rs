//! Clearance by other agencies (联审): before the notice, the courts, procuratorate, public
//! security, credit office … each check the candidates against their records and answer "no
//! objection" or "objection" with a confidential reason, before the stage's last day. An
//! objection removes no one by itself: the office decides (withdraw, with the reason, or keep,
//! with a justification). Nothing of it is ever public.
//!
//! The office places the stage in the campaign's timeline (after review, evaluation or the
//! shortlist) and names the agencies; the candidates are the nominations the stage before it
//! leaves (eligible, assessed or shortlisted). An agency sees its queue with masked ID numbers;
//! the full number is on a candidate's own page and in the agency's clearance sheet, and every
//! such view is an audit event.

pub mod sheets;

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::{Actor, Role},
        audit::{self, Change},
        now,
        stages::{
            self, Lifecycle, StageKind,
            gate::{self, Action},
        },
        values::required_text,
        workflow::{self, Transition},
    },
    entity::{
        campaign, category, clearance_agency, clearance_answer, clearance_decision,
        nomination::{self, NominationStatus},
        shortlist_entry,
        unit::{self, UnitKind},
    },
    error::{AppError, AppResult, FieldErrors},
};

/// What an agency found, and what the office decided.
pub use crate::entity::{clearance_answer::Opinion, clearance_decision::Decision};

/// Catalogue keys of the refusals this area makes that no template names.
pub const MESSAGE_KEYS: [&str; 8] = [
    "error-clearance-no-stage",
    "error-role-agency-unit",
    "error-clearance-not-candidate",
    "error-clearance-decided",
    "error-clearance-no-objection",
    "error-clearance-agency-answered",
    "error-clearance-agency-unknown",
    "error-clearance-fixed",
];

/// Every agency (units of kind `agency`), by name.
///
/// # Errors
/// When the database fails.
pub async fn all_agencies(db: &impl ConnectionTrait) -> AppResult<Vec<unit::Model>> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Kind.eq(UnitKind::Agency))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?)
}

/// The agencies a campaign names, by name.
///
/// # Errors
/// When the database fails.
pub async fn agencies_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<Vec<unit::Model>> {
    let ids: Vec<Uuid> = clearance_agency::Entity::find()
        .filter(clearance_agency::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.unit_id)
        .collect();
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?)
}

async fn campaign_with_life(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> AppResult<(campaign::Model, Lifecycle)> {
    let found = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let life = stages::load(db, &found).await?;
    Ok((found, life))
}

/// The agencies the office may choose from for a campaign, each with whether it is named.
#[derive(Clone, Debug, Serialize)]
pub struct AgencyChoice {
    /// The agency.
    pub unit: unit::Model,
    /// Whether the campaign names it.
    pub named: bool,
}

/// The office names the agencies that clear a campaign's candidates: until the clearance
/// stage is done. An agency that has answered stays.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Refused`] without a clearance
/// stage, once it is done, or removing an agency that answered; [`AppError::Invalid`] for a
/// unit that is not an agency.
pub async fn set_agencies(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: Uuid,
    unit_ids: &[Uuid],
) -> AppResult<Vec<unit::Model>> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let txn = db::begin_write(db).await?;
    let (found, life) = campaign_with_life(&txn, campaign_id).await?;
    if life.clearance().is_none() {
        return Err(AppError::Refused("error-clearance-no-stage", vec![]));
    }
    if life.reached(StageKind::Clearance) && life.current != StageKind::Clearance {
        return Err(AppError::Refused("error-clearance-fixed", vec![]));
    }
    let wanted: HashSet<Uuid> = unit_ids.iter().copied().collect();
    let known: HashSet<Uuid> = all_agencies(&txn).await?.iter().map(|u| u.id).collect();
    if !wanted.is_subset(&known) {
        let mut errors = FieldErrors::default();
        errors.add("agencies", "error-clearance-agency-unknown");
        return Err(AppError::Invalid(errors));
    }
    let before: Vec<Uuid> = agencies_of(&txn, found.id)
        .await?
        .iter()
        .map(|u| u.id)
        .collect();
    let removed: Vec<Uuid> = before
        .iter()
        .filter(|id| !wanted.contains(id))
        .copied()
        .collect();
    if !removed.is_empty()
        && clearance_answer::Entity::find()
            .filter(clearance_answer::Column::CampaignId.eq(found.id))
            .filter(clearance_answer::Column::UnitId.is_in(removed.clone()))
            .count(&txn)
            .await?
            > 0
    {
        return Err(AppError::Refused("error-clearance-agency-answered", vec![]));
    }
    clearance_agency::Entity::delete_many()
        .filter(clearance_agency::Column::CampaignId.eq(found.id))
        .filter(clearance_agency::Column::UnitId.is_in(removed))
        .exec(&txn)
        .await?;
    let added: Vec<clearance_agency::ActiveModel> = wanted
        .iter()
        .filter(|id| !before.contains(id))
        .map(|id| clearance_agency::ActiveModel {
            campaign_id: Set(found.id),
            unit_id: Set(*id),
            created_at: Set(now()),
        })
        .collect();
    if !added.is_empty() {
        clearance_agency::Entity::insert_many(added)
            .exec(&txn)
            .await?;
    }
    let after = agencies_of(&txn, found.id).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("clearance.agencies", "campaign", found.id)
            .campaign(found.id)
            .before(json!({ "agencies": before }))
            .after(json!({ "agencies": after.iter().map(|u| u.id).collect::<Vec<_>>() })),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// One agency's answer as the office reads it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceAnswerView)]
pub struct AnswerView {
    /// What it found.
    pub opinion: Opinion,
    /// The confidential reason of an objection.
    pub reason: Option<String>,
    /// When it answered (the office's local time).
    pub answered_at: String,
}

/// The office's decision as it reads it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceDecisionView)]
pub struct DecisionView {
    /// Keep or withdraw.
    pub decision: Decision,
    /// The justification or the reason.
    pub reason: String,
    /// When (the office's local time).
    pub decided_at: String,
}

/// One candidate in the office's matrix: an answer (or none yet) per named agency.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceMatrixRow)]
pub struct MatrixRow {
    /// The nomination.
    pub nomination_id: Uuid,
    /// The nominee.
    pub name: String,
    /// The nominating unit.
    pub unit: String,
    /// The category.
    pub category: String,
    /// Its status now.
    pub status: NominationStatus,
    /// Per agency, in the order of [`Matrix::agencies`].
    pub answers: Vec<Option<AnswerView>>,
    /// How many agencies objected.
    pub objections: usize,
    /// The office's decision, once made.
    pub decision: Option<DecisionView>,
}

/// An agency as a column of the matrix.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceAgencyColumn)]
pub struct AgencyColumn {
    /// The agency's unit.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// How many candidates it has answered on.
    pub answered: usize,
}

/// The office's view of a campaign's clearance: candidates × agencies.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceMatrix)]
pub struct Matrix {
    /// Where the stage sits (`review`, `evaluation`, `shortlist`).
    #[schema(value_type = String)]
    pub after: StageKind,
    /// The agencies' last day.
    #[schema(value_type = String)]
    pub closes_on: Date,
    /// The named agencies.
    pub agencies: Vec<AgencyColumn>,
    /// The candidates.
    pub rows: Vec<MatrixRow>,
    /// Answers given, of candidates × agencies expected.
    pub answered: usize,
    /// Candidates × agencies.
    pub expected: usize,
    /// Candidates with an objection and no decision yet (the stage cannot be left before).
    pub undecided: usize,
    /// Whether the office may decide now (the campaign is in the clearance stage).
    pub may_decide: bool,
}

/// The candidates of a campaign: those in the status the stage before clearance leaves, and
/// any that were answered on or decided already (they may have moved on since).
async fn candidates(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    life: &Lifecycle,
) -> AppResult<Vec<nomination::Model>> {
    let mut ids: HashSet<Uuid> = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.nomination_id)
        .collect();
    ids.extend(
        clearance_decision::Entity::find()
            .filter(clearance_decision::Column::CampaignId.eq(campaign_id))
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.nomination_id),
    );
    let mut condition = sea_orm::Condition::any().add(nomination::Column::Id.is_in(ids));
    // Before the stage is done, the nominations waiting in the status it takes.
    if (!life.reached(StageKind::Clearance) || life.current == StageKind::Clearance)
        && let Some(status) = life.clearance_candidates()
    {
        condition = condition.add(nomination::Column::Status.eq(status));
    }
    Ok(nomination::Entity::find()
        .filter(nomination::Column::CampaignId.eq(campaign_id))
        .filter(condition)
        .order_by_asc(nomination::Column::CategoryId)
        .order_by_asc(nomination::Column::NomineeName)
        .order_by_asc(nomination::Column::Id)
        .all(db)
        .await?)
}

async fn names_of(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
    nominations: &[nomination::Model],
) -> AppResult<(HashMap<Uuid, String>, HashMap<Uuid, String>)> {
    let units: HashSet<Uuid> = nominations.iter().map(|n| n.unit_id).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(units))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let categories = category::Entity::find()
        .filter(category::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok((units, categories))
}

/// The office's matrix of a campaign's clearance.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`];
/// [`AppError::Refused`] for a campaign without a clearance stage.
pub async fn matrix(
    db: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Uuid,
) -> AppResult<(campaign::Model, Matrix)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let (found, life) = campaign_with_life(db, campaign_id).await?;
    let plan = life
        .clearance()
        .ok_or(AppError::Refused("error-clearance-no-stage", vec![]))?;
    let agencies = agencies_of(db, found.id).await?;
    let nominations = candidates(db, found.id, &life).await?;
    let (units, categories) = names_of(db, found.id, &nominations).await?;
    let answers: HashMap<(Uuid, Uuid), clearance_answer::Model> = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(found.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| ((a.nomination_id, a.unit_id), a))
        .collect();
    let decisions: HashMap<Uuid, clearance_decision::Model> = clearance_decision::Entity::find()
        .filter(clearance_decision::Column::CampaignId.eq(found.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.nomination_id, d))
        .collect();
    let rows: Vec<MatrixRow> = nominations
        .iter()
        .map(|n| {
            let answers: Vec<Option<AnswerView>> = agencies
                .iter()
                .map(|a| {
                    answers.get(&(n.id, a.id)).map(|found| AnswerView {
                        opinion: found.opinion,
                        reason: found.reason.clone(),
                        answered_at: crate::domain::local_time(found.answered_at),
                    })
                })
                .collect();
            MatrixRow {
                nomination_id: n.id,
                name: n.nominee_name.clone(),
                unit: units.get(&n.unit_id).cloned().unwrap_or_default(),
                category: categories.get(&n.category_id).cloned().unwrap_or_default(),
                status: n.status,
                objections: answers
                    .iter()
                    .flatten()
                    .filter(|a| a.opinion == Opinion::Objection)
                    .count(),
                answers,
                decision: decisions.get(&n.id).map(|d| DecisionView {
                    decision: d.decision,
                    reason: d.reason.clone(),
                    decided_at: crate::domain::local_time(d.decided_at),
                }),
            }
        })
        .collect();
    let columns = agencies
        .iter()
        .enumerate()
        .map(|(at, a)| AgencyColumn {
            id: a.id,
            name: a.name.clone(),
            answered: rows.iter().filter(|r| r.answers[at].is_some()).count(),
        })
        .collect::<Vec<_>>();
    let answered = rows
        .iter()
        .map(|r| r.answers.iter().flatten().count())
        .sum();
    let undecided = rows
        .iter()
        .filter(|r| r.objections > 0 && r.decision.is_none())
        .count();
    Ok((
        found,
        Matrix {
            after: plan.after,
            closes_on: plan.closes_on,
            expected: rows.len() * agencies.len(),
            answered,
            undecided,
            may_decide: gate::check_stage(&life, Action::DecideClearance).is_ok(),
            agencies: columns,
            rows,
        },
    ))
}

/// The agency's unit, checked to be one the campaign names.
async fn named_agency(
    db: &impl ConnectionTrait,
    actor: &Actor,
    campaign_id: Uuid,
) -> AppResult<()> {
    if actor.role != Role::Agency {
        return Err(AppError::Forbidden);
    }
    let named = clearance_agency::Entity::find_by_id((campaign_id, actor.unit_id))
        .one(db)
        .await?;
    if named.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A campaign whose clearance an agency takes part in, with its progress there.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceAgencyCampaign)]
pub struct AgencyCampaign {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Its title.
    pub title: String,
    /// The stage it is in.
    pub stage: StageKind,
    /// The agencies' last day.
    #[schema(value_type = Option<String>)]
    pub closes_on: Option<Date>,
    /// Candidates waiting for this agency's answer (while the stage is open).
    pub waiting: usize,
    /// Candidates.
    pub candidates: usize,
}

/// The campaigns that name the agency's unit, newest first.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an agency.
pub async fn my_campaigns(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> AppResult<Vec<AgencyCampaign>> {
    if actor.role != Role::Agency {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<Uuid> = clearance_agency::Entity::find()
        .filter(clearance_agency::Column::UnitId.eq(actor.unit_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.campaign_id)
        .collect();
    let found = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids))
        .order_by_desc(campaign::Column::Year)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(found.len());
    for c in found {
        let life = stages::load(db, &c).await?;
        let (waiting, count) = if c.stage == StageKind::Clearance {
            let rows = candidates(db, c.id, &life).await?;
            let answered: HashSet<Uuid> = clearance_answer::Entity::find()
                .filter(clearance_answer::Column::CampaignId.eq(c.id))
                .filter(clearance_answer::Column::UnitId.eq(actor.unit_id))
                .all(db)
                .await?
                .into_iter()
                .map(|a| a.nomination_id)
                .collect();
            let open = life.clearance_candidates();
            let waiting = rows
                .iter()
                .filter(|n| Some(n.status) == open && !answered.contains(&n.id))
                .count();
            (waiting, rows.len())
        } else {
            (0, 0)
        };
        out.push(AgencyCampaign {
            campaign_id: c.id,
            title: c.title.clone(),
            stage: c.stage,
            closes_on: life.clearance().map(|p| p.closes_on),
            waiting,
            candidates: count,
        });
    }
    Ok(out)
}

/// One candidate in an agency's queue.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceQueueRow)]
pub struct QueueRow {
    /// The nomination.
    pub nomination_id: Uuid,
    /// The nominee.
    pub name: String,
    /// The nominating unit.
    pub unit: String,
    /// The category.
    pub category: String,
    /// The ID number, masked (the full number is on the candidate's page, audited).
    pub id_number_masked: Option<String>,
    /// This agency's answer, if given.
    pub opinion: Option<Opinion>,
    /// Whether the office has decided on it already (the answer is then final).
    pub decided: bool,
}

/// An agency's queue in one campaign.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceQueue)]
pub struct Queue {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Its title.
    pub title: String,
    /// The agencies' last day.
    #[schema(value_type = String)]
    pub closes_on: Date,
    /// Whether answers are taken today.
    pub open: bool,
    /// The candidates.
    pub rows: Vec<QueueRow>,
    /// Of them, answered by this agency.
    pub answered: usize,
}

async fn decided_ids(db: &impl ConnectionTrait, campaign_id: Uuid) -> AppResult<HashSet<Uuid>> {
    Ok(clearance_decision::Entity::find()
        .filter(clearance_decision::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.nomination_id)
        .collect())
}

/// An agency's queue: the candidates it is to check, with masked ID numbers and its answers.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an agency; [`AppError::NotFound`] for a campaign
/// that does not name it; [`AppError::Refused`] outside the clearance stage.
pub async fn queue(app: &App, actor: &Actor, campaign_id: Uuid, today: Date) -> AppResult<Queue> {
    let db = &app.db;
    named_agency(db, actor, campaign_id).await?;
    let (found, life) = campaign_with_life(db, campaign_id).await?;
    gate::check_stage(&life, Action::DecideClearance)?;
    let plan = life
        .clearance()
        .ok_or(AppError::Refused("error-clearance-no-stage", vec![]))?;
    let open_status = life.clearance_candidates();
    let nominations: Vec<nomination::Model> = candidates(db, found.id, &life)
        .await?
        .into_iter()
        .filter(|n| Some(n.status) == open_status)
        .collect();
    let (units, categories) = names_of(db, found.id, &nominations).await?;
    let mine: HashMap<Uuid, Opinion> = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::CampaignId.eq(found.id))
        .filter(clearance_answer::Column::UnitId.eq(actor.unit_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.nomination_id, a.opinion))
        .collect();
    let decided = decided_ids(db, found.id).await?;
    let rows: Vec<QueueRow> = nominations
        .iter()
        .map(|n| QueueRow {
            nomination_id: n.id,
            name: n.nominee_name.clone(),
            unit: units.get(&n.unit_id).cloned().unwrap_or_default(),
            category: categories.get(&n.category_id).cloned().unwrap_or_default(),
            id_number_masked: crate::domain::nominations::masked_id_number(app, n),
            opinion: mine.get(&n.id).copied(),
            decided: decided.contains(&n.id),
        })
        .collect();
    Ok(Queue {
        campaign_id: found.id,
        title: found.title,
        closes_on: plan.closes_on,
        open: gate::allows(&life, Action::Clear, None, today),
        answered: rows.iter().filter(|r| r.opinion.is_some()).count(),
        rows,
    })
}

/// One candidate as an agency checks it: what it needs to find the person in its records.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[schema(as = ClearanceCandidateView)]
pub struct CandidateView {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Its title.
    pub title: String,
    /// The nomination.
    pub nomination_id: Uuid,
    /// The nominee.
    pub name: String,
    /// Gender, as given.
    pub gender: Option<String>,
    /// The nominee's own unit or employer.
    pub affiliation: String,
    /// The nominating unit.
    pub unit: String,
    /// The category.
    pub category: String,
    /// The full ID number (this view is recorded in the audit log).
    pub id_number: Option<String>,
    /// This agency's answer, if given.
    pub opinion: Option<Opinion>,
    /// Its reason, if it objected.
    pub reason: Option<String>,
    /// Whether it may answer (or change its answer) now.
    pub may_answer: bool,
    /// The agencies' last day.
    #[schema(value_type = String)]
    pub closes_on: Date,
}

/// A candidate of the agency's queue with the full ID number; the view is audited.
///
/// # Errors
/// As [`queue`]; [`AppError::NotFound`] for a nomination that is not a candidate now.
pub async fn candidate(
    app: &App,
    actor: &Actor,
    campaign_id: Uuid,
    nomination_id: Uuid,
    today: Date,
) -> AppResult<CandidateView> {
    let db = &app.db;
    named_agency(db, actor, campaign_id).await?;
    let (found, life) = campaign_with_life(db, campaign_id).await?;
    gate::check_stage(&life, Action::DecideClearance)?;
    let plan = life
        .clearance()
        .ok_or(AppError::Refused("error-clearance-no-stage", vec![]))?;
    let n = nomination::Entity::find_by_id(nomination_id)
        .one(db)
        .await?
        .filter(|n| n.campaign_id == found.id && Some(n.status) == life.clearance_candidates())
        .ok_or(AppError::NotFound)?;
    let (units, categories) = names_of(db, found.id, std::slice::from_ref(&n)).await?;
    let id_number = crate::domain::nominations::id_number_of(app, &n)?;
    let mine = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::NominationId.eq(n.id))
        .filter(clearance_answer::Column::UnitId.eq(actor.unit_id))
        .one(db)
        .await?;
    let decided = decided_ids(db, found.id).await?.contains(&n.id);
    if id_number.is_some() {
        let txn = db::begin_write(db).await?;
        audit::record(
            &txn,
            &actor.into(),
            Change::new("clearance.view_id_number", "nomination", n.id).campaign(found.id),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(CandidateView {
        campaign_id: found.id,
        title: found.title,
        nomination_id: n.id,
        name: n.nominee_name.clone(),
        gender: n.gender.clone(),
        affiliation: n.affiliation.clone(),
        unit: units.get(&n.unit_id).cloned().unwrap_or_default(),
        category: categories.get(&n.category_id).cloned().unwrap_or_default(),
        id_number,
        opinion: mine.as_ref().map(|a| a.opinion),
        reason: mine.and_then(|a| a.reason),
        may_answer: !decided && gate::allows(&life, Action::Clear, None, today),
        closes_on: plan.closes_on,
    })
}

/// An agency's answer as it fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = ClearanceAnswerInput)]
pub struct AnswerInput {
    /// `no_objection` or `objection`.
    #[field(default = String::new())]
    pub opinion: String,
    /// The confidential reason (required with an objection).
    #[field(default = String::new())]
    pub reason: String,
}

fn parse_opinion(text: &str) -> Option<Opinion> {
    match text.trim() {
        "no_objection" => Some(Opinion::NoObjection),
        "objection" => Some(Opinion::Objection),
        _ => None,
    }
}

/// The nomination, checked to be a candidate of the campaign now, under a lock on it (an
/// answer and the office's decision on one candidate never interleave).
async fn locked_candidate(
    txn: &DatabaseTransaction,
    life: &Lifecycle,
    campaign_id: Uuid,
    nomination_id: Uuid,
) -> AppResult<nomination::Model> {
    db::lock_keys(txn, &[&format!("clearance:{nomination_id}")]).await?;
    let n = nomination::Entity::find_by_id(nomination_id)
        .one(txn)
        .await?
        .filter(|n| n.campaign_id == campaign_id)
        .ok_or(AppError::NotFound)?;
    if Some(n.status) != life.clearance_candidates() {
        return Err(AppError::Refused("error-clearance-not-candidate", vec![]));
    }
    if clearance_decision::Entity::find_by_id(n.id)
        .one(txn)
        .await?
        .is_some()
    {
        return Err(AppError::Refused("error-clearance-decided", vec![]));
    }
    Ok(n)
}

/// An agency answers on a candidate, or changes its answer, until the stage's last day and
/// until the office has decided on the candidate.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but an agency; [`AppError::NotFound`] for a campaign
/// that does not name it or a nomination not in it; [`AppError::Invalid`] without an opinion,
/// or an objection without a reason; [`AppError::Refused`] outside the stage or past its last
/// day, for a nomination that is not a candidate, or once the office has decided.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: Uuid,
    nomination_id: Uuid,
    input: &AnswerInput,
    today: Date,
) -> AppResult<clearance_answer::Model> {
    named_agency(db, actor, campaign_id).await?;
    let mut errors = FieldErrors::default();
    let opinion = parse_opinion(&input.opinion);
    if opinion.is_none() {
        errors.add("opinion", "error-required");
    }
    let reason = if opinion == Some(Opinion::Objection) {
        errors.check("reason", required_text(&input.reason, 2000))
    } else {
        None
    };
    errors.into_result()?;
    let opinion = opinion.ok_or(AppError::Internal("validated opinion missing".into()))?;
    let txn = db::begin_write(db).await?;
    let (found, life) = campaign_with_life(&txn, campaign_id).await?;
    gate::check(&life, Action::Clear, None, today)?;
    let n = locked_candidate(&txn, &life, found.id, nomination_id).await?;
    let before = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::NominationId.eq(n.id))
        .filter(clearance_answer::Column::UnitId.eq(actor.unit_id))
        .one(&txn)
        .await?;
    let row = clearance_answer::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(found.id),
        nomination_id: Set(n.id),
        unit_id: Set(actor.unit_id),
        opinion: Set(opinion),
        reason: Set(reason.clone()),
        answered_by: Set(actor.user_id),
        answered_at: Set(now()),
    };
    // One row per agency and candidate, even for two answers at the same instant.
    clearance_answer::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                clearance_answer::Column::NominationId,
                clearance_answer::Column::UnitId,
            ])
            .update_columns([
                clearance_answer::Column::Opinion,
                clearance_answer::Column::Reason,
                clearance_answer::Column::AnsweredBy,
                clearance_answer::Column::AnsweredAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let saved = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::NominationId.eq(n.id))
        .filter(clearance_answer::Column::UnitId.eq(actor.unit_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("clearance.answer", "nomination", n.id)
            .campaign(found.id)
            .before(json!({ "opinion": before.as_ref().map(|a| a.opinion) }))
            .after(json!({ "agency": actor.unit_id, "opinion": opinion, "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The office's decision as it fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = ClearanceDecisionInput)]
pub struct DecisionInput {
    /// `keep` or `withdraw`.
    #[field(default = String::new())]
    pub decision: String,
    /// The justification (keep) or the reason (withdraw), recorded.
    #[field(default = String::new())]
    pub reason: String,
}

/// The office decides on a candidate an agency objected to: withdraws it (the reason is kept
/// in its history) or keeps it (with a justification). Once, audited.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] without a decision
/// or a reason; [`AppError::Refused`] outside the clearance stage, for a nomination that is
/// not a candidate or no agency objected to, or once decided.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: Uuid,
    nomination_id: Uuid,
    input: &DecisionInput,
) -> AppResult<clearance_decision::Model> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let decision = match input.decision.trim() {
        "keep" => Some(Decision::Keep),
        "withdraw" => Some(Decision::Withdraw),
        _ => {
            errors.add("decision", "error-required");
            None
        }
    };
    let reason = errors.check("reason", required_text(&input.reason, 2000));
    errors.into_result()?;
    let (Some(decision), Some(reason)) = (decision, reason) else {
        return Err(AppError::Internal("validated decision missing".into()));
    };
    let txn = db::begin_write(db).await?;
    let (found, life) = campaign_with_life(&txn, campaign_id).await?;
    gate::check_stage(&life, Action::DecideClearance)?;
    let n = locked_candidate(&txn, &life, found.id, nomination_id).await?;
    let objections = clearance_answer::Entity::find()
        .filter(clearance_answer::Column::NominationId.eq(n.id))
        .filter(clearance_answer::Column::Opinion.eq(Opinion::Objection))
        .count(&txn)
        .await?;
    if objections == 0 {
        return Err(AppError::Refused("error-clearance-no-objection", vec![]));
    }
    let row = clearance_decision::ActiveModel {
        nomination_id: Set(n.id),
        campaign_id: Set(found.id),
        decision: Set(decision),
        reason: Set(reason.clone()),
        decided_by: Set(actor.user_id),
        decided_at: Set(now()),
    };
    let saved = clearance_decision::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
        .map_err(crate::error::unique_as("error-clearance-decided"))?;
    if decision == Decision::Withdraw {
        shortlist_entry::Entity::delete_many()
            .filter(shortlist_entry::Column::NominationId.eq(n.id))
            .exec(&txn)
            .await?;
        workflow::apply::one(
            &txn,
            actor,
            workflow::apply::Move {
                nomination: &n,
                transition: Transition::Withdraw,
                to: NominationStatus::Withdrawn,
                level: None,
                reason: Some(reason.clone()),
                stage: found.stage,
                overrides: Vec::new(),
            },
        )
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("clearance.decide", "nomination", n.id)
            .campaign(found.id)
            .after(json!({ "decision": decision, "reason": reason, "objections": objections })),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
