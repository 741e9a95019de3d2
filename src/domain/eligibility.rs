//! The eligibility rules the office sets per category, and what each makes of a nomination.
//! Pure: `domain::review` shows them on the office's checklist and refuses to find eligible a
//! nomination that fails one, unless the office overrides it with a reason.
//!
//! The defaults (DESIGN.md, from the national "Four 100s" and city campaigns): a volunteer
//! active three years or more, registered on the national volunteer service information
//! system, with at least 20 service hours that year; an organization founded three years ago
//! or more with at least 20 volunteers; a project running three years or more.

use serde::Serialize;
use time::Date;

use crate::entity::{category, category::NomineeKind, nomination};

/// A rule's defaults for a nominee kind: years, registration, hours, members.
#[must_use]
pub fn defaults(kind: NomineeKind) -> (Option<i32>, bool, Option<i32>, Option<i32>) {
    match kind {
        NomineeKind::Person => (Some(3), true, Some(20), None),
        NomineeKind::Organization => (Some(3), false, None, Some(20)),
        NomineeKind::Project => (Some(3), false, None, None),
        NomineeKind::Community => (None, false, None, None),
    }
}

/// Which rules apply to a kind: years, registration, hours, members.
#[must_use]
pub fn applies(kind: NomineeKind) -> (bool, bool, bool, bool) {
    match kind {
        NomineeKind::Person => (true, true, true, false),
        NomineeKind::Organization => (true, false, false, true),
        NomineeKind::Project => (true, false, false, false),
        NomineeKind::Community => (false, false, false, false),
    }
}

/// One rule of a category and whether a nomination meets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCheck {
    /// The catalogue key naming the rule (`rule-years-person` …); it takes `min`.
    pub key: &'static str,
    /// The threshold, for the message.
    pub min: i32,
    /// Whether the nomination meets it (a value not given does not).
    pub ok: bool,
}

/// Whole years from `since` to `on`.
#[must_use]
pub fn whole_years(since: Date, on: Date) -> i32 {
    let mut years = on.year() - since.year();
    if (on.month() as u8, on.day()) < (since.month() as u8, since.day()) {
        years -= 1;
    }
    years.max(0)
}

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Years active (a volunteer), since founding (an organization) or running (a project).
    Years,
    /// Registration on the national volunteer service information system.
    Registered,
    /// Service hours that year.
    Hours,
    /// An organization's volunteers.
    Members,
}

/// One rule a category sets, as the public campaign page and the checklist name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// What it looks at.
    pub kind: RuleKind,
    /// The catalogue key naming the rule (`rule-years-person` …); it takes `min`.
    pub key: &'static str,
    /// The threshold (0 for registration).
    pub min: i32,
}

/// The rules `category` sets, in the checklist's order.
#[must_use]
pub fn rules(category: &category::Model) -> Vec<Rule> {
    let mut rules = Vec::new();
    let (years, registration, hours, members) = applies(category.nominee_kind);
    if let Some(min) = category.min_years.filter(|_| years) {
        let key = match category.nominee_kind {
            NomineeKind::Person => "rule-years-person",
            NomineeKind::Organization => "rule-years-organization",
            _ => "rule-years-project",
        };
        rules.push(Rule {
            kind: RuleKind::Years,
            key,
            min,
        });
    }
    if registration && category.needs_registration == Some(true) {
        rules.push(Rule {
            kind: RuleKind::Registered,
            key: "rule-registered",
            min: 0,
        });
    }
    if let Some(min) = category.min_hours.filter(|_| hours) {
        rules.push(Rule {
            kind: RuleKind::Hours,
            key: "rule-hours",
            min,
        });
    }
    if let Some(min) = category.min_members.filter(|_| members) {
        rules.push(Rule {
            kind: RuleKind::Members,
            key: "rule-members",
            min,
        });
    }
    rules
}

/// The rules of `category` and whether `n` meets each, as of `on` (the day the campaign's
/// recommendation opened).
#[must_use]
pub fn check(category: &category::Model, n: &nomination::Model, on: Date) -> Vec<RuleCheck> {
    rules(category)
        .into_iter()
        .map(|rule| {
            let ok = match rule.kind {
                RuleKind::Years => {
                    let since = if category.nominee_kind == NomineeKind::Person {
                        n.active_since
                    } else {
                        n.founded_on
                    };
                    since.is_some_and(|since| whole_years(since, on) >= rule.min)
                }
                RuleKind::Registered => n.registered == Some(true),
                RuleKind::Hours => n.volunteer_hours.is_some_and(|h| h >= rule.min),
                RuleKind::Members => n.member_count.is_some_and(|m| m >= rule.min),
            };
            RuleCheck {
                key: rule.key,
                min: rule.min,
                ok,
            }
        })
        .collect()
}

/// Every catalogue key of the rules.
pub const MESSAGE_KEYS: [&str; 6] = [
    "rule-years-person",
    "rule-years-organization",
    "rule-years-project",
    "rule-registered",
    "rule-hours",
    "rule-members",
];

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn years_count_only_when_the_anniversary_has_come() {
        assert_eq!(whole_years(date!(2019 - 11 - 01), date!(2022 - 11 - 01)), 3);
        assert_eq!(whole_years(date!(2019 - 11 - 02), date!(2022 - 11 - 01)), 2);
        assert_eq!(whole_years(date!(2024 - 02 - 29), date!(2025 - 02 - 28)), 0);
        assert_eq!(whole_years(date!(2024 - 02 - 29), date!(2025 - 03 - 01)), 1);
        assert_eq!(whole_years(date!(2030 - 01 - 01), date!(2025 - 03 - 01)), 0);
    }
}
