//! Counting inside the database: rate limits per address, network prefix and phone, and the
//! burst counters of votes. Each count is one `INSERT … ON CONFLICT DO UPDATE … RETURNING` (a
//! group of votes counts its bursts in one), so simultaneous requests are all counted, on any
//! number of app instances.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use time::OffsetDateTime;

use crate::error::{AppError, AppResult};

/// The network a client address belongs to, for limits and bursts: the /24 of an IPv4
/// address, the /48 of an IPv6 one; an unreadable address counts as its own network.
#[must_use]
pub fn prefix_of(ip: Option<&str>) -> String {
    match ip.and_then(|text| text.parse::<std::net::IpAddr>().ok()) {
        Some(std::net::IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        Some(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        None => format!("unknown:{}", ip.unwrap_or_default()),
    }
}

/// The start of the window of `seconds` that `at` falls in.
#[must_use]
pub fn window_of(at: OffsetDateTime, seconds: i64) -> OffsetDateTime {
    let start = at.unix_timestamp() - at.unix_timestamp().rem_euclid(seconds);
    OffsetDateTime::from_unix_timestamp(start).unwrap_or(at)
}

/// Adds one to the counter of `key` in the window starting at `window` and returns the count
/// including this one.
///
/// # Errors
/// When the database fails.
pub async fn bump(db: &impl ConnectionTrait, key: &str, window: OffsetDateTime) -> AppResult<i64> {
    bump_many(db, &[(key.to_owned(), window, 1)])
        .await?
        .remove(key)
        .ok_or_else(|| AppError::Internal("a counter returned no row".into()))
}

/// Adds `n` to the counter of each `(key, window, n)` (keys distinct) in one statement and
/// returns each key's count including what was added.
///
/// # Errors
/// When the database fails.
pub async fn bump_many(
    db: &impl ConnectionTrait,
    counts: &[(String, OffsetDateTime, i32)],
) -> AppResult<HashMap<String, i64>> {
    if counts.is_empty() {
        return Ok(HashMap::new());
    }
    let backend = db.get_database_backend();
    let rows: Vec<String> = (0..counts.len())
        .map(|i| match backend {
            DbBackend::Postgres => format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3),
            _ => "(?, ?, ?)".to_owned(),
        })
        .collect();
    let sql = format!(
        "INSERT INTO rate_counters (key, window_start, count) VALUES {} \
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + excluded.count \
         RETURNING key, count",
        rows.join(", ")
    );
    let values: Vec<Value> = counts
        .iter()
        .flat_map(|(key, window, n)| [key.as_str().into(), (*window).into(), (*n).into()])
        .collect();
    let mut found = HashMap::with_capacity(counts.len());
    for row in db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        let key: String = row.try_get_by_index(0)?;
        let count: i32 = row.try_get_by_index(1)?;
        found.insert(key, i64::from(count));
    }
    Ok(found)
}

/// [`bump`] under a limit: more than `max` in the window is [`AppError::TooManyRequests`].
///
/// # Errors
/// [`AppError::TooManyRequests`] past the limit; when the database fails.
pub async fn within(
    db: &impl ConnectionTrait,
    key: &str,
    window: OffsetDateTime,
    max: u64,
) -> AppResult<i64> {
    let count = bump(db, key, window).await?;
    if u64::try_from(count).unwrap_or(u64::MAX) > max {
        return Err(AppError::TooManyRequests);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_group_by_their_network() {
        assert_eq!(prefix_of(Some("10.1.2.3")), "10.1.2.0/24");
        assert_eq!(prefix_of(Some("10.1.2.250")), "10.1.2.0/24");
        assert_eq!(prefix_of(Some("2001:db8:1:2::5")), "2001:db8:1::/48");
        assert_eq!(prefix_of(None), "unknown:");
    }

    #[test]
    fn a_window_starts_on_its_boundary() {
        let at = OffsetDateTime::from_unix_timestamp(3_725).expect("a time");
        assert_eq!(window_of(at, 60).unix_timestamp(), 3_720);
        assert_eq!(window_of(at, 3_600).unix_timestamp(), 3_600);
    }
}
