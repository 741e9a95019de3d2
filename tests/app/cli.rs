//! The `laurel` command itself: migrate, admin create, admin token, demo, against a fresh SQLite
//! database.

use std::process::Command;

fn laurel(dir: &std::path::Path, args: &[&str], password: Option<&str>) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_laurel"));
    command
        .args(args)
        .current_dir(dir)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/db/laurel.db?mode=rwc", dir.display()),
        )
        .env("LAUREL_DATA_DIR", dir.display().to_string())
        .env_remove("LAUREL_ADMIN_PASSWORD");
    if let Some(password) = password {
        command.env("LAUREL_ADMIN_PASSWORD", password);
    }
    let output = command.output().expect("laurel runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn the_command_migrates_creates_an_admin_and_loads_the_demo_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = laurel(dir.path(), &["migrate"], None);
    assert!(ok, "{out}");
    assert!(
        dir.path().join("db/laurel.db").exists(),
        "the database folder is created"
    );
    assert!(
        dir.path().join("pii.key").exists(),
        "the keys for private data are created"
    );

    let (ok, out) = laurel(
        dir.path(),
        &[
            "admin",
            "create",
            "--username",
            "chief",
            "--name",
            "主任",
            "--city",
            "青岛市",
        ],
        Some("short"),
    );
    assert!(!ok && out.contains("password"), "{out}");
    let (ok, out) = laurel(
        dir.path(),
        &[
            "admin",
            "create",
            "--username",
            "chief",
            "--name",
            "主任",
            "--city",
            "青岛市",
        ],
        Some("a-long-enough-password"),
    );
    assert!(ok && out.contains("chief"), "{out}");

    // The first admin's first token, without the pages: printed once, stored as its hash.
    let (ok, out) = laurel(
        dir.path(),
        &[
            "admin",
            "token",
            "--username",
            "chief",
            "--scope",
            "read",
            "--days",
            "30",
        ],
        None,
    );
    assert!(ok, "{out}");
    let token = out
        .lines()
        .find(|l| l.starts_with("laurel_"))
        .expect("the token printed")
        .to_owned();
    let url = format!("sqlite://{}/db/laurel.db?mode=rwc", dir.path().display());
    let stored = rocket::execute(async move {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = sea_orm::Database::connect(&url)
            .await
            .expect("the database");
        let actor = laurel::domain::accounts::tokens::scoped_actor(&db, &token, None)
            .await
            .expect("read");
        let rows = laurel::entity::api_token::Entity::find()
            .filter(laurel::entity::api_token::Column::Name.eq("laurel admin token"))
            .all(&db)
            .await
            .expect("tokens");
        (actor.map(|(a, scope)| (a.username, scope)), rows.len())
    });
    assert_eq!(
        stored,
        (
            Some((
                "chief".to_owned(),
                laurel::domain::accounts::tokens::TokenScope::Read
            )),
            1
        )
    );
    let (ok, out) = laurel(
        dir.path(),
        &["admin", "token", "--username", "nobody"],
        None,
    );
    assert!(!ok && out.contains("nobody"), "{out}");
    let (ok, out) = laurel(
        dir.path(),
        &["admin", "token", "--username", "chief", "--scope", "all"],
        None,
    );
    assert!(!ok && out.contains("usage"), "{out}");

    let (ok, out) = laurel(dir.path(), &["demo"], None);
    assert!(ok, "{out}");
    assert!(
        out.contains("expert5") && out.contains("nanshan"),
        "passwords printed once: {out}"
    );
    assert!(
        !out.contains("office "),
        "an existing admin is used, none is made: {out}"
    );
    let (ok, out) = laurel(dir.path(), &["demo"], None);
    assert!(!ok && out.contains("already loaded"), "{out}");
    let (ok, out) = laurel(dir.path(), &["demo", "--province"], None);
    assert!(!ok && out.contains("only into a new database"), "{out}");

    let (ok, out) = laurel(dir.path(), &["frobnicate"], None);
    assert!(!ok && out.contains("usage"), "{out}");
}

#[test]
fn admin_create_makes_a_province_the_root_of_a_new_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = laurel(
        dir.path(),
        &[
            "admin",
            "create",
            "--username",
            "office",
            "--name",
            "省文明办",
            "--province",
            "山东省",
        ],
        Some("a-long-enough-password"),
    );
    assert!(ok, "{out}");
    // A provincial deployment: the city's demo does not load into it.
    let (ok, out) = laurel(dir.path(), &["demo"], None);
    assert!(!ok && out.contains("provincial deployment"), "{out}");
}

#[test]
fn a_backup_holds_the_same_data_and_a_chain_that_verifies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = laurel(dir.path(), &["demo"], None);
    assert!(ok, "{out}");
    let (ok, original) = laurel(dir.path(), &["audit", "verify"], None);
    assert!(ok, "{original}");

    let copy = dir.path().join("backup.db");
    let copy_arg = copy.display().to_string();
    let (ok, out) = laurel(dir.path(), &["backup", &copy_arg], None);
    assert!(ok && out.contains("chain intact"), "{out}");
    let (ok, out) = laurel(dir.path(), &["backup", &copy_arg], None);
    assert!(!ok && out.contains("exists"), "never overwrites: {out}");

    // Restored: the copy in place of the database.
    let restored = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(restored.path().join("db")).expect("db dir");
    std::fs::copy(&copy, restored.path().join("db/laurel.db")).expect("restore");
    for key in ["pii.key", "audit-signing.key"] {
        std::fs::copy(dir.path().join(key), restored.path().join(key)).expect("keys");
    }
    let (ok, verified) = laurel(restored.path(), &["audit", "verify"], None);
    assert!(ok, "{verified}");
    assert_eq!(
        verified, original,
        "the same events, ending in the same hash"
    );
    let (ok, out) = laurel(restored.path(), &["demo"], None);
    assert!(
        !ok && out.contains("already loaded"),
        "the data is there: {out}"
    );
}
