//! The demo's nominees as a recommender would enter them: the public fields, the invented
//! private ones (valid ID numbers, mobile numbers), and the form they fill in.

use time::Date;

use super::{
    internal,
    units::{UNITS, USERS},
};
use crate::{
    domain::{nominations::NominationInput, values::IdNumber},
    error::AppResult,
};

/// The administrative division codes of the demo's districts, the first six digits of their
/// residents' ID numbers.
const AREA_CODES: [(&str, &str); 3] = [
    ("市南区", "370202"),
    ("崂山区", "370212"),
    ("李沧区", "370213"),
];

/// The area code of the district a demo user's unit lies in (Licang's for a unit outside the
/// three districts).
fn area_code(username: &str) -> &'static str {
    let mut unit = USERS.iter().find(|u| u.0 == username).map_or("", |u| u.3);
    // Up the tree until a district of the table, or the top.
    loop {
        if let Some((_, code)) = AREA_CODES.iter().find(|(name, _)| *name == unit) {
            return code;
        }
        match UNITS.iter().find(|u| u.0 == unit) {
            Some((_, _, parent)) if !parent.is_empty() => unit = parent,
            _ => return AREA_CODES[2].1,
        }
    }
}

/// The private fields of a person nominee.
pub(super) struct Person {
    /// Whether a man (the ID number's 17th digit is odd for men, even for women).
    pub(super) male: bool,
    /// Birth date, also encoded in the ID number.
    pub(super) born: Date,
    /// The ID number's sequence digits (15–17) before the sex is applied.
    pub(super) seq: u16,
    /// Registered volunteer hours.
    pub(super) hours: u32,
}

/// One nominee of the demo, and the unit that puts it forward.
pub(super) struct Nominee {
    /// The category key, one of [`crate::domain::campaigns::STANDARD_CATEGORIES`].
    pub(super) category: &'static str,
    /// The nominating unit's recommender (a username of [`super::units::USERS`]).
    pub(super) by: &'static str,
    pub(super) name: &'static str,
    /// A person's affiliation and role; empty for the others, whose public line is the name.
    pub(super) affiliation: &'static str,
    pub(super) phone: &'static str,
    pub(super) person: Option<Person>,
    pub(super) founded_on: Option<Date>,
    pub(super) members: Option<u32>,
    pub(super) contact: &'static str,
    pub(super) summary: &'static str,
    pub(super) full: &'static str,
}

/// A resident ID number of the district `area` for a person born on `born`: the area code, the
/// birth date, three sequence digits whose last is odd for a man and even for a woman, and the
/// check character. `None` when `seq` has more than three digits or the year more than four.
pub(super) fn id_number(area: &str, born: Date, seq: u16, male: bool) -> Option<String> {
    if seq > 999 {
        return None;
    }
    let seq = if male { seq | 1 } else { seq & !1 };
    let first17 = format!(
        "{area}{:04}{:02}{:02}{seq:03}",
        born.year(),
        u8::from(born.month()),
        born.day()
    );
    IdNumber::with_check_digit(&first17)
}

/// The form a recommender would fill in for `nominee`.
pub(super) fn nomination_input(nominee: &Nominee) -> AppResult<NominationInput> {
    let mut input = NominationInput {
        nominee_name: nominee.name.into(),
        affiliation: nominee.affiliation.into(),
        phone: nominee.phone.into(),
        founded_on: nominee
            .founded_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        member_count: nominee.members.map(|m| m.to_string()).unwrap_or_default(),
        contact_name: nominee.contact.into(),
        deeds_summary: nominee.summary.into(),
        deeds_full: nominee.full.into(),
        ..NominationInput::default()
    };
    if let Some(person) = &nominee.person {
        input.gender = if person.male { "male" } else { "female" }.into();
        input.birth_date = person.born.to_string();
        input.id_number = id_number(area_code(nominee.by), person.born, person.seq, person.male)
            .ok_or_else(|| internal("a demo ID number cannot be built"))?;
        input.volunteer_hours = person.hours.to_string();
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn id_number_is_valid_and_encodes_birth_and_sex() {
        let born = date!(1962 - 02 - 14);
        for (seq, male) in [
            (46, false),
            (46, true),
            (31, true),
            (31, false),
            (999, true),
            (0, false),
        ] {
            let text = id_number("370213", born, seq, male).unwrap();
            let parsed = IdNumber::parse(&text).unwrap();
            assert_eq!(parsed.birth_date(), born);
            assert!(text.starts_with("370213"));
            let sex_digit = text.as_bytes()[16] - b'0';
            assert_eq!(sex_digit % 2 == 1, male, "{text}");
        }
    }

    #[test]
    fn id_number_refuses_long_sequences() {
        assert_eq!(id_number("370213", date!(1990 - 01 - 01), 1000, true), None);
    }

    #[test]
    fn a_nominee_has_the_area_code_of_its_units_district() {
        assert_eq!(area_code("taiping"), "370202");
        assert_eq!(area_code("shinan"), "370202");
        assert_eq!(area_code("nanyao"), "370212");
        assert_eq!(area_code("yanchuan"), "370213");
        assert_eq!(area_code("shuiwu"), "370213");
    }
}
