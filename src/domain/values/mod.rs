//! Parsed value types for user input.
//!
//! This module owns the rules for what counts as a well-formed resident ID
//! number, phone number, deeds summary, free text, date and bounded integer
//! as typed into Laurel's forms. Every parser trims its input and reports
//! failure as a [`ValueError`], which maps to a translation key so the form
//! can show the message in the user's language. Whether a well-formed value
//! is also acceptable to the business (a birth date in the future, a
//! duplicate ID number) is decided by the domain, not here.

use std::fmt;

use time::{Date, Month, macros::format_description};

/// Why a piece of user input was rejected.
///
/// Each variant maps to a translation key through [`ValueError::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    /// The ID number is not 17 digits followed by a digit or `X`.
    IdNumberFormat,
    /// The ID number's check character does not match its first 17 digits.
    IdNumberChecksum,
    /// The ID number's birth-date digits are not a calendar date from 1900 on.
    IdNumberBirthDate,
    /// The input is neither a mainland mobile number nor a landline number.
    PhoneFormat,
    /// A required field was left empty.
    Required,
    /// The input has more characters than the field allows.
    TooLong,
    /// The input is not a `YYYY-MM-DD` calendar date.
    DateFormat,
    /// The input is not a whole number.
    NumberFormat,
    /// The number lies outside the allowed range.
    NumberRange,
}

impl ValueError {
    /// Every variant, so a test elsewhere can check that each key has a translation.
    pub const ALL: [Self; 9] = [
        Self::IdNumberFormat,
        Self::IdNumberChecksum,
        Self::IdNumberBirthDate,
        Self::PhoneFormat,
        Self::Required,
        Self::TooLong,
        Self::DateFormat,
        Self::NumberFormat,
        Self::NumberRange,
    ];

    /// The translation key of the message to show the user.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::IdNumberFormat => "error-id-number-format",
            Self::IdNumberChecksum => "error-id-number-checksum",
            Self::IdNumberBirthDate => "error-id-number-birth-date",
            Self::PhoneFormat => "error-phone-format",
            Self::Required => "error-required",
            Self::TooLong => "error-too-long",
            Self::DateFormat => "error-date-format",
            Self::NumberFormat => "error-number-format",
            Self::NumberRange => "error-number-range",
        }
    }
}

impl fmt::Display for ValueError {
    // The key, not prose: the words the user sees come from the translations.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl std::error::Error for ValueError {}

/// ISO 7064 MOD 11-2 weights for the first 17 digits (GB 11643-1999).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by the weighted sum modulo 11.
const ID_CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// Computes the check character for 17 ASCII digits; `None` if they are not.
fn id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    // `sum % 11` is below 11, the table's length.
    Some(ID_CHECK_CHARS[(sum % 11) as usize])
}

/// A mainland China resident ID number (GB 11643-1999), validated and with
/// its check character in upper case.
///
/// `Debug` prints only the masked form, so that logging a form or record
/// that holds one does not leak the number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    value: String,
    birth_date: Date,
}

impl IdNumber {
    /// Parses an 18-character resident ID number, accepting a lower-case `x`
    /// as the check character.
    ///
    /// # Errors
    ///
    /// - [`ValueError::Required`] if the input is empty.
    /// - [`ValueError::IdNumberFormat`] unless it is 17 digits then a digit or `X`.
    /// - [`ValueError::IdNumberBirthDate`] if characters 7–14 are not a
    ///   `YYYYMMDD` calendar date with a year from 1900 on.
    /// - [`ValueError::IdNumberChecksum`] if the check character is wrong.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValueError::Required);
        }
        let value = trimmed.to_ascii_uppercase();
        let bytes = value.as_bytes();
        // Checking bytes is enough: any non-ASCII character fails the digit test.
        let well_formed = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !well_formed {
            return Err(ValueError::IdNumberFormat);
        }
        // The date is checked before the checksum because a bad date is the
        // more specific message when a typo breaks both.
        let birth_date = id_birth_date(&bytes[6..14]).ok_or(ValueError::IdNumberBirthDate)?;
        if id_check_char(&bytes[..17]) != Some(bytes[17]) {
            return Err(ValueError::IdNumberChecksum);
        }
        Ok(Self { value, birth_date })
    }

    /// The full, normalised number.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The birth date encoded in characters 7–14.
    #[must_use]
    pub const fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// The number with all but the first 3 and last 4 characters replaced by
    /// `*`, for display where the full number is not needed.
    #[must_use]
    pub fn masked(&self) -> String {
        mask(&self.value, 3, 4)
    }

    /// Completes 17 digits with their check character, giving a number that
    /// passes the checksum. Meant for demo data and tests; the birth date is
    /// not checked, so the result may still fail [`IdNumber::parse`].
    ///
    /// Returns `None` unless the input is exactly 17 ASCII digits.
    #[must_use]
    pub fn with_check_digit(first17: &str) -> Option<String> {
        let check = id_check_char(first17.as_bytes())?;
        let mut full = String::with_capacity(18);
        full.push_str(first17);
        full.push(char::from(check));
        Some(full)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdNumber").field(&self.masked()).finish()
    }
}

/// Reads `YYYYMMDD` ASCII digits as a date from 1900 on.
fn id_birth_date(digits: &[u8]) -> Option<Date> {
    let number = |range: std::ops::Range<usize>| {
        digits[range].iter().try_fold(0u16, |acc, &d| {
            Some(acc * 10 + u16::from(d.checked_sub(b'0')?))
        })
    };
    let year = number(0..4)?;
    if year < 1900 {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(4..6)?).ok()?).ok()?;
    let day = u8::try_from(number(6..8)?).ok()?;
    Date::from_calendar_date(i32::from(year), month, day).ok()
}

/// Keeps the first `head` and last `tail` characters and stars the rest.
fn mask(value: &str, head: usize, tail: usize) -> String {
    let count = value.chars().count();
    value
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i + tail >= count {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// A mainland China phone number: a mobile number stored as 11 digits, or a
/// landline stored as `area-local` (for example `0532-88888888`).
///
/// `Debug` prints only the masked form, so that logging does not leak it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    value: String,
}

impl Phone {
    /// Parses a mobile number (11 digits, `1` then `3`–`9`) or a landline
    /// (area code `0` plus 2–3 digits, then 7–8 digits), ignoring spaces and
    /// hyphens.
    ///
    /// Without a hyphen the area code is split off by the national numbering
    /// plan: `010` and `02x` are the only three-digit codes, all others have
    /// four digits. With a hyphen, the user's split is kept.
    ///
    /// # Errors
    ///
    /// - [`ValueError::Required`] if the input is empty.
    /// - [`ValueError::PhoneFormat`] if it is neither kind of number.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(ValueError::Required);
        }
        let digits: String = compact.chars().filter(|&c| c != '-').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::PhoneFormat);
        }
        let bytes = digits.as_bytes();
        if bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
            return Ok(Self { value: digits });
        }
        if bytes.first() != Some(&b'0') {
            return Err(ValueError::PhoneFormat);
        }
        // Before the first hyphen `compact` and `digits` agree, so its
        // position is also the area code's length in `digits`.
        let planned_area_len = if digits.starts_with("010") || digits.starts_with("02") {
            3
        } else {
            4
        };
        let area_len = compact.find('-').unwrap_or(planned_area_len);
        let (area, local) = digits
            .split_at_checked(area_len)
            .ok_or(ValueError::PhoneFormat)?;
        // The leading zero was checked above; only the lengths remain.
        if !((3..=4).contains(&area.len()) && (7..=8).contains(&local.len())) {
            return Err(ValueError::PhoneFormat);
        }
        Ok(Self {
            value: format!("{area}-{local}"),
        })
    }

    /// The normalised number.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether this is a mobile number, as opposed to a landline.
    #[must_use]
    pub fn is_mobile(&self) -> bool {
        !self.value.contains('-')
    }

    /// The number with the middle starred: `138****1234` for a mobile,
    /// `0532-****8888` for a landline (area code and last 4 digits kept).
    #[must_use]
    pub fn masked(&self) -> String {
        match self.value.split_once('-') {
            Some((area, local)) => format!("{area}-{}", mask(local, 0, 4)),
            None => mask(&self.value, 3, 4),
        }
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

/// The summary of a nominee's deeds: non-empty and at most
/// [`DeedsSummary::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeedsSummary {
    value: String,
}

impl DeedsSummary {
    /// The most characters (not bytes) a summary may have.
    pub const MAX_CHARS: usize = 300;

    /// Parses a summary, trimmed and with line endings normalised as by
    /// [`required_text`].
    ///
    /// # Errors
    ///
    /// - [`ValueError::Required`] if the input is empty.
    /// - [`ValueError::TooLong`] if it has more than [`DeedsSummary::MAX_CHARS`] characters.
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        required_text(input, Self::MAX_CHARS).map(|value| Self { value })
    }

    /// The summary text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The summary text, by value.
    #[must_use]
    pub fn into_string(self) -> String {
        self.value
    }
}

/// Trims the input and normalises `\r\n` to `\n`, so that the length counted
/// here matches the one the browser counted: a textarea's `maxlength` counts
/// a line break as one character, but the form submits it as two. Control
/// characters other than line breaks and tabs are dropped: nobody types them,
/// and PostgreSQL refuses a NUL in text.
fn normalise_text(input: &str) -> String {
    let kept: String = input
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    kept.trim().to_owned()
}

/// A search term as typed into a filter: trimmed, control characters dropped (a NUL would
/// make PostgreSQL refuse the query); `None` when nothing is left.
#[must_use]
pub fn search_term(input: &str) -> Option<String> {
    Some(normalise_text(input)).filter(|t| !t.is_empty())
}

/// Parses required free text of at most `max_chars` characters, trimmed and
/// with `\r\n` line endings turned into `\n`.
///
/// # Errors
///
/// - [`ValueError::Required`] if the input is empty after trimming.
/// - [`ValueError::TooLong`] if it has more than `max_chars` characters.
pub fn required_text(input: &str, max_chars: usize) -> Result<String, ValueError> {
    optional_text(input, max_chars)?.ok_or(ValueError::Required)
}

/// Parses optional free text of at most `max_chars` characters, trimmed and
/// with `\r\n` line endings turned into `\n`; empty input gives `None`.
///
/// # Errors
///
/// [`ValueError::TooLong`] if the text has more than `max_chars` characters.
pub fn optional_text(input: &str, max_chars: usize) -> Result<Option<String>, ValueError> {
    let text = normalise_text(input);
    if text.is_empty() {
        Ok(None)
    } else if text.chars().count() > max_chars {
        Err(ValueError::TooLong)
    } else {
        Ok(Some(text))
    }
}

/// Parses a `YYYY-MM-DD` date, the format an HTML date input submits.
///
/// # Errors
///
/// - [`ValueError::Required`] if the input is empty.
/// - [`ValueError::DateFormat`] if it is not a `YYYY-MM-DD` calendar date.
pub fn parse_date(input: &str) -> Result<Date, ValueError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ValueError::Required);
    }
    // `[year]` on its own also takes a sign or more than four digits
    // ("+2024-01-01", "02024-01-01"); a date input never sends those, so
    // anything but exactly ten bytes starting with a digit is refused.
    if trimmed.len() != 10 || !trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(ValueError::DateFormat);
    }
    Date::parse(trimmed, format_description!("[year]-[month]-[day]"))
        .map_err(|_| ValueError::DateFormat)
}

/// Parses a whole number between `min` and `max` inclusive.
///
/// # Errors
///
/// - [`ValueError::Required`] if the input is empty.
/// - [`ValueError::NumberFormat`] if it is not a whole number.
/// - [`ValueError::NumberRange`] if it lies outside `min..=max`.
pub fn parse_bounded_int(input: &str, min: i64, max: i64) -> Result<i64, ValueError> {
    parse_optional_bounded_int(input, min, max)?.ok_or(ValueError::Required)
}

/// Parses an optional whole number between `min` and `max` inclusive; empty
/// input gives `None`.
///
/// # Errors
///
/// - [`ValueError::NumberFormat`] if the input is not a whole number.
/// - [`ValueError::NumberRange`] if it lies outside `min..=max`.
pub fn parse_optional_bounded_int(
    input: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>, ValueError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let number = trimmed.parse::<i64>().map_err(|error| match error.kind() {
        // Too many digits for i64 is certainly out of any i64 range, and
        // saying so is more helpful than "not a number".
        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
            ValueError::NumberRange
        }
        _ => ValueError::NumberFormat,
    })?;
    if (min..=max).contains(&number) {
        Ok(Some(number))
    } else {
        Err(ValueError::NumberRange)
    }
}

/// Reads a form field from JSON as the text the form would send: a string as it is, a number
/// as it is written (`2022`, `1.5`), `true` and `false` as `yes` and `no`, null as empty. The
/// API takes numbers as JSON numbers; the form's rules apply to them as to typed text.
///
/// # Errors
/// For an array or an object.
pub fn text_or_number<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Text;

    impl serde::de::Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number or a string")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
            Ok(if v { "yes" } else { "no" }.to_owned())
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }

    deserializer.deserialize_any(Text)
}

#[cfg(test)]
mod tests;
