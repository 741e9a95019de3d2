//! Expert evaluation: panels, assignments, scoring, the ranking, the shortlist and their pages.

pub(crate) mod assignments;
mod dashboard;
mod scoring_page;
