//! Scoring against values worked out by hand (the arithmetic is in the comments).

use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Checks `actual` against a value worked out by hand, to well below a hundredth.
fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a score");
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} is not {expected}"
    );
}

/// One criterion worth 100 points, so a sheet's total is its points.
fn hundred() -> Vec<Criterion> {
    vec![Criterion {
        id: id(900),
        max: 100,
        weight: 1.0,
    }]
}

fn sheet(reviewer: u128, nomination: u128, points: u32) -> ScoreSheet {
    ScoreSheet {
        reviewer: id(reviewer),
        nomination: id(nomination),
        points: vec![(id(900), points)],
        approve: points >= 60,
    }
}

/// One nomination (id 1) with one sheet per total, from reviewers 11, 12, …
fn one_nomination(method: Method, totals: &[u32]) -> Aggregate {
    let sheets: Vec<ScoreSheet> = (11..)
        .zip(totals)
        .map(|(reviewer, &t)| sheet(reviewer, 1, t))
        .collect();
    let result = aggregate(&hundred(), method, &[(id(1), totals.len())], &sheets);
    result.expect("valid sheets").remove(0)
}

#[test]
fn methods_are_named_and_parsed_like_transitions() {
    for method in METHODS {
        assert_eq!(Method::parse(method.name()), Some(method));
    }
    assert_eq!(Method::parse("median"), None);
    assert_eq!(Method::default(), Method::TrimmedMean);
}

#[test]
fn a_weighted_total_counts_each_point_by_its_weight_and_a_perfect_sheet_scores_the_maximum() {
    // Deeds 40 points × 1.5 and influence 20 points × 0.5: the maximum is 60 + 10 = 70.
    let rubric = [
        Criterion {
            id: id(901),
            max: 40,
            weight: 1.5,
        },
        Criterion {
            id: id(902),
            max: 20,
            weight: 0.5,
        },
    ];
    assert_eq!(rubric_max(&rubric), 70.0);
    let mut sheet = ScoreSheet {
        reviewer: id(11),
        nomination: id(1),
        // Listed in the other order than the rubric: order does not matter.
        points: vec![(id(902), 12), (id(901), 30)],
        approve: true,
    };
    // 30 × 1.5 + 12 × 0.5 = 45 + 6 = 51.
    assert_eq!(total(&rubric, &sheet), Ok(51.0));
    sheet.points = vec![(id(901), 40), (id(902), 20)];
    assert_eq!(total(&rubric, &sheet), Ok(rubric_max(&rubric)));
    sheet.points = vec![(id(901), 0), (id(902), 0)];
    assert_eq!(total(&rubric, &sheet), Ok(0.0));
}

#[test]
fn the_mean_averages_every_total() {
    // (80 + 90 + 70) / 3 = 80.
    let agg = one_nomination(Method::Mean, &[80, 90, 70]);
    close(agg.score, 80.0);
    assert!(agg.complete);
    assert_eq!((agg.submitted, agg.expected, agg.approvals), (3, 3, 3));
}

#[test]
fn the_trimmed_mean_of_four_sheets_is_the_plain_mean() {
    // Four sheets are too few to trim: (60 + 70 + 80 + 100) / 4 = 77.5.
    close(
        one_nomination(Method::TrimmedMean, &[60, 70, 80, 100]).score,
        77.5,
    );
}

#[test]
fn the_trimmed_mean_of_five_sheets_drops_one_highest_and_one_lowest() {
    // Without 50 and 100: (70 + 80 + 90) / 3 = 80, where the plain mean is 390 / 5 = 78.
    close(
        one_nomination(Method::TrimmedMean, &[90, 50, 100, 70, 80]).score,
        80.0,
    );
    close(
        one_nomination(Method::Mean, &[90, 50, 100, 70, 80]).score,
        78.0,
    );
    // Only one of two equal highest totals goes: without 60 and one 95,
    // (70 + 80 + 95) / 3 = 81.666….
    close(
        one_nomination(Method::TrimmedMean, &[95, 60, 95, 70, 80]).score,
        245.0 / 3.0,
    );
}

#[test]
fn weights_other_than_one_change_the_mean_on_the_rubric_scale() {
    // Criteria A (max 10, weight 3) and B (max 10, weight 1): the maximum is 40.
    let rubric = [
        Criterion {
            id: id(901),
            max: 10,
            weight: 3.0,
        },
        Criterion {
            id: id(902),
            max: 10,
            weight: 1.0,
        },
    ];
    let sheet = |reviewer, a, b| ScoreSheet {
        reviewer: id(reviewer),
        nomination: id(1),
        points: vec![(id(901), a), (id(902), b)],
        approve: false,
    };
    // Reviewer 11: 8 × 3 + 2 = 26; reviewer 12: 2 × 3 + 8 = 14. Unweighted both are 10.
    // Mean: (26 + 14) / 2 = 20.
    let result = aggregate(
        &rubric,
        Method::Mean,
        &[(id(1), 2)],
        &[sheet(11, 8, 2), sheet(12, 2, 8)],
    );
    close(result.expect("valid")[0].score, 20.0);
}

#[test]
fn a_nomination_with_fewer_sheets_than_reviewers_has_no_score_and_ranks_last() {
    let sheets = [
        sheet(11, 1, 90),
        sheet(12, 1, 80),
        sheet(11, 2, 10),
        sheet(11, 3, 20),
    ];
    // Nomination 1 is awaited from two reviewers and has both; 2 awaits a second sheet;
    // 3 has its only one; 4 has none.
    let expected = [(id(1), 2), (id(2), 2), (id(3), 1), (id(4), 1)];
    let aggs = aggregate(&hundred(), Method::Mean, &expected, &sheets).expect("valid");
    close(aggs[0].score, 85.0);
    assert!(aggs[0].complete);
    assert_eq!(aggs[1].score, None);
    assert!(!aggs[1].complete);
    assert_eq!((aggs[1].submitted, aggs[1].expected), (1, 2));
    close(aggs[2].score, 20.0);
    assert_eq!(
        (aggs[3].score, aggs[3].submitted, aggs[3].complete),
        (None, 0, false)
    );

    let ranked = rank(&aggs);
    let order: Vec<(Uuid, Option<usize>)> = ranked
        .iter()
        .map(|r| (r.aggregate.nomination, r.rank))
        .collect();
    // Nomination 2's lone 10 is lower than 3's 20, yet it is not ranked below it.
    assert_eq!(
        order,
        vec![
            (id(1), Some(1)),
            (id(3), Some(2)),
            (id(2), None),
            (id(4), None)
        ]
    );
}

#[test]
fn a_nomination_with_no_reviewers_and_no_sheets_is_incomplete() {
    let aggs = aggregate(&hundred(), Method::Mean, &[(id(1), 0)], &[]).expect("valid");
    assert_eq!((aggs[0].score, aggs[0].complete), (None, false));
}

fn scored(nomination: u128, score: f64) -> Aggregate {
    Aggregate {
        nomination: id(nomination),
        score: Some(score),
        submitted: 5,
        expected: 5,
        complete: true,
        approvals: 3,
    }
}

fn places(ranked: &[Ranked]) -> Vec<(u128, Option<usize>, bool)> {
    ranked
        .iter()
        .map(|r| (r.aggregate.nomination.as_u128(), r.rank, r.tied))
        .collect()
}

#[test]
fn equal_scores_share_a_rank_and_the_next_rank_skips() {
    let ranked = rank(&[
        scored(4, 80.0),
        scored(3, 85.0),
        scored(1, 90.0),
        scored(2, 85.0),
    ]);
    assert_eq!(
        places(&ranked),
        vec![
            (1, Some(1), false),
            (2, Some(2), true),
            (3, Some(2), true),
            (4, Some(4), false)
        ]
    );
}

#[test]
fn a_three_way_tie_at_the_top_is_followed_by_rank_four() {
    let ranked = rank(&[
        scored(9, 70.0),
        scored(3, 90.0),
        scored(1, 90.0),
        scored(2, 90.0),
    ]);
    assert_eq!(
        places(&ranked),
        vec![
            (1, Some(1), true),
            (2, Some(1), true),
            (3, Some(1), true),
            (9, Some(4), false)
        ]
    );
}

#[test]
fn scores_equal_to_two_decimals_tie_and_scores_a_hundredth_apart_do_not() {
    // Weight 0.1 × 3 points is 0.30000000000000004 in f64, weight 0.3 × 1 point is 0.3.
    let rubric = |weight| {
        [Criterion {
            id: id(900),
            max: 10,
            weight,
        }]
    };
    let a = total(&rubric(0.1), &sheet(11, 1, 3)).expect("valid");
    let b = total(&rubric(0.3), &sheet(11, 2, 1)).expect("valid");
    assert_ne!(a, b);
    let ranked = rank(&[
        scored(1, a),
        scored(2, b),
        scored(3, 85.004),
        scored(4, 85.006),
    ]);
    // 85.006 rounds to 85.01 and 85.004 to 85.00: different ranks.
    assert_eq!(
        places(&ranked),
        vec![
            (4, Some(1), false),
            (3, Some(2), false),
            (1, Some(3), true),
            (2, Some(3), true)
        ]
    );
}

#[test]
fn a_majority_needs_more_than_half_of_the_submitted_sheets() {
    let mut agg = scored(1, 80.0);
    agg.submitted = 4;
    agg.approvals = 2;
    assert!(!majority_approves(&agg));
    agg.approvals = 3;
    assert!(majority_approves(&agg));
    agg.submitted = 5;
    assert!(majority_approves(&agg));
    agg.submitted = 0;
    agg.approvals = 0;
    assert!(!majority_approves(&agg));
}

#[test]
fn z_scores_undo_a_harsh_and_a_lenient_reviewer() {
    // Reviewer 20 (neutral) scores all four nominations; lenient 21 scores P (1) and X (3);
    // harsh 22 scores Q (2) and Y (4). The neutral reviewer finds Q better than P.
    let sheets = [
        sheet(20, 1, 60),
        sheet(20, 2, 70),
        sheet(20, 3, 50),
        sheet(20, 4, 40),
        sheet(21, 1, 90),
        sheet(21, 3, 80),
        sheet(22, 2, 50),
        sheet(22, 4, 30),
    ];
    let expected = [(id(1), 2), (id(2), 2), (id(3), 2), (id(4), 2)];

    // Raw means: P = (60 + 90) / 2 = 75 and Q = (70 + 50) / 2 = 60, so P leads.
    let mean = aggregate(&hundred(), Method::Mean, &expected, &sheets).expect("valid");
    close(mean[0].score, 75.0);
    close(mean[1].score, 60.0);

    // Lenient: mean 85, sd 5, so z(P) = +1 and z(X) = −1.
    // Harsh: mean 40, sd 10, so z(Q) = +1 and z(Y) = −1.
    // Neutral: mean 55, deviations +5, +15, −5, −15, variance 500 / 4 = 125, sd = 5√5,
    // so z(P) = 1/√5 ≈ 0.447, z(Q) = 3/√5 ≈ 1.342, z(X) = −1/√5, z(Y) = −3/√5.
    // Scaled with mid 50 and 100 / 6 per unit of z:
    // P = 50 + (1 + 1/√5) / 2 × 100 / 6 ≈ 62.06, Q = 50 + (1 + 3/√5) / 2 × 100 / 6 ≈ 69.51.
    let z = aggregate(&hundred(), Method::ZScore, &expected, &sheets).expect("valid");
    let root5 = 5.0_f64.sqrt();
    let scaled = |z_avg: f64| 50.0 + z_avg * 100.0 / 6.0;
    close(z[0].score, scaled((1.0 + 1.0 / root5) / 2.0));
    close(z[1].score, scaled((1.0 + 3.0 / root5) / 2.0));
    close(z[2].score, scaled((-1.0 - 1.0 / root5) / 2.0));
    close(z[3].score, scaled((-1.0 - 3.0 / root5) / 2.0));

    let order: Vec<Uuid> = rank(&z).iter().map(|r| r.aggregate.nomination).collect();
    assert_eq!(order, vec![id(2), id(1), id(3), id(4)]);
}

#[test]
fn a_reviewer_with_one_nomination_or_equal_totals_contributes_a_z_of_zero() {
    // Reviewers 21 and 23 scored one nomination each; reviewer 22 gave 70 to both.
    // Every z is 0, so both nominations land mid-scale: 100 / 2 = 50.
    let sheets = [
        sheet(21, 1, 100),
        sheet(22, 1, 70),
        sheet(22, 2, 70),
        sheet(23, 2, 10),
    ];
    let expected = [(id(1), 2), (id(2), 2)];
    let z = aggregate(&hundred(), Method::ZScore, &expected, &sheets).expect("valid");
    close(z[0].score, 50.0);
    close(z[1].score, 50.0);

    // Totals equal on paper but not in f64 (0.1 × 3 and 0.3 × 1) count as no variance,
    // not as one standard deviation either way.
    let rubric = [
        Criterion {
            id: id(901),
            max: 10,
            weight: 0.1,
        },
        Criterion {
            id: id(902),
            max: 10,
            weight: 0.3,
        },
    ];
    let pair = |nomination, a, b| ScoreSheet {
        reviewer: id(24),
        nomination: id(nomination),
        points: vec![(id(901), a), (id(902), b)],
        approve: true,
    };
    let z = aggregate(
        &rubric,
        Method::ZScore,
        &[(id(1), 1), (id(2), 1)],
        &[pair(1, 3, 0), pair(2, 0, 1)],
    )
    .expect("valid");
    // Maximum 10 × 0.1 + 10 × 0.3 = 4, mid-scale 2.
    close(z[0].score, 2.0);
    close(z[1].score, 2.0);
}

#[test]
fn a_z_score_beyond_three_deviations_is_clamped_to_the_rubric() {
    // One reviewer gives 100 to nomination 0 and 0 to nominations 1..=10: mean 100/11,
    // deviations 1000/11 once and −100/11 ten times, variance
    // (1_000_000 + 10 × 10_000) / 121 / 11 = 100_000 / 121, sd = 100√10 / 11, so
    // z(top) = (1000/11) / (100√10/11) = √10 ≈ 3.16 and z(others) = −1/√10 ≈ −0.316.
    // Top: 50 + 3.16 × 100/6 ≈ 102.7, clamped to 100; others: 50 − 100 / (6√10) ≈ 44.73.
    let mut sheets = vec![sheet(21, 0, 100)];
    sheets.extend((1..=10).map(|n| sheet(21, n, 0)));
    let expected: Vec<(Uuid, usize)> = (0..=10).map(|n| (id(n), 1)).collect();
    let z = aggregate(&hundred(), Method::ZScore, &expected, &sheets).expect("valid");
    close(z[0].score, 100.0);
    close(z[1].score, 50.0 - 100.0 / (6.0 * 10.0_f64.sqrt()));
}

#[test]
fn invalid_sheets_are_refused() {
    let rubric = [
        Criterion {
            id: id(901),
            max: 40,
            weight: 1.0,
        },
        Criterion {
            id: id(902),
            max: 60,
            weight: 1.0,
        },
    ];
    let with = |points: Vec<(Uuid, u32)>| ScoreSheet {
        reviewer: id(11),
        nomination: id(1),
        points,
        approve: true,
    };
    assert!(matches!(
        total(&rubric, &with(vec![(id(901), 40)])),
        Err(ScoringError::MissingCriterion { criterion, .. }) if criterion == id(902)
    ));
    assert!(matches!(
        total(&rubric, &with(vec![(id(901), 41), (id(902), 0)])),
        Err(ScoringError::OverMax {
            points: 41,
            max: 40,
            ..
        })
    ));
    assert!(matches!(
        total(&rubric, &with(vec![(id(901), 1), (id(902), 1), (id(903), 1)])),
        Err(ScoringError::StrayCriterion { criterion, .. }) if criterion == id(903)
    ));
    assert!(matches!(
        total(&rubric, &with(vec![(id(901), 1), (id(902), 1), (id(901), 2)])),
        Err(ScoringError::StrayCriterion { criterion, .. }) if criterion == id(901)
    ));
    let bad = [Criterion {
        id: id(901),
        max: 40,
        weight: f64::NAN,
    }];
    assert!(matches!(
        aggregate(&bad, Method::Mean, &[], &[]),
        Err(ScoringError::BadWeight { .. })
    ));

    // And through `aggregate`: an invalid sheet, a second sheet, an unlisted nomination.
    let good = with(vec![(id(901), 40), (id(902), 60)]);
    let expected = [(id(1), 1)];
    assert!(aggregate(&rubric, Method::Mean, &expected, &[with(vec![])]).is_err());
    assert!(matches!(
        aggregate(
            &rubric,
            Method::Mean,
            &expected,
            &[good.clone(), good.clone()]
        ),
        Err(ScoringError::RepeatedSheet { .. })
    ));
    assert!(matches!(
        aggregate(&rubric, Method::Mean, &[(id(2), 1)], &[good]),
        Err(ScoringError::UnlistedNomination { .. })
    ));
}

#[test]
fn the_order_of_the_sheets_does_not_change_a_score() {
    let forward = [sheet(11, 1, 71), sheet(12, 1, 83), sheet(13, 1, 97)];
    let mut backward = forward.clone();
    backward.reverse();
    for method in METHODS {
        let a = aggregate(&hundred(), method, &[(id(1), 3)], &forward);
        let b = aggregate(&hundred(), method, &[(id(1), 3)], &backward);
        assert_eq!(a, b, "{method:?}");
    }
}
