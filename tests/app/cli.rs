//! The `laurel` command itself: migrate, admin create, demo, against a fresh SQLite database.

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

    let (ok, out) = laurel(dir.path(), &["frobnicate"], None);
    assert!(!ok && out.contains("usage"), "{out}");
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
