//! The ranking (排名) of a category from its submitted sheets, aggregated as the campaign says,
//! the quota line, and the office fixing the shortlist (入围名单).

use std::collections::HashMap;

use super::{RANKED, SUBMITTED, blend};

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
        evaluation,
        evaluation::scoring::{self, Criterion, Method, ScoreSheet},
        now, stages,
        workflow::{self, Action, Transition},
    },
    entity::{
        assignment, campaign, category,
        nomination::{self, NominationStatus},
        score, score_sheet, shortlist_entry, unit,
    },
    error::{AppError, AppResult, FieldErrors},
    i18n::Lang,
};

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
    /// The experts' aggregate, rounded (the same as `score` unless the vote is blended in).
    pub expert_score: Option<String>,
    /// Counted public votes, when the campaign has a public vote (the reference, or a part).
    pub votes: Option<i64>,
    /// The experts' part on 0–100, when the category blends the vote in.
    pub expert_part: Option<String>,
    /// The vote's part on 0–100, when the category blends it in.
    pub vote_part: Option<String>,
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
    // With a public vote, its counts are shown; with a weight, the rank is by the blend.
    let life = stages::load(db, &campaign).await?;
    let votes = match life.stage(stages::StageKind::Voting) {
        Some(_) => Some(crate::domain::voting::count(db, campaign.id).await?),
        None => None,
    };
    let blended: HashMap<Uuid, blend::Blended> = match (&votes, category.vote_weight) {
        (Some(counts), Some(weight)) => {
            let parts: Vec<blend::Parts> = aggregates
                .iter()
                .map(|a| blend::Parts {
                    nomination: a.nomination,
                    expert: a.score.filter(|_| a.complete),
                    votes: counts.get(&a.nomination).copied().unwrap_or(0),
                })
                .collect();
            let max = (method != Method::ZScore).then(|| scoring::rubric_max(&rubric));
            blend::blend(&parts, max, weight)
                .into_iter()
                .map(|b| (b.nomination, b))
                .collect()
        }
        _ => HashMap::new(),
    };
    let experts: HashMap<Uuid, Option<f64>> =
        aggregates.iter().map(|a| (a.nomination, a.score)).collect();
    let ranked_on: Vec<scoring::Aggregate> = aggregates
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if let Some(b) = blended.get(&a.nomination) {
                a.score = b.score;
            }
            a
        })
        .collect();
    let rows = scoring::rank(&ranked_on)
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
                expert_score: experts
                    .get(&r.aggregate.nomination)
                    .copied()
                    .flatten()
                    .map(|s| format!("{s:.2}")),
                votes: votes
                    .as_ref()
                    .map(|v| v.get(&r.aggregate.nomination).copied().unwrap_or(0)),
                expert_part: blended
                    .get(&r.aggregate.nomination)
                    .and_then(|b| b.expert)
                    .map(|s| format!("{s:.2}")),
                vote_part: blended
                    .get(&r.aggregate.nomination)
                    .map(|b| format!("{:.2}", b.vote)),
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
                expert_score: None,
                votes: None,
                expert_part: None,
                vote_part: None,
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
