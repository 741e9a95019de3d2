//! THE nomination state machine (层层推荐 layer-by-layer recommendation, 严格审核 strict
//! review): which transitions exist, who may make each, from which states, in which window of
//! the campaign's timeline. Pure rules, no database: `domain::review` applies them, and nothing
//! else changes a nomination's status.
//!
//! The recommendation chain of a nomination is computed from the unit tree: starting at the
//! nominating unit, each next level is the nearest ancestor whose kind the campaign lists as
//! recommending and that ranks above the current one; past the last level it reaches the
//! office. A department ranks with districts, so its nominations go straight to the office.

use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::entity::{
    campaign::{self, CampaignStatus},
    nomination::NominationStatus,
    unit::UnitKind,
};

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
}

/// Every transition, in the order the pages offer them.
pub const ALL: [Transition; 7] = [
    Transition::Submit,
    Transition::Resubmit,
    Transition::Recommend,
    Transition::Decline,
    Transition::MarkEligible,
    Transition::ReturnForRevision,
    Transition::Reject,
];

/// Who may make a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// A recommender of the nominating unit.
    Nominator,
    /// A recommender of the unit whose inbox holds the nomination.
    Holder,
    /// The office.
    Office,
}

/// Which dates of the campaign bound a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// From nominations opening to nominations closing.
    Nomination,
    /// From nominations opening to the recommendation deadline.
    Recommendation,
    /// From nominations opening to the end of review.
    OfficeReview,
}

/// The rule of one transition.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The states it starts from.
    pub from: &'static [NominationStatus],
    /// Who makes it.
    pub by: Party,
    /// When.
    pub window: Window,
    /// Whether a written reason is required.
    pub needs_reason: bool,
}

/// The rule of a transition: the one table of the state machine.
#[must_use]
pub fn rule(transition: Transition) -> Rule {
    use NominationStatus as S;
    match transition {
        Transition::Submit => Rule {
            from: &[S::Draft, S::Declined],
            by: Party::Nominator,
            window: Window::Nomination,
            needs_reason: false,
        },
        Transition::Resubmit => Rule {
            from: &[S::Returned],
            by: Party::Nominator,
            window: Window::OfficeReview,
            needs_reason: false,
        },
        Transition::Recommend => Rule {
            from: &[S::Pending],
            by: Party::Holder,
            window: Window::Recommendation,
            needs_reason: false,
        },
        Transition::Decline => Rule {
            from: &[S::Pending],
            by: Party::Holder,
            window: Window::Recommendation,
            needs_reason: true,
        },
        Transition::MarkEligible => Rule {
            from: &[S::AtOffice],
            by: Party::Office,
            window: Window::OfficeReview,
            needs_reason: false,
        },
        Transition::ReturnForRevision => Rule {
            from: &[S::AtOffice, S::Eligible],
            by: Party::Office,
            window: Window::OfficeReview,
            needs_reason: true,
        },
        Transition::Reject => Rule {
            from: &[S::AtOffice, S::Eligible, S::Returned],
            by: Party::Office,
            window: Window::OfficeReview,
            needs_reason: true,
        },
    }
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
        }
    }

    /// Parses [`Transition::name`].
    #[must_use]
    pub fn parse(name: &str) -> Option<Transition> {
        ALL.into_iter().find(|t| t.name() == name)
    }
}

/// States from which the nominating unit may edit the content.
pub const EDITABLE: [NominationStatus; 3] = [
    NominationStatus::Draft,
    NominationStatus::Declined,
    NominationStatus::Returned,
];

/// States in which a nomination occupies the quota of every unit it has passed on its way up.
pub const OCCUPYING: [NominationStatus; 4] = [
    NominationStatus::Pending,
    NominationStatus::AtOffice,
    NominationStatus::Eligible,
    NominationStatus::Returned,
];

/// Where a unit ranks in the chain: a level only passes nominations to a higher rank.
#[must_use]
pub fn rank(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::Community => 0,
        UnitKind::Street => 1,
        UnitKind::District | UnitKind::Department => 2,
        UnitKind::City => 3,
    }
}

/// The recommending levels of a campaign (default: streets, then districts).
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
            _ => None,
        })
        .collect()
}

/// The recommending units above a nominating unit, nearest first. `lineage` is the nominating
/// unit's ancestors from the root down to the unit itself.
#[must_use]
pub fn chain(lineage: &[(Uuid, UnitKind)], levels: &[UnitKind]) -> Vec<Uuid> {
    let Some((_, own_kind)) = lineage.last() else {
        return Vec::new();
    };
    let mut current = rank(*own_kind);
    let mut found = Vec::new();
    for (id, kind) in lineage.iter().rev().skip(1) {
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

/// The first and last day of a window, for messages and checks.
#[must_use]
pub fn window_dates(campaign: &campaign::Model, window: Window) -> (Date, Date) {
    let last = match window {
        Window::Nomination => campaign.nomination_closes_on,
        Window::Recommendation => campaign
            .recommend_closes_on
            .unwrap_or(campaign.review_closes_on),
        Window::OfficeReview => campaign.review_closes_on,
    };
    (campaign.nomination_opens_on, last)
}

/// Whether the campaign's stage allows a transition on `today`.
#[must_use]
pub fn in_window(campaign: &campaign::Model, transition: Transition, today: Date) -> bool {
    let stage_ok = match transition {
        Transition::Submit => campaign.status == CampaignStatus::Open,
        _ => campaign.status != CampaignStatus::Draft,
    };
    let (first, last) = window_dates(campaign, rule(transition).window);
    stage_ok && first <= today && today <= last
}

/// [`in_window`], as the refusal a user reads: the window's first and last day.
///
/// # Errors
/// `error-window-closed` with the dates when the transition is outside its window.
pub fn check_window(
    campaign: &campaign::Model,
    transition: Transition,
    today: Date,
) -> crate::error::AppResult<()> {
    if in_window(campaign, transition, today) {
        return Ok(());
    }
    let (first, last) = window_dates(campaign, rule(transition).window);
    Err(crate::error::AppError::Refused(
        "error-window-closed",
        vec![("opens", first.to_string()), ("closes", last.to_string())],
    ))
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

    fn campaign(status: CampaignStatus) -> campaign::Model {
        let at = time::OffsetDateTime::UNIX_EPOCH;
        campaign::Model {
            id: Uuid::nil(),
            title: String::new(),
            year: 2022,
            organizer: String::new(),
            description: String::new(),
            status,
            nomination_opens_on: time::macros::date!(2022 - 11 - 01),
            nomination_closes_on: time::macros::date!(2022 - 11 - 20),
            review_closes_on: time::macros::date!(2022 - 11 - 30),
            notice_starts_on: time::macros::date!(2022 - 12 - 05),
            announced_on: time::macros::date!(2022 - 12 - 15),
            recommend_levels: None,
            recommend_closes_on: Some(time::macros::date!(2022 - 11 - 25)),
            aggregation: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn each_window_opens_with_nominations_and_closes_on_its_own_day() {
        use time::macros::date;
        let open = campaign(CampaignStatus::Open);
        assert!(in_window(&open, Transition::Submit, date!(2022 - 11 - 20)));
        assert!(!in_window(&open, Transition::Submit, date!(2022 - 11 - 21)));
        assert!(in_window(
            &open,
            Transition::Recommend,
            date!(2022 - 11 - 25)
        ));
        assert!(!in_window(
            &open,
            Transition::Recommend,
            date!(2022 - 11 - 26)
        ));
        assert!(in_window(
            &open,
            Transition::MarkEligible,
            date!(2022 - 11 - 30)
        ));
        assert!(!in_window(
            &open,
            Transition::MarkEligible,
            date!(2022 - 12 - 01)
        ));
        assert!(!in_window(
            &open,
            Transition::Recommend,
            date!(2022 - 10 - 31)
        ));
    }

    #[test]
    fn a_campaign_stage_bounds_the_transitions() {
        use time::macros::date;
        let day = date!(2022 - 11 - 15);
        // A draft campaign takes nothing; a closed one takes no new submissions but the
        // recommendations and review of what was submitted go on.
        assert!(
            ALL.iter()
                .all(|t| !in_window(&campaign(CampaignStatus::Draft), *t, day))
        );
        let closed = campaign(CampaignStatus::Closed);
        assert!(!in_window(&closed, Transition::Submit, day));
        assert!(
            in_window(&closed, Transition::Recommend, day)
                && in_window(&closed, Transition::MarkEligible, day)
        );
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
            assert_eq!(Transition::parse(transition.name()), Some(transition));
        }
        assert!(
            rule(Transition::Decline).needs_reason
                && rule(Transition::Reject).needs_reason
                && rule(Transition::ReturnForRevision).needs_reason
        );
        assert!(!rule(Transition::Recommend).needs_reason);
    }
}
