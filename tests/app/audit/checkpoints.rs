//! Signed checkpoints of the audit record: every publication carries one, the list and the key
//! are public, and a record rewritten, cut short or replaced by someone with database access
//! but without the key disagrees with them, in a thousand random tamperings.

use laurel::{
    domain::audit::{
        chain_hash,
        checkpoints::{self, Published},
        verify::{ChainPoint, FullReport, verify_all},
    },
    entity::{audit_checkpoint, audit_event},
};
use rocket::http::Status;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryOrder, Statement, TransactionTrait,
};

use crate::helpers::*;

/// A campaign with a published notice: the app, the notice's page and its id.
async fn published() -> (TestApp, String, uuid::Uuid) {
    let app = TestApp::new().await;
    let world = app.world().await;
    shortlisted(&app, &world, &["甲志愿者", "乙志愿者"]).await;
    let today = app.app().config.today().to_string();
    let notice = publish_notice(&app, &world, &today).await;
    let (status, page) = app.get(&format!("/notices/{notice}")).await;
    assert_eq!(status, Status::Ok);
    (app, page, notice)
}

async fn full(app: &TestApp, against: &[Published], expected: &[ChainPoint]) -> FullReport {
    verify_all(
        &app.app().db,
        &app.app().signer.public_key(),
        against,
        expected,
    )
    .await
    .expect("verified")
}

async fn sql(db: &impl ConnectionTrait, text: &str) {
    db.execute_raw(Statement::from_string(db.get_database_backend(), text))
        .await
        .expect(text);
}

async fn tail(db: &impl ConnectionTrait) -> audit_event::Model {
    audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(db)
        .await
        .expect("read")
        .expect("an event")
}

#[rocket::async_test]
async fn a_publication_carries_its_signed_checkpoint_and_the_list_and_key_are_public() {
    let (app, page, notice) = published().await;
    let on_page = checkpoints::found_in(&page);
    assert_eq!(on_page.len(), 1, "the page carries its checkpoint");
    let key = app.app().signer.public_key();
    assert!(on_page[0].signed_by(&key));
    assert!(page.contains(&app.app().signer.public_hex()), "and the key");
    let stored = checkpoints::of_document(&app.app().db, notice)
        .await
        .expect("read")
        .expect("written with the publication");
    assert_eq!(stored.event_id, on_page[0].event_id);
    // It covers the publication's own event.
    let publication = audit_event::Entity::find_by_id(stored.event_id)
        .one(&app.app().db)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(publication.action, "notice.publish");
    assert_eq!(publication.entity_id, notice.to_string());

    app.logout().await;
    let (status, list_page) = app.get("/checkpoints").await;
    assert_eq!(status, Status::Ok);
    assert!(list_page.contains(&app.app().signer.public_hex()));
    assert!(list_page.contains(&zh("checkpoint-reason-publication", &[])));
    let response = app.client.get("/checkpoints.json").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let text = response.into_string().await.unwrap_or_default();
    let list: checkpoints::PublicList = serde_json::from_str(&text).expect("json");
    assert_eq!(list.public_key, app.app().signer.public_hex());
    assert_eq!(checkpoints::found_in(&text).len(), list.checkpoints.len());
    let report = full(&app, &on_page, &[]).await;
    assert!(report.is_intact(), "{report:?}");
}

#[rocket::async_test]
async fn a_consistent_rewrite_a_cut_and_a_forged_checkpoint_all_disagree() {
    let (app, page, _) = published().await;
    let db = &app.app().db;
    let on_page = checkpoints::found_in(&page);
    let covered = on_page[0].event_id;

    // Rewritten below the checkpoint with every hash recomputed: the chain holds, the
    // checkpoint does not.
    let txn = db.begin().await.expect("txn");
    sql(
        &txn,
        &format!("UPDATE audit_events SET actor_label = 'forger' WHERE id = {covered}"),
    )
    .await;
    rehash_all(&txn).await;
    let report = verify_all(&txn, &app.app().signer.public_key(), &[], &[])
        .await
        .expect("verified");
    assert!(report.chain.is_intact(), "a consistent forgery");
    let found = report.disagreement.expect("caught");
    assert_eq!((found.event_id, found.problem), (covered, "hash"));
    txn.rollback().await.expect("rollback");

    // Cut below the checkpoint, the stored checkpoints deleted too: the page kept outside
    // still shows it.
    let txn = db.begin().await.expect("txn");
    sql(
        &txn,
        &format!("DELETE FROM audit_events WHERE id >= {covered}"),
    )
    .await;
    sql(&txn, "DELETE FROM audit_checkpoints").await;
    let alone = verify_all(&txn, &app.app().signer.public_key(), &[], &[])
        .await
        .expect("verified");
    assert!(
        alone.is_intact(),
        "without anything kept outside, a cut end is invisible"
    );
    let against = verify_all(&txn, &app.app().signer.public_key(), &on_page, &[])
        .await
        .expect("verified");
    let found = against.disagreement.expect("caught");
    assert_eq!((found.problem, found.source), ("missing", "against"));
    txn.rollback().await.expect("rollback");

    // A checkpoint moved to another event: its signature no longer holds.
    let txn = db.begin().await.expect("txn");
    let other = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .one(&txn)
        .await
        .expect("read")
        .expect("the first event");
    assert_ne!(other.id, covered);
    sql(
        &txn,
        &format!(
            "UPDATE audit_checkpoints SET event_id = {}, event_hash = '{}'",
            other.id,
            other.hash.clone().unwrap_or_default()
        ),
    )
    .await;
    let report = verify_all(&txn, &app.app().signer.public_key(), &[], &[])
        .await
        .expect("verified");
    assert_eq!(report.disagreement.map(|d| d.problem), Some("signature"));
    txn.rollback().await.expect("rollback");

    // A noted point: the true tail agrees; a made-up one does not.
    let last = tail(db).await;
    let point = ChainPoint {
        id: last.id,
        hash: last.hash.clone().unwrap_or_default(),
    };
    assert!(
        full(&app, &[], std::slice::from_ref(&point))
            .await
            .is_intact()
    );
    let wrong = ChainPoint {
        hash: "0".repeat(64),
        ..point
    };
    let found = full(&app, &[], &[wrong])
        .await
        .disagreement
        .expect("caught");
    assert_eq!((found.problem, found.source), ("hash", "expected"));
}

#[rocket::async_test]
async fn the_command_checks_against_a_kept_page_and_a_noted_point() {
    let (app, page, _) = published().await;
    let dir = tempfile::tempdir().expect("dir");
    let kept = dir.path().join("notice.html");
    std::fs::write(&kept, &page).expect("kept");
    let last = tail(&app.app().db).await;
    let expect = format!("{}:{}", last.id, last.hash.unwrap_or_default());
    let run = |args: Vec<String>| {
        let config = app.app().config.clone();
        rocket::tokio::task::spawn_blocking(move || {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_laurel"))
                .args(["audit", "verify"])
                .args(&args)
                .env("DATABASE_URL", &config.database_url)
                // The office's data folder: its signing key.
                .env("LAUREL_DATA_DIR", config.data_dir.display().to_string())
                .output()
                .expect("laurel runs");
            (
                output.status.success(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            )
        })
    };
    let kept_arg = kept.display().to_string();
    let (ok, out) = run(vec![
        "--against".into(),
        kept_arg.clone(),
        "--expect".into(),
        expect.clone(),
    ])
    .await
    .expect("ran");
    assert!(ok && out.contains("audit log intact"), "{out}");

    sql(&app.app().db, "DELETE FROM audit_checkpoints").await;
    sql(
        &app.app().db,
        &format!("DELETE FROM audit_events WHERE id >= {}", last.id),
    )
    .await;
    let (ok, out) = run(vec!["--against".into(), kept_arg]).await.expect("ran");
    assert!(!ok && out.contains("missing"), "{out}");
    let (ok, out) = run(vec!["--expect".into(), expect]).await.expect("ran");
    assert!(!ok && out.contains("expected"), "{out}");
}

#[rocket::async_test]
async fn a_daily_checkpoint_is_written_once_a_day_while_the_log_grows() {
    let app = TestApp::new().await;
    app.world().await;
    let db = &app.app().db;
    let signer = &app.app().signer;
    let first = checkpoints::daily(db, signer).await.expect("daily");
    assert!(first.is_some(), "none yet: one now");
    assert!(
        checkpoints::daily(db, signer)
            .await
            .expect("daily")
            .is_none()
    );
    // A day later, but nothing happened since: nothing to sign.
    sql(
        db,
        &format!(
            "UPDATE audit_checkpoints SET signed_at = '{}'",
            (laurel::domain::now() - time::Duration::days(2))
                .format(&time::format_description::well_known::Rfc3339)
                .expect("time")
        ),
    )
    .await;
    assert!(
        checkpoints::daily(db, signer)
            .await
            .expect("daily")
            .is_none()
    );
    app.login("office").await;
    app.logout().await;
    let made = checkpoints::daily(db, signer)
        .await
        .expect("daily")
        .expect("the log grew");
    assert_eq!(made.reason, "daily");
    assert_eq!(made.event_id, tail(db).await.id);
}

/// Recomputes every event's links and hash in id order, as a forger with database access would.
async fn rehash_all(txn: &DatabaseTransaction) {
    let events = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(txn)
        .await
        .expect("events");
    let mut prev = laurel::domain::audit::GENESIS.to_owned();
    for event in events {
        let hash = chain_hash(&prev, &event);
        let mut row: audit_event::ActiveModel = event.into();
        row.prev_hash = Set(Some(prev.clone()));
        row.hash = Set(Some(hash.clone()));
        row.update(txn).await.expect("rehashed");
        prev = hash;
    }
}

/// A small deterministic generator: the trials are the same on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[rocket::async_test]
async fn a_thousand_random_tamperings_are_every_one_detected() {
    let (app, page, _) = published().await;
    let db = &app.app().db;
    // What the office and the public keep outside: the published page and the noted tail.
    let against = checkpoints::found_in(&page);
    let last = tail(db).await;
    let expected = [ChainPoint {
        id: last.id,
        hash: last.hash.clone().unwrap_or_default(),
    }];
    let events = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await
        .expect("events");
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let pick = |dice: &mut Dice| ids[usize::try_from(dice.below(ids.len() as u64)).unwrap_or(0)];
    let key = app.app().signer.public_key();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut kinds = [0u32; 8];
    for trial in 0..1000 {
        let kind = usize::try_from(dice.below(8)).unwrap_or(0);
        kinds[kind] += 1;
        let txn = db.begin().await.expect("txn");
        let r = pick(&mut dice);
        match kind {
            // Edit one field of one event.
            0 => {
                sql(
                    &txn,
                    &format!("UPDATE audit_events SET action = action || 'x' WHERE id = {r}"),
                )
                .await;
            }
            // Delete one event.
            1 => sql(&txn, &format!("DELETE FROM audit_events WHERE id = {r}")).await,
            // Insert a forged event, correctly hashed onto an event that is not the last.
            2 => {
                let base = events
                    .iter()
                    .find(|e| e.id == r)
                    .filter(|e| e.id != last.id)
                    .unwrap_or(&events[0]);
                let mut forged = base.clone();
                forged.id = last.id + 1 + i64::from(trial);
                forged.actor_label = "forger".into();
                let prev = base.hash.clone().unwrap_or_default();
                forged.hash = Some(chain_hash(&prev, &forged));
                forged.prev_hash = Some(prev);
                audit_event::ActiveModel::from(forged)
                    .insert(&txn)
                    .await
                    .expect("forged");
            }
            // Reorder: two events swap their actions.
            3 => {
                let s = pick(&mut dice);
                let (a, b) = (
                    events.iter().find(|e| e.id == r).expect("r"),
                    events.iter().find(|e| e.id == s).expect("s"),
                );
                if a.action == b.action {
                    sql(
                        &txn,
                        &format!("UPDATE audit_events SET actor_label = 'swapped' WHERE id = {r}"),
                    )
                    .await;
                } else {
                    sql(
                        &txn,
                        &format!(
                            "UPDATE audit_events SET action = '{}' WHERE id = {}",
                            b.action, a.id
                        ),
                    )
                    .await;
                    sql(
                        &txn,
                        &format!(
                            "UPDATE audit_events SET action = '{}' WHERE id = {}",
                            a.action, b.id
                        ),
                    )
                    .await;
                }
            }
            // Truncate: everything from one event on.
            4 => sql(&txn, &format!("DELETE FROM audit_events WHERE id >= {r}")).await,
            // Edit, then recompute every hash (and drop the stored checkpoints).
            5 => {
                sql(
                    &txn,
                    &format!("UPDATE audit_events SET ip = '6.6.6.6' WHERE id = {r}"),
                )
                .await;
                rehash_all(&txn).await;
                if dice.below(2) == 0 {
                    sql(&txn, "DELETE FROM audit_checkpoints").await;
                }
            }
            // Clear every hash.
            6 => {
                sql(
                    &txn,
                    "UPDATE audit_events SET prev_hash = NULL, hash = NULL",
                )
                .await
            }
            // Replace the checkpoint with one of the forger's own, after a consistent rewrite.
            _ => {
                sql(
                    &txn,
                    &format!("UPDATE audit_events SET entity_id = 'x' WHERE id = {r}"),
                )
                .await;
                rehash_all(&txn).await;
                let new_tail = tail(&txn).await;
                let forger = checkpoints::Signer::from_hex(&"0f".repeat(32)).expect("key");
                let at = laurel::domain::now();
                sql(&txn, "DELETE FROM audit_checkpoints").await;
                audit_checkpoint::ActiveModel {
                    id: sea_orm::NotSet,
                    event_id: Set(new_tail.id),
                    event_hash: Set(new_tail.hash.clone().unwrap_or_default()),
                    signed_at: Set(at),
                    reason: Set("daily".into()),
                    document_id: Set(None),
                    signature: Set(forger_signature(&forger, &new_tail, at)),
                }
                .insert(&txn)
                .await
                .expect("forged checkpoint");
            }
        }
        let report = verify_all(&txn, &key, &against, &expected)
            .await
            .expect("verified");
        assert!(
            !report.is_intact(),
            "trial {trial}, tampering {kind} at event {r} went unseen"
        );
        txn.rollback().await.expect("rollback");
    }
    assert!(kinds.iter().all(|n| *n > 50), "every kind tried: {kinds:?}");
    assert!(
        full(&app, &against, &expected).await.is_intact(),
        "untouched"
    );
}

/// A checkpoint signed with a key that is not the office's.
fn forger_signature(
    forger: &checkpoints::Signer,
    tail: &audit_event::Model,
    at: time::OffsetDateTime,
) -> String {
    forger.sign_text(&checkpoints::message(
        tail.id,
        tail.hash.as_deref().unwrap_or_default(),
        at,
    ))
}
