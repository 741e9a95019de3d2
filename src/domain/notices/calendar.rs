//! Working days for the public notice window (公示期): "5 working days" counts Monday to
//! Friday, skips public holidays, and counts the make-up working days (调休) that fall on a
//! weekend. Pure rules; the holiday and make-up lists are configuration, because the State
//! Council publishes them year by year.

use super::*;
use std::collections::BTreeSet;

use time::{Date, Duration, Weekday};

/// A working-day calendar: weekends off, except make-up days; holidays off.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
    makeup_days: BTreeSet<Date>,
}

impl Calendar {
    /// A calendar with these public holidays and make-up working days.
    #[must_use]
    pub fn new(
        holidays: impl IntoIterator<Item = Date>,
        makeup_days: impl IntoIterator<Item = Date>,
    ) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
            makeup_days: makeup_days.into_iter().collect(),
        }
    }

    /// Whether `day` is a working day.
    #[must_use]
    pub fn is_working_day(&self, day: Date) -> bool {
        if self.makeup_days.contains(&day) {
            return true;
        }
        !self.holidays.contains(&day)
            && !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// The working days from `from` to `to`, both counted (none when `to` is earlier).
    #[must_use]
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut day = from;
        let mut counted = 0;
        // A notice window is days long; the bound keeps a wrong date finite.
        for _ in 0..366 {
            if day > to {
                break;
            }
            if self.is_working_day(day) {
                counted += 1;
            }
            match day.checked_add(Duration::days(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        counted
    }

    /// The last day of a window of `working_days` working days starting on `start` (counted
    /// from `start` itself when it is a working day, else from the next one). `None` for a
    /// window of zero days or past the end of the calendar's range.
    #[must_use]
    pub fn window_end(&self, start: Date, working_days: u32) -> Option<Date> {
        if working_days == 0 {
            return None;
        }
        let mut day = start;
        let mut counted = 0;
        // A year of days is far more than any notice; the bound keeps a bad calendar finite.
        for _ in 0..366 {
            if self.is_working_day(day) {
                counted += 1;
                if counted == working_days {
                    return Some(day);
                }
            }
            day = day.checked_add(Duration::days(1))?;
        }
        None
    }
}

// ----------------------------------------------------------------------------------------------
// The working-day calendar

/// The office's working-day calendar, from its holidays and make-up days.
///
/// # Errors
/// When the database fails.
pub async fn calendar(db: &impl ConnectionTrait) -> AppResult<Calendar> {
    let days = calendar_day::Entity::find().all(db).await?;
    Ok(Calendar::new(
        days.iter().filter(|d| d.kind == "holiday").map(|d| d.day),
        days.iter().filter(|d| d.kind == "workday").map(|d| d.day),
    ))
}

/// The calendar as the office edits it: one day per line, `YYYY-MM-DD` and an optional note.
#[derive(Clone, Debug, Default, Serialize, Deserialize, rocket::FromForm, utoipa::ToSchema)]
#[serde(default)]
pub struct CalendarInput {
    /// Public holidays falling on weekdays (and any other day off).
    #[field(default = String::new())]
    pub holidays: String,
    /// Weekend days worked (调休).
    #[field(default = String::new())]
    pub workdays: String,
}

fn format_days(days: &[calendar_day::Model], kind: &str) -> String {
    days.iter()
        .filter(|d| d.kind == kind)
        .map(|d| {
            if d.note.is_empty() {
                d.day.to_string()
            } else {
                format!("{} {}", d.day, d.note)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The calendar's days as the form shows them.
///
/// # Errors
/// [`AppError::Forbidden`] for anyone but the office.
pub async fn calendar_input(db: &DatabaseConnection, actor: &Actor) -> AppResult<CalendarInput> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let days = calendar_day::Entity::find()
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?;
    Ok(CalendarInput {
        holidays: format_days(&days, "holiday"),
        workdays: format_days(&days, "workday"),
    })
}

/// Parses one field of the calendar form: a day per line, then an optional note.
fn parse_days(text: &str) -> Result<Vec<(Date, String)>, ()> {
    let mut days = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (day, note) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let day = parse_date(day).map_err(|_| ())?;
        let note: String = note.trim().chars().take(64).collect();
        days.push((day, note));
    }
    Ok(days)
}

/// The office replaces the calendar's holidays and make-up days.
///
/// # Errors
/// [`AppError::Forbidden`]; [`AppError::Invalid`] on `holidays` or `workdays` for a line that
/// is not a date, or a day listed as both.
pub async fn save_calendar(
    db: &DatabaseConnection,
    actor: &Actor,
    input: &CalendarInput,
) -> AppResult<()> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let holidays = parse_days(&input.holidays).unwrap_or_else(|()| {
        errors.add("holidays", "error-calendar-line");
        Vec::new()
    });
    let workdays = parse_days(&input.workdays).unwrap_or_else(|()| {
        errors.add("workdays", "error-calendar-line");
        Vec::new()
    });
    let off: BTreeSet<Date> = holidays.iter().map(|(d, _)| *d).collect();
    if workdays.iter().any(|(d, _)| off.contains(d)) {
        errors.add("workdays", "error-calendar-both");
    }
    errors.into_result()?;
    let txn = db::begin_write(db).await?;
    let before = calendar_day::Entity::find().all(&txn).await?.len();
    calendar_day::Entity::delete_many().exec(&txn).await?;
    let mut seen = BTreeSet::new();
    for (kind, list) in [("holiday", holidays.clone()), ("workday", workdays.clone())] {
        for &(day, ref note) in list.iter() {
            if !seen.insert(day) {
                continue;
            }
            calendar_day::ActiveModel {
                day: Set(day),
                kind: Set(kind.to_owned()),
                note: Set(note.clone()),
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::record(
        &txn,
        &actor.into(),
        Change::new("calendar.update", "calendar", "working-days")
            .before(json!({ "days": before }))
            .after(json!({ "holidays": holidays.len(), "workdays": workdays.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn five_working_days_from_a_monday_end_on_friday() {
        let calendar = Calendar::default();
        assert_eq!(
            calendar.window_end(date!(2022 - 12 - 05), 5),
            Some(date!(2022 - 12 - 09))
        );
    }

    #[test]
    fn a_window_over_a_weekend_skips_it() {
        let calendar = Calendar::default();
        // Wednesday 7 December 2022 + 5 working days: Wed, Thu, Fri, Mon, Tue.
        assert_eq!(
            calendar.window_end(date!(2022 - 12 - 07), 5),
            Some(date!(2022 - 12 - 13))
        );
        // Starting on a Saturday counts from Monday.
        assert_eq!(
            calendar.window_end(date!(2022 - 12 - 10), 1),
            Some(date!(2022 - 12 - 12))
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        // National Day 2022: 1–7 October off; Saturday 8 and Sunday 9 October were make-up days.
        let holidays = (1..=7)
            .map(|d| Date::from_calendar_date(2022, time::Month::October, d).expect("a date"));
        let calendar = Calendar::new(holidays, [date!(2022 - 10 - 08), date!(2022 - 10 - 09)]);
        assert!(!calendar.is_working_day(date!(2022 - 10 - 03)));
        assert!(calendar.is_working_day(date!(2022 - 10 - 08)));
        // From Thursday 29 September: 29, 30, (holidays), 8, 9, 10.
        assert_eq!(
            calendar.window_end(date!(2022 - 09 - 29), 5),
            Some(date!(2022 - 10 - 10))
        );
    }

    #[test]
    fn a_zero_day_window_has_no_end() {
        assert_eq!(
            Calendar::default().window_end(date!(2022 - 12 - 05), 0),
            None
        );
    }

    #[test]
    fn calendar_lines_take_a_date_and_an_optional_note() {
        let days = parse_days("2024-10-01 国庆节\n\n 2024-10-02").unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].1, "国庆节");
        assert!(parse_days("十月一日").is_err());
    }
}
