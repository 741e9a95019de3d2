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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn valid_id(first17: &str) -> String {
        IdNumber::with_check_digit(first17).unwrap()
    }

    #[test]
    fn known_real_format_id_number_is_accepted() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), date!(1949 - 12 - 31));
    }

    #[test]
    fn computed_id_numbers_are_accepted() {
        for first17 in [
            "37020219800101123",
            "44030620000229001",
            "11010119000101000",
            "65010220231231999",
        ] {
            let full = valid_id(first17);
            let id = IdNumber::parse(&full).unwrap();
            assert_eq!(id.as_str(), full);
        }
    }

    #[test]
    fn check_digit_helper_matches_the_known_example() {
        assert_eq!(
            IdNumber::with_check_digit("11010519491231002").as_deref(),
            Some("11010519491231002X")
        );
    }

    #[test]
    fn check_digit_helper_rejects_anything_but_17_digits() {
        assert_eq!(IdNumber::with_check_digit("1101051949123100"), None);
        assert_eq!(IdNumber::with_check_digit("110105194912310021"), None);
        assert_eq!(IdNumber::with_check_digit("1101051949123100a"), None);
        assert_eq!(
            IdNumber::with_check_digit("１１０１０５１９４９１２３１"),
            None
        );
    }

    #[test]
    fn id_number_with_wrong_check_digit_is_rejected() {
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(ValueError::IdNumberChecksum)
        );
        let full = valid_id("37020219800101123");
        let last = full.as_bytes()[17];
        let wrong = if last == b'0' { '1' } else { '0' };
        let tampered = format!("{}{wrong}", &full[..17]);
        assert_eq!(
            IdNumber::parse(&tampered),
            Err(ValueError::IdNumberChecksum)
        );
    }

    #[test]
    fn id_number_with_month_13_is_rejected() {
        assert_eq!(
            IdNumber::parse(&valid_id("37020219801301123")),
            Err(ValueError::IdNumberBirthDate)
        );
    }

    #[test]
    fn id_number_with_february_30_is_rejected() {
        assert_eq!(
            IdNumber::parse(&valid_id("37020219800230123")),
            Err(ValueError::IdNumberBirthDate)
        );
    }

    #[test]
    fn id_number_with_february_29_in_a_common_year_is_rejected() {
        assert_eq!(
            IdNumber::parse(&valid_id("37020219010229123")),
            Err(ValueError::IdNumberBirthDate)
        );
    }

    #[test]
    fn id_number_born_before_1900_is_rejected() {
        assert_eq!(
            IdNumber::parse(&valid_id("37020218991231123")),
            Err(ValueError::IdNumberBirthDate)
        );
    }

    #[test]
    fn id_number_with_day_zero_is_rejected() {
        assert_eq!(
            IdNumber::parse(&valid_id("37020219800100123")),
            Err(ValueError::IdNumberBirthDate)
        );
    }

    #[test]
    fn id_number_of_wrong_length_is_rejected() {
        assert_eq!(
            IdNumber::parse("11010519491231002"),
            Err(ValueError::IdNumberFormat)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002X1"),
            Err(ValueError::IdNumberFormat)
        );
        // The old 15-digit format is no longer issued.
        assert_eq!(
            IdNumber::parse("110105491231002"),
            Err(ValueError::IdNumberFormat)
        );
    }

    #[test]
    fn id_number_with_letters_or_x_in_the_middle_is_rejected() {
        assert_eq!(
            IdNumber::parse("1101051949123100X2"),
            Err(ValueError::IdNumberFormat)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002Y"),
            Err(ValueError::IdNumberFormat)
        );
        assert_eq!(
            IdNumber::parse("1101051949 231002X"),
            Err(ValueError::IdNumberFormat)
        );
    }

    #[test]
    fn id_number_with_full_width_digits_is_rejected() {
        assert_eq!(
            IdNumber::parse("１１０１０５１９４９１２３１００２X"),
            Err(ValueError::IdNumberFormat)
        );
    }

    #[test]
    fn empty_id_number_is_required() {
        assert_eq!(IdNumber::parse("   "), Err(ValueError::Required));
    }

    #[test]
    fn lowercase_x_is_normalised_to_upper_case() {
        let id = IdNumber::parse("  11010519491231002x \n").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn id_number_mask_keeps_first_3_and_last_4() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(id.masked().chars().count(), 18);
    }

    #[test]
    fn id_number_debug_does_not_reveal_the_number() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let debug = format!("{id:?}");
        assert!(!debug.contains("11010519491231002X"));
        assert!(debug.contains("110***********002X"));
    }

    #[test]
    fn mobile_numbers_are_accepted_and_compacted() {
        for (input, expected) in [
            ("13812345678", "13812345678"),
            (" 138 1234 5678 ", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("19912345678", "19912345678"),
        ] {
            let phone = Phone::parse(input).unwrap();
            assert_eq!(phone.as_str(), expected);
            assert!(phone.is_mobile());
        }
    }

    #[test]
    fn landline_numbers_are_accepted_with_a_hyphen() {
        for (input, expected) in [
            ("0532-88888888", "0532-88888888"),
            ("053288888888", "0532-88888888"),
            ("0532 8888 8888", "0532-88888888"),
            ("010-12345678", "010-12345678"),
            ("01012345678", "010-12345678"),
            ("02112345678", "021-12345678"),
            ("05431234567", "0543-1234567"),
            ("0543-1234567", "0543-1234567"),
        ] {
            let phone = Phone::parse(input).unwrap();
            assert_eq!(phone.as_str(), expected, "input {input:?}");
            assert!(!phone.is_mobile());
        }
    }

    #[test]
    fn malformed_phone_numbers_are_rejected() {
        for input in [
            "12812345678",
            "1381234567",
            "138123456789",
            "23812345678",
            "1381234567a",
            "+8613812345678",
            "0532-123456",
            "0532-123456789",
            "05-12345678",
            "05321-12345678",
            "532-88888888",
            "0532",
            "０５３２-８８８８８８８８",
        ] {
            assert_eq!(
                Phone::parse(input),
                Err(ValueError::PhoneFormat),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn empty_phone_is_required() {
        assert_eq!(Phone::parse(" \t"), Err(ValueError::Required));
    }

    #[test]
    fn phone_masks_hide_the_middle() {
        assert_eq!(Phone::parse("13812341234").unwrap().masked(), "138****1234");
        assert_eq!(
            Phone::parse("0532-88886666").unwrap().masked(),
            "0532-****6666"
        );
        assert_eq!(
            Phone::parse("0543-1234567").unwrap().masked(),
            "0543-***4567"
        );
    }

    #[test]
    fn phone_debug_does_not_reveal_the_number() {
        let phone = Phone::parse("13812341234").unwrap();
        assert!(!format!("{phone:?}").contains("13812341234"));
    }

    #[test]
    fn deeds_summary_of_300_chinese_characters_is_accepted() {
        let text = "助".repeat(300);
        assert_eq!(DeedsSummary::parse(&text).unwrap().as_str(), text);
    }

    #[test]
    fn deeds_summary_of_301_chinese_characters_is_too_long() {
        assert_eq!(
            DeedsSummary::parse(&"助".repeat(301)),
            Err(ValueError::TooLong)
        );
    }

    #[test]
    fn empty_deeds_summary_is_required() {
        assert_eq!(DeedsSummary::parse(" \r\n "), Err(ValueError::Required));
    }

    #[test]
    fn crlf_line_breaks_count_as_one_character() {
        let text = format!("{}\r\n{}", "a".repeat(150), "b".repeat(149));
        let summary = DeedsSummary::parse(&text).unwrap();
        assert_eq!(summary.as_str().chars().count(), 300);
        assert!(!summary.as_str().contains('\r'));
    }

    #[test]
    fn required_text_is_trimmed() {
        assert_eq!(required_text("  名字 ", 10).as_deref(), Ok("名字"));
        assert_eq!(required_text("  ", 10), Err(ValueError::Required));
        assert_eq!(required_text("abc", 2), Err(ValueError::TooLong));
    }

    #[test]
    fn optional_text_gives_none_when_empty() {
        assert_eq!(optional_text(" \n", 10), Ok(None));
        assert_eq!(optional_text(" ab ", 2), Ok(Some("ab".to_owned())));
        assert_eq!(optional_text("abc", 2), Err(ValueError::TooLong));
    }

    #[test]
    fn html_date_input_value_is_parsed() {
        assert_eq!(parse_date(" 2024-02-29 "), Ok(date!(2024 - 02 - 29)));
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for input in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-1",
            "2024/01/01",
            "20240101",
            "+2024-01-01",
            "02024-01-01",
            "2024-01-01T00:00",
            "yesterday",
        ] {
            assert_eq!(parse_date(input), Err(ValueError::DateFormat), "{input:?}");
        }
    }

    #[test]
    fn empty_date_is_required() {
        assert_eq!(parse_date(""), Err(ValueError::Required));
    }

    #[test]
    fn bounded_int_accepts_the_bounds() {
        assert_eq!(parse_bounded_int(" 0 ", 0, 10), Ok(0));
        assert_eq!(parse_bounded_int("10", 0, 10), Ok(10));
        assert_eq!(parse_bounded_int("-5", -10, 10), Ok(-5));
    }

    #[test]
    fn bounded_int_outside_the_range_is_rejected() {
        assert_eq!(parse_bounded_int("11", 0, 10), Err(ValueError::NumberRange));
        assert_eq!(parse_bounded_int("-1", 0, 10), Err(ValueError::NumberRange));
        assert_eq!(
            parse_bounded_int("99999999999999999999", 0, 10),
            Err(ValueError::NumberRange)
        );
    }

    #[test]
    fn bounded_int_that_is_not_a_whole_number_is_rejected() {
        for input in ["1.5", "abc", "1e3", "１２"] {
            assert_eq!(
                parse_bounded_int(input, 0, 10_000),
                Err(ValueError::NumberFormat),
                "{input:?}"
            );
        }
    }

    #[test]
    fn empty_bounded_int_is_required_unless_optional() {
        assert_eq!(parse_bounded_int(" ", 0, 10), Err(ValueError::Required));
        assert_eq!(parse_optional_bounded_int(" ", 0, 10), Ok(None));
        assert_eq!(parse_optional_bounded_int("7", 0, 10), Ok(Some(7)));
        assert_eq!(
            parse_optional_bounded_int("70", 0, 10),
            Err(ValueError::NumberRange)
        );
    }

    #[test]
    fn every_error_has_a_distinct_key() {
        let mut keys: Vec<_> = ValueError::ALL.iter().map(|e| e.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ValueError::ALL.len());
        assert!(keys.iter().all(|k| k.starts_with("error-")));
    }
}
