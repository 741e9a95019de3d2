//! The audit log as a hash chain: it verifies intact after real work, and a row changed, deleted
//! or forged in the database is caught at the right event; the office's audit page, its filters
//! and CSV export; `laurel audit verify` as a process; appends racing from many tasks.

use laurel::{
    domain::{
        audit::{
            self, GENESIS,
            log::CSV_COLUMNS,
            verify::{BreakKind, VerifyReport, verify},
        },
        ids::{CampaignId, CategoryId, NominationId},
        nominations::{self, NominationInput},
        units::{self, UnitInput},
    },
    entity::audit_event,
    i18n::{self, EN_FTL, ZH_CN_FTL},
};
use rocket::http::{ContentType, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, NotSet,
    QueryFilter, QueryOrder, Statement, sea_query::Expr,
};

use crate::helpers::*;

async fn events(app: &TestApp) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&app.app().db)
        .await
        .expect("events")
}

async fn report(app: &TestApp) -> VerifyReport {
    verify(&app.app().db).await.expect("verify")
}

/// The first break's id and kind.
async fn first_break(app: &TestApp) -> Option<(i64, BreakKind)> {
    report(app).await.first_break.map(|b| (b.id, b.kind))
}

async fn sql(app: &TestApp, text: &str) {
    let db = &app.app().db;
    db.execute_raw(Statement::from_string(db.get_database_backend(), text))
        .await
        .expect(text);
}

/// A nomination drafted and submitted by the community's recommender; returns its id.
async fn nominate(app: &TestApp, world: &World) -> uuid::Uuid {
    let actor = app.actor("rec_a1").await;
    let categories =
        laurel::domain::campaigns::categories_of(&app.app().db, world.campaign.id.into())
            .await
            .expect("categories");
    let volunteer = categories
        .iter()
        .find(|c| c.key == "volunteer")
        .expect("volunteer category");
    let input = NominationInput {
        nominee_name: "任均山".into(),
        affiliation: "青岛市李沧区任均山便民志愿服务岗队长".into(),
        gender: "male".into(),
        birth_date: "1980-05-17".into(),
        phone: "13863901234".into(),
        id_number: laurel::domain::values::IdNumber::with_check_digit("37021319800517123")
            .expect("17 digits"),
        volunteer_hours: "320".into(),
        deeds_summary: "十年如一日为居民义务理发、修理小家电。".into(),
        deeds_full: "组建便民志愿服务岗，累计服务群众上万人次。".into(),
        ..NominationInput::default()
    };
    let draft = nominations::create_draft(
        app.app(),
        &actor,
        CampaignId(world.campaign.id),
        CategoryId(volunteer.id),
        &input,
    )
    .await
    .expect("draft");
    laurel::domain::review::submit(app.app(), &actor, NominationId(draft.id), draft.version)
        .await
        .expect("submitted");
    draft.id
}

/// The standard fixture, a submitted nomination, a renamed unit, and the office signed in.
async fn busy_app() -> (TestApp, World, uuid::Uuid) {
    let app = TestApp::new().await;
    let world = app.world().await;
    let nomination = nominate(&app, &world).await;
    let admin = app.actor("office").await;
    units::update_unit(
        &app.app().db,
        &admin,
        world.street_b.id.into(),
        &UnitInput {
            name: "九水路街道".into(),
            ..UnitInput::default()
        },
    )
    .await
    .expect("renamed");
    app.login("office").await;
    (app, world, nomination)
}

#[rocket::async_test]
async fn the_chain_is_intact_after_a_realistic_sequence_of_changes() {
    let (app, _, _) = busy_app().await;
    let all = events(&app).await;
    assert!(all.len() > 15, "{}", all.len());
    assert_eq!(all[0].prev_hash.as_deref(), Some(GENESIS));
    for pair in all.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "event {}", pair[1].id);
    }
    let found = report(&app).await;
    assert!(found.is_intact(), "{found:?}");
    assert_eq!(found.checked, all.len() as u64);
    let last = found.last.expect("a last event");
    assert_eq!(Some(last.hash), all[all.len() - 1].hash);
}

#[rocket::async_test]
async fn changing_an_event_in_the_database_is_reported_at_that_event() {
    let (app, _, _) = busy_app().await;
    let target = events(&app).await[6].id;
    sql(
        &app,
        &format!("UPDATE audit_events SET actor_label = 'intruder' WHERE id = {target}"),
    )
    .await;
    assert_eq!(first_break(&app).await, Some((target, BreakKind::Changed)));
}

#[rocket::async_test]
async fn changing_an_event_and_its_hash_breaks_the_link_from_the_next_one() {
    let (app, _, _) = busy_app().await;
    let all = events(&app).await;
    let mut forged = all[6].clone();
    forged.after = Some(r#"{"name":"改过的"}"#.into());
    let hash = audit::chain_hash(forged.prev_hash.as_deref().unwrap_or_default(), &forged);
    audit_event::Entity::update_many()
        .col_expr(
            audit_event::Column::After,
            Expr::value(forged.after.clone()),
        )
        .col_expr(audit_event::Column::Hash, Expr::value(hash))
        .filter(audit_event::Column::Id.eq(forged.id))
        .exec(&app.app().db)
        .await
        .expect("rewritten");
    // The rewritten row is consistent in itself; the next row still names its old hash.
    assert_eq!(
        first_break(&app).await,
        Some((all[7].id, BreakKind::Removed))
    );
}

#[rocket::async_test]
async fn deleting_an_event_is_reported_at_the_event_after_it() {
    let (app, _, _) = busy_app().await;
    let all = events(&app).await;
    sql(
        &app,
        &format!("DELETE FROM audit_events WHERE id = {}", all[4].id),
    )
    .await;
    let found = report(&app).await.first_break.expect("a break");
    assert_eq!((found.id, found.kind), (all[5].id, BreakKind::Removed));
    assert_eq!(found.previous_id, Some(all[3].id));

    // Deleting the very first event is caught too.
    let app = TestApp::new().await;
    app.world().await;
    let all = events(&app).await;
    sql(
        &app,
        &format!("DELETE FROM audit_events WHERE id = {}", all[0].id),
    )
    .await;
    assert_eq!(
        first_break(&app).await,
        Some((all[1].id, BreakKind::Removed))
    );
}

/// Writes a forged event with a hash that is right for its content and the predecessor it names.
async fn forge(app: &TestApp, names_as_predecessor: &str) -> i64 {
    let db = &app.app().db;
    let inserted = audit_event::ActiveModel {
        id: NotSet,
        occurred_at: Set(time::OffsetDateTime::now_utc() - time::Duration::days(3)),
        actor_id: Set(None),
        actor_label: Set("office".into()),
        ip: Set(None),
        action: Set("nomination.submit".into()),
        entity_type: Set("nomination".into()),
        entity_id: Set(uuid::Uuid::now_v7().to_string()),
        campaign_id: Set(None),
        before: Set(None),
        after: Set(Some(r#"{"status":"submitted"}"#.into())),
        prev_hash: Set(Some(names_as_predecessor.into())),
        hash: Set(None),
    }
    .insert(db)
    .await
    .expect("forged row");
    let hash = audit::chain_hash(names_as_predecessor, &inserted);
    audit_event::Entity::update_many()
        .col_expr(audit_event::Column::Hash, Expr::value(hash))
        .filter(audit_event::Column::Id.eq(inserted.id))
        .exec(db)
        .await
        .expect("forged hash");
    inserted.id
}

#[rocket::async_test]
async fn a_forged_event_with_a_plausible_hash_is_reported_as_inserted() {
    let (app, _, _) = busy_app().await;
    let all = events(&app).await;
    // Back-dated and chained after an old event, as if it had happened then.
    let forged = forge(&app, all[5].hash.as_deref().unwrap_or_default()).await;
    assert_eq!(first_break(&app).await, Some((forged, BreakKind::Inserted)));
}

#[rocket::async_test]
async fn an_event_forged_onto_the_end_shows_only_against_the_noted_last_hash() {
    let (app, _, _) = busy_app().await;
    let noted = report(&app).await.last.expect("a last event");
    forge(&app, &noted.hash).await;
    let later = report(&app).await;
    // A chain cannot tell a well-made append from a real one: that is what the noted hash is for.
    assert!(later.is_intact());
    assert_ne!(later.last.expect("a last event"), noted);
}

/// Runs `laurel` with `args` on the database at `url` (a fresh data folder): success and output.
fn laurel_command(database_url: &str, args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_laurel"))
        .args(args)
        .current_dir(dir.path())
        .env("DATABASE_URL", database_url)
        .env("LAUREL_DATA_DIR", dir.path().display().to_string())
        .env("LAUREL_ARGON2_MEMORY_KIB", "1024")
        .output()
        .expect("laurel runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[rocket::async_test]
async fn clearing_every_hash_is_a_break_that_nothing_seals_again() {
    let app = TestApp::new().await;
    app.world().await;
    sql(
        &app,
        "UPDATE audit_events SET prev_hash = NULL, hash = NULL",
    )
    .await;
    let all = events(&app).await;
    let cleared = Some((all[0].id, BreakKind::Changed));
    assert_eq!(first_break(&app).await, cleared);

    // Starting again, verifying and backing up all leave it broken, and say so.
    let again = laurel::App::start(app.app().config.clone())
        .await
        .expect("starts");
    assert!(
        !verify(&again.db).await.expect("verify").is_intact(),
        "start-up did not re-seal"
    );
    let warning = laurel::domain::audit::verify::startup_warning(&again.db)
        .await
        .expect("a warning at start-up");
    assert!(warning.contains(&format!("AUDIT LOG BROKEN at event {}", all[0].id)));
    let url = app.app().config.database_url.clone();
    let (ok, out) =
        rocket::tokio::task::spawn_blocking(move || laurel_command(&url, &["audit", "verify"]))
            .await
            .expect("ran");
    assert!(!ok && out.contains("changed"), "{out}");
    if app.app().db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let url = app.app().config.database_url.clone();
        let copy = tempfile::tempdir().expect("dir");
        let target = copy.path().join("copy.db").display().to_string();
        let (ok, out) =
            rocket::tokio::task::spawn_blocking(move || laurel_command(&url, &["backup", &target]))
                .await
                .expect("ran");
        assert!(!ok && out.contains("does not verify"), "{out}");
    }
    assert_eq!(
        first_break(&app).await,
        cleared,
        "still broken after all that"
    );
}

#[rocket::async_test]
async fn twenty_simultaneous_changes_keep_the_chain_intact() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let before = events(&app).await.len();
    let admin = app.actor("office").await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let db = app.app().db.clone();
            let admin = admin.clone();
            let input = UnitInput {
                name: format!("并发社区{i}"),
                kind: "community".into(),
                parent_id: world.street_a.id.to_string(),
            };
            rocket::tokio::spawn(async move { units::create_unit(&db, &admin, &input).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task ran").expect("unit created");
    }
    let found = report(&app).await;
    assert!(found.is_intact(), "{found:?}");
    assert_eq!(found.checked as usize, before + 20);
}

#[rocket::async_test]
async fn only_the_office_reads_the_audit_log() {
    let app = TestApp::new().await;
    app.world().await;
    for path in ["/audit", "/audit/export.csv"] {
        let response = app.client.get(path).dispatch().await;
        assert_eq!(response.status(), Status::SeeOther, "{path}");
        assert!(location(&response).starts_with("/login"), "{path}");
        for user in ["rec_a1", "rec_district", "expert"] {
            app.login(user).await;
            assert_eq!(app.get(path).await.0, Status::Forbidden, "{user} {path}");
        }
        app.logout().await;
    }
    assert_eq!(audit_count(app.app(), "audit.export").await, 0);
    app.login("office").await;
    let (status, html) = app.get("/audit").await;
    assert_eq!(status, Status::Ok);
    let nav = format!(
        "href=\"/audit\" aria-current=\"page\">{}",
        zh("nav-audit", &[])
    );
    assert!(html.contains(&nav), "the nav links to it");
    assert!(html.contains("unit.create"));
}

fn shown(html: &str) -> Vec<i64> {
    html.split("<tr id=\"event-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn ids_where(all: &[audit_event::Model], keep: impl Fn(&audit_event::Model) -> bool) -> Vec<i64> {
    let mut ids: Vec<i64> = all.iter().filter(|e| keep(e)).map(|e| e.id).collect();
    ids.reverse();
    ids
}

#[rocket::async_test]
async fn the_audit_page_filters_by_campaign_actor_action_and_entity() {
    let (app, world, nomination) = busy_app().await;
    let all = events(&app).await;

    let (_, html) = app.get("/audit").await;
    assert_eq!(shown(&html), ids_where(&all, |_| true));
    assert!(
        !html.contains("audit-verification"),
        "verify runs on request"
    );

    let (_, html) = app.get("/audit?actor=rec_a1").await;
    let expected = ids_where(&all, |e| e.actor_label == "rec_a1");
    assert_eq!(expected.len(), 2);
    assert_eq!(shown(&html), expected);

    let (_, html) = app.get("/audit?action=nomination").await;
    assert_eq!(
        shown(&html),
        ids_where(&all, |e| e.action.starts_with("nomination."))
    );
    let (_, html) = app.get("/audit?action=unit.create").await;
    assert_eq!(shown(&html), ids_where(&all, |e| e.action == "unit.create"));
    let (_, html) = app.get("/audit?action=session.sign_in").await;
    assert_eq!(
        shown(&html),
        ids_where(&all, |e| e.action == "session.sign_in")
    );
    let (_, html) = app.get("/audit?action=session_sign").await;
    assert!(shown(&html).is_empty(), "an area is matched literally");

    let (_, html) = app.get(&format!("/audit?entity={nomination}")).await;
    let expected = ids_where(&all, |e| e.entity_id == nomination.to_string());
    assert_eq!(expected.len(), 2);
    assert_eq!(shown(&html), expected);

    let (_, html) = app
        .get(&format!(
            "/audit?campaign={}&actor=rec_a1&action=nomination.submit",
            world.campaign.id
        ))
        .await;
    let expected = ids_where(&all, |e| {
        e.campaign_id == Some(world.campaign.id) && e.action == "nomination.submit"
    });
    assert_eq!(expected.len(), 1);
    assert_eq!(shown(&html), expected);
    assert!(html.contains("<td>2026年度学雷锋志愿服务先进典型</td>"));

    let (_, html) = app
        .get(&format!("/audit?campaign={}", world.campaign.id))
        .await;
    assert_eq!(
        shown(&html),
        ids_where(&all, |e| e.campaign_id == Some(world.campaign.id))
    );
}

#[rocket::async_test]
async fn the_audit_page_shows_fifty_events_at_a_time() {
    let app = TestApp::new().await;
    let world = app.world().await;
    let admin = app.actor("office").await;
    for i in 0..55 {
        let input = UnitInput {
            name: format!("社区{i}"),
            kind: "community".into(),
            parent_id: world.street_b.id.to_string(),
        };
        units::create_unit(&app.app().db, &admin, &input)
            .await
            .expect("unit");
    }
    app.login("office").await;
    let all = ids_where(&events(&app).await, |e| e.action == "unit.create");
    assert_eq!(all.len(), 61);

    let (_, first) = app.get("/audit?action=unit.create").await;
    assert_eq!(shown(&first), all[..50]);
    let older = format!("/audit?action=unit.create&amp;before={}", all[49]);
    assert!(first.contains(&older), "a link to older events");
    let (_, second) = app.get(&older.replace("&amp;", "&")).await;
    assert_eq!(shown(&second), all[50..]);
    assert!(!second.contains("before="), "nothing older");
    let newer = format!("/audit?action=unit.create&amp;after={}", all[50]);
    assert!(second.contains(&newer), "a link back");
    let (_, back) = app.get(&newer.replace("&amp;", "&")).await;
    assert_eq!(shown(&back), all[..50]);
}

#[rocket::async_test]
async fn verification_on_the_page_reports_the_first_break() {
    let (app, _, _) = busy_app().await;
    let (_, html) = app.get("/audit?verify=1").await;
    let count = events(&app).await.len();
    assert!(html.contains(&zh("audit-intact", &[("count", count.to_string())])));
    let target = events(&app).await[8].id;
    sql(
        &app,
        &format!("UPDATE audit_events SET before = '{{}}' WHERE id = {target}"),
    )
    .await;
    let (_, html) = app.get("/audit?verify=1&action=unit").await;
    assert!(html.contains("audit-verification"));
    assert!(html.contains(&zh("audit-break-changed", &[("id", target.to_string())])));
}

fn csv_lines(body: &str) -> Vec<&str> {
    body.split("\r\n").filter(|line| !line.is_empty()).collect()
}

#[rocket::async_test]
async fn the_csv_export_has_a_bom_a_heading_and_the_filtered_rows_and_is_audited() {
    let (app, _, _) = busy_app().await;
    let all = events(&app).await;
    let response = app
        .client
        .get("/audit/export.csv?action=unit.create")
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::CSV));
    assert!(
        response
            .headers()
            .get_one("Content-Disposition")
            .unwrap_or_default()
            .starts_with("attachment")
    );
    let body = response.into_string().await.expect("a body");
    let body = body.strip_prefix('\u{feff}').expect("a byte order mark");
    let lines = csv_lines(body);
    let heading: Vec<String> = CSV_COLUMNS.iter().map(|key| zh(key, &[])).collect();
    assert_eq!(lines[0], heading.join(","));
    let created: Vec<&audit_event::Model> =
        all.iter().filter(|e| e.action == "unit.create").collect();
    assert_eq!(lines.len() - 1, created.len());
    for (line, event) in lines[1..].iter().zip(&created) {
        assert!(line.starts_with(&format!("{},", event.id)), "{line}");
        assert!(
            line.ends_with(event.hash.as_deref().unwrap_or("?")),
            "the hash is exported: {line}"
        );
    }

    // The export is on the record, with its filter, and the chain still holds.
    assert_eq!(audit_count(app.app(), "audit.export").await, 1);
    let recorded = events(&app).await.pop().expect("an event");
    assert_eq!(recorded.action, "audit.export");
    assert_eq!(recorded.actor_label, "office");
    assert!(recorded.after.unwrap_or_default().contains("unit.create"));
    assert!(report(&app).await.is_intact());

    // Unfiltered, the export includes itself and everything before it, oldest first.
    let response = app.client.get("/audit/export.csv").dispatch().await;
    let body = response.into_string().await.expect("a body");
    let lines = csv_lines(&body);
    assert_eq!(lines.len() - 1, all.len() + 2);
    assert!(lines[1].starts_with(&format!("{},", all[0].id)));
    assert!(lines[lines.len() - 1].contains("audit.export"));
}

#[test]
fn every_csv_heading_is_in_both_catalogues() {
    let (zh, en) = (i18n::keys(ZH_CN_FTL), i18n::keys(EN_FTL));
    for key in CSV_COLUMNS {
        assert!(
            zh.iter().any(|k| k == key) && en.iter().any(|k| k == key),
            "{key}"
        );
    }
}

fn laurel_audit_verify(database_url: &str) -> (bool, String) {
    laurel_command(database_url, &["audit", "verify"])
}

#[rocket::async_test]
async fn the_command_verifies_an_intact_log_and_fails_on_a_tampered_one() {
    let (app, _, _) = busy_app().await;
    let url = app.app().config.database_url.clone();
    let all = events(&app).await;
    let check = url.clone();
    let (ok, out) = rocket::tokio::task::spawn_blocking(move || laurel_audit_verify(&check))
        .await
        .expect("ran");
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("audit log intact: {} events", all.len())),
        "{out}"
    );

    sql(
        &app,
        &format!("DELETE FROM audit_events WHERE id = {}", all[2].id),
    )
    .await;
    let (ok, out) = rocket::tokio::task::spawn_blocking(move || laurel_audit_verify(&url))
        .await
        .expect("ran");
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("broken at event {}: removed", all[3].id)),
        "{out}"
    );
}

#[rocket::async_test]
async fn upgrading_a_database_from_before_the_chain_seals_its_log() {
    use migration::{Migrator, MigratorTrait};
    let app = TestApp::new().await;
    app.world().await;
    let db = &app.app().db;
    // Back to the schema before the chain (undoing the review migration after it too), and one
    // more event written the old way.
    let all = Migrator::migrations();
    let chain = all
        .iter()
        .position(|m| m.name() == "m20260101_000006_audit_chain")
        .expect("the chain migration");
    let steps = u32::try_from(all.len() - chain).expect("few migrations");
    Migrator::down(db, Some(steps)).await.expect("down");
    sql(
        &app,
        "INSERT INTO audit_events (occurred_at, actor_label, action, entity_type, entity_id) \
         VALUES ('2026-01-02 03:04:05.123456789+00:00', 'system:old', 'unit.create', 'unit', 'x')",
    )
    .await;
    // An instance starting on it runs the migrations, the one that brings in the chaining
    // rule among them, and then seals the old log, once.
    let started = laurel::App::start(app.app().config.clone())
        .await
        .expect("an instance starts on the old database");
    started.db.close().await.ok();
    let count = events(&app).await.len() as u64;
    let found = report(&app).await;
    assert!(found.is_intact(), "{found:?}");
    assert_eq!(found.checked, count);
}

#[rocket::async_test]
async fn the_office_reads_verifies_and_exports_the_log_through_the_api() {
    let (app, world, _) = busy_app().await;
    let admin = app.actor("office").await;
    // Enough events for more than one page.
    for n in 0..60 {
        units::update_unit(
            &app.app().db,
            &admin,
            world.community_b1.id.into(),
            &UnitInput {
                name: format!("翻页社区{n}"),
                ..UnitInput::default()
            },
        )
        .await
        .expect("renamed");
    }
    let office = token_for(&app, "office").await;
    let rec = token_for(&app, "rec_a").await;
    assert_eq!(
        app.api("GET", "/api/v1/audit", &rec, None).await.0,
        Status::Forbidden
    );
    let stored = sea_orm::PaginatorTrait::count(audit_event::Entity::find(), &app.app().db)
        .await
        .expect("count");
    let mut ids: Vec<i64> = Vec::new();
    let mut path = "/api/v1/audit".to_owned();
    loop {
        let (status, page) = app.api("GET", &path, &office, None).await;
        assert_eq!(status, Status::Ok, "{page}");
        let rows = page["rows"].as_array().expect("rows");
        ids.extend(rows.iter().filter_map(|r| r["id"].as_i64()));
        assert!(
            rows.iter()
                .all(|r| r["at"].as_str().is_some_and(|at| at.contains('T')))
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/audit?after={next}"),
            None => break,
        }
    }
    // Newest first, each event once, every event the log held when the walk began (the
    // token's own events come after).
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert!(ids.len() as u64 >= stored, "{} of {stored}", ids.len());

    let (_, units_only) = app
        .api(
            "GET",
            "/api/v1/audit?action=unit&verify=true",
            &office,
            None,
        )
        .await;
    let rows = units_only["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["action"].as_str().is_some_and(|a| a.starts_with("unit.")))
    );
    assert_eq!(
        units_only["verification"]["intact"],
        serde_json::json!(true)
    );
    assert!(
        units_only["verification"]["last_hash"]
            .as_str()
            .is_some_and(|h| h.len() == 64)
    );

    let before = audit_count(app.app(), "audit.export").await;
    let response = app
        .client
        .get("/api/v1/audit/export.csv?action=unit")
        .header(rocket::http::Header::new(
            "Authorization",
            format!("Bearer {office}"),
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let csv = response.into_string().await.unwrap_or_default();
    assert!(csv.contains("翻页社区59"));
    assert_audited(app.app(), "audit.export", before, 1).await;
}
