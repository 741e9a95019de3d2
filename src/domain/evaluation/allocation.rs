//! Who reviews which nomination in expert evaluation (专家评选): the conflict-of-interest rule
//! (回避), the check of an assignment the office makes by hand, and the automatic completion of
//! a category's assignments, conflict-free and with the work spread as evenly as the conflicts
//! allow. Pure rules, no database: `domain::evaluation` loads the panel, the declared conflicts
//! and the existing assignments, and writes what [`assign`] returns.
//!
//! Units are named by their materialised paths (`/city/district/street/`), in which a unit's
//! path begins with each ancestor's path. Paths are compared segment by segment, so `/a/b/` is
//! not taken for an ancestor of `/a/bc/`, and a missing trailing `/` changes nothing.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;

use uuid::Uuid;

/// How many reviewers score each nomination unless the campaign says otherwise.
pub const DEFAULT_PER_NOMINATION: usize = 5;

/// The catalogue key refusing a reviewer who has a conflict with the nomination.
pub const ERROR_CONFLICT: &str = "error-assignment-conflict";

/// The catalogue key refusing a reviewer already assigned to the nomination.
pub const ERROR_DUPLICATE: &str = "error-assignment-duplicate";

/// A nomination waiting for reviewers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NomineeSlot {
    /// The nomination.
    pub nomination: Uuid,
    /// The materialised path of the nominating unit.
    pub unit_path: String,
    /// The reviewers already assigned to it (they count towards its number).
    pub already: Vec<Uuid>,
}

/// A reviewer of the category's panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panelist {
    /// The reviewer.
    pub reviewer: Uuid,
    /// The materialised path of the reviewer's unit.
    pub unit_path: String,
    /// How many assignments the reviewer already has (those in `already` lists included).
    pub load: usize,
}

/// What a reviewer declared a conflict of interest with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictTarget {
    /// One nomination.
    Nomination(Uuid),
    /// A unit, by materialised path, and with it its whole subtree.
    Unit(String),
}

/// The non-empty segments of a path: `/a/b/` gives `a`, `b`.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

/// Whether the unit at `path` is the unit at `outer` or lies in its subtree. An empty path
/// stands for the whole tree, so a reviewer whose unit is unknown conflicts with everything:
/// when in doubt, a reviewer stays away.
fn within(path: &str, outer: &str) -> bool {
    let mut inner = segments(path);
    segments(outer).all(|segment| inner.next() == Some(segment))
}

/// Whether `panelist` must not review `slot`: the reviewer's unit is the nominating unit, one
/// of its ancestors or one of its descendants, or the reviewer declared a conflict with the
/// nomination or with a unit whose subtree holds the nominating unit.
///
/// The tree's root is an ancestor of every unit, so a reviewer whose unit is the root
/// conflicts with every nomination.
#[must_use]
pub fn conflicts(
    panelist: &Panelist,
    slot: &NomineeSlot,
    declared: &[(Uuid, ConflictTarget)],
) -> bool {
    within(&slot.unit_path, &panelist.unit_path)
        || within(&panelist.unit_path, &slot.unit_path)
        || declared
            .iter()
            .filter(|(reviewer, _)| *reviewer == panelist.reviewer)
            .any(|(_, target)| match target {
                ConflictTarget::Nomination(nomination) => *nomination == slot.nomination,
                ConflictTarget::Unit(path) => within(&slot.unit_path, path),
            })
}

/// Whether the office may assign `panelist` to `slot` by hand.
///
/// # Errors
///
/// The catalogue key of the refusal: [`ERROR_CONFLICT`] when [`conflicts`] says so (checked
/// first, as the graver of the two), [`ERROR_DUPLICATE`] when the reviewer is already assigned.
pub fn check_manual(
    panelist: &Panelist,
    slot: &NomineeSlot,
    declared: &[(Uuid, ConflictTarget)],
) -> Result<(), &'static str> {
    if conflicts(panelist, slot, declared) {
        Err(ERROR_CONFLICT)
    } else if slot.already.contains(&panelist.reviewer) {
        Err(ERROR_DUPLICATE)
    } else {
        Ok(())
    }
}

/// A nomination that cannot get all its reviewers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Short {
    /// The nomination.
    pub nomination: Uuid,
    /// How many reviewers it still lacks after every eligible one was assigned.
    pub missing: usize,
}

/// What [`assign`] could do when some nominations lack eligible reviewers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    /// The best effort: every new assignment that could be made, as [`assign`] returns them.
    pub assigned: Vec<(Uuid, Uuid)>,
    /// The nominations left short, by nomination id.
    pub short: Vec<Short>,
}

impl fmt::Display for Shortfall {
    // English for the log; pages show `short` through the catalogue.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let missing: usize = self.short.iter().map(|s| s.missing).sum();
        write!(
            f,
            "{} nominations lack {missing} eligible reviewers in all",
            self.short.len()
        )
    }
}

impl std::error::Error for Shortfall {}

/// Completes the assignments of one category: new `(nomination, reviewer)` pairs, sorted by
/// nomination id then reviewer id.
///
/// `slots` and `panel` are keyed by id; an id repeated after its first entry is ignored. Each
/// nomination is brought to `per_nomination` distinct reviewers, counting its `already` list
/// (whose entries are kept as they are, even ones not on the panel).
///
/// What is guaranteed:
/// 1. **Safe.** No new pair is a conflict ([`conflicts`]), repeats a reviewer already on the
///    nomination, or appears twice.
/// 2. **As full as possible.** A nomination with fewer eligible reviewers (on the panel, not
///    conflicted, not already assigned) than it lacks gets all of them; it is then named in
///    [`Shortfall::short`] with the difference. Every other nomination reaches
///    `per_nomination`. Reviewers have no cap, so one nomination's shortage never causes
///    another's.
/// 3. **Balanced.** With final load = `load` + new assignments, no reassignment of new
///    assignments — moving one to another eligible reviewer, or a chain of such moves where
///    each reviewer passes one on and takes one — could take one assignment from a reviewer
///    and give it to one with at least two fewer. Equivalently the final loads have the least
///    possible sum of squares, and (the loads reachable here form an M-convex set; Frank and
///    Murota, "Discrete decreasing minimization", 2020) the largest load is as small as any
///    valid completion allows, then as few reviewers as possible carry it, and so on down.
///    In particular, the ±1 rule among those who could take more: a reviewer given a
///    nomination ends with at most one assignment more than any reviewer who could have
///    taken it instead. And when every panelist may take every nomination that still needs
///    reviewers, and all start with the same load, the final loads differ by at most one.
/// 4. **Deterministic.** The result depends only on the input as sets: panel and slots are
///    processed in id order, the nominations with the least room to spare first, and each
///    added reviewer is the least loaded one reachable, then the one needing the fewest moves,
///    then the lowest id.
///
/// It is a successive-shortest-path min-cost flow: each new seat goes to the least loaded
/// reviewer reachable through chains of moves, which keeps guarantee 3 after every step. Each
/// step searches every slot and reviewer once, so the work grows as
/// seats × nominations × panel size: fine for a category's tens or hundreds of nominations.
///
/// # Errors
///
/// A [`Shortfall`] with the best effort when some nomination cannot be completed.
pub fn assign(
    slots: &[NomineeSlot],
    panel: &[Panelist],
    declared: &[(Uuid, ConflictTarget)],
    per_nomination: usize,
) -> Result<Vec<(Uuid, Uuid)>, Shortfall> {
    // Sorting stably then dropping repeats keeps each id's first entry.
    let mut panel: Vec<&Panelist> = panel.iter().collect();
    panel.sort_by_key(|p| p.reviewer);
    panel.dedup_by_key(|p| p.reviewer);
    let mut slots: Vec<&NomineeSlot> = slots.iter().collect();
    slots.sort_by_key(|s| s.nomination);
    slots.dedup_by_key(|s| s.nomination);

    let mut plan = Plan {
        candidates: Vec::with_capacity(slots.len()),
        on: vec![vec![false; panel.len()]; slots.len()],
        held: vec![BTreeSet::new(); panel.len()],
        load: panel.iter().map(|p| p.load).collect(),
    };
    let mut needed = Vec::with_capacity(slots.len());
    for slot in &slots {
        let already: BTreeSet<Uuid> = slot.already.iter().copied().collect();
        needed.push(per_nomination.saturating_sub(already.len()));
        plan.candidates.push(
            panel
                .iter()
                .enumerate()
                .filter(|(_, p)| !already.contains(&p.reviewer) && !conflicts(p, slot, declared))
                .map(|(index, _)| index)
                .collect::<Vec<usize>>(),
        );
    }

    let target = |s: usize| needed[s].min(plan.candidates[s].len());
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|&s| {
        (
            plan.candidates[s].len() - target(s),
            plan.candidates[s].len(),
            s,
        )
    });
    let targets: Vec<usize> = (0..slots.len()).map(target).collect();
    for s in order {
        for _ in 0..targets[s] {
            // Never false while the slot has a candidate not yet on it, which `target` ensures;
            // should it be, the shortfall below reports the nomination rather than panicking.
            if !plan.augment(s) {
                break;
            }
        }
    }

    let mut assigned = Vec::new();
    let mut short = Vec::new();
    for (s, slot) in slots.iter().enumerate() {
        let mut added = 0;
        for (r, panelist) in panel.iter().enumerate() {
            if plan.on[s][r] {
                assigned.push((slot.nomination, panelist.reviewer));
                added += 1;
            }
        }
        if added < needed[s] {
            short.push(Short {
                nomination: slot.nomination,
                missing: needed[s] - added,
            });
        }
    }
    if short.is_empty() {
        Ok(assigned)
    } else {
        Err(Shortfall { assigned, short })
    }
}

/// The state of [`assign`], by position in its sorted slots and panel.
struct Plan {
    /// Per slot, the panelists who may take it (not conflicted, not already on it), ascending.
    candidates: Vec<Vec<usize>>,
    /// Per slot and panelist, whether this run assigned the panelist to the slot.
    on: Vec<Vec<bool>>,
    /// Per panelist, the slots this run assigned them to: the ones they could pass on.
    held: Vec<BTreeSet<usize>>,
    /// Per panelist, the current load.
    load: Vec<usize>,
}

impl Plan {
    /// Gives `start` one more reviewer: the least loaded one reachable, directly (a candidate
    /// not yet on it) or through a chain in which each reviewer takes a slot and passes on one
    /// they hold to the next. Only the chain's last reviewer gains load. Returns whether a
    /// reviewer was found.
    fn augment(&mut self, start: usize) -> bool {
        let floor = self.load.iter().copied().min().unwrap_or(0);
        // For each reached reviewer the slot they take; for each reached slot the reviewer who
        // passes it on (none for `start`).
        let mut takes: Vec<Option<usize>> = vec![None; self.load.len()];
        let mut passed_by: Vec<Option<usize>> = vec![None; self.on.len()];
        let mut reached = vec![false; self.on.len()];
        reached[start] = true;
        let mut best: Option<(usize, usize, usize)> = None;
        let mut queue = VecDeque::from([(start, 0)]);
        while let Some((slot, depth)) = queue.pop_front() {
            // Nobody deeper can beat a reviewer at the panel's lowest load found shallower.
            if best.is_some_and(|(load, at, _)| load == floor && at < depth) {
                break;
            }
            for &r in &self.candidates[slot] {
                if self.on[slot][r] || takes[r].is_some() {
                    continue;
                }
                takes[r] = Some(slot);
                let key = (self.load[r], depth, r);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
                for &next in &self.held[r] {
                    if !reached[next] {
                        reached[next] = true;
                        passed_by[next] = Some(r);
                        queue.push_back((next, depth + 1));
                    }
                }
            }
        }

        let Some((_, _, end)) = best else {
            return false;
        };
        self.load[end] += 1;
        let mut taker = end;
        while let Some(slot) = takes[taker] {
            self.on[slot][taker] = true;
            self.held[taker].insert(slot);
            let Some(giver) = passed_by[slot] else {
                break;
            };
            self.on[slot][giver] = false;
            self.held[giver].remove(&slot);
            taker = giver;
        }
        true
    }
}

#[cfg(test)]
mod tests;
