//! Layer-by-layer recommendation (层层推荐) and the office's strict review (严格审核): applying
//! the transitions of `domain::workflow` to nominations, within quotas that hold under
//! concurrency, with every decision kept as history.
//!
//! Per-unit quotas: a nomination occupies the quota of every unit it has passed on its way up
//! (the nominating unit and each level that recommended it) while it sits above that unit and
//! is not rejected. A transition that moves a nomination above a unit counts that unit's
//! nominations inside the write transaction, after locking the unit's row on PostgreSQL
//! (SQLite's IMMEDIATE transactions already run one at a time), so two simultaneous requests
//! cannot both take the last place.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QuerySelect,
};
use serde_json::json;
use time::Date;
use uuid::Uuid;

use crate::{
    App, db,
    domain::{
        actor::Actor,
        ids::NominationId,
        stages::{self, Lifecycle},
        values::optional_text,
        workflow::{self, Party, Transition, gate},
    },
    entity::{
        campaign, category,
        nomination::{self, NominationStatus},
        nomination_version, recommendation,
        unit::{self, UnitKind},
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
};

/// Every catalogue key this module's results carry (checks, duplicate reasons, refusals), for
/// the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 12] = [
    "check-complete",
    "check-attachments",
    "check-id-number",
    "error-rules-failed",
    "error-override-reason",
    "check-no-duplicates",
    "check-dup-id-number",
    "check-dup-name-birth",
    "check-dup-name",
    "error-transition-state",
    "error-quota-full",
    "error-reason-required",
];

/// Everything a transition needs to know about a nomination.
pub struct Context {
    /// The nomination.
    pub nomination: nomination::Model,
    /// Its nominating unit.
    pub unit: unit::Model,
    /// Its campaign.
    pub campaign: campaign::Model,
    /// Its category.
    pub category: category::Model,
    /// The recommending units above the nominating unit, nearest first.
    pub chain: Vec<Uuid>,
    /// The kind of the recommending unit holding it, while one does (its deadline applies).
    pub level_kind: Option<UnitKind>,
    /// Its campaign's stages.
    pub lifecycle: Lifecycle,
}

/// Loads a nomination with its unit, campaign, category and chain, if in the caller's reach.
///
/// # Errors
/// [`AppError::NotFound`] when it does not exist or is out of reach.
pub async fn context(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: NominationId,
) -> AppResult<Context> {
    if actor.role == Role::Reviewer {
        return Err(AppError::NotFound);
    }
    let nomination = nomination::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit = unit::Entity::find_by_id(nomination.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.reaches(&unit.path) {
        return Err(AppError::NotFound);
    }
    let campaign = campaign::Entity::find_by_id(nomination.campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let category = category::Entity::find_by_id(nomination.category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lineage = lineage(db, &unit).await?;
    let chain = workflow::chain(&lineage, &workflow::levels(&campaign));
    let level_kind = nomination
        .level_unit_id
        .and_then(|level| lineage.iter().find(|(id, _)| *id == level))
        .map(|(_, kind)| *kind);
    let lifecycle = stages::load(db, &campaign).await?;
    Ok(Context {
        nomination,
        unit,
        campaign,
        category,
        chain,
        level_kind,
        lifecycle,
    })
}

/// The unit's ancestors from the root down to itself, from its materialised path.
async fn lineage(
    db: &impl ConnectionTrait,
    unit: &unit::Model,
) -> AppResult<Vec<(Uuid, crate::entity::unit::UnitKind)>> {
    let ids: Vec<Uuid> = unit
        .path
        .split('/')
        .filter_map(|part| Uuid::try_parse(part).ok())
        .collect();
    let mut found = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .all(db)
        .await?;
    found.sort_by_key(|u| u.depth);
    Ok(found.into_iter().map(|u| (u.id, u.kind)).collect())
}

/// Whether `actor` is the party a transition's rule names, for this nomination.
#[must_use]
pub fn is_party(actor: &Actor, nomination: &nomination::Model, party: Party) -> bool {
    match party {
        Party::Nominator => actor.role == Role::Recommender && actor.unit_id == nomination.unit_id,
        Party::Holder => {
            actor.role == Role::Recommender && nomination.level_unit_id == Some(actor.unit_id)
        }
        Party::Office => actor.is_admin(),
        Party::Service => false,
    }
}

/// The transitions `actor` could make on this nomination now (for offering buttons).
#[must_use]
pub fn available(actor: &Actor, ctx: &Context, today: Date) -> Vec<Transition> {
    workflow::ALL
        .into_iter()
        .filter(|t| {
            let rule = workflow::rule(*t);
            rule.from.contains(&ctx.nomination.status)
                && is_party(actor, &ctx.nomination, rule.by)
                && gate::allows(&ctx.lifecycle, rule.action, level_of(ctx, *t), today)
        })
        .collect()
}

/// Whether `actor` may edit this nomination's content now: the nominating unit, a state it
/// edits in, and the stage and dates for submitting (or resubmitting) it.
#[must_use]
pub fn may_edit(actor: &Actor, ctx: &Context, today: Date) -> bool {
    let action = if ctx.nomination.status == NominationStatus::Returned {
        workflow::Action::Resubmit
    } else {
        workflow::Action::Nominate
    };
    workflow::EDITABLE.contains(&ctx.nomination.status)
        && is_party(actor, &ctx.nomination, Party::Nominator)
        && gate::allows(&ctx.lifecycle, action, None, today)
}

/// The level whose deadline bounds a transition: the holder's for a recommendation or decline,
/// none (submission) otherwise.
fn level_of(ctx: &Context, transition: Transition) -> Option<UnitKind> {
    match transition {
        Transition::Recommend | Transition::Decline => ctx.level_kind,
        _ => None,
    }
}

/// Where a transition takes the nomination: its new status and level.
fn target(ctx: &Context, transition: Transition) -> (NominationStatus, Option<Uuid>) {
    let onward = |level| match level {
        Some(unit) => (NominationStatus::Pending, Some(unit)),
        None => (NominationStatus::AtOffice, None),
    };
    match transition {
        Transition::Submit => onward(workflow::next_level(&ctx.chain, None)),
        Transition::Recommend => onward(workflow::next_level(
            &ctx.chain,
            ctx.nomination.level_unit_id,
        )),
        Transition::Decline => match ctx
            .nomination
            .level_unit_id
            .and_then(|level| workflow::level_below(&ctx.chain, level))
        {
            Some(below) => (NominationStatus::Pending, Some(below)),
            None => (NominationStatus::Declined, None),
        },
        other => (
            workflow::fixed_target(other).unwrap_or(ctx.nomination.status),
            None,
        ),
    }
}

/// The unit whose quota a transition spends: the one sending the nomination upward.
fn spender(ctx: &Context, transition: Transition) -> Option<Uuid> {
    match transition {
        Transition::Submit => Some(ctx.nomination.unit_id),
        Transition::Recommend => ctx.nomination.level_unit_id,
        _ => None,
    }
}

fn status_name(status: NominationStatus) -> String {
    crate::domain::name_of(&status)
}

/// Applies a transition for `actor`, as of `today` at the office.
///
/// # Errors
/// [`AppError::NotFound`] out of reach; [`AppError::Forbidden`] when the actor is not the party
/// the rule names; [`AppError::Refused`] from a wrong state, outside the window, or over quota;
/// [`AppError::Stale`] when the nomination changed since `version`; [`AppError::Invalid`] on
/// `reason` when one is required and missing.
pub async fn transition(
    app: &App,
    actor: &Actor,
    id: NominationId,
    transition: Transition,
    version: i32,
    reason: &str,
    today: Date,
) -> AppResult<nomination::Model> {
    transition_overriding(app, actor, id, transition, version, reason, today, false).await
}

/// [`transition`]; when finding eligible a nomination that fails an eligibility rule of its
/// category, `overrides` says the office decided so anyway (the reason is then required, and
/// the rules overridden are kept in the audit log).
///
/// # Errors
/// As [`transition`]; [`AppError::Refused`] with `error-rules-failed` for a nomination that
/// fails a rule, without `overrides`; [`AppError::Invalid`] on `reason` when overriding
/// without one.
#[expect(
    clippy::too_many_arguments,
    reason = "a decision is all of these; a struct would only rename them"
)]
pub async fn transition_overriding(
    app: &App,
    actor: &Actor,
    id: NominationId,
    transition: Transition,
    version: i32,
    reason: &str,
    today: Date,
    overrides: bool,
) -> AppResult<nomination::Model> {
    let ctx = context(&app.db, actor, id).await?;
    let rule = workflow::rule(transition);
    // Staleness first: whoever acted on an old page learns that it changed, and sees how.
    if ctx.nomination.version != version {
        return Err(AppError::Stale);
    }
    if !is_party(actor, &ctx.nomination, rule.by) {
        return Err(AppError::Forbidden);
    }
    // The campaign's stage before the nomination's state: it says what must happen first.
    gate::check(
        &ctx.lifecycle,
        rule.action,
        level_of(&ctx, transition),
        today,
    )?;
    if !rule.from.contains(&ctx.nomination.status) {
        return Err(AppError::Refused(
            "error-transition-state",
            vec![("status", status_name(ctx.nomination.status))],
        ));
    }
    let mut errors = FieldErrors::default();
    let reason = errors
        .check("reason", optional_text(reason, 2000))
        .flatten();
    if rule.needs_reason && reason.is_none() && errors.is_empty() {
        errors.add("reason", "error-reason-required");
    }
    // A hard rule of the category failed: only an explicit override, with a reason, finds
    // the nomination eligible.
    let failed: Vec<&'static str> = if transition == Transition::MarkEligible {
        rule_checks(&ctx)
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| c.key)
            .collect()
    } else {
        Vec::new()
    };
    if !failed.is_empty() && overrides && reason.is_none() && errors.is_empty() {
        errors.add("reason", "error-override-reason");
    }
    errors.into_result()?;
    if !failed.is_empty() && !overrides {
        return Err(AppError::Refused(
            "error-rules-failed",
            vec![("count", failed.len().to_string())],
        ));
    }
    apply(app, actor, &ctx, transition, reason, failed).await
}

/// The day a nomination's eligibility is judged on: the day its campaign's recommendation
/// opened (or today, for a campaign without one).
fn judged_on(ctx: &Context) -> Date {
    ctx.lifecycle
        .stage(crate::entity::campaign_stage::StageKind::Recommendation)
        .and_then(|s| s.opens_on)
        .unwrap_or_else(|| crate::domain::now().date())
}

/// The eligibility rules of the nomination's category and whether it meets each.
#[must_use]
pub fn rule_checks(ctx: &Context) -> Vec<crate::domain::eligibility::RuleCheck> {
    crate::domain::eligibility::check(&ctx.category, &ctx.nomination, judged_on(ctx))
}

/// What a decision did, for the message the decider reads next and the page they go back to.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The catalogue key of the message (`flash-decided-<transition>`).
    pub key: &'static str,
    /// Its arguments: the nominee (`name`), where it went (`to`: a unit's name, or `office`),
    /// and after a recommendation the category and how many places are left.
    pub args: Vec<(&'static str, String)>,
    /// The list the decider goes back to.
    pub back_to: String,
    /// The nomination as it now is.
    pub nomination: nomination::Model,
}

/// [`transition`], for a person deciding on a page: where the nomination went and, after a
/// recommendation, the places the unit has left in its category.
///
/// # Errors
/// As [`transition`].
#[expect(
    clippy::too_many_arguments,
    reason = "a decision is all of these; a struct would only rename them"
)]
pub async fn decide(
    app: &App,
    actor: &Actor,
    id: NominationId,
    decided: Transition,
    version: i32,
    reason: &str,
    today: Date,
    overrides: bool,
) -> AppResult<Outcome> {
    let n =
        transition_overriding(app, actor, id, decided, version, reason, today, overrides).await?;
    let name_of_unit = |id: Uuid| async move {
        Ok::<_, AppError>(
            unit::Entity::find_by_id(id)
                .one(&app.db)
                .await?
                .map(|u| u.name)
                .unwrap_or_default(),
        )
    };
    // Where it is now: a recommending unit's inbox, back with its nominating unit, or the office.
    let to = match (n.level_unit_id, n.status) {
        (Some(level), _) => name_of_unit(level).await?,
        (None, NominationStatus::Declined | NominationStatus::Returned) => {
            name_of_unit(n.unit_id).await?
        }
        (None, _) => "office".to_owned(),
    };
    let mut args = vec![("name", n.nominee_name.clone()), ("to", to)];
    let key = match decided {
        Transition::Submit => "flash-decided-submit",
        Transition::Resubmit => "flash-decided-resubmit",
        Transition::Recommend => "flash-decided-recommend",
        Transition::Decline => "flash-decided-decline",
        Transition::MarkEligible => "flash-decided-mark_eligible",
        Transition::ReturnForRevision => "flash-decided-return_for_revision",
        Transition::Reject => "flash-decided-reject",
        _ => "flash-decided-withdraw",
    };
    if decided == Transition::Recommend {
        let ctx = context(&app.db, actor, id).await?;
        let spender = unit::Entity::find_by_id(actor.unit_id)
            .one(&app.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let used = used_quota(&app.db, &spender, &ctx.campaign, ctx.category.id, None).await?;
        let left = (i64::from(ctx.category.unit_quota) - used).max(0);
        args.push(("category", ctx.category.name.clone()));
        args.push(("left", left.to_string()));
    }
    let back_to = match decided {
        Transition::Submit | Transition::Resubmit => "/nominations".to_owned(),
        Transition::Recommend | Transition::Decline => "/review/inbox".to_owned(),
        Transition::Withdraw => format!("/nominations/{}", n.id),
        _ => format!("/review/office?campaign={}", n.campaign_id),
    };
    Ok(Outcome {
        key,
        args,
        back_to,
        nomination: n,
    })
}

/// Every key [`decide`]'s messages use.
pub const OUTCOME_KEYS: [&str; 8] = [
    "flash-decided-submit",
    "flash-decided-resubmit",
    "flash-decided-recommend",
    "flash-decided-decline",
    "flash-decided-mark_eligible",
    "flash-decided-return_for_revision",
    "flash-decided-reject",
    "flash-decided-withdraw",
];

async fn apply(
    app: &App,
    actor: &Actor,
    ctx: &Context,
    transition: Transition,
    reason: Option<String>,
    overrides: Vec<&'static str>,
) -> AppResult<nomination::Model> {
    let (status, level) = target(ctx, transition);
    let n = &ctx.nomination;
    let txn = db::begin_write(&app.db).await?;
    if let Some(unit_id) = spender(ctx, transition) {
        check_quota(&txn, ctx, unit_id).await?;
    }
    let updated = workflow::apply::one(
        &txn,
        actor,
        workflow::apply::Move {
            nomination: n,
            transition,
            to: status,
            level,
            reason,
            stage: ctx.campaign.stage,
            overrides,
        },
    )
    .await?;
    if matches!(transition, Transition::Submit | Transition::Resubmit) {
        nomination_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            nomination_id: Set(n.id),
            version: Set(updated.version),
            content: Set(content_of(n).to_string()),
            created_by: Set(actor.user_id),
            created_at: Set(updated.updated_at),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// The content the office compares between versions: public and review fields, with private
/// values reduced to whether they changed.
#[must_use]
pub fn content_of(n: &nomination::Model) -> serde_json::Value {
    json!({
        "nominee_name": n.nominee_name,
        "affiliation": n.affiliation,
        "gender": n.gender,
        "volunteer_hours": n.volunteer_hours,
        "active_since": n.active_since.map(|d| d.to_string()),
        "registered": n.registered,
        "founded_on": n.founded_on.map(|d| d.to_string()),
        "member_count": n.member_count,
        "contact_name": n.contact_name,
        "deeds_summary": n.deeds_summary,
        "deeds_full": n.deeds_full,
        "private_data": crate::pii::sha256_hex(format!("{:?}{:?}{:?}", n.phone, n.birth_date, n.id_number_fp).as_bytes())[..12].to_owned(),
    })
}

/// Refuses when `unit_id` already sends its full quota of this category upward.
async fn check_quota(txn: &impl ConnectionTrait, ctx: &Context, unit_id: Uuid) -> AppResult<()> {
    // PostgreSQL: one transaction at a time per spending unit, until commit. SQLite: the
    // IMMEDIATE write transaction already excludes every other writer.
    let mut query = unit::Entity::find_by_id(unit_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let spender = query.one(txn).await?.ok_or(AppError::NotFound)?;
    let used = used_quota(
        txn,
        &spender,
        &ctx.campaign,
        ctx.category.id,
        Some(ctx.nomination.id),
    )
    .await?;
    if used >= i64::from(ctx.category.unit_quota) {
        return Err(AppError::Refused(
            "error-quota-full",
            vec![
                ("category", ctx.category.name.clone()),
                ("quota", ctx.category.unit_quota.to_string()),
            ],
        ));
    }
    Ok(())
}

/// How many nominations of a category `unit` currently sends upward (see the module doc),
/// leaving out `except`: those it nominated itself or recommended as a level of their chain,
/// that now sit above it and are not rejected.
///
/// # Errors
/// When the database fails.
pub async fn used_quota(
    db: &impl ConnectionTrait,
    unit: &unit::Model,
    campaign: &campaign::Model,
    category_id: Uuid,
    except: Option<Uuid>,
) -> AppResult<i64> {
    use sea_orm::{
        Condition, Iterable, PaginatorTrait,
        sea_query::{Alias, Expr, ExprTrait},
    };
    // Counted by the database: a street's or district's campaign holds thousands of rows.
    // An ancestor is in a nomination's chain when the campaign lists its kind and it ranks
    // above the nominating unit (workflow::chain); a department's district is not.
    let lower: Vec<UnitKind> = if workflow::levels(campaign).contains(&unit.kind) {
        UnitKind::iter()
            .filter(|kind| workflow::rank(*kind) < workflow::rank(unit.kind))
            .collect()
    } else {
        Vec::new()
    };
    let holder = Alias::new("holder");
    let subtree = format!("{}%", unit.path);
    let mut query = nomination::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            crate::domain::nominations::nomination_unit(),
        )
        .join_as(
            sea_orm::JoinType::LeftJoin,
            nomination::Entity::belongs_to(unit::Entity)
                .from(nomination::Column::LevelUnitId)
                .to(unit::Column::Id)
                .into(),
            holder.clone(),
        )
        .filter(nomination::Column::CampaignId.eq(campaign.id))
        .filter(nomination::Column::CategoryId.eq(category_id))
        .filter(nomination::Column::Status.is_in(workflow::OCCUPYING))
        .filter(unit::Column::Path.like(subtree.as_str()))
        .filter(
            Condition::any()
                .add(unit::Column::Id.eq(unit.id))
                .add(unit::Column::Kind.is_in(lower)),
        )
        // Sent on above the unit: decided above it, or held by a unit outside its subtree.
        .filter(
            Condition::any()
                .add(nomination::Column::LevelUnitId.is_null())
                .add(Expr::col((holder, unit::Column::Path)).not_like(subtree.as_str())),
        );
    if let Some(except) = except {
        query = query.filter(nomination::Column::Id.ne(except));
    }
    let count = query.count(db).await?;
    Ok(i64::try_from(count).unwrap_or(i64::MAX))
}

/// One entry of a nomination's history.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// The transition's name (`submit`, `recommend` …).
    pub decision: String,
    /// Status before.
    pub from_status: String,
    /// Status after.
    pub to_status: String,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// The campaign's stage when it was made (`review` …), if known.
    pub stage: Option<String>,
    /// The deciding unit's name, or none for the office.
    pub unit_name: Option<String>,
    /// Who decided.
    pub actor_name: String,
    /// When, RFC 3339.
    pub at: String,
}

/// A nomination's decisions, oldest first, for those who may see the nomination.
///
/// # Errors
/// When the database fails.
pub async fn history(
    db: &impl ConnectionTrait,
    nomination_id: Uuid,
) -> AppResult<Vec<HistoryEntry>> {
    use sea_orm::QueryOrder;
    let rows = recommendation::Entity::find()
        .filter(recommendation::Column::NominationId.eq(nomination_id))
        .order_by_asc(recommendation::Column::CreatedAt)
        .order_by_asc(recommendation::Column::Id)
        .all(db)
        .await?;
    let unit_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.unit_id).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = rows.iter().map(|r| r.actor_id).collect();
    let users = crate::entity::user::Entity::find()
        .filter(crate::entity::user::Column::Id.is_in(user_ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            unit_name: r
                .unit_id
                .and_then(|id| units.iter().find(|u| u.id == id))
                .map(|u| u.name.clone()),
            actor_name: users
                .iter()
                .find(|u| u.id == r.actor_id)
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            at: crate::domain::local_time(r.created_at),
            decision: r.decision,
            from_status: r.from_status,
            to_status: r.to_status,
            reason: r.reason,
            stage: r.stage.map(|s| s.name().to_owned()),
        })
        .collect())
}

/// One line of the office's checklist.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Check {
    /// The catalogue key naming the check; it takes `min`.
    pub key: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// Whether it is one of the category's eligibility rules: a nomination failing one is
    /// found eligible only by an explicit override with a reason.
    pub hard: bool,
    /// The rule's threshold, for its message.
    pub min: i32,
}

impl Check {
    fn soft(key: &'static str, ok: bool) -> Self {
        Self {
            key,
            ok,
            hard: false,
            min: 0,
        }
    }
}

/// The office's checklist for a nomination: fields complete, attachments present, the ID
/// number's checksum, no duplicates (the office's judgement), then each eligibility rule of
/// its category (hard).
///
/// # Errors
/// When the database fails.
pub async fn checklist(
    app: &App,
    ctx: &Context,
    duplicates: &[Duplicate],
) -> AppResult<Vec<Check>> {
    let n = &ctx.nomination;
    let attachments = !crate::domain::nominations::attachments_of(&app.db, n.id)
        .await?
        .is_empty();
    Ok(checks_of(
        app,
        &ctx.nomination,
        &ctx.category,
        judged_on(ctx),
        attachments,
        duplicates.is_empty(),
    ))
}

/// [`checklist`] from what has been read.
fn checks_of(
    app: &App,
    n: &nomination::Model,
    category: &category::Model,
    on: Date,
    attachments: bool,
    unique: bool,
) -> Vec<Check> {
    let person = n.nominee_kind == crate::entity::category::NomineeKind::Person;
    let complete = !n.nominee_name.is_empty()
        && !n.deeds_summary.is_empty()
        && !n.deeds_full.is_empty()
        && n.phone.is_some()
        && (!person
            || (n.birth_date.is_some()
                && n.id_number_enc.is_some()
                && n.volunteer_hours.is_some()))
        && (person || n.contact_name.is_some());
    let mut checks = vec![
        Check::soft("check-complete", complete),
        Check::soft("check-attachments", attachments),
    ];
    if person {
        let id_ok = n.id_number_enc.as_ref().is_some_and(|blob| {
            app.pii
                .decrypt(blob)
                .ok()
                .is_some_and(|plain| crate::domain::values::IdNumber::parse(&plain).is_ok())
        });
        checks.push(Check::soft("check-id-number", id_ok));
    }
    checks.push(Check::soft("check-no-duplicates", unique));
    checks.extend(
        crate::domain::eligibility::check(category, n, on)
            .into_iter()
            .map(|r| Check {
                key: r.key,
                ok: r.ok,
                hard: true,
                min: r.min,
            }),
    );
    checks
}

/// The checks each of these nominations fails, for the office's queue (hard ones first): read
/// together, a query per kind of fact rather than per nomination, but for the duplicates.
///
/// # Errors
/// When the database fails.
pub async fn failed_checks(
    app: &App,
    models: &[nomination::Model],
) -> AppResult<std::collections::HashMap<Uuid, Vec<Check>>> {
    use std::collections::HashMap;
    let ids: Vec<Uuid> = models.iter().map(|n| n.id).collect();
    let attached: Vec<Uuid> = crate::entity::attachment::Entity::find()
        .filter(crate::entity::attachment::Column::NominationId.is_in(ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| a.nomination_id)
        .collect();
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(models.iter().map(|n| n.category_id)))
        .all(&app.db)
        .await?;
    let mut judged: HashMap<Uuid, Date> = HashMap::new();
    for campaign in campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(models.iter().map(|n| n.campaign_id)))
        .all(&app.db)
        .await?
    {
        let life = stages::load(&app.db, &campaign).await?;
        let on = life
            .stage(crate::entity::campaign_stage::StageKind::Recommendation)
            .and_then(|s| s.opens_on)
            .unwrap_or_else(|| crate::domain::now().date());
        judged.insert(campaign.id, on);
    }
    let mut found = HashMap::new();
    for n in models {
        let Some(category) = categories.iter().find(|c| c.id == n.category_id) else {
            continue;
        };
        let unique = duplicates(&app.db, n).await?.is_empty();
        let on = judged
            .get(&n.campaign_id)
            .copied()
            .unwrap_or_else(|| crate::domain::now().date());
        let mut failed: Vec<Check> =
            checks_of(app, n, category, on, attached.contains(&n.id), unique)
                .into_iter()
                .filter(|c| !c.ok)
                .collect();
        failed.sort_by_key(|c| !c.hard);
        found.insert(n.id, failed);
    }
    Ok(found)
}

/// Another nomination of the same campaign that looks like the same nominee.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Duplicate {
    /// The other nomination.
    pub id: Uuid,
    /// Its nominee's name.
    pub nominee_name: String,
    /// Why it matched: `check-dup-id-number`, `check-dup-name-birth` or `check-dup-name`.
    pub reason: &'static str,
}

/// Nominations of the same campaign (drafts aside) that look like the same nominee: the same
/// ID number (compared by keyed fingerprint), the same name and birth date, or, for
/// organizations, projects and communities, the same name.
///
/// # Errors
/// When the database fails.
pub async fn duplicates(
    db: &impl ConnectionTrait,
    n: &nomination::Model,
) -> AppResult<Vec<Duplicate>> {
    // Two lookups, each on its index (the same name in the campaign; the same ID number),
    // rather than one OR that a planner may answer by scanning the campaign.
    let others_in_campaign = || {
        nomination::Entity::find()
            .filter(nomination::Column::CampaignId.eq(n.campaign_id))
            .filter(nomination::Column::Id.ne(n.id))
            .filter(nomination::Column::Status.ne(NominationStatus::Draft))
    };
    let mut others = others_in_campaign()
        .filter(nomination::Column::NomineeName.eq(n.nominee_name.as_str()))
        .all(db)
        .await?;
    if let Some(fp) = &n.id_number_fp {
        for other in others_in_campaign()
            .filter(nomination::Column::IdNumberFp.eq(fp.as_str()))
            .all(db)
            .await?
        {
            if !others.iter().any(|o| o.id == other.id) {
                others.push(other);
            }
        }
    }
    let person = n.nominee_kind == crate::entity::category::NomineeKind::Person;
    Ok(others
        .into_iter()
        .filter_map(|other| {
            let reason = if n.id_number_fp.is_some() && other.id_number_fp == n.id_number_fp {
                "check-dup-id-number"
            } else if person
                && other.nominee_name == n.nominee_name
                && other.birth_date.is_some()
                && other.birth_date == n.birth_date
            {
                "check-dup-name-birth"
            } else if !person
                && other.nominee_kind == n.nominee_kind
                && other.nominee_name == n.nominee_name
            {
                "check-dup-name"
            } else {
                return None;
            };
            Some(Duplicate {
                id: other.id,
                nominee_name: other.nominee_name,
                reason,
            })
        })
        .collect())
}

/// One field that changed between the last two submitted versions.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    /// The field's name.
    pub field: String,
    /// The catalogue key of the field's label.
    pub label_key: String,
    /// Its value in the earlier version.
    pub before: String,
    /// Its value in the later one.
    pub after: String,
    /// The earlier value by paragraph, with what differs marked.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub before_marked: Vec<crate::domain::textdiff::Paragraph>,
    /// The later value by paragraph, with what differs marked.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub after_marked: Vec<crate::domain::textdiff::Paragraph>,
}

/// What changed between the last two submitted versions (after a return for revision).
///
/// # Errors
/// When the database fails.
pub async fn changes_since_previous(
    db: &impl ConnectionTrait,
    nomination_id: Uuid,
) -> AppResult<Vec<FieldChange>> {
    use sea_orm::QueryOrder;
    let versions = nomination_version::Entity::find()
        .filter(nomination_version::Column::NominationId.eq(nomination_id))
        .order_by_desc(nomination_version::Column::Version)
        .limit(2)
        .all(db)
        .await?;
    let [later, earlier] = versions.as_slice() else {
        return Ok(Vec::new());
    };
    let parse = |text: &str| {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).unwrap_or_default()
    };
    let (before, after) = (parse(&earlier.content), parse(&later.content));
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(after
        .keys()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| {
            let (old, new) = (show(before.get(key)), show(after.get(key)));
            let (before_marked, after_marked) = crate::domain::textdiff::compare(&old, &new);
            FieldChange {
                label_key: if key == "private_data" {
                    "changes-private-data".to_owned()
                } else {
                    format!("field-{}", key.replace('_', "-"))
                },
                field: key.clone(),
                before: old,
                after: new,
                before_marked,
                after_marked,
            }
        })
        .collect())
}

/// A unit's use of one category's quota in a campaign that is recommending.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct QuotaUse {
    /// The campaign's title.
    pub campaign_title: String,
    /// The category's name.
    pub category_name: String,
    /// Nominations the unit currently sends upward.
    pub used: i64,
    /// The per-unit quota.
    pub quota: i32,
}

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
    after: Option<&str>,
    today: Date,
) -> AppResult<Inbox> {
    use crate::domain::nominations::{PAGE_SIZE, cursor, parse_list_cursor};
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
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let next = if found.len() as u64 > PAGE_SIZE {
        found.truncate(usize::try_from(PAGE_SIZE).unwrap_or(50));
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

/// The caller's unit's places in a nomination's category: used and in all.
///
/// # Errors
/// When the database fails.
pub async fn places_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ctx: &Context,
) -> AppResult<(i64, i32)> {
    let unit = unit::Entity::find_by_id(actor.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let used = used_quota(db, &unit, &ctx.campaign, ctx.category.id, None).await?;
    Ok((used, ctx.category.unit_quota))
}

/// The caller's unit's use of each category's per-unit quota in a campaign: category name,
/// places used, places in all.
///
/// # Errors
/// When the database fails.
pub async fn quota_use(
    db: &impl ConnectionTrait,
    actor: &Actor,
    campaign: &campaign::Model,
) -> AppResult<Vec<(String, i64, i32)>> {
    let unit = unit::Entity::find_by_id(actor.unit_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut found = Vec::new();
    for category in crate::domain::campaigns::categories_of(db, campaign.id.into()).await? {
        let used = used_quota(db, &unit, campaign, category.id, None).await?;
        found.push((category.name, used, category.unit_quota));
    }
    Ok(found)
}

/// One row of a campaign's progress: a nominating unit and category, counted by status.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProgressRow {
    /// The nominating unit.
    pub unit_name: String,
    /// The category.
    pub category_name: String,
    /// Count per status name, in [`STATUS_ORDER`].
    pub counts: Vec<u64>,
    /// All of them.
    pub total: u64,
}

/// The statuses as the progress table shows them, left to right: the lifecycle's order.
pub const STATUS_ORDER: [NominationStatus; 12] = [
    NominationStatus::Draft,
    NominationStatus::Pending,
    NominationStatus::Declined,
    NominationStatus::AtOffice,
    NominationStatus::Returned,
    NominationStatus::Rejected,
    NominationStatus::Eligible,
    NominationStatus::Assessed,
    NominationStatus::Shortlisted,
    NominationStatus::OnNotice,
    NominationStatus::Honoree,
    NominationStatus::Withdrawn,
];

/// Progress at a glance for the office: counts by nominating unit × category × status.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office; [`AppError::NotFound`] for an unknown
/// campaign.
pub async fn progress(
    db: &sea_orm::DatabaseConnection,
    actor: &Actor,
    campaign_id: crate::domain::ids::CampaignId,
) -> AppResult<(campaign::Model, Vec<ProgressRow>, Vec<u64>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    use sea_orm::QueryOrder;
    let (campaign, categories) = crate::domain::campaigns::get_any(db, campaign_id).await?;
    // Counted by the database from the quota index alone, grouped in its order (campaign,
    // category, status, unit): no row of the table is read, and nothing is sorted.
    let counted: Vec<(Uuid, NominationStatus, Uuid, i64)> = nomination::Entity::find()
        .select_only()
        .column(nomination::Column::CategoryId)
        .column(nomination::Column::Status)
        .column(nomination::Column::UnitId)
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "n")
        .filter(nomination::Column::CampaignId.eq(campaign.id))
        .group_by(nomination::Column::CategoryId)
        .group_by(nomination::Column::Status)
        .group_by(nomination::Column::UnitId)
        .into_tuple()
        .all(db)
        .await?;
    let mut unit_ids: Vec<Uuid> = counted.iter().map(|c| c.2).collect();
    unit_ids.sort_unstable();
    unit_ids.dedup();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .order_by_asc(unit::Column::Path)
        .all(db)
        .await?;
    let mut rows = Vec::new();
    let mut totals = vec![0u64; STATUS_ORDER.len()];
    for unit in &units {
        for category in &categories {
            let counts: Vec<u64> = STATUS_ORDER
                .iter()
                .map(|status| {
                    counted
                        .iter()
                        .find(|c| c.0 == category.id && c.1 == *status && c.2 == unit.id)
                        .map_or(0, |c| u64::try_from(c.3).unwrap_or(0))
                })
                .collect();
            let total: u64 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            for (sum, count) in totals.iter_mut().zip(&counts) {
                *sum += count;
            }
            rows.push(ProgressRow {
                unit_name: unit.name.clone(),
                category_name: category.name.clone(),
                total,
                counts,
            });
        }
    }
    Ok((campaign, rows, totals))
}

/// The office marks many nominations eligible at once: one audited transition each. Returns
/// how many succeeded and, for each that did not, its id and the reason's catalogue key.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn bulk_mark_eligible(
    app: &App,
    actor: &Actor,
    items: &[(NominationId, i32)],
    today: Date,
) -> AppResult<(usize, Vec<(Uuid, &'static str)>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut done = 0;
    let mut failed = Vec::new();
    for (id, version) in items {
        match transition(
            app,
            actor,
            *id,
            Transition::MarkEligible,
            *version,
            "",
            today,
        )
        .await
        {
            Ok(_) => done += 1,
            Err(AppError::Db(e)) => return Err(AppError::Db(e)),
            Err(other) => failed.push((id.0, other.code())),
        }
    }
    Ok((done, failed))
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
        Role::Reviewer => return Ok(0),
    };
    Ok(query.count(db).await?)
}
