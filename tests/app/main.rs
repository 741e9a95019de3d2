//! Laurel's integration tests: the real application, through Rocket's local client, against a
//! fresh database per test (SQLite by default; PostgreSQL when LAUREL_TEST_DATABASE_URL says so).
//! A folder per domain area (`src/domain/<area>`); the files at the top cross every area.

mod helpers;

mod accounts;
mod audit;
mod campaigns;
mod clearance;
mod evaluation;
mod honor_roll;
mod nominations;
mod notices;
mod review;
mod stages;
mod voting;

mod api;
mod api_campaign;
mod catalogues;
mod cli;
mod crash;
mod escaped;
mod hostile;
mod instances;
mod layers;
mod outbound;
mod public;
mod route_writes;
mod routes;
mod security;
mod storage;
mod trust;
