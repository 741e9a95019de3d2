//! The one place that says what may happen in which stage of a campaign, and until when.
//!
//! Every service asks [`check`] before it changes anything of a campaign, and every page asks
//! [`allows`] before it offers an action, so a page never shows a button the service would
//! refuse. A refusal names the stage the action belongs to, the stage the campaign is in and,
//! past a deadline, the day it closed. Dates bound an action within its stage; they never move
//! a campaign from one stage to the next (the office does, in [`super`]).

use serde::Serialize;
use time::Date;

use crate::{
    domain::stages::lifecycle::{Lifecycle, StageKind},
    entity::unit::UnitKind,
    error::{AppError, AppResult},
};

/// Something a person does to a campaign or its nominations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The office edits the campaign: title, categories, quotas, dates.
    EditCampaign,
    /// A unit writes, edits and submits nominations.
    Nominate,
    /// A street or district recommends or declines what is in its inbox.
    Recommend,
    /// The office marks eligible, returns for revision or rejects.
    Review,
    /// A unit revises and resubmits a nomination returned for revision.
    Resubmit,
    /// The office sets up evaluation: panels, rubrics, assignments; reviewers recuse.
    Evaluate,
    /// A reviewer saves or submits a score sheet.
    Score,
    /// The office reopens a submitted score sheet.
    ReopenSheet,
    /// The office fixes the shortlist from the ranking.
    Shortlist,
    /// The office sets the order of honorees within a category.
    OrderHonorees,
    /// The office composes and publishes the public notice.
    PublishNotice,
    /// Anyone files an objection within the notice's window.
    FileObjection,
    /// The office investigates and decides objections.
    DecideObjection,
    /// An agency answers on a candidate in the clearance stage (联审), until its last day.
    Clear,
    /// The office decides on a candidate an agency objected to.
    DecideClearance,
    /// A verified member of the public votes, within the voting window.
    Vote,
    /// The office decides on votes held as a suspicious burst.
    DecideVotes,
    /// The office withdraws a nominee after it was found eligible.
    Withdraw,
    /// The office confirms and publishes the final list.
    ConfirmFinalList,
    /// The office publishes a correction of the confirmed final list.
    CorrectFinalList,
}

/// Until when an action may happen within its stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bound {
    /// As long as the stage lasts.
    Stage,
    /// Until the recommendation stage's deadline of the acting level (none: submission).
    Level,
    /// Until the stage's last day, if it has one.
    LastDay,
    /// From the stage's first day to its last; not at all before both are set.
    Window,
}

impl Action {
    /// Every action, in the order of the lifecycle.
    pub const ALL: [Action; 20] = [
        Action::EditCampaign,
        Action::Nominate,
        Action::Recommend,
        Action::Review,
        Action::Resubmit,
        Action::Evaluate,
        Action::Score,
        Action::ReopenSheet,
        Action::Shortlist,
        Action::OrderHonorees,
        Action::PublishNotice,
        Action::FileObjection,
        Action::DecideObjection,
        Action::Clear,
        Action::DecideClearance,
        Action::Vote,
        Action::DecideVotes,
        Action::Withdraw,
        Action::ConfirmFinalList,
        Action::CorrectFinalList,
    ];

    /// The stages in which it may happen.
    #[must_use]
    pub fn stages(self) -> &'static [StageKind] {
        use StageKind as S;
        match self {
            Action::EditCampaign => &[
                S::Draft,
                S::Call,
                S::Recommendation,
                S::Review,
                S::Clearance,
                S::Evaluation,
                S::Voting,
                S::Shortlist,
                S::Notice,
            ],
            Action::Nominate | Action::Recommend => &[S::Recommendation],
            Action::Review | Action::Resubmit => &[S::Review],
            Action::Evaluate | Action::Score | Action::ReopenSheet => &[S::Evaluation],
            Action::Shortlist => &[S::Shortlist],
            Action::OrderHonorees => &[S::Shortlist, S::FinalList],
            Action::PublishNotice | Action::FileObjection => &[S::Notice],
            Action::DecideObjection => &[S::Notice, S::FinalList],
            Action::Clear | Action::DecideClearance => &[S::Clearance],
            Action::Vote => &[S::Voting],
            Action::DecideVotes => &[S::Voting, S::Shortlist],
            Action::Withdraw => &[
                S::Clearance,
                S::Evaluation,
                S::Voting,
                S::Shortlist,
                S::Notice,
                S::FinalList,
            ],
            Action::ConfirmFinalList => &[S::FinalList],
            Action::CorrectFinalList => &[S::FinalList, S::Archived],
        }
    }

    fn bound(self) -> Bound {
        match self {
            Action::Nominate | Action::Recommend => Bound::Level,
            Action::Review | Action::Resubmit | Action::Score | Action::Clear => Bound::LastDay,
            Action::FileObjection | Action::Vote => Bound::Window,
            _ => Bound::Stage,
        }
    }

    /// The name used in pages and the API (`nominate`, `score` …).
    #[must_use]
    pub fn name(self) -> String {
        crate::domain::name_of(&self)
    }
}

/// Why an action is refused now, if it is.
fn refusal(
    life: &Lifecycle,
    action: Action,
    level: Option<UnitKind>,
    today: Date,
) -> Option<AppError> {
    let allowed = action.stages();
    if !allowed.contains(&life.current) {
        let dates = life
            .current_stage()
            .map(|s| match (s.opens_on, s.closes_on) {
                (Some(first), Some(last)) => format!("{first} – {last}"),
                (None, Some(last)) => format!("– {last}"),
                (Some(first), None) => format!("{first} –"),
                (None, None) => "none".to_owned(),
            })
            .unwrap_or_else(|| "none".to_owned());
        return Some(AppError::Refused(
            "error-stage",
            vec![
                ("allowed", allowed[0].name().to_owned()),
                ("current", life.current.name().to_owned()),
                ("dates", dates),
            ],
        ));
    }
    let stage = life.current_stage()?;
    let past = |last: Option<Date>| {
        last.filter(|last| today > *last).map(|last| {
            AppError::Refused(
                "error-stage-deadline",
                vec![
                    ("stage", stage.kind.name().to_owned()),
                    ("closes", last.to_string()),
                ],
            )
        })
    };
    match action.bound() {
        Bound::Stage => None,
        Bound::Level => past(stage.deadlines.of(level).or(stage.closes_on)),
        Bound::LastDay => past(stage.closes_on),
        Bound::Window => match (stage.opens_on, stage.closes_on) {
            (Some(first), Some(last)) if first <= today && today <= last => None,
            (first, last) => Some(AppError::Refused(
                if stage.kind == StageKind::Voting {
                    "error-vote-window"
                } else {
                    "error-stage-window"
                },
                vec![
                    ("stage", stage.kind.name().to_owned()),
                    ("opens", first.map(|d| d.to_string()).unwrap_or_default()),
                    ("closes", last.map(|d| d.to_string()).unwrap_or_default()),
                ],
            )),
        },
    }
}

/// Whether `action` may happen now. `level` is the recommending level acting (a street or a
/// district), or none for the nominating unit; other actions ignore it.
#[must_use]
pub fn allows(life: &Lifecycle, action: Action, level: Option<UnitKind>, today: Date) -> bool {
    refusal(life, action, level, today).is_none()
}

/// [`allows`], as the refusal a person reads.
///
/// # Errors
/// `error-stage` (the action's stage and the campaign's, with its dates), `error-stage-deadline`
/// (the day it closed) or `error-stage-window` (the window's days).
pub fn check(
    life: &Lifecycle,
    action: Action,
    level: Option<UnitKind>,
    today: Date,
) -> AppResult<()> {
    refusal(life, action, level, today).map_or(Ok(()), Err)
}

/// [`check`] for an action bounded by its stage alone (every action but nominating,
/// recommending, review, resubmission, scoring and objections, which have dates): it needs no
/// date.
///
/// # Errors
/// `error-stage`; [`AppError::Internal`] for an action with dates (a defect of the caller).
pub fn check_stage(life: &Lifecycle, action: Action) -> AppResult<()> {
    if action.bound() != Bound::Stage {
        return Err(AppError::Internal(format!("{action:?} needs a date")));
    }
    refusal(life, action, None, Date::MIN).map_or(Ok(()), Err)
}

/// What the caller's page may offer: each action's name and whether it is allowed now.
#[must_use]
pub fn offers(
    life: &Lifecycle,
    level: Option<UnitKind>,
    today: Date,
) -> std::collections::BTreeMap<String, bool> {
    Action::ALL
        .iter()
        .map(|a| (a.name(), allows(life, *a, level, today)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stages::lifecycle::{Deadlines, STANDARD, Stage};
    use time::macros::date;

    fn life(current: StageKind) -> Lifecycle {
        Lifecycle {
            current,
            stages: STANDARD
                .iter()
                .map(|kind| Stage {
                    voting: None,
                    kind: *kind,
                    opens_on: match kind {
                        StageKind::Notice => Some(date!(2022 - 12 - 05)),
                        _ => None,
                    },
                    closes_on: match kind {
                        StageKind::Recommendation => Some(date!(2022 - 11 - 25)),
                        StageKind::Review => Some(date!(2022 - 11 - 30)),
                        StageKind::Notice => Some(date!(2022 - 12 - 09)),
                        _ => None,
                    },
                    deadlines: if *kind == StageKind::Recommendation {
                        Deadlines {
                            submit: Some(date!(2022 - 11 - 20)),
                            street: Some(date!(2022 - 11 - 23)),
                            district: Some(date!(2022 - 11 - 25)),
                            city: None,
                        }
                    } else {
                        Deadlines::default()
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn every_action_is_allowed_in_its_stages_and_refused_in_every_other() {
        let day = date!(2022 - 11 - 01);
        let stages = std::iter::once(StageKind::Draft).chain(STANDARD);
        for stage in stages {
            let now = life(stage);
            // Objections also need the notice's window: their own test below.
            for action in Action::ALL
                .into_iter()
                .filter(|a| *a != Action::FileObjection)
            {
                assert_eq!(
                    allows(&now, action, Some(UnitKind::Street), day),
                    action.stages().contains(&stage),
                    "{action:?} in {stage:?}"
                );
            }
        }
    }

    #[test]
    fn each_level_has_its_own_deadline() {
        let now = life(StageKind::Recommendation);
        let (submit_last, street_last) = (date!(2022 - 11 - 20), date!(2022 - 11 - 23));
        assert!(allows(&now, Action::Nominate, None, submit_last));
        assert!(!allows(
            &now,
            Action::Nominate,
            None,
            submit_last.next_day().unwrap()
        ));
        assert!(allows(
            &now,
            Action::Recommend,
            Some(UnitKind::Street),
            street_last
        ));
        assert!(!allows(
            &now,
            Action::Recommend,
            Some(UnitKind::Street),
            street_last.next_day().unwrap()
        ));
        assert!(allows(
            &now,
            Action::Recommend,
            Some(UnitKind::District),
            date!(2022 - 11 - 25)
        ));
        match check(&now, Action::Nominate, None, date!(2022 - 11 - 21)) {
            Err(AppError::Refused(key, args)) => {
                assert_eq!(key, "error-stage-deadline");
                assert!(args.contains(&("closes", "2022-11-20".to_owned())));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refusal_names_the_actions_stage_and_the_campaigns() {
        let now = life(StageKind::Notice);
        match check(&now, Action::Score, None, date!(2022 - 12 - 06)) {
            Err(AppError::Refused(key, args)) => {
                assert_eq!(key, "error-stage");
                assert!(args.contains(&("allowed", "evaluation".to_owned())));
                assert!(args.contains(&("current", "notice".to_owned())));
                assert!(args.contains(&("dates", "2022-12-05 – 2022-12-09".to_owned())));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn objections_are_taken_only_within_the_notice_window() {
        let now = life(StageKind::Notice);
        assert!(!allows(
            &now,
            Action::FileObjection,
            None,
            date!(2022 - 12 - 04)
        ));
        assert!(allows(
            &now,
            Action::FileObjection,
            None,
            date!(2022 - 12 - 05)
        ));
        assert!(allows(
            &now,
            Action::FileObjection,
            None,
            date!(2022 - 12 - 09)
        ));
        assert!(!allows(
            &now,
            Action::FileObjection,
            None,
            date!(2022 - 12 - 10)
        ));
        assert!(!allows(
            &life(StageKind::FinalList),
            Action::FileObjection,
            None,
            date!(2022 - 12 - 06)
        ));
        let mut unpublished = life(StageKind::Notice);
        unpublished.stages[5].closes_on = None;
        assert!(!allows(
            &unpublished,
            Action::FileObjection,
            None,
            date!(2022 - 12 - 06)
        ));
    }

    #[test]
    fn nothing_but_a_correction_happens_once_archived() {
        let now = life(StageKind::Archived);
        let day = date!(2023 - 01 - 01);
        let allowed: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| allows(&now, *a, None, day))
            .collect();
        assert_eq!(allowed, vec![Action::CorrectFinalList]);
    }
}
