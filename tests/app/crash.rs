//! Faults: the server is killed (SIGKILL) while clients submit nominations; after a restart,
//! every submission it acknowledged is there and the audit chain verifies. On SQLite, or on
//! PostgreSQL when LAUREL_TEST_DATABASE_URL is set (the harness's database either way).

use std::{
    process::Command,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::helpers::*;

#[rocket::async_test]
async fn acknowledged_submissions_survive_a_kill_and_the_audit_chain_verifies() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let who = app.actor("rec_a1").await;
    let (token, _) =
        laurel::domain::accounts::tokens::create_token(&app.app().db, &who, "crash test", "", 180)
            .await
            .expect("token");
    let category = app.category(&world, "volunteer").await;
    let port = free_port();
    let mut server = serve(&app, port);

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4_u16)
        .map(|client| {
            let (acknowledged, stop, token) =
                (Arc::clone(&acknowledged), Arc::clone(&stop), token.clone());
            let (campaign, category) = (world.campaign.id, category.id);
            std::thread::spawn(move || {
                for seq in 0..2_000_u16 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let name = format!("崩溃测试{client}-{seq}");
                    let id = laurel::domain::values::IdNumber::with_check_digit(&format!(
                        "37021319800517{:03}",
                        (client * 250 + seq) % 1000
                    ))
                    .expect("id");
                    let body = json!({
                        "campaign_id": campaign, "category_id": category,
                        "nominee_name": name, "affiliation": "社区志愿者", "gender": "female",
                        "birth_date": "1980-05-17", "phone": "13900001111", "id_number": id,
                        "volunteer_hours": "40", "deeds_summary": "简介", "deeds_full": "详细事迹",
                    })
                    .to_string();
                    match request(port, "POST", "/api/v1/nominations", &token, &body) {
                        Ok((status, _)) if (200..300).contains(&status) => {
                            acknowledged.lock().expect("lock").push(name);
                        }
                        Ok((status, answer)) => {
                            assert!(status < 500, "{status}: {answer}");
                        }
                        // The server is gone: the kill came in the middle of this one.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    // Let them write for a while, then kill the server mid-stream.
    let started = Instant::now();
    while acknowledged.lock().expect("lock").len() < 40
        && started.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(acknowledged.len() >= 40, "the clients got going");

    // Restarted, it serves; every acknowledged submission is there; the chain verifies.
    let mut server = serve(&app, port);
    let stored = laurel::entity::nomination::Entity::find()
        .filter(laurel::entity::nomination::Column::NomineeName.is_in(acknowledged.clone()))
        .count(&app.app().db)
        .await
        .expect("count");
    assert_eq!(
        stored,
        acknowledged.len() as u64,
        "no acknowledged write was lost"
    );
    let (status, _) = request(port, "GET", "/api/v1/me", &token, "").expect("answers");
    assert_eq!(status, 200);
    server.kill().expect("stopped");
    server.wait().expect("reaped");
    let config = &app.app().config;
    let verify = Command::new(env!("CARGO_BIN_EXE_laurel"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &config.database_url)
        .env("LAUREL_DATA_DIR", config.data_dir.display().to_string())
        .output()
        .expect("laurel runs");
    let out = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success() && out.contains("intact"), "{out}");
}
