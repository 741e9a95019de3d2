//! The parsed values against their rules: ID numbers (GB 11643), phones, text, dates, numbers.

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
