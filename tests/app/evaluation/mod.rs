//! Expert evaluation: panels, assignments, rubrics, score sheets, the ranking, the shortlist,
//! their exports and pages.

mod api;
mod assignments;
mod dashboard;
mod exports;
mod ranking;
mod rubrics;
mod scoring_page;
mod sheets;
