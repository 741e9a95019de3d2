//! The application: services that carry out what users ask, and the pure rules they apply.
//!
//! Handlers (web and API) parse input, call one service here, and render what it returns.
//! Services check the caller's role and unit subtree, validate, write inside a transaction and
//! record an audit event for every change.

pub mod accounts;
pub mod actor;
pub mod audit;
pub mod campaigns;
pub mod clearance;
pub mod demo;
pub mod eligibility;
pub mod evaluation;
pub mod exports;
pub mod honor_roll;
pub mod ids;
pub mod names;
pub mod nominations;
pub mod notices;
#[cfg(test)]
mod properties;
pub mod review;
pub mod stages;
pub mod textdiff;
pub mod todo;
pub mod units;
pub mod values;
pub mod voting;
pub mod workflow;
pub mod xml;

/// The name a value serializes to (`at_office`, `recommender` …): the one spelling of enum
/// values in forms, URLs, templates, the API and the catalogue keys built from them.
#[must_use]
pub fn name_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The office's UTC offset for showing times, set once at start (`App::start`).
static OFFICE_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Records the office's UTC offset for [`local_time`]; later calls keep the first value
/// (every app instance of a deployment shares one configuration).
pub fn set_office_offset(offset: time::UtcOffset) {
    let _ = OFFICE_OFFSET.set(offset);
}

/// A stored time as people at the office read it: `2022-11-28 09:30`.
#[must_use]
pub fn local_time(at: time::OffsetDateTime) -> String {
    let offset = OFFICE_OFFSET.get().copied().unwrap_or(time::UtcOffset::UTC);
    let local = at.to_offset(offset);
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// The current time, in UTC, as stored.
#[must_use]
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
