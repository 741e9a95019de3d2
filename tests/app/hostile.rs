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
