//! How data is kept: SQLite settings, encrypted ID numbers, addresses in the audit log.

use rocket::http::{Header, Status};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};

use crate::helpers::*;

async fn pragma(app: &TestApp, name: &str) -> String {
    let row = app
        .app()
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("PRAGMA {name}"),
        ))
        .await
        .expect("pragma")
        .expect("a row");
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .expect("a value")
}

#[rocket::async_test]
async fn sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys() {
    let app = TestApp::new().await;
    if app.app().db.get_database_backend() != DbBackend::Sqlite {
        return; // These settings are SQLite's own; PostgreSQL is durable by default.
    }
    assert_eq!(pragma(&app, "journal_mode").await, "wal");
    assert_eq!(pragma(&app, "synchronous").await, "2", "FULL");
    assert_eq!(pragma(&app, "foreign_keys").await, "1");
    assert_ne!(pragma(&app, "busy_timeout").await, "0");
}

#[rocket::async_test]
async fn id_numbers_are_stored_encrypted_with_a_keyed_fingerprint() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let rec = app.actor("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let person = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer");
    let id_number =
        laurel::domain::values::IdNumber::with_check_digit("37021319800517123").expect("id");
    let input = laurel::domain::nominations::NominationInput {
        nominee_name: "加密测试".into(),
        affiliation: "志愿者".into(),
        gender: "male".into(),
        birth_date: "1980-05-17".into(),
        phone: "13900002222".into(),
        id_number: id_number.clone(),
        volunteer_hours: "30".into(),
        deeds_summary: "简介".into(),
        deeds_full: "详细".into(),
        ..Default::default()
    };
    let saved = laurel::domain::nominations::create_draft(
        app.app(),
        &rec,
        world.campaign.id.into(),
        person.id.into(),
        &input,
    )
    .await
    .expect("saved");
    let row = laurel::entity::nomination::Entity::find_by_id(saved.id)
        .one(&app.app().db)
        .await
        .expect("query")
        .expect("row");
    let blob = row.id_number_enc.expect("encrypted");
    assert!(
        !String::from_utf8_lossy(&blob).contains(&id_number[..10]),
        "no plaintext in the blob"
    );
    let fingerprint = row.id_number_fp.expect("fingerprint");
    assert_ne!(
        fingerprint,
        laurel::pii::sha256_hex(id_number.as_bytes()),
        "never a plain hash"
    );
    assert_eq!(fingerprint, app.app().pii.fingerprint(&id_number));
    assert_eq!(app.app().pii.decrypt(&blob).expect("decrypts"), id_number);
    // The audit log records that private fields changed, not their values.
    let events = laurel::entity::audit_event::Entity::find()
        .all(&app.app().db)
        .await
        .expect("events");
    for event in events {
        let text = format!("{:?}{:?}", event.before, event.after);
        assert!(
            !text.contains(&id_number) && !text.contains("13900002222"),
            "{text}"
        );
    }
}

#[rocket::async_test]
async fn a_client_cannot_put_a_forged_address_into_the_audit_log() {
    let app = TestApp::new().await;
    app.world().await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post("/login")
        .header(rocket::http::ContentType::Form)
        .header(Header::new("X-Real-IP", "203.0.113.9"))
        .header(Header::new("X-Forwarded-For", "203.0.113.9"))
        .body(encode(&[
            ("_csrf", &token),
            ("username", "rec_a"),
            ("password", PASSWORD),
            ("next", ""),
        ]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let events = laurel::entity::audit_event::Entity::find()
        .all(&app.app().db)
        .await
        .expect("events");
    let sign_in = events
        .iter()
        .find(|e| e.action == "session.sign_in")
        .expect("recorded");
    assert_ne!(sign_in.ip.as_deref(), Some("203.0.113.9"));
}
