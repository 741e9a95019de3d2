//! Scoring (评分): a reviewer's workspace for one assignment, score sheets saved as drafts and
//! then submitted (locked until the office reopens them), and the ranking the office reads.
//!
//! Blind scoring: a reviewer's workspace holds the nomination's public and full deeds and their
//! own sheet only — never another reviewer's scores or comments, never the nominee's private
//! contact data. Aggregation and ranking are the pure rules of `domain::scoring`.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::{
    db,
    domain::{
        actor::Actor,
        audit::{self, Change},
        evaluation, now,
        scoring::{self, Criterion, Method, ScoreSheet},
        stages,
        workflow::{self, Action, Transition},
    },
    entity::{
        assignment, campaign, category, criterion,
        nomination::{self, NominationStatus},
        score, score_sheet, shortlist_entry, unit,
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::Lang,
};

/// Every catalogue key this module's results carry, for the test that both catalogues hold them.
pub const MESSAGE_KEYS: [&str; 8] = [
    "error-score-range",
    "error-comment-when-not-approving",
    "error-sheet-locked",
    "error-sheet-not-submitted",
    "error-shortlist-incomplete",
    "error-shortlist-quota",
    "error-shortlist-majority",
    "error-shortlist-rationale",
];

/// The states of a nomination that ranks: in evaluation, or past it on its way to the roll.
pub const RANKED: [NominationStatus; 5] = [
    NominationStatus::Eligible,
    NominationStatus::Assessed,
    NominationStatus::Shortlisted,
    NominationStatus::OnNotice,
    NominationStatus::Honoree,
];

/// The status of a sheet that may still change.
pub const DRAFT: &str = "draft";
/// The status of a locked sheet.
pub const SUBMITTED: &str = "submitted";

/// What a reviewer sees to score one nomination.
#[derive(Clone, Debug, Serialize)]
pub struct Workspace {
    /// The assignment.
    pub assignment_id: Uuid,
    /// The nominee's name, affiliation line and deeds (public and full).
    pub nominee_name: String,
    /// Affiliation and role.
    pub affiliation: String,
    /// The public summary.
    pub deeds_summary: String,
    /// The full deeds.
    pub deeds_full: String,
    /// The category's name.
    pub category_name: String,
    /// The rubric.
    pub criteria: Vec<criterion::Model>,
    /// The reviewer's own sheet, if started.
    pub sheet: Option<score_sheet::Model>,
    /// The reviewer's points so far, by criterion id.
    pub points: HashMap<String, i32>,
    /// The nomination's supporting files: id, name, size.
    pub attachments: Vec<(Uuid, String, i64)>,
    /// Whether the sheet may be saved now (the campaign is in evaluation, before its last day).
    pub scoring_open: bool,
    /// Whether the reviewer may still recuse themselves (in evaluation, the sheet not submitted).
    pub can_recuse: bool,
    /// Each criterion's score bands, in the order of `criteria`.
    pub guidance: Vec<Vec<Band>>,
    /// The weighted total of the points given so far, as shown ([`points_text`]).
    pub total: String,
    /// The weighted total of a perfect sheet, as shown.
    pub max_total: String,
    /// Where this assignment stands among the reviewer's (1-based) and how many they have.
    pub position: usize,
    /// How many assignments the reviewer has.
    pub count: usize,
    /// The reviewer's previous and next assignment, in their list's order.
    pub previous: Option<Uuid>,
    /// See `previous`.
    pub next: Option<Uuid>,
    /// The next of the reviewer's assignments not yet submitted, after this one (wrapping).
    pub next_to_score: Option<Uuid>,
}

/// One band of a criterion's points, as the scoring page suggests them: a catalogue key
/// (`band-excellent` …) and the points it spans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    /// The band's name.
    pub key: &'static str,
    /// Its lowest points.
    pub from: i32,
    /// Its highest points.
    pub to: i32,
}

/// The bands, best first, with the share of a criterion's maximum each starts at (percent).
pub const BANDS: [(&str, i32); 4] = [
    ("band-excellent", 90),
    ("band-good", 75),
    ("band-fair", 60),
    ("band-poor", 0),
];

/// The score bands of a criterion worth `max` points: excellent from 90 % of it, good from
/// 75 %, fair from 60 %, poor below (each start rounded up to a whole point; a band too narrow
/// to hold a whole point is left out).
#[must_use]
pub fn bands(max: i32) -> Vec<Band> {
    let mut bands = Vec::new();
    let mut to = max;
    for (key, percent) in BANDS {
        // The smallest whole number of points at or above `percent` of `max`.
        let from = (max * percent + 99) / 100;
        if from <= to {
            bands.push(Band { key, from, to });
            to = from - 1;
        }
    }
    bands
}

/// Points as the scoring page shows them: whole numbers without decimals, others to two places
/// (as the page's script writes its running total).
#[must_use]
pub fn points_text(points: f64) -> String {
    // An empty sum is -0.0: adding 0.0 makes it the 0 a person expects.
    let points = points + 0.0;
    if points.fract() == 0.0 {
        format!("{points:.0}")
    } else {
        format!("{points:.2}")
    }
}

/// The reviewer's open assignments, in the order of their list, with whether each is submitted.
async fn assignments_in_order(
    db: &impl ConnectionTrait,
    reviewer: Uuid,
) -> AppResult<Vec<(Uuid, bool)>> {
    use sea_orm::QueryOrder;
    let mine = assignment::Entity::find()
        .filter(assignment::Column::ReviewerId.eq(reviewer))
        .filter(assignment::Column::EndedAt.is_null())
        .order_by_asc(assignment::Column::CreatedAt)
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let submitted: Vec<Uuid> = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(mine.iter().map(|a| a.id)))
        .filter(score_sheet::Column::Status.eq(SUBMITTED))
        .all(db)
        .await?
        .into_iter()
        .map(|sheet| sheet.assignment_id)
        .collect();
    Ok(mine
        .into_iter()
        .map(|a| (a.id, submitted.contains(&a.id)))
        .collect())
}

async fn own_assignment(
    db: &impl ConnectionTrait,
    actor: &Actor,
    assignment_id: Uuid,
) -> AppResult<assignment::Model> {
    if actor.role != Role::Reviewer {
        return Err(AppError::Forbidden);
    }
    // An ended assignment (its nomination left evaluation) is no longer the reviewer's.
    assignment::Entity::find_by_id(assignment_id)
        .one(db)
        .await?
        .filter(|a| a.reviewer_id == actor.user_id && a.ended_at.is_none())
        .ok_or(AppError::NotFound)
}

async fn sheet_of(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> AppResult<Option<(score_sheet::Model, Vec<score::Model>)>> {
    let Some(sheet) = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.eq(assignment_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let scores = score::Entity::find()
        .filter(score::Column::SheetId.eq(sheet.id))
        .all(db)
        .await?;
    Ok(Some((sheet, scores)))
}

/// The reviewer's workspace for one of their assignments.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but a reviewer; [`AppError::NotFound`] for an assignment
/// of someone else.
pub async fn workspace(
    db: &DatabaseConnection,
    actor: &Actor,
    assignment_id: Uuid,
    lang: Lang,
    today: time::Date,
) -> AppResult<Workspace> {
    let found = own_assignment(db, actor, assignment_id).await?;
    let n = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let category = category::Entity::find_by_id(n.category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let criteria = evaluation::rubric(db, category.id, lang).await?;
    let (sheet, points) = match sheet_of(db, found.id).await? {
        Some((sheet, scores)) => (
            Some(sheet),
            scores
                .into_iter()
                .map(|s| (s.criterion_id.to_string(), s.points))
                .collect(),
        ),
        None => (None, HashMap::new()),
    };
    let attachments = crate::domain::nominations::attachments_of(db, n.id)
        .await?
        .into_iter()
        .map(|a| (a.id, a.filename, a.size))
        .collect();
    let offers = stages::offers(db, n.campaign_id, today).await?;
    let scoring_open = offers.get("score").copied().unwrap_or(false);
    let submitted = sheet.as_ref().is_some_and(|s| s.status == SUBMITTED);
    let can_recuse = offers.get("evaluate").copied().unwrap_or(false) && !submitted;
    let total = points_text(
        criteria
            .iter()
            .filter_map(|c| {
                points
                    .get(&c.id.to_string())
                    .map(|p| f64::from(*p) * c.weight)
            })
            .sum(),
    );
    let max_total = points_text(
        criteria
            .iter()
            .map(|c| f64::from(c.max_points) * c.weight)
            .sum(),
    );
    let guidance = criteria.iter().map(|c| bands(c.max_points)).collect();
    let order = assignments_in_order(db, actor.user_id).await?;
    let at = order
        .iter()
        .position(|(id, _)| *id == found.id)
        .unwrap_or(0);
    let next_to_score = order
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .chain(order.get(..at).unwrap_or_default())
        .find(|(_, done)| !done)
        .map(|(id, _)| *id);
    Ok(Workspace {
        scoring_open,
        can_recuse,
        guidance,
        total,
        max_total,
        position: at + 1,
        count: order.len(),
        previous: at
            .checked_sub(1)
            .and_then(|i| order.get(i))
            .map(|(id, _)| *id),
        next: order.get(at + 1).map(|(id, _)| *id),
        next_to_score,
        attachments,
        assignment_id: found.id,
        nominee_name: n.nominee_name,
        affiliation: n.affiliation,
        deeds_summary: n.deeds_summary,
        deeds_full: n.deeds_full,
        category_name: category.name,
        criteria,
        sheet,
        points,
    })
}

/// An attachment of the nomination behind one of the reviewer's assignments.
///
/// # Errors
/// [`AppError::NotFound`] for someone else's assignment or another nomination's file.
pub async fn assigned_attachment(
    app: &crate::App,
    actor: &Actor,
    assignment_id: Uuid,
    attachment_id: crate::domain::ids::AttachmentId,
) -> AppResult<(crate::entity::attachment::Model, Vec<u8>)> {
    let found = own_assignment(&app.db, actor, assignment_id).await?;
    crate::domain::nominations::attachment_bytes(app, found.nomination_id, attachment_id).await
}

/// A score sheet as the reviewer fills it in.
#[derive(Clone, Debug, Default, Serialize, rocket::FromForm)]
pub struct SheetInput {
    /// Points per criterion id.
    pub points: HashMap<String, String>,
    /// `yes` to approve for the shortlist, `no` not to, empty while undecided.
    #[field(default = String::new())]
    pub approve: String,
    /// Comment (required when not approving).
    #[field(default = String::new())]
    pub comment: String,
    /// The sheet's version as last read (0 before the first save).
    #[field(default = 0)]
    pub version: i32,
}

/// Saves the reviewer's sheet as a draft, or submits it (which locks it), during evaluation
/// and before its last day. Points are checked against each criterion's range at the field; a
/// submission needs every criterion, a verdict, and a comment when not approving. The last
/// seat of a nomination scored makes it assessed.
///
/// # Errors
/// [`AppError::NotFound`] for someone else's assignment; [`AppError::Invalid`] at the fields;
/// [`AppError::Refused`] once submitted or outside evaluation; [`AppError::Stale`] when the
/// sheet changed since read.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    assignment_id: Uuid,
    input: &SheetInput,
    submit: bool,
    lang: Lang,
    today: time::Date,
) -> AppResult<score_sheet::Model> {
    let found = own_assignment(db, actor, assignment_id).await?;
    let n = nomination::Entity::find_by_id(found.nomination_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    stages::require_on(db, n.campaign_id, Action::Score, today).await?;
    let criteria = evaluation::rubric(db, n.category_id, lang).await?;
    let mut errors = FieldErrors::default();
    let mut points = Vec::new();
    for c in &criteria {
        let field = format!("points[{}]", c.id);
        let text = input
            .points
            .get(&c.id.to_string())
            .map(|s| s.trim())
            .unwrap_or_default();
        if text.is_empty() {
            if submit {
                errors.add(&field, "error-required");
            }
            continue;
        }
        match text.parse::<i32>() {
            Ok(p) if (0..=c.max_points).contains(&p) => points.push((c.id, p)),
            Ok(_) => errors.add(&field, "error-score-range"),
            Err(_) => errors.add(&field, "error-number-format"),
        }
    }
    let approve = match input.approve.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let comment = Some(input.comment.trim().to_owned()).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 2000) {
        errors.add("comment", "error-too-long");
    }
    if submit && approve.is_none() {
        errors.add("approve", "error-required");
    }
    if submit && approve == Some(false) && comment.is_none() {
        errors.add("comment", "error-comment-when-not-approving");
    }
    errors.into_result()?;

    let txn = db::begin_write(db).await?;
    let existing = sheet_of(&txn, found.id).await?;
    let at = now();
    let sheet = match existing {
        Some((sheet, _)) if sheet.status == SUBMITTED => {
            return Err(AppError::Refused("error-sheet-locked", vec![]));
        }
        Some((sheet, _)) if sheet.version != input.version => return Err(AppError::Stale),
        Some((sheet, _)) => {
            let mut model: score_sheet::ActiveModel = sheet.clone().into();
            model.status = Set(if submit { SUBMITTED } else { DRAFT }.to_owned());
            model.approve = Set(approve);
            model.comment = Set(comment.clone());
            model.version = Set(sheet.version + 1);
            model.submitted_at = Set(submit.then_some(at));
            model.updated_at = Set(at);
            model.update(&txn).await?
        }
        None => {
            score_sheet::ActiveModel {
                id: Set(Uuid::now_v7()),
                assignment_id: Set(found.id),
                status: Set(if submit { SUBMITTED } else { DRAFT }.to_owned()),
                approve: Set(approve),
                comment: Set(comment.clone()),
                version: Set(1),
                submitted_at: Set(submit.then_some(at)),
                updated_at: Set(at),
            }
            .insert(&txn)
            .await?
        }
    };
    score::Entity::delete_many()
        .filter(score::Column::SheetId.eq(sheet.id))
        .exec(&txn)
        .await?;
    for (criterion_id, p) in &points {
        score::ActiveModel {
            sheet_id: Set(sheet.id),
            criterion_id: Set(*criterion_id),
            points: Set(*p),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new(
            if submit {
                "score.submit"
            } else {
                "score.save_draft"
            },
            "score_sheet",
            sheet.id,
        )
        .campaign(n.campaign_id)
        .after(json!({
            "assignment_id": found.id,
            "nomination_id": n.id,
            "points": points.iter().map(|(c, p)| json!([c, p])).collect::<Vec<_>>(),
            "approve": approve,
            "comment": comment,
        })),
    )
    .await?;
    if submit {
        evaluation::settle(&txn, actor, n.id).await?;
    }
    txn.commit().await?;
    Ok(sheet)
}

/// The office reopens a submitted sheet so its reviewer can change it (audited with a reason),
/// during evaluation only: its nomination waits for that score again.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Invalid`] on `reason`;
/// [`AppError::Refused`] for a sheet that is not submitted, or outside evaluation.
pub async fn reopen(
    db: &DatabaseConnection,
    actor: &Actor,
    sheet_id: Uuid,
    reason: &str,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let reason = errors.check("reason", crate::domain::values::required_text(reason, 2000));
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let sheet = score_sheet::Entity::find_by_id(sheet_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let seat = assignment::Entity::find_by_id(sheet.assignment_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let n = nomination::Entity::find_by_id(seat.nomination_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    stages::require(&txn, n.campaign_id, Action::ReopenSheet).await?;
    if sheet.status != SUBMITTED || seat.ended_at.is_some() {
        return Err(AppError::Refused("error-sheet-not-submitted", vec![]));
    }
    let mut model: score_sheet::ActiveModel = sheet.clone().into();
    model.status = Set(DRAFT.to_owned());
    model.version = Set(sheet.version + 1);
    model.updated_at = Set(now());
    model.update(&txn).await?;
    audit::record(
        &txn,
        &actor.into(),
        Change::new("score.reopen", "score_sheet", sheet.id)
            .campaign(n.campaign_id)
            .after(json!({ "reason": reason })),
    )
    .await?;
    evaluation::settle(&txn, actor, n.id).await?;
    txn.commit().await?;
    Ok(())
}

/// One reviewer's submitted sheet for a nomination, as the office reads it.
#[derive(Clone, Debug, Serialize)]
pub struct SheetSummary {
    /// The reviewer's name.
    pub reviewer: String,
    /// The weighted total.
    pub total: f64,
    /// Points per criterion, in the rubric's order.
    pub points: Vec<u32>,
    /// The verdict.
    pub approve: Option<bool>,
    /// The comment.
    pub comment: Option<String>,
}

/// One row of a category's ranking.
#[derive(Clone, Debug, Serialize)]
pub struct RankingRow {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its nominee.
    pub nominee_name: String,
    /// Its nominating unit.
    pub unit_name: String,
    /// Where it stands (`eligible`, `assessed`, `shortlisted` …).
    pub status: NominationStatus,
    /// The aggregate, rounded to two decimals; none while incomplete.
    pub score: Option<String>,
    /// The aggregate as a number, for charts.
    pub score_value: Option<f64>,
    /// Rank (ties share one); none while incomplete.
    pub rank: Option<usize>,
    /// Whether it shares its rank.
    pub tied: bool,
    /// Submitted sheets.
    pub submitted: usize,
    /// Assigned reviewers.
    pub expected: usize,
    /// Reviewers approving it for the shortlist.
    pub approvals: usize,
    /// Whether a majority approves.
    pub majority: bool,
    /// Each reviewer's submitted sheet (name, total, verdict, comment), for the office.
    pub sheets: Vec<SheetSummary>,
}

/// A category's ranking by the campaign's aggregation method (the office only).
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`].
pub async fn ranking(
    db: &DatabaseConnection,
    actor: &Actor,
    category_id: Uuid,
    lang: Lang,
) -> AppResult<(category::Model, Method, Vec<RankingRow>)> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let category = category::Entity::find_by_id(category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let campaign = campaign::Entity::find_by_id(category.campaign_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let method = campaign
        .aggregation
        .as_deref()
        .and_then(Method::parse)
        .unwrap_or(Method::TrimmedMean);
    let rubric: Vec<Criterion> = evaluation::rubric(db, category.id, lang)
        .await?
        .iter()
        .map(|c| Criterion {
            id: c.id,
            max: u32::try_from(c.max_points).unwrap_or(0),
            weight: c.weight,
        })
        .collect();
    let panel_ids: Vec<Uuid> = crate::entity::panel_category::Entity::find()
        .filter(crate::entity::panel_category::Column::CategoryId.eq(category.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.panel_id)
        .collect();
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::PanelId.is_in(panel_ids))
        .filter(assignment::Column::EndedAt.is_null())
        .all(db)
        .await?;
    // Only nominations in evaluation or beyond rank: one returned, rejected or withdrawn never
    // does, whatever scores it had.
    let nominations = nomination::Entity::find()
        .filter(nomination::Column::CategoryId.eq(category.id))
        .filter(nomination::Column::Status.is_in(RANKED))
        .filter(
            nomination::Column::Id.is_in(
                assignments
                    .iter()
                    .map(|a| a.nomination_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    // A panel may judge several categories: keep this category's assignments only.
    let assignments: Vec<assignment::Model> = assignments
        .into_iter()
        .filter(|a| nominations.iter().any(|n| n.id == a.nomination_id))
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(nominations.iter().map(|n| n.unit_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let reviewers = crate::entity::user::Entity::find()
        .filter(
            crate::entity::user::Column::Id.is_in(
                assignments
                    .iter()
                    .map(|a| a.reviewer_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let sheets = score_sheet::Entity::find()
        .filter(
            score_sheet::Column::AssignmentId
                .is_in(assignments.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .filter(score_sheet::Column::Status.eq(SUBMITTED))
        .all(db)
        .await?;
    let scores = score::Entity::find()
        .filter(score::Column::SheetId.is_in(sheets.iter().map(|s| s.id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let mut inputs = Vec::new();
    for sheet in &sheets {
        let Some(a) = assignments.iter().find(|a| a.id == sheet.assignment_id) else {
            continue;
        };
        inputs.push(ScoreSheet {
            reviewer: a.reviewer_id,
            nomination: a.nomination_id,
            points: scores
                .iter()
                .filter(|s| s.sheet_id == sheet.id)
                .map(|s| (s.criterion_id, u32::try_from(s.points).unwrap_or(0)))
                .collect(),
            approve: sheet.approve == Some(true),
        });
    }
    let expected: Vec<(Uuid, usize)> = nominations
        .iter()
        .map(|n| {
            (
                n.id,
                assignments
                    .iter()
                    .filter(|a| a.nomination_id == n.id)
                    .count(),
            )
        })
        .collect();
    let aggregates = scoring::aggregate(&rubric, method, &expected, &inputs)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let rows = scoring::rank(&aggregates)
        .into_iter()
        .map(|r| {
            let n = nominations.iter().find(|n| n.id == r.aggregate.nomination);
            let sheets_of = inputs
                .iter()
                .filter(|s| s.nomination == r.aggregate.nomination)
                .map(|s| {
                    let sheet = sheets.iter().find(|x| {
                        assignments.iter().any(|a| {
                            a.id == x.assignment_id
                                && a.reviewer_id == s.reviewer
                                && a.nomination_id == s.nomination
                        })
                    });
                    SheetSummary {
                        reviewer: reviewers
                            .iter()
                            .find(|u| u.id == s.reviewer)
                            .map(|u| u.display_name.clone())
                            .unwrap_or_default(),
                        total: scoring::total(&rubric, s).unwrap_or_default(),
                        points: rubric
                            .iter()
                            .map(|c| {
                                s.points
                                    .iter()
                                    .find(|(id, _)| *id == c.id)
                                    .map_or(0, |(_, p)| *p)
                            })
                            .collect(),
                        approve: sheet.and_then(|x| x.approve),
                        comment: sheet.and_then(|x| x.comment.clone()),
                    }
                })
                .collect::<Vec<_>>();
            let mut sheets_of = sheets_of;
            sheets_of.sort_by(|a, b| crate::domain::names::natural_cmp(&a.reviewer, &b.reviewer));
            RankingRow {
                nomination_id: r.aggregate.nomination,
                nominee_name: n.map(|n| n.nominee_name.clone()).unwrap_or_default(),
                unit_name: n
                    .and_then(|n| units.iter().find(|u| u.id == n.unit_id))
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                status: n.map_or(NominationStatus::Eligible, |n| n.status),
                score: r.aggregate.score.map(|s| format!("{s:.2}")),
                score_value: r.aggregate.score,
                rank: r.rank,
                tied: r.tied,
                submitted: r.aggregate.submitted,
                expected: r.aggregate.expected,
                approvals: r.aggregate.approvals,
                majority: scoring::majority_approves(&r.aggregate),
                sheets: sheets_of,
            }
        })
        .collect();
    Ok((category, method, rows))
}

/// Where a category's quota falls in its ranking: the line goes after row `after` (0-based),
/// the last of the first `quota` ranked rows; `tied` when the row below shares its rank, so
/// the quota cannot take both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cutoff {
    /// The last row within the quota.
    pub after: usize,
    /// The first row below shares its rank.
    pub tied: bool,
}

/// The quota line of a ranking, when some ranked row falls below it.
#[must_use]
pub fn cutoff(rows: &[RankingRow], quota: usize) -> Option<Cutoff> {
    let last = rows.get(quota.checked_sub(1)?)?;
    let below = rows.get(quota)?;
    let rank = last.rank?;
    below.rank?;
    Some(Cutoff {
        after: quota - 1,
        tied: below.rank == Some(rank),
    })
}

/// The nominations on a category's shortlist, in order.
///
/// # Errors
/// When the database fails.
pub async fn shortlist_of(db: &impl ConnectionTrait, category_id: Uuid) -> AppResult<Vec<Uuid>> {
    use sea_orm::QueryOrder;
    Ok(shortlist_entry::Entity::find()
        .filter(shortlist_entry::Column::CategoryId.eq(category_id))
        .order_by_asc(shortlist_entry::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.nomination_id)
        .collect())
}

/// The office fixes a category's shortlist (within its quota) from the ranking, in the
/// shortlist stage. Only assessed nominations (every seat scored) may be chosen; with a
/// majority rule, only those most reviewers approve. Choosing anything but the top of the
/// ranking needs a written rationale, kept in the audit log with the choice. The chosen become
/// shortlisted, those left out of a shortlist fixed before assessed again.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::NotFound`]; [`AppError::Refused`] outside the
/// shortlist stage; [`AppError::Invalid`] on `nominations` (none, over quota, not assessed or
/// not approved by a majority) or `rationale`.
pub async fn fix_shortlist(
    db: &DatabaseConnection,
    actor: &Actor,
    category_id: Uuid,
    chosen: &[Uuid],
    rationale: &str,
    lang: Lang,
) -> AppResult<()> {
    let (category, _, rows) = ranking(db, actor, category_id, lang).await?;
    stages::require(db, category.campaign_id, Action::Shortlist).await?;
    let mut errors = FieldErrors::default();
    let mut picked: Vec<&RankingRow> = Vec::new();
    for id in chosen {
        if picked.iter().any(|r| r.nomination_id == *id) {
            continue;
        }
        match rows.iter().find(|r| {
            r.nomination_id == *id
                && r.rank.is_some()
                && matches!(
                    r.status,
                    NominationStatus::Assessed | NominationStatus::Shortlisted
                )
        }) {
            Some(row) => picked.push(row),
            None => errors.add("nominations", "error-shortlist-incomplete"),
        }
    }
    if picked.is_empty() && errors.is_empty() {
        errors.add("nominations", "error-required");
    }
    if picked.len() > usize::try_from(category.quota).unwrap_or(0) {
        errors.add("nominations", "error-shortlist-quota");
    }
    if category.require_majority == Some(true) && picked.iter().any(|r| !r.majority) {
        errors.add("nominations", "error-shortlist-majority");
    }
    // The top of the ranking: every chosen one ranks within the number chosen (ties count).
    let top = picked
        .iter()
        .all(|r| r.rank.is_some_and(|rank| rank <= picked.len()));
    let rationale = Some(rationale.trim().to_owned()).filter(|r| !r.is_empty());
    if !top && rationale.is_none() {
        errors.add("rationale", "error-shortlist-rationale");
    }
    errors.into_result()?;
    picked.sort_by_key(|r| r.rank);
    let txn = db::begin_write(db).await?;
    let before = shortlist_of(&txn, category.id).await?;
    let picked_ids: Vec<Uuid> = picked.iter().map(|r| r.nomination_id).collect();
    // Read inside the write: the states the transitions start from.
    let touched = nomination::Entity::find()
        .filter(nomination::Column::Id.is_in(before.iter().chain(&picked_ids).copied()))
        .all(&txn)
        .await?;
    let dropped: Vec<nomination::Model> = touched
        .iter()
        .filter(|n| !picked_ids.contains(&n.id) && n.status == NominationStatus::Shortlisted)
        .cloned()
        .collect();
    let added: Vec<nomination::Model> = touched
        .iter()
        .filter(|n| picked_ids.contains(&n.id) && n.status == NominationStatus::Assessed)
        .cloned()
        .collect();
    let stage = crate::entity::campaign_stage::StageKind::Shortlist;
    workflow::apply::many(&txn, actor, &dropped, Transition::Unshortlist, None, stage).await?;
    workflow::apply::many(&txn, actor, &added, Transition::Shortlist, None, stage).await?;
    shortlist_entry::Entity::delete_many()
        .filter(shortlist_entry::Column::CategoryId.eq(category.id))
        .exec(&txn)
        .await?;
    let at = now();
    for (position, id) in picked_ids.iter().enumerate() {
        shortlist_entry::ActiveModel {
            id: Set(Uuid::now_v7()),
            category_id: Set(category.id),
            nomination_id: Set(*id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            fixed_by: Set(actor.user_id),
            fixed_at: Set(at),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("shortlist.fix", "category", category.id)
            .campaign(category.campaign_id)
            .before(json!({ "nominations": before }))
            .after(json!({
                "nominations": picked_ids,
                "top_of_ranking": top,
                "rationale": rationale,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(max: i32) -> Vec<(&'static str, i32, i32)> {
        bands(max)
            .into_iter()
            .map(|b| (b.key, b.from, b.to))
            .collect()
    }

    #[test]
    fn bands_split_a_criterion_at_90_75_and_60_percent_rounded_up() {
        assert_eq!(
            spans(40),
            [
                ("band-excellent", 36, 40),
                ("band-good", 30, 35),
                ("band-fair", 24, 29),
                ("band-poor", 0, 23)
            ]
        );
        assert_eq!(
            spans(25),
            [
                ("band-excellent", 23, 25),
                ("band-good", 19, 22),
                ("band-fair", 15, 18),
                ("band-poor", 0, 14)
            ]
        );
    }

    #[test]
    fn bands_cover_every_point_once_and_leave_out_empty_ones() {
        for max in 0..=120 {
            let found = bands(max);
            let mut covered = Vec::new();
            for band in &found {
                assert!(band.from <= band.to, "{max}: {band:?}");
                covered.extend(band.from..=band.to);
            }
            covered.sort_unstable();
            assert_eq!(covered, (0..=max).collect::<Vec<_>>(), "{max}");
        }
        assert_eq!(spans(1), [("band-excellent", 1, 1), ("band-poor", 0, 0)]);
    }

    #[test]
    fn points_are_shown_whole_or_to_two_places() {
        assert_eq!(points_text(30.0), "30");
        assert_eq!(points_text(0.0), "0");
        assert_eq!(points_text(std::iter::empty::<f64>().sum()), "0");
        assert_eq!(points_text(37.5), "37.50");
        assert_eq!(points_text(1.0 / 3.0), "0.33");
    }

    fn ranked(ranks: &[Option<usize>]) -> Vec<RankingRow> {
        ranks
            .iter()
            .map(|rank| RankingRow {
                nomination_id: Uuid::new_v4(),
                nominee_name: String::new(),
                unit_name: String::new(),
                status: NominationStatus::Assessed,
                score: None,
                score_value: None,
                rank: *rank,
                tied: false,
                submitted: 0,
                expected: 0,
                approvals: 0,
                majority: false,
                sheets: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_quota_line_falls_after_the_last_ranked_row_within_the_quota() {
        let rows = ranked(&[Some(1), Some(2), Some(3), Some(4), None]);
        assert_eq!(
            cutoff(&rows, 2),
            Some(Cutoff {
                after: 1,
                tied: false
            })
        );
        assert_eq!(cutoff(&rows, 0), None, "no quota, no line");
        assert_eq!(cutoff(&rows, 4), None, "only unscored rows below");
        assert_eq!(cutoff(&rows, 5), None);
        assert_eq!(cutoff(&rows, 9), None);
        let unscored = ranked(&[Some(1), None, None]);
        assert_eq!(
            cutoff(&unscored, 2),
            None,
            "the quota is not filled by scores"
        );
    }

    #[test]
    fn a_tie_across_the_quota_line_is_flagged() {
        let rows = ranked(&[Some(1), Some(2), Some(2), Some(4)]);
        assert_eq!(
            cutoff(&rows, 2),
            Some(Cutoff {
                after: 1,
                tied: true
            })
        );
        assert_eq!(
            cutoff(&rows, 3),
            Some(Cutoff {
                after: 2,
                tied: false
            })
        );
    }
}
