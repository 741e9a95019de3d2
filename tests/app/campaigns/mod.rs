//! Campaigns: the office creates and edits them, and sets each category's eligibility rules.

pub(crate) mod editing;
mod eligibility;
