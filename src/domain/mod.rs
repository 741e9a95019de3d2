//! The application: services that carry out what users ask, and the pure rules they apply.
//!
//! Handlers (web and API) parse input, call one service here, and render what it returns.
//! Services check the caller's role and unit subtree, validate, write inside a transaction and
//! record an audit event for every change.

pub mod accounts;
pub mod actor;
pub mod audit;
pub mod audit_log;
pub mod audit_verify;
pub mod campaigns;
pub mod demo;
pub mod ids;
pub mod nominations;
pub mod tokens;
pub mod units;
pub mod values;

/// The current time, in UTC, as stored.
#[must_use]
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
