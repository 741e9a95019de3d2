//! The final score where the public vote counts (专家评审 + 网上投票): per category, the experts'
//! score and the vote score, each on 0–100, blended by the category's weight of the vote.
//!
//! The experts' part is the aggregate as a share of the rubric's maximum (for means); for
//! z-scores, which have no maximum, it is the aggregate placed between the category's lowest
//! (0) and highest (100). The vote part is a candidate's counted votes as a share of the
//! category's most (100); with no vote at all it is 0 for everyone. Pure: the ranking reads
//! the counts and calls [`blend`].

use uuid::Uuid;

/// One candidate's two parts before blending.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parts {
    /// The nomination.
    pub nomination: Uuid,
    /// The experts' aggregate; none while incomplete (then it has no blend either).
    pub expert: Option<f64>,
    /// Its counted votes.
    pub votes: i64,
}

/// One candidate's parts on 0–100 and their blend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Blended {
    /// The nomination.
    pub nomination: Uuid,
    /// The experts' part, 0–100.
    pub expert: Option<f64>,
    /// The vote part, 0–100.
    pub vote: f64,
    /// `expert × (100 − weight)% + vote × weight%`; none while the experts' part is.
    pub score: Option<f64>,
}

/// Blends each candidate's parts with the vote's `weight` in percent (clamped to 0–100).
/// `expert_max` is the rubric's maximum for scores that have one, none for z-scores.
#[must_use]
pub fn blend(parts: &[Parts], expert_max: Option<f64>, weight: i32) -> Vec<Blended> {
    let share = f64::from(weight.clamp(0, 100)) / 100.0;
    let most = parts.iter().map(|p| p.votes).max().unwrap_or(0);
    let scores: Vec<f64> = parts.iter().filter_map(|p| p.expert).collect();
    let low = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let high = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let expert_pct = |score: f64| match expert_max {
        Some(max) if max > 0.0 => score / max * 100.0,
        Some(_) => 0.0,
        None if high > low => (score - low) / (high - low) * 100.0,
        None => 100.0,
    };
    parts
        .iter()
        .map(|p| {
            let vote = if most > 0 {
                p.votes as f64 / most as f64 * 100.0
            } else {
                0.0
            };
            let expert = p.expert.map(expert_pct);
            Blended {
                nomination: p.nomination,
                expert,
                vote,
                score: expert.map(|e| e * (1.0 - share) + vote * share),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(values: &[(Option<f64>, i64)]) -> Vec<Parts> {
        values
            .iter()
            .enumerate()
            .map(|(i, (expert, votes))| Parts {
                nomination: Uuid::from_u128(i as u128 + 1),
                expert: *expert,
                votes: *votes,
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn seventy_percent_experts_and_thirty_percent_votes_as_worked_out_by_hand() {
        // Experts 90, 80, 70 of 100; votes 100, 300, 50 (the most: 300).
        // A: 90 × 0.7 + 33.33… × 0.3 = 63 + 10 = 73
        // B: 80 × 0.7 + 100 × 0.3 = 56 + 30 = 86
        // C: 70 × 0.7 + 16.66… × 0.3 = 49 + 5 = 54
        let out = blend(
            &parts(&[(Some(90.0), 100), (Some(80.0), 300), (Some(70.0), 50)]),
            Some(100.0),
            30,
        );
        let scores: Vec<f64> = out.iter().map(|b| b.score.expect("complete")).collect();
        assert!(close(scores[0], 73.0) && close(scores[1], 86.0) && close(scores[2], 54.0));
        assert!(close(out[1].vote, 100.0) && close(out[2].vote, 50.0 / 3.0));
    }

    #[test]
    fn scores_on_another_scale_are_shares_of_the_rubrics_maximum() {
        // A rubric of 50: 45 is 90%; half and half with 20 of 40 votes (50%): 70.
        let out = blend(
            &parts(&[(Some(45.0), 20), (Some(25.0), 40)]),
            Some(50.0),
            50,
        );
        assert!(close(out[0].score.expect("complete"), 70.0));
        assert!(close(out[1].score.expect("complete"), 75.0));
    }

    #[test]
    fn z_scores_are_placed_between_the_lowest_and_highest() {
        // -1 → 0, 0 → 50, 1 → 100; no votes at all: the vote part is 0 for everyone.
        let out = blend(
            &parts(&[(Some(-1.0), 0), (Some(0.0), 0), (Some(1.0), 0)]),
            None,
            20,
        );
        let scores: Vec<f64> = out.iter().map(|b| b.score.expect("complete")).collect();
        assert!(close(scores[0], 0.0) && close(scores[1], 40.0) && close(scores[2], 80.0));
    }

    #[test]
    fn an_incomplete_candidate_has_no_blend_and_the_weight_is_clamped() {
        let out = blend(&parts(&[(None, 10), (Some(60.0), 5)]), Some(100.0), 150);
        assert_eq!(out[0].score, None);
        assert!(
            close(out[1].score.expect("complete"), 50.0),
            "all votes: 5 of 10"
        );
        let none = blend(&parts(&[(Some(60.0), 5)]), Some(100.0), 0);
        assert!(
            close(none[0].score.expect("complete"), 60.0),
            "no weight: the experts only"
        );
    }
}
