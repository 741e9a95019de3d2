//! The arithmetic of expert evaluation (专家评选): a reviewer's weighted total on a category's
//! rubric, the aggregation of a nomination's totals by the campaign's method, and the ranking of
//! a category. Pure rules, no database: `domain::evaluation` loads the submitted score sheets
//! and the assignments of one category, and shows what these functions return.
//!
//! Totals are in rubric points: a perfect sheet scores exactly [`rubric_max`], and every method
//! reports a nomination's score on that same scale, so the office reads one kind of number
//! whatever method the campaign chose.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use uuid::Uuid;

/// One line of a category's rubric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Criterion {
    /// The criterion's id.
    pub id: Uuid,
    /// The most points a reviewer may give on it (e.g. 40).
    pub max: u32,
    /// How much a point on it counts in the total (e.g. 1.0); finite and not negative.
    pub weight: f64,
}

/// One reviewer's submitted scores for one nomination (drafts are never passed in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreSheet {
    /// Who scored.
    pub reviewer: Uuid,
    /// What was scored.
    pub nomination: Uuid,
    /// Points per criterion id, one entry per criterion of the rubric, in any order.
    pub points: Vec<(Uuid, u32)>,
    /// Whether the reviewer recommends the nomination for the shortlist.
    pub approve: bool,
}

/// How the totals of a nomination's reviewers become its score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The mean after dropping one highest and one lowest total (去掉一个最高分和一个最低分),
    /// when there are at least [`TRIM_FROM`] totals; the plain mean otherwise. The default,
    /// because it is what panels in these campaigns have always done.
    #[default]
    TrimmedMean,
    /// The arithmetic mean of the totals.
    Mean,
    /// Each reviewer's totals standardised across everything that reviewer scored in the
    /// category, so that a harsh or a lenient reviewer weighs like any other (see [`aggregate`]).
    ZScore,
}

/// Every method, in the order the pages offer them.
pub const METHODS: [Method; 3] = [Method::TrimmedMean, Method::Mean, Method::ZScore];

/// From how many totals the trimmed mean drops the highest and the lowest: with fewer, dropping
/// two would leave too little to average.
pub const TRIM_FROM: usize = 5;

/// Below this, a reviewer's standard deviation counts as zero: totals that are equal in exact
/// arithmetic can differ in the last bits of an `f64`, and dividing by that would turn rounding
/// noise into z-scores of ±1.
const SD_EPSILON: f64 = 1e-9;

impl Method {
    /// The name used in forms, the API and the campaign's settings (`trimmed_mean`, `mean`,
    /// `z_score`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Method::TrimmedMean => "trimmed_mean",
            Method::Mean => "mean",
            Method::ZScore => "z_score",
        }
    }

    /// Parses [`Method::name`].
    #[must_use]
    pub fn parse(name: &str) -> Option<Method> {
        METHODS.into_iter().find(|m| m.name() == name)
    }
}

/// Why sheets could not be scored. The web layer validates a sheet before saving it, so any of
/// these reaching a caller means stored data and the rubric disagree.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoringError {
    /// A criterion's weight is negative, infinite or not a number.
    BadWeight {
        /// The criterion.
        criterion: Uuid,
    },
    /// The sheet has no points for a criterion of the rubric.
    MissingCriterion {
        /// The sheet's reviewer.
        reviewer: Uuid,
        /// The sheet's nomination.
        nomination: Uuid,
        /// The criterion without points.
        criterion: Uuid,
    },
    /// The sheet has points for a criterion the rubric does not have, or twice for one it has.
    StrayCriterion {
        /// The sheet's reviewer.
        reviewer: Uuid,
        /// The sheet's nomination.
        nomination: Uuid,
        /// The unknown or repeated criterion.
        criterion: Uuid,
    },
    /// The sheet gives more points than a criterion allows.
    OverMax {
        /// The sheet's reviewer.
        reviewer: Uuid,
        /// The sheet's nomination.
        nomination: Uuid,
        /// The criterion.
        criterion: Uuid,
        /// The points given.
        points: u32,
        /// The criterion's maximum.
        max: u32,
    },
    /// The same reviewer has two sheets for one nomination.
    RepeatedSheet {
        /// The reviewer.
        reviewer: Uuid,
        /// The nomination.
        nomination: Uuid,
    },
    /// A sheet is for a nomination the caller did not list.
    UnlistedNomination {
        /// The sheet's reviewer.
        reviewer: Uuid,
        /// The sheet's nomination.
        nomination: Uuid,
    },
}

impl fmt::Display for ScoringError {
    // English for the log only: users never see these (see the type's doc).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoringError::BadWeight { criterion } => {
                write!(f, "criterion {criterion} has an invalid weight")
            }
            ScoringError::MissingCriterion {
                reviewer,
                nomination,
                criterion,
            } => write!(
                f,
                "sheet of {reviewer} for {nomination} has no points for criterion {criterion}"
            ),
            ScoringError::StrayCriterion {
                reviewer,
                nomination,
                criterion,
            } => write!(
                f,
                "sheet of {reviewer} for {nomination} has unknown or repeated criterion {criterion}"
            ),
            ScoringError::OverMax {
                reviewer,
                nomination,
                criterion,
                points,
                max,
            } => write!(
                f,
                "sheet of {reviewer} for {nomination} gives {points} > {max} on criterion {criterion}"
            ),
            ScoringError::RepeatedSheet {
                reviewer,
                nomination,
            } => write!(f, "{reviewer} has two sheets for {nomination}"),
            ScoringError::UnlistedNomination {
                reviewer,
                nomination,
            } => write!(
                f,
                "sheet of {reviewer} is for {nomination}, not a listed nomination"
            ),
        }
    }
}

impl std::error::Error for ScoringError {}

/// The score of a perfect sheet: `Σ max_i × weight_i` over the rubric.
#[must_use]
pub fn rubric_max(rubric: &[Criterion]) -> f64 {
    rubric.iter().map(|c| f64::from(c.max) * c.weight).sum()
}

/// The weighted total of a sheet: `Σ points_i × weight_i` over the rubric. With the same
/// weights as [`rubric_max`], a perfect sheet scores exactly that, a blank one 0, and a weight
/// of 2 makes a point on that criterion count twice.
///
/// # Errors
///
/// A sheet that lacks a criterion, names one the rubric does not have (or one twice), or gives
/// more than a criterion's maximum; a criterion with an invalid weight.
pub fn total(rubric: &[Criterion], sheet: &ScoreSheet) -> Result<f64, ScoringError> {
    for (position, (criterion, _)) in sheet.points.iter().enumerate() {
        let known = rubric.iter().any(|c| c.id == *criterion);
        let repeated = sheet.points[..position].iter().any(|(c, _)| c == criterion);
        if !known || repeated {
            return Err(ScoringError::StrayCriterion {
                reviewer: sheet.reviewer,
                nomination: sheet.nomination,
                criterion: *criterion,
            });
        }
    }
    // Summed in rubric order, not sheet order, so equal sheets give bit-for-bit equal totals.
    let mut sum = 0.0;
    for criterion in rubric {
        check_weight(criterion)?;
        let Some(&(_, points)) = sheet.points.iter().find(|(c, _)| *c == criterion.id) else {
            return Err(ScoringError::MissingCriterion {
                reviewer: sheet.reviewer,
                nomination: sheet.nomination,
                criterion: criterion.id,
            });
        };
        if points > criterion.max {
            return Err(ScoringError::OverMax {
                reviewer: sheet.reviewer,
                nomination: sheet.nomination,
                criterion: criterion.id,
                points,
                max: criterion.max,
            });
        }
        sum += f64::from(points) * criterion.weight;
    }
    Ok(sum)
}

fn check_weight(criterion: &Criterion) -> Result<(), ScoringError> {
    if criterion.weight.is_finite() && criterion.weight >= 0.0 {
        Ok(())
    } else {
        Err(ScoringError::BadWeight {
            criterion: criterion.id,
        })
    }
}

/// A nomination's result in its category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    /// The nomination.
    pub nomination: Uuid,
    /// Its score in rubric points; `None` while it is incomplete.
    pub score: Option<f64>,
    /// How many sheets were submitted for it.
    pub submitted: usize,
    /// How many reviewers are assigned to it.
    pub expected: usize,
    /// Whether it has at least one sheet and no fewer than `expected`.
    pub complete: bool,
    /// How many submitted sheets approve it.
    pub approvals: usize,
}

/// The aggregates of one category: one per listed nomination, in the order of `expected`
/// (a nomination listed twice counts once, with its first count).
///
/// `expected` lists each nomination of the category with the number of reviewers assigned to
/// it; `sheets` are all submitted sheets of the category. A nomination with no sheet, or with
/// fewer sheets than expected, is incomplete: its score is `None`, so a half-scored nomination
/// is never compared with finished ones.
///
/// Scores, with `T` a nomination's sheet totals (see [`total`]):
/// - [`Method::Mean`]: `ΣT / |T|`.
/// - [`Method::TrimmedMean`]: when `|T| ≥ 5`, the mean of `T` without one highest and one
///   lowest total; otherwise the mean of `T`.
/// - [`Method::ZScore`]: for each reviewer `r`, let `m_r` and `s_r` be the mean and the
///   population standard deviation (`√(Σ(x − m_r)² / n_r)`) of all of `r`'s totals in the
///   category, incomplete nominations included. The sheet of `r` with total `x` has
///   `z = (x − m_r) / s_r`, or `z = 0` when `r` scored fewer than two nominations or
///   `s_r < 1e-9` (nothing to standardise against). A nomination's score is
///   `clamp(M/2 + z̄ × M/6, 0, M)`, where `z̄` is the plain mean of its sheets' `z` (no
///   trimming) and `M` is [`rubric_max`]: an average sheet lands mid-scale and ±3 standard
///   deviations span the whole scale.
///
/// # Errors
///
/// Any sheet [`total`] refuses, two sheets of one reviewer for one nomination, or a sheet for a
/// nomination not in `expected`.
pub fn aggregate(
    rubric: &[Criterion],
    method: Method,
    expected: &[(Uuid, usize)],
    sheets: &[ScoreSheet],
) -> Result<Vec<Aggregate>, ScoringError> {
    for criterion in rubric {
        check_weight(criterion)?;
    }
    let mut listed: Vec<(Uuid, usize)> = Vec::with_capacity(expected.len());
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    for &(nomination, count) in expected {
        if let Entry::Vacant(entry) = index.entry(nomination) {
            entry.insert(listed.len());
            listed.push((nomination, count));
        }
    }

    let mut lines: Vec<Line> = Vec::with_capacity(sheets.len());
    let mut seen: HashSet<(Uuid, usize)> = HashSet::new();
    for sheet in sheets {
        let Some(&position) = index.get(&sheet.nomination) else {
            return Err(ScoringError::UnlistedNomination {
                reviewer: sheet.reviewer,
                nomination: sheet.nomination,
            });
        };
        if !seen.insert((sheet.reviewer, position)) {
            return Err(ScoringError::RepeatedSheet {
                reviewer: sheet.reviewer,
                nomination: sheet.nomination,
            });
        }
        lines.push(Line {
            reviewer: sheet.reviewer,
            position,
            total: total(rubric, sheet)?,
            approve: sheet.approve,
        });
    }

    let values: Vec<f64> = match method {
        Method::Mean | Method::TrimmedMean => lines.iter().map(|line| line.total).collect(),
        Method::ZScore => z_scores(&lines),
    };
    let mut per_nomination: Vec<Vec<f64>> = vec![Vec::new(); listed.len()];
    let mut approvals = vec![0; listed.len()];
    for (line, value) in lines.iter().zip(values) {
        per_nomination[line.position].push(value);
        if line.approve {
            approvals[line.position] += 1;
        }
    }

    let max = rubric_max(rubric);
    Ok(listed
        .iter()
        .zip(per_nomination)
        .zip(approvals)
        .map(|((&(nomination, expected), mut values), approvals)| {
            let submitted = values.len();
            let complete = submitted > 0 && submitted >= expected;
            // Sorted first so the result does not depend on the order sheets came in.
            values.sort_by(f64::total_cmp);
            let score = complete.then(|| match method {
                Method::Mean => mean(&values),
                Method::TrimmedMean if submitted >= TRIM_FROM => mean(&values[1..submitted - 1]),
                Method::TrimmedMean => mean(&values),
                Method::ZScore => (max / 2.0 + mean(&values) * max / 6.0).clamp(0.0, max),
            });
            Aggregate {
                nomination,
                score,
                submitted,
                expected,
                complete,
                approvals,
            }
        })
        .collect())
}

/// One valid sheet, as [`aggregate`] works with it.
struct Line {
    reviewer: Uuid,
    /// The nomination's position in the listed nominations.
    position: usize,
    total: f64,
    approve: bool,
}

/// The z value of each line (see [`aggregate`]), in the lines' order.
fn z_scores(lines: &[Line]) -> Vec<f64> {
    let mut by_reviewer: HashMap<Uuid, Vec<f64>> = HashMap::new();
    for line in lines {
        by_reviewer
            .entry(line.reviewer)
            .or_default()
            .push(line.total);
    }
    let stats: HashMap<Uuid, Option<(f64, f64)>> = by_reviewer
        .into_iter()
        .map(|(reviewer, mut totals)| {
            totals.sort_by(f64::total_cmp);
            let m = mean(&totals);
            let variance =
                totals.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / totals.len() as f64;
            let sd = variance.sqrt();
            (
                reviewer,
                (totals.len() >= 2 && sd >= SD_EPSILON).then_some((m, sd)),
            )
        })
        .collect();
    lines
        .iter()
        .map(|line| match stats.get(&line.reviewer).copied().flatten() {
            Some((m, sd)) => (line.total - m) / sd,
            None => 0.0,
        })
        .collect()
}

/// The mean of sorted, non-empty values (0 for none, which callers never pass).
fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

/// Whether more than half of the submitted sheets approve.
#[must_use]
pub fn majority_approves(aggregate: &Aggregate) -> bool {
    aggregate.approvals * 2 > aggregate.submitted
}

/// An aggregate with its place in the category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked {
    /// The nomination's result.
    pub aggregate: Aggregate,
    /// Its rank, from 1; `None` while incomplete.
    pub rank: Option<usize>,
    /// Whether another complete nomination shares its rank.
    pub tied: bool,
}

/// A score as ranking compares it: in hundredths, rounded half away from zero, so that totals
/// equal on paper but apart in the last bits of an `f64` tie.
fn rank_key(score: f64) -> i64 {
    (score * 100.0).round() as i64
}

/// The ranking of a category: complete nominations by score, highest first, then incomplete
/// ones (rank `None`). Scores equal to two decimals share a rank and the next rank skips
/// accordingly ("1, 2, 2, 4"); within a tie, and among incomplete ones, the order is by
/// nomination id, only so that it is stable.
#[must_use]
pub fn rank(aggregates: &[Aggregate]) -> Vec<Ranked> {
    let mut complete: Vec<(i64, &Aggregate)> = aggregates
        .iter()
        .filter_map(|a| a.score.filter(|_| a.complete).map(|s| (rank_key(s), a)))
        .collect();
    complete.sort_by(|(ka, a), (kb, b)| kb.cmp(ka).then(a.nomination.cmp(&b.nomination)));
    let mut incomplete: Vec<&Aggregate> = aggregates
        .iter()
        .filter(|a| !(a.complete && a.score.is_some()))
        .collect();
    incomplete.sort_by_key(|a| a.nomination);

    let mut ranked = Vec::with_capacity(aggregates.len());
    let mut ahead = 0;
    for tie in complete.chunk_by(|(a, _), (b, _)| a == b) {
        for (_, aggregate) in tie {
            ranked.push(Ranked {
                aggregate: (*aggregate).clone(),
                rank: Some(ahead + 1),
                tied: tie.len() > 1,
            });
        }
        ahead += tie.len();
    }
    ranked.extend(incomplete.into_iter().map(|aggregate| Ranked {
        aggregate: aggregate.clone(),
        rank: None,
        tied: false,
    }));
    ranked
}

#[cfg(test)]
mod tests;
