//! Hostile input into every kind of form: markup, SQL-looking text, template syntax, control
//! characters, broken UTF-8, wrong content types and oversized bodies. Never a 5xx, and no
//! stored markup ever comes back as markup.

use rocket::http::{ContentType, Header, Status};
use sea_orm::EntityTrait;

use crate::helpers::*;

/// What an attacker types. Seeded variety is in `mangle`.
const PAYLOADS: [&str; 7] = [
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "' OR '1'='1'; DROP TABLE users; --",
    "{{ 7*7 }}{% raw %}{# #}",
    "名\u{0}字\u{202e}\u{7}",
    "<svg/onload=alert(1)>",
    "%FF%FE'\\\"",
];

/// Markup that must never come back unescaped.
const LIVE_MARKUP: [&str; 3] = ["<script>alert", "<img src=x", "<svg/onload"];

/// A small deterministic generator, so a failure repeats.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A payload, sometimes doubled or cut, sometimes inside ordinary text.
    fn mangle(&mut self) -> String {
        let base = PAYLOADS[usize::try_from(self.next()).unwrap_or(0) % PAYLOADS.len()];
        match self.next() % 4 {
            0 => base.to_owned(),
            1 => format!("李沧{base}社区"),
            2 => base.repeat(3),
            _ => base
                .chars()
                .take(usize::try_from(self.next() % 12 + 1).unwrap_or(1))
                .collect(),
        }
    }
}

/// Every form a signed-in user of `role` can post, with its fields (values filled in later).
fn forms(
    world: &World,
    campaign: uuid::Uuid,
    category: uuid::Uuid,
) -> Vec<(&'static str, String, Vec<&'static str>)> {
    vec![
        ("office", "/units".into(), vec!["name", "kind", "parent_id"]),
        (
            "office",
            "/users".into(),
            vec![
                "username",
                "display_name",
                "role",
                "unit_id",
                "password",
                "active",
            ],
        ),
        (
            "office",
            format!("/publicity/campaigns/{campaign}/notice"),
            vec![
                "issuing_organ",
                "doc_number",
                "issued_on",
                "title",
                "body",
                "window_starts_on",
                "working_days",
            ],
        ),
        (
            "office",
            "/publicity/calendar".into(),
            vec!["holidays", "workdays"],
        ),
        ("office", "/account/tokens".into(), vec!["name"]),
        (
            "rec_a1",
            format!("/nominations/?campaign={campaign}&category={category}"),
            vec![
                "nominee_name",
                "affiliation",
                "gender",
                "birth_date",
                "phone",
                "id_number",
                "volunteer_hours",
                "deeds_summary",
                "deeds_full",
            ],
        ),
        ("", "/login".into(), vec!["username", "password", "next"]),
        ("", "/lang".into(), vec!["lang", "next"]),
        (
            "",
            format!("/public/campaigns/{}", world.street_a.id),
            vec!["x"],
        ),
    ]
}

#[rocket::async_test]
async fn hostile_input_never_gets_a_5xx_and_never_comes_back_as_markup() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let category = app.category(&world, "volunteer").await;
    let mut rng = Lcg(0x1a2b_3c4d);
    for (who, path, fields) in forms(&world, world.campaign.id, category.id) {
        if who.is_empty() {
            app.logout().await;
        } else {
            app.login(who).await;
        }
        // Ordinary-looking forms with hostile values, several times over; the first round
        // puts a NUL in every free field (PostgreSQL refuses NUL in text).
        for round in 0..7 {
            let values: Vec<(&str, String)> = fields
                .iter()
                .map(|f| {
                    let value = match *f {
                        "kind" => "community".to_owned(),
                        "parent_id" => world.street_a.id.to_string(),
                        "unit_id" => world.community_a1.id.to_string(),
                        "role" => "recommender".to_owned(),
                        "active" => "true".to_owned(),
                        "password" => PASSWORD.to_owned(),
                        "username" if round > 0 => format!("u{}", rng.next() % 100_000),
                        _ if round == 0 => format!("a\u{0}b{}", rng.next() % 10),
                        _ => rng.mangle(),
                    };
                    (*f, value)
                })
                .collect();
            let refs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app.post_form(&path, &refs).await;
            assert!(
                response.status().code < 500,
                "{path} with {values:?}: {}",
                response.status()
            );
        }
        let token = app.csrf_token().await;
        // Broken UTF-8, raw and percent-encoded.
        let mut raw = format!("_csrf={token}&{}=", fields[0]).into_bytes();
        raw.extend_from_slice(&[0xFF, 0xFE, 0xC3, 0x28, b'&']);
        raw.extend_from_slice(format!("{}=%FF%FE%C3%28", fields[fields.len() - 1]).as_bytes());
        let response = app
            .client
            .post(path.clone())
            .header(ContentType::Form)
            .body(raw)
            .dispatch()
            .await;
        assert!(
            response.status().code < 500,
            "{path}, broken UTF-8: {}",
            response.status()
        );
        // Wrong content types.
        for content_type in [ContentType::Plain, ContentType::JSON, ContentType::XML] {
            let response = app
                .client
                .post(path.clone())
                .header(content_type.clone())
                .header(Header::new("X-CSRF-Token", token.clone()))
                .body(format!(
                    "{{\"{}\": \"<script>alert(1)</script>\"}}",
                    fields[0]
                ))
                .dispatch()
                .await;
            assert!(
                response.status().code < 500,
                "{path} as {content_type}: {}",
                response.status()
            );
        }
        let response = app
            .client
            .post(path.clone())
            .header(Header::new(
                "Content-Type",
                "multipart/form-data; boundary=nothing",
            ))
            .header(Header::new("X-CSRF-Token", token.clone()))
            .body("--wrong\r\ngarbage")
            .dispatch()
            .await;
        assert!(response.status().code < 500, "{path}, broken multipart");
        // Oversized: four times the form limit.
        let mut big = format!("_csrf={token}&{}=", fields[0]).into_bytes();
        big.resize(2 * 1024 * 1024, b'a');
        let response = app
            .client
            .post(path.clone())
            .header(ContentType::Form)
            .body(big)
            .dispatch()
            .await;
        assert!(
            response.status().code < 500,
            "{path}, oversized: {}",
            response.status()
        );
    }

    // Whatever was stored comes back escaped, on every page that lists it.
    app.login("office").await;
    let mut pages = vec![
        "/".to_owned(),
        "/units".to_owned(),
        "/users".to_owned(),
        "/nominations".to_owned(),
        "/account/tokens".to_owned(),
        "/publicity/calendar".to_owned(),
        format!("/publicity/campaigns/{}", world.campaign.id),
        format!("/public/campaigns/{}", world.campaign.id),
        "/audit".to_owned(),
    ];
    for n in laurel::entity::nomination::Entity::find()
        .all(&app.app().db)
        .await
        .expect("nominations")
    {
        pages.push(format!("/nominations/{}", n.id));
    }
    for who in ["office", "rec_a1"] {
        app.login(who).await;
        for page in &pages {
            let (status, body) = app.get(page).await;
            assert!(status.code < 500, "{page}: {status}");
            for markup in LIVE_MARKUP {
                assert!(
                    !body.contains(markup),
                    "{page} as {who} shows live {markup}"
                );
            }
        }
    }
    // Hostile search terms, in every query string a page reads.
    for query in [
        "/honors?q=%00&unit=%27%22%3C&year=%FF&category=%00",
        "/honors/export?format=csv&q=%00%25_",
        "/nominations?q=%00%27&status=%3Cscript%3E",
        "/audit?actor=%00&action=%27&entity=%25",
        "/objections/status?code=%00%FF",
        "/lang/%00?next=%2F%2Fevil.example",
    ] {
        let (status, body) = app.get(query).await;
        assert!(status.code < 500, "{query}: {status}");
        assert!(!body.contains("<script>"), "{query}");
    }
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, Status::Ok, "the database is still there");
}

/// Markup that passes validation, typed into the evaluation forms and the public objection
/// form, is stored as typed and comes back escaped on every page that shows it, to every role.
#[rocket::async_test]
async fn markup_that_passes_validation_is_stored_and_shown_escaped_everywhere() {
    use laurel::domain::{evaluation, stages::StageKind};
    const MARKUP: &str = "<svg/onload=alert(1)>";
    let app = TestApp::new().await;
    let world = app.world().await;
    let judges = pool(&app, 3).await;
    let ids = eligible_named(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    reach(&app, &world, StageKind::Evaluation).await;
    let category = app.category(&world, "volunteer").await;

    // The office's panel and rubric, through their forms.
    app.login("office").await;
    let mut fields = vec![
        ("name".to_owned(), format!("评审组{MARKUP}")),
        ("categories".to_owned(), category.id.to_string()),
    ];
    fields.extend(
        judges
            .iter()
            .map(|j| ("members".to_owned(), j.user_id.to_string())),
    );
    let response = app
        .post_form(
            &format!("/evaluation/panels?campaign={}", world.campaign.id),
            &refs(&fields),
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid panel");
    let panel = location(&response)
        .trim_start_matches("/evaluation/panels/")
        .to_owned();
    let response = app
        .post_form(
            &format!(
                "/evaluation/categories/{}/rubric?panel={panel}",
                category.id
            ),
            &[
                ("criteria[0].name", &format!("事迹{MARKUP}")),
                ("criteria[0].max_points", "60"),
                ("criteria[0].weight", "1"),
                ("criteria[1].name", "影响"),
                ("criteria[1].max_points", "40"),
                ("criteria[1].weight", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid rubric");
    let office = app.actor("office").await;
    let panel_id = uuid::Uuid::try_parse(&panel).expect("panel id");
    evaluation::auto_assign(&app.app().db, &office, panel_id)
        .await
        .expect("assigned");
    let rubric = evaluation::rubric(&app.app().db, category.id, laurel::i18n::Lang::ZhCn)
        .await
        .expect("rubric");

    // Each reviewer's comment, through the scoring form.
    let mut assignments = Vec::new();
    for judge in &judges {
        app.login(&judge.username).await;
        for mine in evaluation::my_assignments(&app.app().db, judge)
            .await
            .expect("mine")
        {
            let fields = sheet_fields(
                &rubric,
                &[50, 30],
                "yes",
                &format!("意见{MARKUP}"),
                0,
                "submit",
            );
            let response = app
                .post_form(
                    &format!("/evaluation/assignments/{}/score", mine.id),
                    &refs(&fields),
                )
                .await;
            assert_eq!(response.status(), Status::SeeOther, "a valid sheet");
            assignments.push((judge.username.clone(), mine.id));
        }
    }

    // On notice, an objection in real name with markup in every free field.
    reach(&app, &world, StageKind::Shortlist).await;
    evaluation::fix_shortlist(
        &app.app().db,
        &office,
        category.id,
        &ids,
        "",
        laurel::i18n::Lang::ZhCn,
    )
    .await
    .expect("shortlist");
    let today = app.app().config.today().to_string();
    let notice = publish_notice(&app, &world, &today).await;
    app.logout().await;
    let response = app
        .post_multipart(
            &format!("/notices/{notice}/objection"),
            &[
                ("nominee", &ids[0].to_string()),
                ("text", &format!("该同志服务时长不实{MARKUP}，请核查。")),
                ("filer_name", &format!("张{MARKUP}")),
                ("filer_unit", &format!("单位{MARKUP}")),
                ("filer_contact", "13712345678"),
            ],
            ("", b""),
        )
        .await;
    assert_eq!(response.status(), Status::Ok, "a valid objection");
    let objection = laurel::entity::objection::Entity::find()
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("stored");
    assert!(objection.text.contains(MARKUP), "stored as typed");

    let c = world.campaign.id;
    let office_pages = vec![
        format!("/evaluation?campaign={c}"),
        format!("/evaluation/panels/{panel}"),
        format!("/evaluation/categories/{}/ranking", category.id),
        format!("/publicity/campaigns/{c}/objections"),
        format!("/publicity/objections/{}", objection.id),
        format!("/nominations/{}", ids[0]),
        "/audit".to_owned(),
    ];
    let mut seen = 0;
    let mut check = |who: &str, page: &str, body: &str, status: Status| {
        assert!(status.code < 500, "{who} {page}: {status}");
        assert!(!body.contains(MARKUP), "{who} sees live markup at {page}");
        if body.contains("&lt;svg") {
            seen += 1;
        }
    };
    app.login("office").await;
    for page in &office_pages {
        let (status, body) = app.get(page).await;
        check("office", page, &body, status);
    }
    for (username, assignment) in &assignments {
        app.login(username).await;
        for page in [
            "/evaluation/mine".to_owned(),
            format!("/evaluation/assignments/{assignment}"),
        ] {
            let (status, body) = app.get(&page).await;
            check(username, &page, &body, status);
        }
    }
    app.logout().await;
    for page in [format!("/notices/{notice}"), "/".to_owned()] {
        let (status, body) = app.get(&page).await;
        check("a stranger", &page, &body, status);
    }
    assert!(
        seen >= 6,
        "the markup is shown, escaped, where it was typed ({seen} pages)"
    );
}

/// The office's reason for sending a nomination back, with markup in it, reaches the community
/// as typed and escaped: on the nomination's page, in its to-do block and in its list.
#[rocket::async_test]
async fn a_return_reason_with_markup_reaches_the_community_escaped() {
    use sea_orm::EntityTrait;
    const MARKUP: &str = "<svg/onload=alert(1)>";
    let app = TestApp::new().await;
    let world = app.world().await;
    let ids = eligible_named(&app, &world, &["甲志愿者"]).await;
    let nomination = laurel::entity::nomination::Entity::find_by_id(ids[0])
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("there");
    app.login("office").await;
    let response = app
        .post_form(
            &format!("/review/{}/return_for_revision", ids[0]),
            &[
                ("version", &nomination.version.to_string()),
                ("reason", &format!("请补充服务时长证明{MARKUP}。")),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther, "a valid decision");
    app.login("rec_a1").await;
    let mut shown = 0;
    for page in [
        format!("/nominations/{}", ids[0]),
        "/dashboard".to_owned(),
        "/nominations".to_owned(),
    ] {
        let (status, body) = app.get(&page).await;
        assert_eq!(status, Status::Ok, "{page}");
        assert!(!body.contains(MARKUP), "live markup at {page}");
        if body.contains("请补充服务时长证明&lt;svg") {
            shown += 1;
        }
    }
    assert!(shown >= 2, "the reason is shown, escaped ({shown} pages)");
}
