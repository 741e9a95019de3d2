//! The one writer of a nomination's status. Every change goes through [`one`] or [`many`],
//! inside the caller's write transaction: the status moves only from a state its rule lists
//! (checked in the same `UPDATE` as the version), the change is kept in the nomination's
//! history with the stage it was made in, and it is recorded in the audit log. A nomination
//! that leaves evaluation (returned, rejected, withdrawn) has its assignments ended there, so
//! its scores stay in the history and the audit log but never reach the ranking.
//!
//! Who may ask for a transition, and when, is checked by the caller against [`super::rule`]
//! and [`super::gate`] before it opens the transaction.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    domain::{
        actor::Actor,
        audit::{self, Change},
        name_of, now,
    },
    entity::{
        assignment,
        campaign_stage::StageKind,
        nomination::{self, NominationStatus},
        recommendation,
    },
    error::{AppError, AppResult},
};

use super::{IN_EVALUATION, Transition, rule};

/// The audit log's name of a transition.
#[must_use]
pub fn audit_action(transition: Transition) -> &'static str {
    match transition {
        Transition::Submit => "nomination.submit",
        Transition::Resubmit => "nomination.resubmit",
        Transition::Recommend => "nomination.recommend",
        Transition::Decline => "nomination.decline",
        Transition::MarkEligible => "nomination.mark_eligible",
        Transition::ReturnForRevision => "nomination.return_for_revision",
        Transition::Reject => "nomination.reject",
        Transition::Assess => "nomination.assess",
        Transition::Unassess => "nomination.unassess",
        Transition::Shortlist => "nomination.shortlist",
        Transition::Unshortlist => "nomination.unshortlist",
        Transition::PutOnNotice => "nomination.put_on_notice",
        Transition::Withdraw => "nomination.withdraw",
        Transition::Confirm => "nomination.confirm",
        Transition::Revoke => "nomination.revoke",
    }
}

/// Whether moving from `from` to `to` takes a nomination out of evaluation.
fn leaves_evaluation(from: NominationStatus, to: NominationStatus) -> bool {
    use NominationStatus as S;
    let evaluated = |s: NominationStatus| {
        IN_EVALUATION.contains(&s) || matches!(s, S::Shortlisted | S::OnNotice | S::Honoree)
    };
    evaluated(from) && !evaluated(to)
}

/// Ends the open assignments of these nominations.
async fn end_assignments(txn: &DatabaseTransaction, ids: &[Uuid]) -> AppResult<()> {
    assignment::Entity::update_many()
        .col_expr(assignment::Column::EndedAt, Expr::value(Some(now())))
        .filter(assignment::Column::NominationId.is_in(ids.iter().copied()))
        .filter(assignment::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

fn refused_state(status: NominationStatus) -> AppError {
    AppError::Refused("error-transition-state", vec![("status", name_of(&status))])
}

/// One change of one nomination's status, and of the level holding it (none at the office).
pub struct Move<'a> {
    /// The nomination as the caller read it (its version and status are checked).
    pub nomination: &'a nomination::Model,
    /// The transition.
    pub transition: Transition,
    /// The status it goes to.
    pub to: NominationStatus,
    /// The recommending unit holding it afterwards.
    pub level: Option<Uuid>,
    /// The reason given.
    pub reason: Option<String>,
    /// The campaign's stage.
    pub stage: StageKind,
    /// The eligibility rules the office overrode to find it eligible (kept in the audit log).
    pub overrides: Vec<&'static str>,
}

/// Writes one transition. Returns the nomination as it now is.
///
/// # Errors
/// [`AppError::Refused`] when its status is not one the rule starts from;
/// [`AppError::Stale`] when it changed since it was read.
pub async fn one(
    txn: &DatabaseTransaction,
    actor: &Actor,
    step: Move<'_>,
) -> AppResult<nomination::Model> {
    let n = step.nomination;
    if !rule(step.transition).from.contains(&n.status) {
        return Err(refused_state(n.status));
    }
    let at = now();
    let mut changes = nomination::Entity::update_many()
        .col_expr(nomination::Column::Status, Expr::value(step.to))
        .col_expr(nomination::Column::LevelUnitId, Expr::value(step.level))
        .col_expr(nomination::Column::Version, Expr::value(n.version + 1))
        .col_expr(nomination::Column::UpdatedAt, Expr::value(at));
    if matches!(step.transition, Transition::Submit | Transition::Resubmit) {
        changes = changes.col_expr(nomination::Column::SubmittedAt, Expr::value(Some(at)));
    }
    // The version and status in the WHERE clause make check and write one step.
    let result = changes
        .filter(nomination::Column::Id.eq(n.id))
        .filter(nomination::Column::Version.eq(n.version))
        .filter(nomination::Column::Status.eq(n.status))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    history(txn, actor, n, &step, at).await?;
    if leaves_evaluation(n.status, step.to) {
        end_assignments(txn, &[n.id]).await?;
    }
    audit::record(
        txn,
        &actor.into(),
        Change::new(audit_action(step.transition), "nomination", n.id)
            .campaign(n.campaign_id)
            .before(json!({ "status": n.status, "level_unit_id": n.level_unit_id, "version": n.version }))
            .after(json!({
                "status": step.to,
                "level_unit_id": step.level,
                "version": n.version + 1,
                "reason": step.reason,
                "stage": step.stage,
                "overrides": (!step.overrides.is_empty()).then_some(&step.overrides),
            })),
    )
    .await?;
    nomination::Entity::find_by_id(n.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

async fn history(
    txn: &DatabaseTransaction,
    actor: &Actor,
    n: &nomination::Model,
    step: &Move<'_>,
    at: time::OffsetDateTime,
) -> AppResult<()> {
    recommendation::ActiveModel {
        id: Set(Uuid::now_v7()),
        nomination_id: Set(n.id),
        unit_id: Set(if actor.is_admin() {
            None
        } else {
            Some(actor.unit_id)
        }),
        actor_id: Set(actor.user_id),
        decision: Set(step.transition.name().to_owned()),
        from_status: Set(name_of(&n.status)),
        to_status: Set(name_of(&step.to)),
        reason: Set(step.reason.clone()),
        stage: Set(Some(step.stage)),
        version: Set(n.version + 1),
        created_at: Set(at),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Writes the same transition (one with a fixed target) for several nominations of one
/// campaign at once: a fixed shortlist, a published notice, a confirmed final list. Each keeps
/// its history; the audit log records the act once, with their ids.
///
/// # Errors
/// [`AppError::Refused`] when one of them is not in a state the rule starts from;
/// [`AppError::Stale`] when one changed since it was read.
pub async fn many(
    txn: &DatabaseTransaction,
    actor: &Actor,
    nominations: &[nomination::Model],
    transition: Transition,
    reason: Option<String>,
    stage: StageKind,
) -> AppResult<()> {
    let (Some(first), Some(to)) = (nominations.first(), super::fixed_target(transition)) else {
        return Ok(());
    };
    let from = rule(transition).from;
    if let Some(wrong) = nominations.iter().find(|n| !from.contains(&n.status)) {
        return Err(refused_state(wrong.status));
    }
    let ids: Vec<Uuid> = nominations.iter().map(|n| n.id).collect();
    let at = now();
    for chunk in nominations.chunks(500) {
        // Each row's own version, checked in the same statement: a row changed since it was
        // read makes the count come up short.
        let mut matches = sea_orm::Condition::any();
        for n in chunk {
            matches = matches.add(
                sea_orm::Condition::all()
                    .add(nomination::Column::Id.eq(n.id))
                    .add(nomination::Column::Version.eq(n.version))
                    .add(nomination::Column::Status.eq(n.status)),
            );
        }
        let result = nomination::Entity::update_many()
            .col_expr(nomination::Column::Status, Expr::value(to))
            .col_expr(
                nomination::Column::Version,
                Expr::col(nomination::Column::Version).add(1),
            )
            .col_expr(nomination::Column::UpdatedAt, Expr::value(at))
            .filter(matches)
            .exec(txn)
            .await?;
        if result.rows_affected != chunk.len() as u64 {
            return Err(AppError::Stale);
        }
    }
    let rows: Vec<recommendation::ActiveModel> = nominations
        .iter()
        .map(|n| recommendation::ActiveModel {
            id: Set(Uuid::now_v7()),
            nomination_id: Set(n.id),
            unit_id: Set(None),
            actor_id: Set(actor.user_id),
            decision: Set(transition.name().to_owned()),
            from_status: Set(name_of(&n.status)),
            to_status: Set(name_of(&to)),
            reason: Set(reason.clone()),
            stage: Set(Some(stage)),
            version: Set(n.version + 1),
            created_at: Set(at),
        })
        .collect();
    recommendation::Entity::insert_many(rows).exec(txn).await?;
    let leaving: Vec<Uuid> = nominations
        .iter()
        .filter(|n| leaves_evaluation(n.status, to))
        .map(|n| n.id)
        .collect();
    if !leaving.is_empty() {
        end_assignments(txn, &leaving).await?;
    }
    audit::record(
        txn,
        &actor.into(),
        Change::new(audit_action(transition), "campaign", first.campaign_id)
            .campaign(first.campaign_id)
            .after(json!({ "nominations": ids, "status": to, "reason": reason, "stage": stage })),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use NominationStatus as S;

    #[test]
    fn only_leaving_evaluation_ends_assignments() {
        assert!(leaves_evaluation(S::Eligible, S::Rejected));
        assert!(leaves_evaluation(S::Eligible, S::Returned));
        assert!(leaves_evaluation(S::Assessed, S::Withdrawn));
        assert!(leaves_evaluation(S::OnNotice, S::Withdrawn));
        assert!(leaves_evaluation(S::Honoree, S::Withdrawn));
        assert!(!leaves_evaluation(S::Eligible, S::Assessed));
        assert!(!leaves_evaluation(S::Shortlisted, S::OnNotice));
        assert!(!leaves_evaluation(S::OnNotice, S::Honoree));
        assert!(!leaves_evaluation(S::AtOffice, S::Rejected));
    }
}
