//! THE nomination state machine, from the first draft to the honor roll: which transitions
//! exist, who may make each, from which states, and which action of the campaign's stage it
//! is (so [`gate`] decides when). Pure rules, no database: [`apply`] is the one place that
//! writes a nomination's status, and nothing else does.
//!
//! draft → pending (at each recommending level) → at the office → eligible | returned |
//! rejected → assessed (every reviewer has scored) → shortlisted → on notice → honoree, or
//! withdrawn (with the reason and the stage it left).
//!
//! The recommendation chain of a nomination is computed from the unit tree: starting at the
//! nominating unit, each next level is the nearest ancestor whose kind the campaign lists as
//! recommending and that ranks above the current one; past the last level it reaches the
//! office (the root unit, never a level itself). A department ranks with districts, so its
//! nominations go straight to the office, or to its city in a provincial campaign whose cities
//! recommend.

pub mod apply;

use serde::Serialize;
use uuid::Uuid;

use crate::entity::{campaign, nomination::NominationStatus, unit::UnitKind};

pub use crate::domain::stages::gate::Action;

/// A change of a nomination's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// The nominating unit sends its draft (or a declined one, revised) upward.
    Submit,
    /// The nominating unit sends a nomination returned for revision back to the office.
    Resubmit,
    /// The level holding it recommends it to the next level (or the office).
    Recommend,
    /// The level holding it declines it, back to the level below, with a reason.
    Decline,
    /// The office finds it eligible.
    MarkEligible,
    /// The office returns it to the nominating unit for revision, with a reason.
    ReturnForRevision,
    /// The office rejects it, with a reason.
    Reject,
    /// Its last assigned reviewer submits a score sheet: every seat is scored.
    Assess,
    /// A sheet of it is reopened: it waits for scores again.
    Unassess,
    /// The office puts it on the shortlist.
    Shortlist,
    /// The office takes it off the shortlist it is fixing again.
    Unshortlist,
    /// The office publishes the notice listing it.
    PutOnNotice,
    /// The office withdraws it after it was found eligible (an upheld objection, the nominee
    /// declines …), with a reason.
    Withdraw,
    /// The office confirms the final list holding it.
    Confirm,
    /// A correction of the confirmed final list takes it off, with a reason.
    Revoke,
}

/// Every transition, in the order of the lifecycle (and of the buttons pages offer).
pub const ALL: [Transition; 15] = [
    Transition::Submit,
    Transition::Resubmit,
    Transition::Recommend,
    Transition::Decline,
    Transition::MarkEligible,
    Transition::ReturnForRevision,
    Transition::Reject,
    Transition::Assess,
    Transition::Unassess,
    Transition::Shortlist,
    Transition::Unshortlist,
    Transition::PutOnNotice,
    Transition::Withdraw,
    Transition::Confirm,
    Transition::Revoke,
];

/// Who may make a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// A recommender of the nominating unit.
    Nominator,
    /// A recommender of the unit whose inbox holds the nomination.
    Holder,
    /// The office, asking for this transition by name.
    Office,
    /// A service, as the consequence of another act (a submitted score sheet, a fixed
    /// shortlist, a published notice, a confirmed or corrected final list); never asked for
    /// by name.
    Service,
}

/// The rule of one transition.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The states it starts from.
    pub from: &'static [NominationStatus],
    /// Who makes it.
    pub by: Party,
    /// Which act of the campaign's stage it is: the stage and dates it needs.
    pub action: Action,
    /// Whether a written reason is required.
    pub needs_reason: bool,
}

/// The states in which a nomination is in evaluation: its assignments count and it ranks.
pub const IN_EVALUATION: [NominationStatus; 2] =
    [NominationStatus::Eligible, NominationStatus::Assessed];

/// The rule of a transition: the one table of the state machine.
#[must_use]
pub fn rule(transition: Transition) -> Rule {
    use NominationStatus as S;
    let rule = |from, by, action, needs_reason| Rule {
        from,
        by,
        action,
        needs_reason,
    };
    match transition {
        Transition::Submit => rule(
            &[S::Draft, S::Declined],
            Party::Nominator,
            Action::Nominate,
            false,
        ),
        Transition::Resubmit => rule(&[S::Returned], Party::Nominator, Action::Resubmit, false),
        Transition::Recommend => rule(&[S::Pending], Party::Holder, Action::Recommend, false),
        Transition::Decline => rule(&[S::Pending], Party::Holder, Action::Recommend, true),
        Transition::MarkEligible => rule(&[S::AtOffice], Party::Office, Action::Review, false),
        Transition::ReturnForRevision => rule(
            &[S::AtOffice, S::Eligible],
            Party::Office,
            Action::Review,
            true,
        ),
        Transition::Reject => rule(
            &[S::AtOffice, S::Eligible, S::Returned],
            Party::Office,
            Action::Review,
            true,
        ),
        Transition::Assess => rule(&[S::Eligible], Party::Service, Action::Score, false),
        Transition::Unassess => rule(&[S::Assessed], Party::Service, Action::Evaluate, false),
        Transition::Shortlist => rule(&[S::Assessed], Party::Service, Action::Shortlist, false),
        Transition::Unshortlist => {
            rule(&[S::Shortlisted], Party::Service, Action::Shortlist, false)
        }
        Transition::PutOnNotice => rule(
            &[S::Shortlisted],
            Party::Service,
            Action::PublishNotice,
            false,
        ),
        Transition::Withdraw => rule(
            &[S::Eligible, S::Assessed, S::Shortlisted, S::OnNotice],
            Party::Office,
            Action::Withdraw,
            true,
        ),
        Transition::Confirm => rule(
            &[S::OnNotice],
            Party::Service,
            Action::ConfirmFinalList,
            false,
        ),
        Transition::Revoke => rule(
            &[S::Honoree],
            Party::Service,
            Action::CorrectFinalList,
            true,
        ),
    }
}

/// Where a transition that does not depend on the chain takes a nomination.
#[must_use]
pub fn fixed_target(transition: Transition) -> Option<NominationStatus> {
    use NominationStatus as S;
    Some(match transition {
        Transition::Submit | Transition::Recommend | Transition::Decline => return None,
        Transition::Resubmit => S::AtOffice,
        Transition::MarkEligible | Transition::Unassess => S::Eligible,
        Transition::ReturnForRevision => S::Returned,
        Transition::Reject => S::Rejected,
        Transition::Assess | Transition::Unshortlist => S::Assessed,
        Transition::Shortlist => S::Shortlisted,
        Transition::PutOnNotice => S::OnNotice,
        Transition::Withdraw | Transition::Revoke => S::Withdrawn,
        Transition::Confirm => S::Honoree,
    })
}

impl Transition {
    /// The name used in URLs, forms, the API and the history (`submit`, `recommend` …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Resubmit => "resubmit",
            Transition::Recommend => "recommend",
            Transition::Decline => "decline",
            Transition::MarkEligible => "mark_eligible",
            Transition::ReturnForRevision => "return_for_revision",
            Transition::Reject => "reject",
            Transition::Assess => "assess",
            Transition::Unassess => "unassess",
            Transition::Shortlist => "shortlist",
            Transition::Unshortlist => "unshortlist",
            Transition::PutOnNotice => "put_on_notice",
            Transition::Withdraw => "withdraw",
            Transition::Confirm => "confirm",
            Transition::Revoke => "revoke",
        }
    }

    /// Parses [`Transition::name`] of a transition a person may ask for by name (never one a
    /// service makes).
    #[must_use]
    pub fn parse(name: &str) -> Option<Transition> {
        ALL.into_iter()
            .find(|t| t.name() == name && rule(*t).by != Party::Service)
    }
}

/// States from which the nominating unit may edit the content.
pub const EDITABLE: [NominationStatus; 3] = [
    NominationStatus::Draft,
    NominationStatus::Declined,
    NominationStatus::Returned,
];

/// States in which a nomination occupies the quota of every unit it has passed on its way up:
/// all but a draft, a declined, a rejected and a withdrawn one.
pub const OCCUPYING: [NominationStatus; 8] = [
    NominationStatus::Pending,
    NominationStatus::AtOffice,
    NominationStatus::Eligible,
    NominationStatus::Returned,
    NominationStatus::Assessed,
    NominationStatus::Shortlisted,
    NominationStatus::OnNotice,
    NominationStatus::Honoree,
];

/// Where a unit ranks in the chain: a level only passes nominations to a higher rank.
#[must_use]
pub fn rank(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::Community => 0,
        UnitKind::Street => 1,
        UnitKind::District | UnitKind::Department => 2,
        UnitKind::City | UnitKind::Agency => 3,
        UnitKind::Province => 4,
    }
}

/// The recommending levels of a campaign (default: streets, then districts; a provincial
/// campaign may add the cities).
#[must_use]
pub fn levels(campaign: &campaign::Model) -> Vec<UnitKind> {
    let text = campaign
        .recommend_levels
        .as_deref()
        .unwrap_or("street,district");
    text.split(',')
        .filter_map(|kind| match kind.trim() {
            "street" => Some(UnitKind::Street),
            "district" => Some(UnitKind::District),
            "city" => Some(UnitKind::City),
            _ => None,
        })
        .collect()
}

/// The recommending units above a nominating unit, nearest first. `lineage` is the nominating
/// unit's ancestors from the root down to the unit itself. The root is the office, never a
/// level of its own (a city deployment listing cities recommends nothing at its root).
#[must_use]
pub fn chain(lineage: &[(Uuid, UnitKind)], levels: &[UnitKind]) -> Vec<Uuid> {
    let Some(((_, own_kind), above)) = lineage.split_last() else {
        return Vec::new();
    };
    let mut current = rank(*own_kind);
    let mut found = Vec::new();
    for (id, kind) in above.iter().skip(1).rev() {
        if levels.contains(kind) && rank(*kind) > current {
            found.push(*id);
            current = rank(*kind);
        }
    }
    found
}

/// The level after `current` (none: the nominating unit); `None` means the office.
#[must_use]
pub fn next_level(chain: &[Uuid], current: Option<Uuid>) -> Option<Uuid> {
    match current {
        None => chain.first().copied(),
        Some(unit) => {
            let position = chain.iter().position(|u| *u == unit)?;
            chain.get(position + 1).copied()
        }
    }
}

/// The level below `current`; `None` means the nominating unit.
#[must_use]
pub fn level_below(chain: &[Uuid], current: Uuid) -> Option<Uuid> {
    let position = chain.iter().position(|u| *u == current)?;
    position.checked_sub(1).map(|below| chain[below])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn lineage_of_community() -> Vec<(Uuid, UnitKind)> {
        vec![
            (id(1), UnitKind::City),
            (id(2), UnitKind::District),
            (id(3), UnitKind::Street),
            (id(4), UnitKind::Community),
        ]
    }

    #[test]
    fn a_community_nomination_climbs_street_then_district_then_the_office() {
        let chain = chain(
            &lineage_of_community(),
            &[UnitKind::Street, UnitKind::District],
        );
        assert_eq!(chain, vec![id(3), id(2)]);
        assert_eq!(next_level(&chain, None), Some(id(3)));
        assert_eq!(next_level(&chain, Some(id(3))), Some(id(2)));
        assert_eq!(next_level(&chain, Some(id(2))), None);
        assert_eq!(level_below(&chain, id(2)), Some(id(3)));
        assert_eq!(level_below(&chain, id(3)), None);
    }

    #[test]
    fn a_campaign_without_streets_skips_them() {
        let chain = chain(&lineage_of_community(), &[UnitKind::District]);
        assert_eq!(chain, vec![id(2)]);
    }

    #[test]
    fn a_department_goes_straight_to_the_office() {
        let lineage = vec![
            (id(1), UnitKind::City),
            (id(2), UnitKind::District),
            (id(5), UnitKind::Department),
        ];
        assert!(chain(&lineage, &[UnitKind::Street, UnitKind::District]).is_empty());
    }

    #[test]
    fn in_a_province_a_community_nomination_climbs_to_its_city_then_the_office() {
        let mut lineage = vec![(id(9), UnitKind::Province)];
        lineage.extend(lineage_of_community());
        let levels = [UnitKind::Street, UnitKind::District, UnitKind::City];
        let chain = chain(&lineage, &levels);
        assert_eq!(chain, vec![id(3), id(2), id(1)]);
        assert_eq!(next_level(&chain, Some(id(1))), None);
        // A city department ranks with the districts: its city recommends it.
        let department = vec![
            (id(9), UnitKind::Province),
            (id(1), UnitKind::City),
            (id(5), UnitKind::Department),
        ];
        assert_eq!(super::chain(&department, &levels), vec![id(1)]);
    }

    #[test]
    fn the_root_is_the_office_never_a_level() {
        // A city deployment whose campaign lists cities: the city at the root is the office.
        let levels = [UnitKind::Street, UnitKind::District, UnitKind::City];
        assert_eq!(chain(&lineage_of_community(), &levels), vec![id(3), id(2)]);
        assert!(chain(&[(id(1), UnitKind::City)], &levels).is_empty());
    }

    #[test]
    fn a_street_nominating_itself_goes_to_its_district() {
        let lineage = vec![
            (id(1), UnitKind::City),
            (id(2), UnitKind::District),
            (id(3), UnitKind::Street),
        ];
        assert_eq!(
            chain(&lineage, &[UnitKind::Street, UnitKind::District]),
            vec![id(2)]
        );
    }

    #[test]
    fn every_state_reaches_the_honor_roll_or_ends_by_one_path() {
        use NominationStatus as S;
        use Transition as T;
        // The path of a nomination that becomes an honoree, each step from the state before.
        let path = [
            (T::Submit, S::Draft),
            (T::Recommend, S::Pending),
            (T::MarkEligible, S::AtOffice),
            (T::Assess, S::Eligible),
            (T::Shortlist, S::Assessed),
            (T::PutOnNotice, S::Shortlisted),
            (T::Confirm, S::OnNotice),
        ];
        for (transition, from) in path {
            assert!(rule(transition).from.contains(&from), "{transition:?}");
        }
        assert_eq!(fixed_target(T::Confirm), Some(S::Honoree));
        // Final states: nothing leaves a rejected or withdrawn nomination; an honoree leaves
        // only by a correction of the final list.
        for transition in ALL {
            let from = rule(transition).from;
            assert!(!from.contains(&S::Rejected) && !from.contains(&S::Withdrawn));
            assert_eq!(from.contains(&S::Honoree), transition == T::Revoke);
        }
        // Every state after eligible can be withdrawn with a reason, up to the notice.
        let withdraw = rule(T::Withdraw);
        assert!(withdraw.needs_reason);
        for state in [S::Eligible, S::Assessed, S::Shortlisted, S::OnNotice] {
            assert!(withdraw.from.contains(&state));
        }
    }

    #[test]
    fn a_service_transition_cannot_be_asked_for_by_name() {
        for transition in ALL {
            let by_service = rule(transition).by == Party::Service;
            assert_eq!(
                Transition::parse(transition.name()).is_none(),
                by_service,
                "{transition:?}"
            );
            assert_eq!(
                fixed_target(transition).is_none(),
                matches!(
                    transition,
                    Transition::Submit | Transition::Recommend | Transition::Decline
                )
            );
        }
        assert_eq!(Transition::parse("confirm"), None);
        assert_eq!(Transition::parse("withdraw"), Some(Transition::Withdraw));
    }

    #[test]
    fn each_transition_belongs_to_one_stage_action() {
        use crate::entity::campaign_stage::StageKind as K;
        let stage_of = |t: Transition| rule(t).action.stages();
        assert_eq!(stage_of(Transition::Submit), &[K::Recommendation]);
        assert_eq!(stage_of(Transition::Recommend), &[K::Recommendation]);
        assert_eq!(stage_of(Transition::MarkEligible), &[K::Review]);
        assert_eq!(stage_of(Transition::Reject), &[K::Review]);
        assert_eq!(stage_of(Transition::Assess), &[K::Evaluation]);
        assert_eq!(stage_of(Transition::Shortlist), &[K::Shortlist]);
        assert_eq!(stage_of(Transition::PutOnNotice), &[K::Notice]);
        assert_eq!(stage_of(Transition::Confirm), &[K::FinalList]);
        assert!(!stage_of(Transition::Withdraw).contains(&K::Archived));
    }

    #[test]
    fn only_the_listed_states_start_each_transition() {
        use NominationStatus as S;
        assert!(rule(Transition::Submit).from.contains(&S::Declined));
        assert!(!rule(Transition::Recommend).from.contains(&S::Draft));
        assert!(!rule(Transition::MarkEligible).from.contains(&S::Rejected));
        for transition in ALL {
            assert!(
                !rule(transition).from.contains(&S::Rejected),
                "{transition:?} from a rejected nomination"
            );
        }
        assert!(
            rule(Transition::Decline).needs_reason
                && rule(Transition::Reject).needs_reason
                && rule(Transition::ReturnForRevision).needs_reason
                && rule(Transition::Withdraw).needs_reason
                && rule(Transition::Revoke).needs_reason
        );
        assert!(!rule(Transition::Recommend).needs_reason);
    }
}
