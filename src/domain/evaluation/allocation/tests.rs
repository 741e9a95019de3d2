//! Assignment by examples, then by properties over a few hundred random unit trees, panels and
//! conflicts, checked against oracles written independently of the code under test.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn panelist(n: u128, unit_path: &str, load: usize) -> Panelist {
    Panelist {
        reviewer: id(n),
        unit_path: unit_path.to_owned(),
        load,
    }
}

fn slot(n: u128, unit_path: &str, already: &[u128]) -> NomineeSlot {
    NomineeSlot {
        nomination: id(n),
        unit_path: unit_path.to_owned(),
        already: already.iter().map(|&r| id(r)).collect(),
    }
}

/// The reviewers of each nomination in `pairs`, as small numbers.
fn by_nomination(pairs: &[(Uuid, Uuid)]) -> BTreeMap<u128, Vec<u128>> {
    let mut map: BTreeMap<u128, Vec<u128>> = BTreeMap::new();
    for (nomination, reviewer) in pairs {
        map.entry(nomination.as_u128())
            .or_default()
            .push(reviewer.as_u128());
    }
    map
}

#[test]
fn a_reviewer_of_the_nominating_unit_its_ancestors_or_its_descendants_conflicts() {
    let nomination = slot(1, "/city/district/street/", &[]);
    for unit in [
        "/city/district/street/",
        "/city/district/",
        "/city/",
        "/city/district/street/community/",
    ] {
        assert!(
            conflicts(&panelist(21, unit, 0), &nomination, &[]),
            "{unit}"
        );
    }
    for unit in [
        "/city/district/street2/",
        "/city/district2/",
        "/city/district/street2/c/",
    ] {
        assert!(
            !conflicts(&panelist(21, unit, 0), &nomination, &[]),
            "{unit}"
        );
    }
}

#[test]
fn a_path_sharing_only_the_first_letters_of_a_segment_is_no_ancestor() {
    let nomination = slot(1, "/1/23/", &[]);
    assert!(!conflicts(&panelist(21, "/1/2/", 0), &nomination, &[]));
    assert!(!conflicts(&panelist(21, "/1/234/", 0), &nomination, &[]));
    // Without the trailing slash it is the same unit.
    assert!(conflicts(&panelist(21, "/1/23", 0), &nomination, &[]));
}

#[test]
fn a_declared_unit_conflict_covers_its_subtree_and_a_nomination_conflict_only_that_one() {
    let reviewer = panelist(21, "/c/d1/", 0);
    let declared = [
        (id(21), ConflictTarget::Unit("/c/d2/s1/".to_owned())),
        (id(21), ConflictTarget::Nomination(id(3))),
        // Someone else's declaration is not this reviewer's.
        (id(22), ConflictTarget::Nomination(id(4))),
    ];
    assert!(conflicts(&reviewer, &slot(1, "/c/d2/s1/", &[]), &declared));
    assert!(conflicts(
        &reviewer,
        &slot(2, "/c/d2/s1/x/", &[]),
        &declared
    ));
    assert!(!conflicts(&reviewer, &slot(2, "/c/d2/", &[]), &declared));
    assert!(!conflicts(&reviewer, &slot(2, "/c/d2/s2/", &[]), &declared));
    assert!(conflicts(&reviewer, &slot(3, "/c/d2/s2/", &[]), &declared));
    assert!(!conflicts(&reviewer, &slot(4, "/c/d2/s2/", &[]), &declared));
}

#[test]
fn a_reviewer_at_the_root_or_without_a_unit_conflicts_with_everything() {
    assert!(conflicts(
        &panelist(21, "/c/", 0),
        &slot(1, "/c/d/s/", &[]),
        &[]
    ));
    assert!(conflicts(
        &panelist(21, "", 0),
        &slot(1, "/c/d/s/", &[]),
        &[]
    ));
}

#[test]
fn a_manual_assignment_is_refused_for_a_conflict_before_a_duplicate() {
    let declared = [(id(21), ConflictTarget::Nomination(id(1)))];
    let free = panelist(22, "/c/d2/", 0);
    assert_eq!(
        check_manual(&free, &slot(1, "/c/d1/", &[]), &declared),
        Ok(())
    );
    assert_eq!(
        check_manual(&free, &slot(1, "/c/d1/", &[22]), &declared),
        Err(ERROR_DUPLICATE)
    );
    let declaring = panelist(21, "/c/d2/", 0);
    assert_eq!(
        check_manual(&declaring, &slot(1, "/c/d1/", &[21]), &declared),
        Err(ERROR_CONFLICT)
    );
    assert_eq!(
        check_manual(&free, &slot(2, "/c/d2/s/", &[]), &declared),
        Err(ERROR_CONFLICT)
    );
}

#[test]
fn four_nominations_of_two_reviewers_each_give_four_free_reviewers_two_each() {
    let panel: Vec<Panelist> = (21..=24).map(|r| panelist(r, "/c/experts/", 0)).collect();
    let slots: Vec<NomineeSlot> = (1..=4).map(|n| slot(n, "/c/d/", &[])).collect();
    let pairs = assign(&slots, &panel, &[], 2).expect("enough reviewers");
    assert_eq!(pairs.len(), 8);
    let mut loads: BTreeMap<Uuid, usize> = BTreeMap::new();
    for (_, reviewer) in &pairs {
        *loads.entry(*reviewer).or_default() += 1;
    }
    assert_eq!(
        loads.values().copied().collect::<Vec<_>>(),
        vec![2, 2, 2, 2]
    );
}

#[test]
fn reviewers_already_assigned_count_and_are_not_assigned_again() {
    let panel: Vec<Panelist> = (21..=23).map(|r| panelist(r, "/c/e/", 1)).collect();
    // Reviewer 21 is already on nomination 1 (hence every load of 1 is someone's earlier
    // work); 99 is no longer on the panel but still counts.
    let slots = [slot(1, "/c/d/", &[21, 99])];
    let pairs = assign(&slots, &panel, &[], 3).expect("enough reviewers");
    assert_eq!(by_nomination(&pairs), BTreeMap::from([(1, vec![22])]));
}

#[test]
fn a_reviewer_with_fewer_assignments_is_chosen_first() {
    let panel = [
        panelist(21, "/c/e/", 3),
        panelist(22, "/c/e/", 0),
        panelist(23, "/c/e/", 1),
    ];
    let slots = [slot(1, "/c/d/", &[]), slot(2, "/c/d/", &[])];
    let pairs = assign(&slots, &panel, &[], 2).expect("enough reviewers");
    // 22 takes both (0 → 2); 23 one (1 → 2), then 21 (3) and 23 (2) compete: 23 is lighter.
    assert_eq!(
        by_nomination(&pairs),
        BTreeMap::from([(1, vec![22, 23]), (2, vec![22, 23])])
    );
}

#[test]
fn a_chain_of_moves_evens_out_what_taking_the_lightest_direct_reviewer_cannot() {
    // Per nomination one reviewer. Nomination 1 may go to 21 or 23, nominations 2 and 3 to 21
    // or 22 (the others declared conflicts). Nomination 1 first takes 21 (equal loads, lower
    // id), 2 takes 22; for 3 both 21 and 22 already have one. Taking either directly leaves
    // 23 idle and someone with two; instead 21 takes 3 and passes 1 on to 23.
    let panel = [
        panelist(21, "/c/e/", 0),
        panelist(22, "/c/e/", 0),
        panelist(23, "/c/e/", 0),
    ];
    let declared = [
        (id(22), ConflictTarget::Nomination(id(1))),
        (id(23), ConflictTarget::Nomination(id(2))),
        (id(23), ConflictTarget::Nomination(id(3))),
    ];
    let slots = [
        slot(1, "/c/d/", &[]),
        slot(2, "/c/d/", &[]),
        slot(3, "/c/d/", &[]),
    ];
    let pairs = assign(&slots, &panel, &declared, 1).expect("enough reviewers");
    assert_eq!(
        by_nomination(&pairs),
        BTreeMap::from([(1, vec![23]), (2, vec![22]), (3, vec![21])])
    );
}

#[test]
fn a_nomination_without_enough_eligible_reviewers_is_reported_with_the_best_effort() {
    let panel = [
        panelist(21, "/c/d1/", 0),
        panelist(22, "/c/d2/", 0),
        panelist(23, "/c/d3/", 0),
    ];
    // Nomination 1 (in d1) may have 22 and 23 only; nomination 2 (in d3) 21 and 22.
    let slots = [slot(1, "/c/d1/s/", &[]), slot(2, "/c/d3/", &[])];
    let Err(shortfall) = assign(&slots, &panel, &[], 3) else {
        panic!("three reviewers cannot be found");
    };
    assert_eq!(
        shortfall.short,
        vec![
            Short {
                nomination: id(1),
                missing: 1
            },
            Short {
                nomination: id(2),
                missing: 1
            }
        ]
    );
    assert_eq!(
        by_nomination(&shortfall.assigned),
        BTreeMap::from([(1, vec![22, 23]), (2, vec![21, 22])])
    );
    assert!(shortfall.to_string().contains("2 nominations"));
}

#[test]
fn nothing_is_added_to_nominations_already_complete() {
    let panel = [panelist(21, "/c/e/", 0)];
    assert_eq!(
        assign(&[slot(1, "/c/d/", &[21])], &panel, &[], 1),
        Ok(vec![])
    );
    assert_eq!(assign(&[], &panel, &[], 5), Ok(vec![]));
    assert_eq!(assign(&[slot(1, "/c/d/", &[])], &panel, &[], 0), Ok(vec![]));
}

// ---- properties ----------------------------------------------------------------------------

/// splitmix64: a tiny deterministic generator, so every run checks the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A fresh id; the counter keeps ids distinct, the random high bits scatter their order.
    fn id(&mut self, counter: &mut u128) -> Uuid {
        *counter += 1;
        Uuid::from_u128((u128::from(self.next()) << 64) | *counter)
    }
}

/// A random unit tree: the root `/0/`, 1 to 4 levels below it, 1 to 4 children per inner unit.
fn random_tree(rng: &mut Rng) -> Vec<String> {
    let depth = 1 + rng.below(4);
    let mut units = vec!["/0/".to_owned()];
    let mut frontier = vec![("/0/".to_owned(), 0)];
    let mut next = 1;
    while let Some((path, level)) = frontier.pop() {
        // The root always branches; below it, a quarter of units are leaves early.
        if level == depth || (level > 0 && rng.below(4) == 0) {
            continue;
        }
        for _ in 0..1 + rng.below(4) {
            let child = format!("{path}{next}/");
            next += 1;
            units.push(child.clone());
            frontier.push((child, level + 1));
        }
    }
    units
}

/// The conflict rule again, written differently: as lists of segments.
fn oracle_conflict(
    panelist: &Panelist,
    slot: &NomineeSlot,
    declared: &[(Uuid, ConflictTarget)],
) -> bool {
    let parts = |path: &str| -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (own, nominating) = (parts(&panelist.unit_path), parts(&slot.unit_path));
    let related = nominating.starts_with(&own) || own.starts_with(&nominating);
    let declared_conflict = declared.iter().any(|(reviewer, target)| {
        *reviewer == panelist.reviewer
            && match target {
                ConflictTarget::Nomination(n) => *n == slot.nomination,
                ConflictTarget::Unit(path) => nominating.starts_with(&parts(path)),
            }
    });
    related || declared_conflict
}

struct Case {
    slots: Vec<NomineeSlot>,
    panel: Vec<Panelist>,
    declared: Vec<(Uuid, ConflictTarget)>,
    per_nomination: usize,
}

fn random_case(rng: &mut Rng) -> Case {
    let units = random_tree(rng);
    let mut counter = 0;
    let equal_loads = rng.below(2) == 0;
    let panel: Vec<Panelist> = (0..5 + rng.below(8))
        .map(|_| Panelist {
            reviewer: rng.id(&mut counter),
            unit_path: if rng.below(6) == 0 {
                units[0].clone()
            } else {
                rng.pick(&units).clone()
            },
            load: if equal_loads { 0 } else { rng.below(4) },
        })
        .collect();
    let mut slots: Vec<NomineeSlot> = (0..5 + rng.below(36))
        .map(|_| NomineeSlot {
            nomination: rng.id(&mut counter),
            unit_path: rng.pick(&units).clone(),
            already: Vec::new(),
        })
        .collect();
    let mut declared = Vec::new();
    for p in &panel {
        if rng.below(3) == 0 {
            for _ in 0..1 + rng.below(2) {
                let target = if rng.below(2) == 0 {
                    ConflictTarget::Nomination(rng.pick(&slots).nomination)
                } else {
                    ConflictTarget::Unit(rng.pick(&units).clone())
                };
                declared.push((p.reviewer, target));
            }
        }
    }
    for slot in &mut slots {
        if rng.below(4) == 0 {
            for _ in 0..1 + rng.below(2) {
                let p = rng.pick(&panel);
                if !oracle_conflict(p, slot, &declared) && !slot.already.contains(&p.reviewer) {
                    slot.already.push(p.reviewer);
                }
            }
            if rng.below(10) == 0 {
                let outsider = rng.id(&mut counter);
                slot.already.push(outsider);
            }
        }
    }
    let per_nomination = if rng.below(2) == 0 {
        5
    } else {
        1 + rng.below(5)
    };
    Case {
        slots,
        panel,
        declared,
        per_nomination,
    }
}

/// Every panelist's final load after `pairs`.
fn final_loads(case: &Case, pairs: &[(Uuid, Uuid)]) -> BTreeMap<Uuid, usize> {
    let mut loads: BTreeMap<Uuid, usize> =
        case.panel.iter().map(|p| (p.reviewer, p.load)).collect();
    for (_, reviewer) in pairs {
        *loads.entry(*reviewer).or_default() += 1;
    }
    loads
}

/// Checks guarantees 1–3 of [`assign`] on one case, returning the new pairs.
fn check(case: &Case) -> Vec<(Uuid, Uuid)> {
    let result = assign(
        &case.slots,
        &case.panel,
        &case.declared,
        case.per_nomination,
    );
    let (pairs, short) = match result {
        Ok(pairs) => (pairs, Vec::new()),
        Err(Shortfall { assigned, short }) => {
            assert!(!short.is_empty(), "a shortfall names a nomination");
            (assigned, short)
        }
    };
    let panel: BTreeMap<Uuid, &Panelist> = case.panel.iter().map(|p| (p.reviewer, p)).collect();
    let slots: BTreeMap<Uuid, &NomineeSlot> =
        case.slots.iter().map(|s| (s.nomination, s)).collect();

    // 1. Safe: eligible, not already there, no pair twice.
    let distinct: BTreeSet<&(Uuid, Uuid)> = pairs.iter().collect();
    assert_eq!(distinct.len(), pairs.len(), "a pair assigned twice");
    for (nomination, reviewer) in &pairs {
        let (s, p) = (slots[nomination], panel[reviewer]);
        assert!(!oracle_conflict(p, s, &case.declared), "conflicted pair");
        assert!(!s.already.contains(reviewer), "assigned again");
    }

    // 2. As full as possible, and short exactly where too few are eligible.
    let new_per_slot = by_nomination(&pairs);
    for s in &case.slots {
        assert!(
            case.panel
                .iter()
                .all(|p| conflicts(p, s, &case.declared) == oracle_conflict(p, s, &case.declared)),
            "the conflict rule and its oracle disagree"
        );
        let already: BTreeSet<&Uuid> = s.already.iter().collect();
        let needed = case.per_nomination.saturating_sub(already.len());
        let eligible = case
            .panel
            .iter()
            .filter(|p| !already.contains(&p.reviewer) && !oracle_conflict(p, s, &case.declared))
            .count();
        let added = new_per_slot
            .get(&s.nomination.as_u128())
            .map_or(0, Vec::len);
        assert_eq!(added, needed.min(eligible));
        let reported = short.iter().find(|x| x.nomination == s.nomination);
        if eligible < needed {
            assert_eq!(reported.map(|x| x.missing), Some(needed - eligible));
        } else {
            assert_eq!(reported, None);
        }
    }

    // 3. Balanced: no chain of moves takes an assignment from a reviewer to one with two
    //    fewer. Reviewer x reaches y when x newly holds a nomination y could take instead.
    let loads = final_loads(case, &pairs);
    let holds: BTreeMap<Uuid, Vec<Uuid>> = pairs.iter().fold(BTreeMap::new(), |mut map, (n, r)| {
        map.entry(*r).or_insert_with(Vec::new).push(*n);
        map
    });
    let on: BTreeSet<(Uuid, Uuid)> = pairs
        .iter()
        .copied()
        .chain(
            case.slots
                .iter()
                .flat_map(|s| s.already.iter().map(|r| (s.nomination, *r))),
        )
        .collect();
    for start in holds.keys() {
        let mut reached = BTreeSet::from([*start]);
        let mut queue = vec![*start];
        while let Some(x) = queue.pop() {
            for nomination in holds.get(&x).into_iter().flatten() {
                for p in &case.panel {
                    let y = p.reviewer;
                    if !reached.contains(&y)
                        && !on.contains(&(*nomination, y))
                        && !oracle_conflict(p, slots[nomination], &case.declared)
                    {
                        assert!(
                            loads[&y] + 2 > loads[start],
                            "an assignment could move from load {} to load {}",
                            loads[start],
                            loads[&y]
                        );
                        reached.insert(y);
                        queue.push(y);
                    }
                }
            }
        }
    }
    pairs
}

#[test]
fn random_cases_are_safe_as_full_as_possible_and_balanced() {
    let mut rng = Rng(0x1A0_2E1);
    let mut shortfalls = 0;
    for _ in 0..200 {
        let case = random_case(&mut rng);
        check(&case);
        if assign(
            &case.slots,
            &case.panel,
            &case.declared,
            case.per_nomination,
        )
        .is_err()
        {
            shortfalls += 1;
        }
    }
    // The generator must exercise both outcomes, or the test proves less than it says.
    assert!(
        shortfalls > 10 && shortfalls < 190,
        "{shortfalls} shortfalls"
    );
}

#[test]
fn random_cases_give_the_same_answer_in_any_input_order() {
    let mut rng = Rng(0x5EED);
    for _ in 0..50 {
        let mut case = random_case(&mut rng);
        let first = assign(
            &case.slots,
            &case.panel,
            &case.declared,
            case.per_nomination,
        );
        case.slots.reverse();
        case.panel.reverse();
        case.declared.reverse();
        // Rotate too, so the middle moves as well.
        let (a, b) = (rng.below(case.slots.len()), rng.below(case.panel.len()));
        case.slots.rotate_left(a);
        case.panel.rotate_left(b);
        let again = assign(
            &case.slots,
            &case.panel,
            &case.declared,
            case.per_nomination,
        );
        assert_eq!(first, again);
    }
}

#[test]
fn reviewers_free_of_every_nomination_and_starting_equal_end_within_one() {
    // The precise condition of the corollary: every panelist may take every nomination (the
    // reviewers sit in a branch of the tree no nomination comes from, nothing is declared,
    // nobody is already assigned) and all loads start equal. Then the spread is at most 1.
    let mut rng = Rng(0xE0E0);
    for _ in 0..100 {
        let units = random_tree(&mut rng);
        let experts: Vec<&String> = units.iter().filter(|u| u.starts_with("/0/1/")).collect();
        let others: Vec<&String> = units
            .iter()
            .filter(|u| !u.starts_with("/0/1/") && u.as_str() != "/0/")
            .collect();
        if others.is_empty() {
            continue;
        }
        let mut counter = 0;
        let start = rng.below(4);
        let case = Case {
            panel: (0..5 + rng.below(8))
                .map(|_| Panelist {
                    reviewer: rng.id(&mut counter),
                    unit_path: (*rng.pick(&experts)).clone(),
                    load: start,
                })
                .collect(),
            slots: (0..5 + rng.below(36))
                .map(|_| NomineeSlot {
                    nomination: rng.id(&mut counter),
                    unit_path: (*rng.pick(&others)).clone(),
                    already: Vec::new(),
                })
                .collect(),
            declared: Vec::new(),
            per_nomination: 1 + rng.below(5),
        };
        let pairs = check(&case);
        let loads = final_loads(&case, &pairs);
        let (min, max) = (loads.values().min(), loads.values().max());
        assert!(max.zip(min).is_some_and(|(max, min)| max - min <= 1));
    }
}

#[test]
fn small_random_cases_reach_the_least_sum_of_squares_and_the_least_maximum() {
    // Three nominations, four reviewers, up to two each: few enough to try every completion.
    let mut rng = Rng(0xB0B);
    for _ in 0..150 {
        let mut counter = 0;
        let panel: Vec<Panelist> = (0..4)
            .map(|_| Panelist {
                reviewer: rng.id(&mut counter),
                unit_path: "/0/e/".to_owned(),
                load: rng.below(3),
            })
            .collect();
        let slots: Vec<NomineeSlot> = (0..3)
            .map(|_| NomineeSlot {
                nomination: rng.id(&mut counter),
                unit_path: "/0/d/".to_owned(),
                already: if rng.below(4) == 0 {
                    vec![rng.pick(&panel).reviewer]
                } else {
                    Vec::new()
                },
            })
            .collect();
        let declared: Vec<(Uuid, ConflictTarget)> = (0..rng.below(5))
            .map(|_| {
                let reviewer = rng.pick(&panel).reviewer;
                (
                    reviewer,
                    ConflictTarget::Nomination(rng.pick(&slots).nomination),
                )
            })
            .collect();
        let case = Case {
            slots,
            panel,
            declared,
            per_nomination: 1 + rng.below(2),
        };
        let pairs = check(&case);
        let loads = final_loads(&case, &pairs);
        let got_squares: usize = loads.values().map(|l| l * l).sum();
        let got_max = loads.values().copied().max().unwrap_or(0);

        // Every completion: for each nomination, every set of its eligible reviewers of the
        // size it receives (the fill itself is checked by `check`).
        let choices: Vec<Vec<Vec<usize>>> = case
            .slots
            .iter()
            .map(|s| {
                let eligible: Vec<usize> = (0..case.panel.len())
                    .filter(|&r| {
                        let p = &case.panel[r];
                        !s.already.contains(&p.reviewer) && !oracle_conflict(p, s, &case.declared)
                    })
                    .collect();
                let size = case
                    .per_nomination
                    .saturating_sub(s.already.len())
                    .min(eligible.len());
                subsets(&eligible, size)
            })
            .collect();
        let mut best_squares = usize::MAX;
        let mut best_max = usize::MAX;
        for a in &choices[0] {
            for b in &choices[1] {
                for c in &choices[2] {
                    let mut l: Vec<usize> = case.panel.iter().map(|p| p.load).collect();
                    for &r in a.iter().chain(b).chain(c) {
                        l[r] += 1;
                    }
                    best_squares = best_squares.min(l.iter().map(|x| x * x).sum());
                    best_max = best_max.min(l.iter().copied().max().unwrap_or(0));
                }
            }
        }
        assert_eq!(got_squares, best_squares);
        assert_eq!(got_max, best_max);
    }
}

/// Every subset of `items` with `size` elements.
fn subsets(items: &[usize], size: usize) -> Vec<Vec<usize>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    let Some((first, rest)) = items.split_first() else {
        return Vec::new();
    };
    let mut with: Vec<Vec<usize>> = subsets(rest, size - 1)
        .into_iter()
        .map(|mut s| {
            s.insert(0, *first);
            s
        })
        .collect();
    with.extend(subsets(rest, size));
    with
}
