//! Assignments (分配): automatic by the pure rules of [`super::allocation`], by hand, undone,
//! or given up by a reviewer who recuses; the reviewer's own list; and settling a nomination's
//! status whenever its seats or their sheets change.

use super::*;

/// What an automatic assignment did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct AssignReport {
    /// New assignments made.
    pub added: usize,
    /// Nominations that could not get all their reviewers: name and how many are missing.
    pub short: Vec<(String, usize)>,
}

/// Everything the assignment rules need about one panel.
pub(super) struct PanelFacts {
    pub(super) campaign_id: Uuid,
    pub(super) categories: Vec<category::Model>,
    pub(super) panelists: Vec<Panelist>,
    pub(super) declared: Vec<(Uuid, ConflictTarget)>,
    /// Nominations of the panel's categories in evaluation, with their nominating unit's path.
    pub(super) nominations: Vec<(nomination::Model, String)>,
    /// Its assignments that have not ended.
    pub(super) existing: Vec<assignment_row::Model>,
}

pub(super) async fn facts(db: &impl ConnectionTrait, panel_id: Uuid) -> AppResult<PanelFacts> {
    let found = panel::Entity::find_by_id(panel_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (category_ids, member_ids) = panel_facts(db, panel_id).await?;
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(category_ids.clone()))
        .all(db)
        .await?;
    let members = user::Entity::find()
        .filter(user::Column::Id.is_in(member_ids.clone()))
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::CategoryId.is_in(category_ids))
        .filter(nomination::Column::Status.is_in(workflow::IN_EVALUATION))
        .order_by_asc(nomination::Column::Id)
        .all(db)
        .await?;
    let mut unit_ids: Vec<Uuid> = nominations.iter().map(|n| n.unit_id).collect();
    unit_ids.extend(members.iter().map(|m| m.unit_id));
    let conflicts = conflict::Entity::find()
        .filter(conflict::Column::ReviewerId.is_in(member_ids))
        .all(db)
        .await?;
    unit_ids.extend(conflicts.iter().filter_map(|c| c.unit_id));
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    let path = |id: Uuid| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.path.clone())
            .unwrap_or_default()
    };
    let existing = assignment_row::Entity::find()
        .filter(assignment_row::Column::PanelId.eq(panel_id))
        .filter(assignment_row::Column::EndedAt.is_null())
        .all(db)
        .await?;
    let panelists = members
        .iter()
        .filter(|m| m.active)
        .map(|m| Panelist {
            reviewer: m.id,
            unit_path: path(m.unit_id),
            load: existing.iter().filter(|a| a.reviewer_id == m.id).count(),
        })
        .collect();
    let declared = conflicts
        .iter()
        .filter_map(|c| match (c.nomination_id, c.unit_id) {
            (Some(n), _) => Some((c.reviewer_id, ConflictTarget::Nomination(n))),
            (None, Some(u)) => Some((c.reviewer_id, ConflictTarget::Unit(path(u)))),
            (None, None) => None,
        })
        .collect();
    let nominations = nominations
        .into_iter()
        .map(|n| {
            let p = path(n.unit_id);
            (n, p)
        })
        .collect();
    Ok(PanelFacts {
        campaign_id: found.campaign_id,
        categories,
        panelists,
        declared,
        nominations,
        existing,
    })
}

pub(super) fn slot(
    n: &nomination::Model,
    unit_path: &str,
    existing: &[assignment_row::Model],
) -> NomineeSlot {
    NomineeSlot {
        nomination: n.id,
        unit_path: unit_path.to_owned(),
        already: existing
            .iter()
            .filter(|a| a.nomination_id == n.id)
            .map(|a| a.reviewer_id)
            .collect(),
    }
}

/// The office assigns every eligible nomination of a panel's categories to the configured
/// number of its reviewers: never one with a conflict, the load kept even.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn auto_assign(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
) -> AppResult<AssignReport> {
    office_only(actor)?;
    let txn = db::begin_write(db).await?;
    lock_panel(&txn, panel_id).await?;
    let facts = facts(&txn, panel_id).await?;
    stages::require(&txn, facts.campaign_id, Action::Evaluate).await?;
    let mut report = AssignReport::default();
    let mut panelists = facts.panelists.clone();
    for category in &facts.categories {
        let per = usize::try_from(
            category
                .reviewers_per_nomination
                .unwrap_or(campaigns::DEFAULT_REVIEWERS),
        )
        .unwrap_or(5);
        // Only nominations still waiting for scores get seats: an assessed one is complete.
        let slots: Vec<NomineeSlot> = facts
            .nominations
            .iter()
            .filter(|(n, _)| n.category_id == category.id && n.status == NominationStatus::Eligible)
            .map(|(n, p)| slot(n, p, &facts.existing))
            .collect();
        let pairs = match allocation::assign(&slots, &panelists, &facts.declared, per) {
            Ok(pairs) => pairs,
            Err(shortfall) => {
                for short in &shortfall.short {
                    let name = facts
                        .nominations
                        .iter()
                        .find(|(n, _)| n.id == short.nomination)
                        .map(|(n, _)| n.nominee_name.clone())
                        .unwrap_or_default();
                    report.short.push((name, short.missing));
                }
                shortfall.assigned
            }
        };
        for (nomination_id, reviewer_id) in &pairs {
            insert_assignment(&txn, panel_id, *nomination_id, *reviewer_id, false).await?;
            if let Some(p) = panelists.iter_mut().find(|p| p.reviewer == *reviewer_id) {
                p.load += 1;
            }
        }
        report.added += pairs.len();
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("panel.assign", "panel", panel_id)
            .campaign(facts.campaign_id)
            .after(json!({ "added": report.added, "short": report.short })),
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

async fn insert_assignment(
    txn: &impl ConnectionTrait,
    panel_id: Uuid,
    nomination_id: Uuid,
    reviewer_id: Uuid,
    manual: bool,
) -> AppResult<assignment_row::Model> {
    Ok(assignment_row::ActiveModel {
        id: Set(Uuid::now_v7()),
        panel_id: Set(panel_id),
        nomination_id: Set(nomination_id),
        reviewer_id: Set(reviewer_id),
        manual: Set(manual),
        created_at: Set(now()),
        ended_at: Set(None),
    }
    .insert(txn)
    .await?)
}

/// The office assigns a reviewer by hand; a conflict or a repeat is refused with the reason.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`] for a nomination or reviewer outside the
/// panel; [`AppError::Refused`] with `error-assignment-conflict` or `error-assignment-duplicate`.
pub async fn assign_by_hand(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
    nomination_id: Uuid,
    reviewer_id: Uuid,
) -> AppResult<assignment_row::Model> {
    office_only(actor)?;
    let txn = db::begin_write(db).await?;
    lock_panel(&txn, panel_id).await?;
    let facts = facts(&txn, panel_id).await?;
    stages::require(&txn, facts.campaign_id, Action::Evaluate).await?;
    let (n, path) = facts
        .nominations
        .iter()
        .find(|(n, _)| n.id == nomination_id)
        .ok_or(AppError::NotFound)?;
    let panelist = facts
        .panelists
        .iter()
        .find(|p| p.reviewer == reviewer_id)
        .ok_or(AppError::NotFound)?;
    allocation::check_manual(panelist, &slot(n, path, &facts.existing), &facts.declared)
        .map_err(|key| AppError::Refused(key, vec![("name", n.nominee_name.clone())]))?;
    let made = insert_assignment(&txn, panel_id, nomination_id, reviewer_id, true).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("assignment.create", "assignment", made.id)
            .campaign(facts.campaign_id)
            .after(json!({ "nomination_id": nomination_id, "reviewer_id": reviewer_id, "manual": true })),
    )
    .await?;
    // A seat more for an assessed nomination: it waits for that score now.
    settle(&txn, actor, nomination_id).await?;
    txn.commit().await?;
    Ok(made)
}

/// The office removes an assignment.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn unassign(
    db: &DatabaseConnection,
    actor: &Actor,
    assignment_id: Uuid,
) -> AppResult<()> {
    office_only(actor)?;
    let txn = db::begin_write(db).await?;
    let found = assignment_row::Entity::find_by_id(assignment_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    lock_panel(&txn, found.panel_id).await?;
    let campaign_id = panel::Entity::find_by_id(found.panel_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?
        .campaign_id;
    stages::require(&txn, campaign_id, Action::Evaluate).await?;
    check_not_scored(&txn, found.id).await?;
    assignment_row::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("assignment.delete", "assignment", found.id)
            .campaign(campaign_id)
            .before(
                json!({ "nomination_id": found.nomination_id, "reviewer_id": found.reviewer_id }),
            ),
    )
    .await?;
    settle(&txn, actor, found.nomination_id).await?;
    txn.commit().await?;
    Ok(())
}

/// A reviewer recuses from an assignment with a reason: the conflict is recorded, the
/// assignment removed and the nomination given another reviewer of the panel if one is free of
/// conflict.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but a reviewer; [`AppError::NotFound`] for someone
/// else's assignment; [`AppError::Refused`] outside evaluation or once scored;
/// [`AppError::Invalid`] on `reason`.
pub async fn recuse(
    db: &DatabaseConnection,
    actor: &Actor,
    assignment_id: Uuid,
    reason: &str,
) -> AppResult<AssignReport> {
    // Who asks, then whose assignment, then the stage, then the reason.
    if actor.role != Role::Reviewer {
        return Err(AppError::Forbidden);
    }
    let txn = db::begin_write(db).await?;
    let found = assignment_row::Entity::find_by_id(assignment_id)
        .one(&txn)
        .await?
        .filter(|a| a.reviewer_id == actor.user_id && a.ended_at.is_none())
        .ok_or(AppError::NotFound)?;
    lock_panel(&txn, found.panel_id).await?;
    let campaign_id = panel::Entity::find_by_id(found.panel_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?
        .campaign_id;
    stages::require(&txn, campaign_id, Action::Evaluate).await?;
    check_not_scored(&txn, found.id).await?;
    let mut errors = FieldErrors::default();
    let reason = errors.check("reason", required_text(reason, 2000));
    errors.into_result()?;
    conflict::ActiveModel {
        id: Set(Uuid::now_v7()),
        reviewer_id: Set(actor.user_id),
        nomination_id: Set(Some(found.nomination_id)),
        unit_id: Set(None),
        reason: Set(reason.clone().unwrap_or_default()),
        created_by: Set(actor.user_id),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    assignment_row::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    // Refill the seat: the same rules as the automatic assignment, for this nomination only.
    let facts = facts(&txn, found.panel_id).await?;
    let mut report = AssignReport::default();
    if let Some((n, path)) = facts
        .nominations
        .iter()
        .find(|(n, _)| n.id == found.nomination_id)
    {
        let per = facts
            .categories
            .iter()
            .find(|c| c.id == n.category_id)
            .and_then(|c| c.reviewers_per_nomination)
            .unwrap_or(campaigns::DEFAULT_REVIEWERS);
        let slots = [slot(n, path, &facts.existing)];
        let pairs = match allocation::assign(
            &slots,
            &facts.panelists,
            &facts.declared,
            usize::try_from(per).unwrap_or(5),
        ) {
            Ok(pairs) => pairs,
            Err(shortfall) => {
                report.short.push((
                    n.nominee_name.clone(),
                    shortfall.short.iter().map(|s| s.missing).sum(),
                ));
                shortfall.assigned
            }
        };
        for (nomination_id, reviewer_id) in &pairs {
            insert_assignment(&txn, found.panel_id, *nomination_id, *reviewer_id, false).await?;
        }
        report.added = pairs.len();
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("assignment.recuse", "assignment", found.id)
            .campaign(facts.campaign_id)
            .before(json!({ "nomination_id": found.nomination_id }))
            .after(json!({ "reason": reason, "reassigned": report.added })),
    )
    .await?;
    settle(&txn, actor, found.nomination_id).await?;
    txn.commit().await?;
    Ok(report)
}

/// One row of a panel's assignment table.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AssignmentRow {
    /// The assignment.
    pub id: Uuid,
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its nominee.
    pub nominee_name: String,
    /// Its category.
    pub category_name: String,
    /// The reviewer.
    pub reviewer_id: Uuid,
    /// The reviewer's name.
    pub reviewer_name: String,
    /// Made by hand.
    pub manual: bool,
    /// The reviewer's score sheet, if started.
    pub sheet_id: Option<Uuid>,
    /// `draft` or `submitted`, if started.
    pub sheet_status: Option<String>,
}

/// A panel's assignments, by nomination (the office only).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn panel_assignments(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
) -> AppResult<Vec<AssignmentRow>> {
    office_only(actor)?;
    let facts = facts(db, panel_id).await?;
    assignment_rows(db, &facts).await
}

pub(super) async fn assignment_rows(
    db: &DatabaseConnection,
    facts: &PanelFacts,
) -> AppResult<Vec<AssignmentRow>> {
    let reviewers = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                facts
                    .existing
                    .iter()
                    .map(|a| a.reviewer_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let sheets = crate::entity::score_sheet::Entity::find()
        .filter(
            crate::entity::score_sheet::Column::AssignmentId
                .is_in(facts.existing.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let mut rows: Vec<AssignmentRow> = facts
        .existing
        .iter()
        .filter_map(|a| {
            let (n, _) = facts
                .nominations
                .iter()
                .find(|(n, _)| n.id == a.nomination_id)?;
            Some(AssignmentRow {
                id: a.id,
                nomination_id: n.id,
                nominee_name: n.nominee_name.clone(),
                category_name: facts
                    .categories
                    .iter()
                    .find(|c| c.id == n.category_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                reviewer_id: a.reviewer_id,
                reviewer_name: reviewers
                    .iter()
                    .find(|u| u.id == a.reviewer_id)
                    .map(|u| u.display_name.clone())
                    .unwrap_or_default(),
                manual: a.manual,
                sheet_id: sheets
                    .iter()
                    .find(|s| s.assignment_id == a.id)
                    .map(|s| s.id),
                sheet_status: sheets
                    .iter()
                    .find(|s| s.assignment_id == a.id)
                    .map(|s| s.status.clone()),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            a.category_name.as_str(),
            a.nominee_name.as_str(),
            a.reviewer_name.as_str(),
        )
            .cmp(&(
                b.category_name.as_str(),
                b.nominee_name.as_str(),
                b.reviewer_name.as_str(),
            ))
    });
    Ok(rows)
}

/// One of a reviewer's assignments, as their workspace lists it: the public facts only.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MyAssignment {
    /// The assignment.
    pub id: Uuid,
    /// The nominee.
    pub nominee_name: String,
    /// The category.
    pub category_name: String,
    /// The campaign.
    pub campaign_title: String,
    /// `draft` or `submitted` once started.
    pub sheet_status: Option<String>,
    /// Whether its campaign is in evaluation now (scoring and recusal are possible).
    pub in_evaluation: bool,
}

/// The caller's assignments (reviewers only).
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but a reviewer.
pub async fn my_assignments(
    db: &DatabaseConnection,
    actor: &Actor,
) -> AppResult<Vec<MyAssignment>> {
    if actor.role != Role::Reviewer {
        return Err(AppError::Forbidden);
    }
    let mine = assignment_row::Entity::find()
        .filter(assignment_row::Column::ReviewerId.eq(actor.user_id))
        .filter(assignment_row::Column::EndedAt.is_null())
        // The order the scoring page's previous and next follow.
        .order_by_asc(assignment_row::Column::CreatedAt)
        .order_by_asc(assignment_row::Column::Id)
        .all(db)
        .await?;
    let nominations = nomination::Entity::find()
        .filter(
            nomination::Column::Id.is_in(mine.iter().map(|a| a.nomination_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let categories = category::Entity::find()
        .filter(
            category::Column::Id.is_in(
                nominations
                    .iter()
                    .map(|n| n.category_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let sheets = crate::entity::score_sheet::Entity::find()
        .filter(
            crate::entity::score_sheet::Column::AssignmentId
                .is_in(mine.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let campaigns_found = crate::entity::campaign::Entity::find()
        .filter(
            crate::entity::campaign::Column::Id.is_in(
                nominations
                    .iter()
                    .map(|n| n.campaign_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let evaluating: Vec<Uuid> = campaigns_found
        .iter()
        .filter(|c| c.stage == crate::entity::campaign_stage::StageKind::Evaluation)
        .map(|c| c.id)
        .collect();
    Ok(mine
        .iter()
        .filter_map(|a| {
            let n = nominations.iter().find(|n| n.id == a.nomination_id)?;
            Some(MyAssignment {
                id: a.id,
                nominee_name: n.nominee_name.clone(),
                category_name: categories
                    .iter()
                    .find(|c| c.id == n.category_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                campaign_title: campaigns_found
                    .iter()
                    .find(|c| c.id == n.campaign_id)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                sheet_status: sheets
                    .iter()
                    .find(|x| x.assignment_id == a.id)
                    .map(|x| x.status.clone()),
                in_evaluation: evaluating.contains(&n.campaign_id),
            })
        })
        .collect())
}

/// Moves a nomination in evaluation to where its seats say: assessed once every seat it has
/// (at least one) holds a submitted sheet, eligible again when one does not. Called inside
/// every write that changes its seats or their sheets.
///
/// # Errors
/// When the database fails.
pub(crate) async fn settle(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    nomination_id: Uuid,
) -> AppResult<()> {
    use sea_orm::PaginatorTrait;
    let Some(n) = nomination::Entity::find_by_id(nomination_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    if !workflow::IN_EVALUATION.contains(&n.status) {
        return Ok(());
    }
    let seats: Vec<Uuid> = assignment_row::Entity::find()
        .filter(assignment_row::Column::NominationId.eq(n.id))
        .filter(assignment_row::Column::EndedAt.is_null())
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let scored = crate::entity::score_sheet::Entity::find()
        .filter(crate::entity::score_sheet::Column::AssignmentId.is_in(seats.clone()))
        .filter(crate::entity::score_sheet::Column::Status.eq(crate::domain::evaluation::SUBMITTED))
        .count(txn)
        .await?;
    let complete = !seats.is_empty() && scored == seats.len() as u64;
    let transition = match (n.status, complete) {
        (NominationStatus::Eligible, true) => Transition::Assess,
        (NominationStatus::Assessed, false) => Transition::Unassess,
        _ => return Ok(()),
    };
    let to = workflow::fixed_target(transition).unwrap_or(n.status);
    workflow::apply::one(
        txn,
        actor,
        workflow::apply::Move {
            nomination: &n,
            transition,
            to,
            level: None,
            reason: None,
            stage: crate::entity::campaign_stage::StageKind::Evaluation,
            overrides: Vec::new(),
        },
    )
    .await?;
    Ok(())
}
