//! Laurel's integration tests: the real application, through Rocket's local client, against a
//! fresh database per test (SQLite by default; PostgreSQL when LAUREL_TEST_DATABASE_URL says so).

mod helpers;

mod accounts;
mod api;
mod audit;
mod campaigns;
mod catalogues;
mod checkpoints;
mod cli;
mod crash;
mod eligibility;
mod escaped;
mod evaluation;
mod final_list;
mod hostile;
mod instances;
mod intake;
mod layers;
mod nominations;
mod panel_dashboard;
mod public;
mod publicity;
mod review;
mod route_writes;
mod routes;
mod scoring_page;
mod security;
mod stages;
mod storage;
mod todo;
mod trust;
mod units_users;
