//! Score sheets (评分表): the reviewer's workspace for an assignment with the rubric's bands,
//! saving a draft or submitting (which locks it), and the office reopening a sheet with a reason.

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
        evaluation, now, stages,
        workflow::Action,
    },
    entity::{
        assignment, category, criterion,
        nomination::{self, NominationStatus},
        score, score_sheet,
        user::Role,
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::Lang,
};

/// The states of a nomination that ranks: in evaluation, or past it on its way to the roll.
pub const RANKED: [NominationStatus; 5] = [
    NominationStatus::Eligible,
    NominationStatus::Assessed,
    NominationStatus::Shortlisted,
    NominationStatus::OnNotice,
    NominationStatus::Honoree,
];

pub use crate::entity::score_sheet::{DRAFT, SUBMITTED};

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
pub async fn save_sheet(
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
pub async fn reopen_sheet(
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
}
