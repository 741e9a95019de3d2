//! Expert evaluation (专家评选), first part: rubrics, panels, conflicts of interest and the
//! assignment of eligible nominations to reviewers. Scoring, aggregation and the shortlist
//! build on these.
//!
//! The rules of who may review what live in `domain::assignment` (pure); this module loads
//! the facts, applies those rules and records every change in the audit log.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, SqlErr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        assignment::{self, ConflictTarget, NomineeSlot, Panelist},
        audit::{self, Change},
        campaigns,
        ids::CampaignId,
        now, stages,
        values::{parse_bounded_int, required_text},
        workflow::{self, Action, Transition},
    },
    entity::{
        assignment as assignment_row, category, conflict, criterion,
        nomination::{self, NominationStatus},
        panel, panel_category, panel_member, unit,
        user::{self, Role},
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::{self, Lang},
};

/// The default rubric (deeds, service duration, social impact, innovation): catalogue key of
/// the name, maximum points, weight.
pub const DEFAULT_RUBRIC: [(&str, i32, f64); 4] = [
    ("rubric-deeds", 40, 1.0),
    ("rubric-duration", 20, 1.0),
    ("rubric-impact", 25, 1.0),
    ("rubric-innovation", 15, 1.0),
];

/// Every catalogue key this module's results carry, for the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 7] = [
    "error-criterion-needed",
    "error-rubric-in-use",
    "error-sheet-locked",
    "error-panel-members",
    "error-category-has-panel",
    assignment::ERROR_CONFLICT,
    assignment::ERROR_DUPLICATE,
];

/// Refuses to drop an assignment whose scores were submitted: they would be lost with it.
async fn check_not_scored(txn: &impl ConnectionTrait, assignment_id: Uuid) -> AppResult<()> {
    let submitted = crate::entity::score_sheet::Entity::find()
        .filter(crate::entity::score_sheet::Column::AssignmentId.eq(assignment_id))
        .filter(
            crate::entity::score_sheet::Column::Status.eq(crate::domain::scoresheets::SUBMITTED),
        )
        .one(txn)
        .await?;
    if submitted.is_some() {
        Err(AppError::Refused("error-sheet-locked", vec![]))
    } else {
        Ok(())
    }
}

/// On PostgreSQL, one change of a panel's assignments at a time (SQLite's IMMEDIATE write
/// transactions already run one at a time): two simultaneous runs would plan the same seats.
async fn lock_panel(txn: &impl ConnectionTrait, panel_id: Uuid) -> AppResult<()> {
    use sea_orm::QuerySelect;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        panel::Entity::find_by_id(panel_id)
            .lock_exclusive()
            .one(txn)
            .await?;
    }
    Ok(())
}

fn office_only(actor: &Actor) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A category's rubric, creating the default one (names in `lang`) the first time it is read.
///
/// # Errors
/// When the database fails.
pub async fn rubric(
    db: &DatabaseConnection,
    category_id: Uuid,
    lang: Lang,
) -> AppResult<Vec<criterion::Model>> {
    let found = criteria_of(db, category_id).await?;
    if !found.is_empty() {
        return Ok(found);
    }
    let txn = db::begin_write(db).await?;
    // Checked again inside the write transaction: two first readers make one rubric.
    if criteria_of(&txn, category_id).await?.is_empty() {
        for (position, (key, max, weight)) in DEFAULT_RUBRIC.iter().enumerate() {
            criterion::ActiveModel {
                id: Set(Uuid::now_v7()),
                category_id: Set(category_id),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                name: Set(i18n::t(lang, key)),
                max_points: Set(*max),
                weight: Set(*weight),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    criteria_of(db, category_id).await
}

async fn criteria_of(
    db: &impl ConnectionTrait,
    category_id: Uuid,
) -> AppResult<Vec<criterion::Model>> {
    Ok(criterion::Entity::find()
        .filter(criterion::Column::CategoryId.eq(category_id))
        .order_by_asc(criterion::Column::Position)
        .all(db)
        .await?)
}

/// One criterion as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CriterionInput {
    /// Name, e.g. 事迹.
    #[field(default = String::new())]
    pub name: String,
    /// Maximum points.
    #[field(default = String::new())]
    pub max_points: String,
    /// Weight, e.g. 1 or 1.5.
    #[field(default = String::new())]
    pub weight: String,
}

/// The office replaces a category's rubric. Rows without a name are ignored.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] for bad rows or no
/// row at all.
pub async fn set_rubric(
    db: &DatabaseConnection,
    actor: &Actor,
    category_id: Uuid,
    rows: &[CriterionInput],
) -> AppResult<Vec<criterion::Model>> {
    office_only(actor)?;
    let category = category::Entity::find_by_id(category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    stages::require(db, category.campaign_id, Action::Evaluate).await?;
    let mut errors = FieldErrors::default();
    let mut valid = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.name.trim().is_empty() {
            continue;
        }
        let field = |name: &str| format!("criteria[{index}].{name}");
        let name = errors.check(&field("name"), required_text(&row.name, 60));
        let max = errors.check(
            &field("max_points"),
            parse_bounded_int(&row.max_points, 1, 1000),
        );
        let weight = match row.weight.trim().parse::<f64>() {
            Ok(w) if w > 0.0 && w <= 100.0 => Some(w),
            _ => {
                errors.add(&field("weight"), "error-number-range");
                None
            }
        };
        if let (Some(name), Some(max), Some(weight)) = (name, max, weight) {
            valid.push((name, i32::try_from(max).unwrap_or(i32::MAX), weight));
        }
    }
    if valid.is_empty() && errors.is_empty() {
        errors.add("criteria", "error-criterion-needed");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    // Scores hang on the criteria: once anyone has scored, the rubric stays as it is.
    let criterion_ids: Vec<Uuid> = criteria_of(&txn, category_id)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let scored = crate::entity::score::Entity::find()
        .filter(crate::entity::score::Column::CriterionId.is_in(criterion_ids))
        .one(&txn)
        .await?;
    if scored.is_some() {
        return Err(AppError::Refused("error-rubric-in-use", vec![]));
    }
    let before: Vec<_> = criteria_of(&txn, category_id)
        .await?
        .iter()
        .map(|c| json!([c.name, c.max_points, c.weight]))
        .collect();
    criterion::Entity::delete_many()
        .filter(criterion::Column::CategoryId.eq(category_id))
        .exec(&txn)
        .await?;
    for (position, (name, max, weight)) in valid.iter().enumerate() {
        criterion::ActiveModel {
            id: Set(Uuid::now_v7()),
            category_id: Set(category_id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            name: Set(name.clone()),
            max_points: Set(*max),
            weight: Set(*weight),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("rubric.update", "category", category_id)
            .campaign(category.campaign_id)
            .before(json!(before))
            .after(json!(
                valid
                    .iter()
                    .map(|(n, m, w)| json!([n, m, w]))
                    .collect::<Vec<_>>()
            )),
    )
    .await?;
    txn.commit().await?;
    criteria_of(db, category_id).await
}

/// A panel as the office fills it in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct PanelInput {
    /// Name, e.g. 最美志愿者评审组.
    #[field(default = String::new())]
    pub name: String,
    /// Categories it judges (ids).
    pub categories: Vec<String>,
    /// Its reviewers (user ids).
    pub members: Vec<String>,
}

/// A panel with its categories and members.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PanelView {
    /// The panel's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Categories it judges: id and name.
    pub categories: Vec<(Uuid, String)>,
    /// Reviewers: id and name.
    pub members: Vec<(Uuid, String)>,
    /// Assignments made.
    pub assignments: usize,
    /// Score sheets submitted.
    pub submitted: usize,
}

fn parse_ids(values: &[String]) -> Vec<Uuid> {
    values
        .iter()
        .filter_map(|v| Uuid::try_parse(v.trim()).ok())
        .collect()
}

/// The office forms a panel for categories of a campaign from reviewer users.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] for a missing name,
/// no category, no reviewer, a user who is not a reviewer, or a category already judged by
/// another panel.
pub async fn create_panel(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: CampaignId,
    input: &PanelInput,
) -> AppResult<panel::Model> {
    office_only(actor)?;
    let (campaign, categories) = campaigns::get_any(db, campaign_id).await?;
    stages::require(db, campaign.id, Action::Evaluate).await?;
    let mut errors = FieldErrors::default();
    let name = errors.check("name", required_text(&input.name, 60));
    let chosen: Vec<Uuid> = parse_ids(&input.categories)
        .into_iter()
        .filter(|id| categories.iter().any(|c| c.id == *id))
        .collect();
    if chosen.is_empty() {
        errors.add("categories", "error-required");
    }
    let members = user::Entity::find()
        .filter(user::Column::Id.is_in(parse_ids(&input.members)))
        .all(db)
        .await?;
    if members.is_empty() {
        errors.add("members", "error-required");
    } else if members
        .iter()
        .any(|u| u.role != Role::Reviewer || !u.active)
    {
        errors.add("members", "error-panel-members");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let created = panel::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(campaign.id),
        name: Set(name.unwrap_or_default()),
        created_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    for category_id in &chosen {
        panel_category::ActiveModel {
            panel_id: Set(created.id),
            category_id: Set(*category_id),
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                let mut errors = FieldErrors::default();
                errors.add("categories", "error-category-has-panel");
                AppError::Invalid(errors)
            }
            _ => AppError::Db(e),
        })?;
    }
    for member in &members {
        panel_member::ActiveModel {
            panel_id: Set(created.id),
            user_id: Set(member.id),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("panel.create", "panel", created.id)
            .campaign(campaign.id)
            .after(json!({
                "name": created.name,
                "categories": chosen,
                "members": members.iter().map(|m| m.id).collect::<Vec<_>>(),
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// A campaign's panels, with their categories and members.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn panels_of(
    db: &DatabaseConnection,
    actor: &Actor,
    campaign_id: CampaignId,
) -> AppResult<Vec<PanelView>> {
    office_only(actor)?;
    let panels = panel::Entity::find()
        .filter(panel::Column::CampaignId.eq(campaign_id.0))
        .order_by_asc(panel::Column::CreatedAt)
        .all(db)
        .await?;
    let categories = campaigns::categories_of(db, campaign_id).await?;
    let mut views = Vec::new();
    for p in panels {
        views.push(panel_view(db, p, &categories).await?);
    }
    Ok(views)
}

/// One panel with its categories (named from `categories`), members and progress.
async fn panel_view(
    db: &DatabaseConnection,
    p: panel::Model,
    categories: &[category::Model],
) -> AppResult<PanelView> {
    let (category_ids, member_ids) = panel_facts(db, p.id).await?;
    let members = user::Entity::find()
        .filter(user::Column::Id.is_in(member_ids))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?;
    let assigned = assignment_row::Entity::find()
        .filter(assignment_row::Column::PanelId.eq(p.id))
        .filter(assignment_row::Column::EndedAt.is_null())
        .all(db)
        .await?;
    let submitted = crate::entity::score_sheet::Entity::find()
        .filter(
            crate::entity::score_sheet::Column::AssignmentId
                .is_in(assigned.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .filter(
            crate::entity::score_sheet::Column::Status.eq(crate::domain::scoresheets::SUBMITTED),
        )
        .all(db)
        .await?
        .len();
    Ok(PanelView {
        id: p.id,
        name: p.name,
        categories: categories
            .iter()
            .filter(|c| category_ids.contains(&c.id))
            .map(|c| (c.id, c.name.clone()))
            .collect(),
        members: {
            let mut named: Vec<(Uuid, String)> = members
                .into_iter()
                .map(|u| (u.id, u.display_name))
                .collect();
            named.sort_by(|a, b| crate::domain::names::natural_cmp(&a.1, &b.1));
            named
        },
        assignments: assigned.len(),
        submitted,
    })
}

async fn panel_facts(
    db: &impl ConnectionTrait,
    panel_id: Uuid,
) -> AppResult<(Vec<Uuid>, Vec<Uuid>)> {
    let categories = panel_category::Entity::find()
        .filter(panel_category::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    let members = panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    Ok((
        categories.into_iter().map(|c| c.category_id).collect(),
        members.into_iter().map(|m| m.user_id).collect(),
    ))
}

/// What an automatic assignment did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct AssignReport {
    /// New assignments made.
    pub added: usize,
    /// Nominations that could not get all their reviewers: name and how many are missing.
    pub short: Vec<(String, usize)>,
}

/// Everything the assignment rules need about one panel.
struct PanelFacts {
    campaign_id: Uuid,
    categories: Vec<category::Model>,
    panelists: Vec<Panelist>,
    declared: Vec<(Uuid, ConflictTarget)>,
    /// Nominations of the panel's categories in evaluation, with their nominating unit's path.
    nominations: Vec<(nomination::Model, String)>,
    /// Its assignments that have not ended.
    existing: Vec<assignment_row::Model>,
}

async fn facts(db: &impl ConnectionTrait, panel_id: Uuid) -> AppResult<PanelFacts> {
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

fn slot(n: &nomination::Model, unit_path: &str, existing: &[assignment_row::Model]) -> NomineeSlot {
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
        let pairs = match assignment::assign(&slots, &panelists, &facts.declared, per) {
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
    assignment::check_manual(panelist, &slot(n, path, &facts.existing), &facts.declared)
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
        let pairs = match assignment::assign(
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

async fn assignment_rows(
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

/// Everything the office's panel page shows.
#[derive(Clone, Debug, Serialize)]
pub struct PanelDetail {
    /// What may be done in its campaign now (action name → allowed).
    pub offers: std::collections::BTreeMap<String, bool>,
    /// The panel.
    pub panel: PanelView,
    /// Its campaign.
    pub campaign_id: Uuid,
    /// Its assignments.
    pub assignments: Vec<AssignmentRow>,
    /// Per category, who reviews whom: nominees × reviewers.
    pub matrix: Vec<crate::domain::panel_dashboard::Matrix>,
    /// Each category's rubric.
    pub rubrics: Vec<(category::Model, Vec<criterion::Model>)>,
}

/// One panel for the office's page (the default rubric is created on first view).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn panel_detail(
    db: &DatabaseConnection,
    actor: &Actor,
    panel_id: Uuid,
    lang: Lang,
    today: time::Date,
) -> AppResult<PanelDetail> {
    office_only(actor)?;
    let found = panel::Entity::find_by_id(panel_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let campaign_id = found.campaign_id;
    let categories = campaigns::categories_of(db, campaign_id.into()).await?;
    let panel = panel_view(db, found, &categories).await?;
    let facts = facts(db, panel_id).await?;
    let assignments = assignment_rows(db, &facts).await?;
    let mut ordered: Vec<&category::Model> = facts.categories.iter().collect();
    ordered.sort_by_key(|c| c.position);
    let nominees: Vec<crate::domain::panel_dashboard::Nominee> = facts
        .nominations
        .iter()
        .map(|(n, path)| crate::domain::panel_dashboard::Nominee {
            category_id: n.category_id,
            name: n.nominee_name.clone(),
            slot: slot(n, path, &facts.existing),
        })
        .collect();
    let matrix = crate::domain::panel_dashboard::matrices(
        &ordered
            .iter()
            .map(|c| (c.id, c.name.clone()))
            .collect::<Vec<_>>(),
        &nominees,
        &facts.panelists,
        &facts.declared,
        &panel.members,
        &assignments,
    );
    let mut rubrics = Vec::new();
    for category in facts.categories {
        let criteria = rubric(db, category.id, lang).await?;
        rubrics.push((category, criteria));
    }
    rubrics.sort_by_key(|(c, _)| c.position);
    Ok(PanelDetail {
        offers: stages::offers(db, campaign_id, today).await?,
        panel,
        campaign_id,
        assignments,
        matrix,
        rubrics,
    })
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
        .filter(
            crate::entity::score_sheet::Column::Status.eq(crate::domain::scoresheets::SUBMITTED),
        )
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

/// The reviewers the office may put on a panel: active users with the reviewer role.
///
/// # Errors
/// [`AppError::Forbidden`].
pub async fn reviewers(db: &DatabaseConnection, actor: &Actor) -> AppResult<Vec<user::Model>> {
    office_only(actor)?;
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Reviewer))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}
