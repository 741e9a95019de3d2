//! A campaign's lifecycle as a value: its stages in order, their dates and where it stands.
//! Pure: `domain::stages` loads it, `domain::stages::gate` asks it what is allowed, pages
//! show it as the stage bar.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::entity::{campaign_stage, nomination::NominationStatus, unit::UnitKind};

pub use crate::entity::campaign_stage::StageKind;

/// The stages every campaign has, in order, unless its template says otherwise.
pub const STANDARD: [StageKind; 8] = [
    StageKind::Call,
    StageKind::Recommendation,
    StageKind::Review,
    StageKind::Evaluation,
    StageKind::Shortlist,
    StageKind::Notice,
    StageKind::FinalList,
    StageKind::Archived,
];

impl StageKind {
    /// The name used in URLs, forms, the API and catalogue keys (`stage-<name>`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            StageKind::Draft => "draft",
            StageKind::Call => "call",
            StageKind::Recommendation => "recommendation",
            StageKind::Review => "review",
            StageKind::Clearance => "clearance",
            StageKind::Voting => "voting",
            StageKind::Evaluation => "evaluation",
            StageKind::Shortlist => "shortlist",
            StageKind::Notice => "notice",
            StageKind::FinalList => "final_list",
            StageKind::Archived => "archived",
        }
    }

    /// Whether the public may see a campaign in this stage (all but a draft).
    #[must_use]
    pub fn is_public(self) -> bool {
        self != StageKind::Draft
    }

    /// Whether a campaign in this stage is finished.
    #[must_use]
    pub fn is_finished(self) -> bool {
        self == StageKind::Archived
    }
}

/// The recommendation stage's last day for each level: the nominating units' submissions,
/// the streets', the districts' and (in a provincial campaign) the cities' recommendations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Last day a nominating unit submits.
    pub submit: Option<Date>,
    /// Last day a street recommends or declines.
    pub street: Option<Date>,
    /// Last day a district recommends or declines.
    pub district: Option<Date>,
    /// Last day a city recommends or declines (a provincial campaign listing cities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Date>,
}

impl Deadlines {
    /// The deadline of a recommending level, or of submission (`None`).
    #[must_use]
    pub fn of(&self, level: Option<UnitKind>) -> Option<Date> {
        match level {
            None => self.submit,
            Some(UnitKind::Street) => self.street,
            Some(UnitKind::City) => self.city,
            Some(_) => self.district,
        }
    }

    /// The last of them.
    #[must_use]
    pub fn last(&self) -> Option<Date> {
        [self.submit, self.street, self.district, self.city]
            .into_iter()
            .flatten()
            .max()
    }
}

/// The rules of a campaign's public voting (its stage's days are the window).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingRules {
    /// Votes one person may cast a day in each category.
    pub votes_per_day: i32,
    /// Whether those votes may go to several candidates (one vote each a day); otherwise a
    /// person supports one candidate in a category for the whole window.
    pub several: bool,
    /// Whether the running totals are shown to the public.
    pub show_totals: bool,
}

/// What only some kinds of stage keep, stored as JSON in `campaign_stages.settings`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The recommendation stage's deadline per level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<Deadlines>,
    /// The voting stage's rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voting: Option<VotingRules>,
}

impl Settings {
    /// Parses stored settings; what cannot be read counts as none (the dates then fall back
    /// to the stage's own).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// The stored text.
    #[must_use]
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

/// Where a stage stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageState {
    /// The campaign has not reached it.
    NotStarted,
    /// The campaign is in it and its deadline (if any) has not passed.
    Open,
    /// The campaign is in it but its deadline has passed: its actions are refused until the
    /// office moves on (or extends the deadline).
    Closed,
    /// The office has moved past it.
    Done,
}

/// One stage of a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// What it is.
    pub kind: StageKind,
    /// First day (planned, or the notice window's first day once published).
    pub opens_on: Option<Date>,
    /// Last day of its actions.
    pub closes_on: Option<Date>,
    /// The recommendation stage's deadline per level (empty for other stages).
    pub deadlines: Deadlines,
    /// The voting stage's rules (none for other stages).
    pub voting: Option<VotingRules>,
}

impl Stage {
    /// The stage of a stored row.
    #[must_use]
    pub fn from_row(row: &campaign_stage::Model) -> Self {
        Self {
            kind: row.kind,
            opens_on: row.opens_on,
            closes_on: row.closes_on,
            deadlines: Settings::parse(&row.settings).deadlines.unwrap_or_default(),
            voting: Settings::parse(&row.settings).voting,
        }
    }
}

/// A campaign's stages and the one it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lifecycle {
    /// The stage the campaign is in (`Draft` before the first).
    pub current: StageKind,
    /// Its stages, in order.
    pub stages: Vec<Stage>,
}

/// One stage as the stage bar shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    /// The stage.
    #[serde(flatten)]
    pub stage: Stage,
    /// Its name (`recommendation` …), for catalogue keys.
    pub name: &'static str,
    /// Where it stands today.
    pub state: StageState,
    /// Days left before its deadline, when it is open and has one (0 on the last day).
    pub days_left: Option<i64>,
}

impl Lifecycle {
    /// A lifecycle from its stored rows (in any order).
    #[must_use]
    pub fn new(current: StageKind, mut rows: Vec<campaign_stage::Model>) -> Self {
        rows.sort_by_key(|r| r.position);
        Self {
            current,
            stages: rows.iter().map(Stage::from_row).collect(),
        }
    }

    /// The stage of a kind, if the campaign has it.
    #[must_use]
    pub fn stage(&self, kind: StageKind) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == kind)
    }

    /// Where the campaign's clearance stage sits and its last day, if it has one.
    #[must_use]
    pub fn clearance(&self) -> Option<super::ClearancePlan> {
        let at = self.position(StageKind::Clearance)?;
        Some(super::ClearancePlan {
            after: self.stages.get(at.checked_sub(1)?)?.kind,
            closes_on: self.stages.get(at)?.closes_on?,
        })
    }

    /// The status of the candidates of its clearance stage, if it has one: what the stage
    /// before it leaves (eligible after review, assessed after evaluation, shortlisted after
    /// the shortlist).
    #[must_use]
    pub fn clearance_candidates(&self) -> Option<NominationStatus> {
        match self.clearance()?.after {
            StageKind::Review => Some(NominationStatus::Eligible),
            StageKind::Evaluation => Some(NominationStatus::Assessed),
            StageKind::Shortlist => Some(NominationStatus::Shortlisted),
            _ => None,
        }
    }

    /// The stage the campaign is in (none for a draft).
    #[must_use]
    pub fn current_stage(&self) -> Option<&Stage> {
        self.stage(self.current)
    }

    fn position(&self, kind: StageKind) -> Option<usize> {
        self.stages.iter().position(|s| s.kind == kind)
    }

    /// Whether the campaign has reached `kind` (is in it or past it).
    #[must_use]
    pub fn reached(&self, kind: StageKind) -> bool {
        match (self.position(self.current), self.position(kind)) {
            (Some(now), Some(then)) => now >= then,
            _ => false,
        }
    }

    /// The stage after the current one; none once archived.
    #[must_use]
    pub fn next(&self) -> Option<StageKind> {
        match self.position(self.current) {
            None => self.stages.first().map(|s| s.kind),
            Some(at) => self.stages.get(at + 1).map(|s| s.kind),
        }
    }

    /// The stage before the current one (`Draft` before the first); none for a draft.
    #[must_use]
    pub fn previous(&self) -> Option<StageKind> {
        match self.position(self.current)? {
            0 => Some(StageKind::Draft),
            at => self.stages.get(at - 1).map(|s| s.kind),
        }
    }

    /// Each stage as it stands on `today`.
    #[must_use]
    pub fn view(&self, today: Date) -> Vec<StageView> {
        let now = self.position(self.current);
        self.stages
            .iter()
            .enumerate()
            .map(|(at, stage)| {
                let state = match now {
                    Some(now) if at < now => StageState::Done,
                    Some(now) if at == now => {
                        if stage.closes_on.is_some_and(|last| today > last) {
                            StageState::Closed
                        } else {
                            StageState::Open
                        }
                    }
                    _ => StageState::NotStarted,
                };
                StageView {
                    name: stage.kind.name(),
                    days_left: match (state, stage.closes_on) {
                        (StageState::Open, Some(last)) => Some((last - today).whole_days()),
                        _ => None,
                    },
                    stage: stage.clone(),
                    state,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn standard(current: StageKind) -> Lifecycle {
        Lifecycle {
            current,
            stages: STANDARD
                .iter()
                .map(|kind| Stage {
                    kind: *kind,
                    opens_on: None,
                    closes_on: (*kind == StageKind::Recommendation)
                        .then_some(date!(2022 - 11 - 25)),
                    deadlines: Deadlines::default(),
                    voting: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_draft_goes_to_the_call_first_and_an_archived_campaign_nowhere() {
        assert_eq!(standard(StageKind::Draft).next(), Some(StageKind::Call));
        assert_eq!(standard(StageKind::Draft).previous(), None);
        assert_eq!(standard(StageKind::Call).previous(), Some(StageKind::Draft));
        assert_eq!(
            standard(StageKind::Review).next(),
            Some(StageKind::Evaluation)
        );
        assert_eq!(standard(StageKind::Archived).next(), None);
        assert_eq!(
            standard(StageKind::Archived).previous(),
            Some(StageKind::FinalList)
        );
    }

    #[test]
    fn a_stage_is_open_until_its_deadline_then_closed_until_the_office_moves_on() {
        let life = standard(StageKind::Recommendation);
        let on = |day| life.view(day).iter().map(|v| v.state).collect::<Vec<_>>();
        let last_day = on(date!(2022 - 11 - 25));
        assert_eq!(last_day[0], StageState::Done);
        assert_eq!(last_day[1], StageState::Open);
        assert_eq!(last_day[2], StageState::NotStarted);
        assert_eq!(life.view(date!(2022 - 11 - 25))[1].days_left, Some(0));
        assert_eq!(on(date!(2022 - 11 - 26))[1], StageState::Closed);
        assert!(life.reached(StageKind::Call) && !life.reached(StageKind::Review));
    }

    #[test]
    fn settings_keep_the_deadlines_and_unreadable_ones_count_as_none() {
        let settings = Settings {
            voting: None,
            deadlines: Some(Deadlines {
                submit: Some(date!(2022 - 11 - 20)),
                street: Some(date!(2022 - 11 - 23)),
                district: Some(date!(2022 - 11 - 25)),
                city: Some(date!(2022 - 11 - 28)),
            }),
        };
        assert_eq!(Settings::parse(&settings.to_text()), settings);
        assert_eq!(Settings::parse("not json"), Settings::default());
        let deadlines = settings.deadlines.unwrap_or_default();
        assert_eq!(deadlines.of(None), Some(date!(2022 - 11 - 20)));
        assert_eq!(
            deadlines.of(Some(UnitKind::City)),
            Some(date!(2022 - 11 - 28))
        );
        assert_eq!(
            deadlines.of(Some(UnitKind::Street)),
            Some(date!(2022 - 11 - 23))
        );
        assert_eq!(
            deadlines.of(Some(UnitKind::District)),
            Some(date!(2022 - 11 - 25))
        );
        // The cities' deadline, when a provincial campaign has one, is the stage's last.
        assert_eq!(deadlines.last(), Some(date!(2022 - 11 - 28)));
    }
}
