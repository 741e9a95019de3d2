//! "English is complete": every key the templates and errors use exists in both catalogues.

use laurel::i18n::{EN_FTL, ZH_CN_FTL, keys};

#[test]
fn every_key_used_by_templates_and_errors_is_in_both_catalogues() {
    let zh = keys(ZH_CN_FTL);
    let en = keys(EN_FTL);
    let mut used: Vec<String> = Vec::new();
    for (name, source) in laurel::web::assets::TEMPLATES {
        for piece in source.split("t(key=\"").skip(1) {
            let key: String = piece.chars().take_while(|c| *c != '"').collect();
            // Keys built with `~` ("role-" ~ user.role) are checked by their known values below.
            if !key.ends_with('-') {
                used.push(key);
            } else {
                assert!(
                    zh.iter().any(|k| k.starts_with(&key)),
                    "{name}: no key starts with {key}"
                );
            }
        }
    }
    used.extend(
        laurel::error::AppError::FIXED_CODES
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::api::json::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::api::MESSAGE_KEYS
            .iter()
            .chain(laurel::domain::accounts::MESSAGE_KEYS.iter())
            .chain(laurel::domain::units::MESSAGE_KEYS.iter())
            .chain(laurel::domain::clearance::MESSAGE_KEYS.iter())
            .chain(laurel::domain::voting::MESSAGE_KEYS.iter())
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::domain::values::ValueError::ALL
            .iter()
            .map(|e| e.key().to_owned()),
    );
    for prefix in [
        "role-",
        "unit-kind-",
        "kind-",
        "stage-",
        "nomination-status-",
        "gender-",
    ] {
        assert!(zh.iter().any(|k| k.starts_with(prefix)));
    }
    for value in [
        "role-admin",
        "role-recommender",
        "role-reviewer",
        "unit-kind-city",
        "unit-kind-district",
        "unit-kind-street",
        "unit-kind-community",
        "unit-kind-department",
        "kind-person",
        "kind-organization",
        "kind-project",
        "kind-community",
        "gender-male",
        "gender-female",
        "dashboard-admin-intro",
        "dashboard-recommender-intro",
        "dashboard-reviewer-intro",
    ] {
        used.push(value.to_owned());
    }
    // Keys built from the state machine's own names.
    {
        use sea_orm::Iterable;
        for status in laurel::entity::nomination::NominationStatus::iter() {
            let name = serde_json::to_value(status).expect("serialises");
            used.push(format!(
                "nomination-status-{}",
                name.as_str().expect("a name")
            ));
        }
    }
    for transition in laurel::domain::workflow::ALL {
        used.push(format!("decision-{}", transition.name()));
    }
    // Every stage's name, short name and help, and the keys of the lifecycle.
    {
        use sea_orm::Iterable;
        for kind in laurel::domain::stages::StageKind::iter() {
            used.push(format!("stage-{}", kind.name()));
            used.push(format!("stage-help-{}", kind.name()));
            if kind != laurel::domain::stages::StageKind::Draft {
                used.push(format!("stage-short-{}", kind.name()));
            }
        }
    }
    used.extend(
        laurel::domain::stages::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    {
        use sea_orm::Iterable;
        for status in laurel::entity::objection::ObjectionStatus::iter() {
            used.push(format!(
                "objection-status-{}",
                laurel::domain::name_of(&status)
            ));
        }
    }
    used.extend(
        laurel::domain::notices::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::domain::review::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::domain::eligibility::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::domain::todo::MESSAGE_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    used.extend(
        laurel::domain::review::OUTCOME_KEYS
            .iter()
            .map(|k| (*k).to_owned()),
    );
    let missing: Vec<_> = used
        .iter()
        .filter(|k| !zh.contains(k) || !en.contains(k))
        .collect();
    assert!(missing.is_empty(), "missing from a catalogue: {missing:?}");
}

#[test]
fn templates_hold_no_literal_chinese_text() {
    for (name, source) in laurel::web::assets::TEMPLATES {
        let literal: Vec<char> = source
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        assert!(
            literal.is_empty(),
            "{name} has text outside the catalogues: {literal:?}"
        );
    }
}
