//! Several stateless app instances on one database, and load: the real binary, twice, on the
//! harness's database (PostgreSQL with LAUREL_TEST_DATABASE_URL, else one SQLite file).

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::helpers::*;

/// A session cookie from signing in on `port` through the sign-in form.
fn sign_in(port: u16, username: &str) -> String {
    let page = exchange(port, "GET", "/login", &[], "").expect("login page");
    let csrf_cookie = page.cookies.join("; ");
    let token = extract_csrf(&page.body).expect("a token");
    let body = encode(&[
        ("_csrf", &token),
        ("username", username),
        ("password", PASSWORD),
        ("next", ""),
    ]);
    let answer = exchange(
        port,
        "POST",
        "/login",
        &[
            ("Cookie", &csrf_cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &body,
    )
    .expect("signed in");
    assert_eq!(answer.status, 303, "{}", answer.body);
    answer.cookies.join("; ")
}

#[rocket::async_test]
async fn two_instances_share_sessions_and_hold_a_quota_between_them() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec_a1 = app.actor("rec_a1").await;
    set_unit_quota(&app, &world, "60").await;
    let mut pending = Vec::new();
    for seq in 0..12_u16 {
        pending.push(
            submitted(
                &app,
                &world,
                &rec_a1,
                &person(&format!("双实例{seq}"), 300 + seq),
            )
            .await,
        );
    }
    set_unit_quota(&app, &world, "3").await;
    let (one, two) = (free_port(), free_port());
    let mut first = serve(&app, one);
    let mut second = serve(&app, two);

    // A session begun on one instance is good on the other, and ends on both.
    let cookie = sign_in(one, "rec_a");
    let dashboard =
        exchange(two, "GET", "/dashboard", &[("Cookie", &cookie)], "").expect("answers");
    assert_eq!(dashboard.status, 200);
    assert!(
        dashboard.body.contains("rec_a 用户"),
        "signed in on the other instance"
    );

    // Twelve recommendations at once, alternating between the instances: three get through.
    let street = app.actor("rec_a").await;
    let (token, _) = laurel::domain::accounts::tokens::create_token(
        &app.app().db,
        &street,
        "two instances",
        "",
        180,
    )
    .await
    .expect("token");
    let passed = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = pending
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let port = if i % 2 == 0 { one } else { two };
            let (id, version, token, passed) =
                (n.id, n.version, token.clone(), Arc::clone(&passed));
            std::thread::spawn(move || {
                let body = json!({ "decision": "recommend", "version": version }).to_string();
                let auth = format!("Bearer {token}");
                let answer = exchange(
                    port,
                    "POST",
                    &format!("/api/v1/nominations/{id}/decisions"),
                    &[
                        ("Authorization", &auth),
                        ("Content-Type", "application/json"),
                    ],
                    &body,
                )
                .expect("answers");
                assert!(answer.status < 500, "{}: {}", answer.status, answer.body);
                if answer.status == 200 {
                    passed.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("client");
    }
    assert_eq!(
        passed.load(Ordering::Relaxed),
        3,
        "the quota holds across instances"
    );
    let moved_up = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::LevelUnitId.ne(world.street_a.id))
        .filter(
            laurel::entity::nomination::Column::Status
                .eq(laurel::entity::nomination::NominationStatus::Pending),
        )
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(moved_up, 3);

    let logout_token = extract_csrf(
        &exchange(two, "GET", "/dashboard", &[("Cookie", &cookie)], "")
            .expect("answers")
            .body,
    )
    .expect("a token");
    let out = exchange(
        two,
        "POST",
        "/logout",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &encode(&[("_csrf", &logout_token)]),
    )
    .expect("signed out");
    assert_eq!(out.status, 303);
    let after = exchange(one, "GET", "/dashboard", &[("Cookie", &cookie)], "").expect("answers");
    assert_ne!(after.status, 200, "signed out on one, signed out on both");
    for server in [&mut first, &mut second] {
        server.kill().expect("stopped");
        server.wait().expect("reaped");
    }
}

/// Clients and seconds of the load test: small by default (CI), 64 × 30 s by hand.
fn load_shape() -> (usize, u64) {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    (
        usize::try_from(number("LAUREL_LOAD_CLIENTS", 16)).unwrap_or(16),
        number("LAUREL_LOAD_SECONDS", 3),
    )
}

#[rocket::async_test]
async fn under_load_two_instances_answer_without_a_5xx_and_lose_no_write() {
    let app = TestApp::new().await;
    let world = app.world().await;
    set_unit_quota(&app, &world, "100").await;
    let category = app.category(&world, "volunteer").await;
    let mut tokens = Vec::new();
    for username in ["rec_a1", "rec_b1", "rec_a", "rec_b"] {
        let who = app.actor(username).await;
        tokens.push(
            laurel::domain::accounts::tokens::create_token(&app.app().db, &who, "load", "", 180)
                .await
                .expect("token")
                .0,
        );
    }
    let (one, two) = (free_port(), free_port());
    let mut first = serve(&app, one);
    let mut second = serve(&app, two);
    let (clients, seconds) = load_shape();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let created = Arc::new(Mutex::new(Vec::<String>::new()));
    let recommended = Arc::new(AtomicU64::new(0));
    let server_errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let campaign_page = format!("/public/campaigns/{}", world.campaign.id);
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let port = if client % 2 == 0 { one } else { two };
            let (created, recommended, server_errors, stop) = (
                Arc::clone(&created),
                Arc::clone(&recommended),
                Arc::clone(&server_errors),
                Arc::clone(&stop),
            );
            let (tokens, campaign, category, campaign_page) = (
                tokens.clone(),
                world.campaign.id,
                category.id,
                campaign_page.clone(),
            );
            std::thread::spawn(move || {
                let mut seq = 0_u32;
                while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                    seq += 1;
                    let check = |status: u16| {
                        if status >= 500 {
                            server_errors.fetch_add(1, Ordering::Relaxed);
                        }
                    };
                    match client % 4 {
                        // Readers: the public pages.
                        0 | 1 => {
                            for path in ["/", campaign_page.as_str(), "/honors", "/healthz"] {
                                let answer = exchange(port, "GET", path, &[], "").expect("answers");
                                check(answer.status);
                            }
                        }
                        // Writers: a community creates and submits; its street recommends.
                        _ => {
                            let side = client % 2;
                            let auth = format!("Bearer {}", tokens[side]);
                            let street = format!("Bearer {}", tokens[side + 2]);
                            let name = format!("负载{client}-{seq}");
                            let id = laurel::domain::values::IdNumber::with_check_digit(&format!(
                                "37021319800517{:03}",
                                seq % 1000
                            ))
                            .expect("id");
                            let body = json!({
                                "campaign_id": campaign, "category_id": category,
                                "nominee_name": name, "affiliation": "社区志愿者",
                                "gender": "male", "birth_date": "1980-05-17",
                                "phone": "13900001111", "id_number": id, "volunteer_hours": "40",
                                "deeds_summary": "简介", "deeds_full": "详细事迹",
                            });
                            let json_headers = [
                                ("Authorization", auth.as_str()),
                                ("Content-Type", "application/json"),
                            ];
                            let made = exchange(
                                port,
                                "POST",
                                "/api/v1/nominations",
                                &json_headers,
                                &body.to_string(),
                            )
                            .expect("answers");
                            check(made.status);
                            if !(200..300).contains(&made.status) {
                                continue;
                            }
                            created.lock().expect("lock").push(name);
                            let nomination: serde_json::Value =
                                serde_json::from_str(&made.body).expect("JSON");
                            let path = format!(
                                "/api/v1/nominations/{}/decisions",
                                nomination["id"].as_str().unwrap_or_default()
                            );
                            let sent = exchange(
                                port,
                                "POST",
                                &path,
                                &json_headers,
                                &json!({ "decision": "submit", "version": nomination["version"] })
                                    .to_string(),
                            )
                            .expect("answers");
                            check(sent.status);
                            let sent: serde_json::Value =
                                serde_json::from_str(&sent.body).unwrap_or_default();
                            let up = exchange(
                                port,
                                "POST",
                                &path,
                                &[
                                    ("Authorization", street.as_str()),
                                    ("Content-Type", "application/json"),
                                ],
                                &json!({ "decision": "recommend", "version": sent["version"] })
                                    .to_string(),
                            )
                            .expect("answers");
                            check(up.status);
                            if up.status == 200 {
                                recommended.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("client");
    }
    stop.store(true, Ordering::Relaxed);
    assert_eq!(server_errors.load(Ordering::Relaxed), 0, "no 5xx");
    let created = created.lock().expect("lock").clone();
    assert!(!created.is_empty(), "writes happened");
    let stored = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::NomineeName.is_in(created.clone()))
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(stored, created.len() as u64, "no lost write");
    let at_district = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::NomineeName.is_in(created.clone()))
        .filter(
            laurel::entity::nomination::Column::LevelUnitId
                .is_not_in([world.street_a.id, world.street_b.id]),
        )
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(
        at_district,
        recommended.load(Ordering::Relaxed),
        "every recommendation stored"
    );
    #[allow(
        clippy::print_stdout,
        reason = "the figures, for whoever runs the full load by hand (--nocapture)"
    )]
    {
        println!(
            "load: {clients} clients for {seconds} s on two instances: {} nominations created and \
         stored, {at_district} recommended, 0 server errors",
            created.len()
        );
    }
    for server in [&mut first, &mut second] {
        server.kill().expect("stopped");
        server.wait().expect("reaped");
    }
}
