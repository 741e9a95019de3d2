//! A decision on a nomination (submit, recommend, decline, find eligible, return, reject,
//! withdraw): who may take it and when, the rule checks it needs, and applying it in one
//! transaction with its version check, quota and audit event.

use super::*;

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
    let (nomination, unit) = crate::domain::nominations::get_in_reach(db, actor, id).await?;
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

/// The nominating unit submits its draft (or a declined one, revised) upward; from now on it
/// is read-only to the unit. See [`transition`].
///
/// # Errors
/// As [`transition`].
pub async fn submit(
    app: &App,
    actor: &Actor,
    id: NominationId,
    version: i32,
) -> AppResult<nomination::Model> {
    transition(
        app,
        actor,
        id,
        Transition::Submit,
        version,
        "",
        app.config.today(),
    )
    .await
}

/// The day a nomination's eligibility is judged on: the day its campaign's recommendation
/// opened (or today, for a campaign without one).
pub(super) fn judged_on(ctx: &Context) -> Date {
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
