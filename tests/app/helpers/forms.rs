//! Form fields a test fills in, named as the pages name them.

use super::test_app::open_campaign_input;

/// The notice form's fields for a window of `days` working days from `start`.
pub fn notice_fields<'a>(start: &'a str, days: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", "0"),
        ("issuing_organ", "青岛市李沧区文明办"),
        ("doc_number", "李沧文明办〔2026〕1号"),
        ("issued_on", start),
        ("title", "拟表彰对象公示"),
        ("body", "公示时间：[start]至[end]（[days]个工作日）。"),
        ("window_starts_on", start),
        ("working_days", days),
    ]
}

/// The sheet form's fields for a reviewer's points, verdict and comment.
pub fn sheet_fields(
    rubric: &[laurel::entity::criterion::Model],
    points: &[i32],
    approve: &str,
    comment: &str,
    version: i32,
    action: &str,
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = rubric
        .iter()
        .zip(points)
        .map(|(c, p)| (format!("sheet.points[{}]", c.id), p.to_string()))
        .collect();
    fields.push(("sheet.approve".into(), approve.into()));
    fields.push(("sheet.comment".into(), comment.into()));
    fields.push(("sheet.version".into(), version.to_string()));
    fields.push(("action".into(), action.into()));
    fields
}

/// Fields held as owned pairs, as `post_form` takes them.
pub fn refs<K: AsRef<str>>(fields: &[(K, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_str()))
        .collect()
}

/// The campaign form's fields for a new 2027 campaign with the standard categories.
pub fn campaign_fields(app: &laurel::App) -> Vec<(String, String)> {
    let input = open_campaign_input(app);
    let mut fields = vec![
        ("title".to_owned(), "2027年度最美志愿者评选".to_owned()),
        ("year".into(), "2027".into()),
        ("organizer".into(), input.organizer.clone()),
        (
            "description".into(),
            "面向全区征集志愿服务先进典型。".into(),
        ),
        (
            "nomination_opens_on".into(),
            input.nomination_opens_on.clone(),
        ),
        (
            "nomination_closes_on".into(),
            input.nomination_closes_on.clone(),
        ),
        ("street_closes_on".into(), input.street_closes_on.clone()),
        (
            "district_closes_on".into(),
            input.district_closes_on.clone(),
        ),
        ("recommend_street".into(), "true".into()),
        ("recommend_district".into(), "true".into()),
        ("review_closes_on".into(), input.review_closes_on.clone()),
        ("notice_starts_on".into(), input.notice_starts_on.clone()),
        ("announced_on".into(), input.announced_on.clone()),
        ("version".into(), "0".into()),
    ];
    for (i, c) in input.categories.iter().enumerate() {
        for (name, value) in [
            ("id", ""),
            ("key", c.key.as_str()),
            ("name", c.name.as_str()),
            ("nominee_kind", c.nominee_kind.as_str()),
            ("quota", "3"),
            ("unit_quota", "1"),
            ("min_hours", c.min_hours.as_str()),
        ] {
            fields.push((format!("categories[{i}].{name}"), value.to_owned()));
        }
    }
    fields
}

/// A valid ID number (GB 11643) for someone born 1980-05-17.
pub fn valid_id_number() -> String {
    laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("17 digits")
}

/// The nomination form's fields for 任均山, a volunteer, with `id_number`.
pub fn person_fields(id_number: &str) -> Vec<(&'static str, String)> {
    vec![
        ("nominee_name", "任均山".into()),
        ("affiliation", "青岛市李沧区任均山便民志愿服务岗队长".into()),
        ("gender", "male".into()),
        ("birth_date", "1980-05-17".into()),
        ("phone", "13863901234".into()),
        ("id_number", id_number.into()),
        ("volunteer_hours", "320".into()),
        ("founded_on", String::new()),
        ("member_count", String::new()),
        ("contact_name", String::new()),
        (
            "deeds_summary",
            "十年如一日为居民义务理发、修理小家电。".into(),
        ),
        (
            "deeds_full",
            "详细事迹：组建便民志愿服务岗，累计服务群众上万人次。".into(),
        ),
        ("version", "0".into()),
    ]
}
