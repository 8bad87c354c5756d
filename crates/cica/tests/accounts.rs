//! `cica users`, `cica audit verify` and the guards of `cica load`, as an operator runs them:
//! the real binary over a real database file, edited behind its back with `sqlite3` where a
//! test needs tampering.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cica_with(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cica"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .env("USER", "operator")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cica runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("writes");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("cica ends")
}

fn cica(db: &Path, args: &[&str]) -> Output {
    cica_with(db, args, None)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}{}", out(o), err(o));
    out(o)
}

/// Runs SQL on the database file with the `sqlite3` shell, as someone with the file would.
/// `None` when the shell is not installed.
fn sqlite3(db: &Path, sql: &str) -> Option<()> {
    let o = Command::new("sqlite3").arg(db).arg(sql).output().ok()?;
    assert!(o.status.success(), "sqlite3: {}", err(&o));
    Some(())
}

/// A database with the built-in dataset, an administrator and an editor, and a few audited
/// writes: at least five entries in the trail.
fn database(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("cica.db");
    ok(&cica(&db, &["load"]));
    ok(&cica_with(
        &db,
        &[
            "users",
            "add",
            "admin@cica.example.org",
            "--role",
            "administrator",
            "--password-stdin",
        ],
        Some("a long administrator password\n"),
    ));
    ok(&cica_with(
        &db,
        &[
            "users",
            "add",
            "kz@mfa.example.kz",
            "--role",
            "member-delegate",
            "--state",
            "KAZ",
            "--password-stdin",
        ],
        Some("a long delegate password\n"),
    ));
    ok(&cica(&db, &["users", "disable", "kz@mfa.example.kz"]));
    ok(&cica(&db, &["users", "enable", "kz@mfa.example.kz"]));
    db
}

#[test]
fn an_operator_adds_accounts_and_issues_a_token_shown_once() {
    let dir = tempfile::tempdir().expect("dir");
    let db = database(dir.path());
    let listed = ok(&cica(&db, &["users", "list"]));
    assert!(
        listed.contains("admin@cica.example.org") && listed.contains("administrator"),
        "{listed}"
    );
    assert!(
        listed.contains("member-delegate") && listed.contains("state KAZ"),
        "{listed}"
    );

    let o = ok(&cica(
        &db,
        &["users", "token", "kz@mfa.example.kz", "--name", "script"],
    ));
    let last = o.lines().last().expect("a last line");
    assert!(last.starts_with("cica_") && !last.contains(' '), "{o}");
    let tokens = ok(&cica(&db, &["users", "tokens", "kz@mfa.example.kz"]));
    assert!(
        tokens.contains("script") && tokens.contains("live"),
        "{tokens}"
    );
    assert!(!tokens.contains(last), "the secret is never shown again");
    ok(&cica(
        &db,
        &["users", "revoke", "kz@mfa.example.kz", "script"],
    ));
    assert!(ok(&cica(&db, &["users", "tokens", "kz@mfa.example.kz"])).contains("revoked"));

    // Refusals name the problem and change nothing.
    for (args, stdin, says) in [
        (
            vec![
                "users",
                "add",
                "x@cica.example.org",
                "--role",
                "editor",
                "--password-stdin",
            ],
            "short\n",
            "password",
        ),
        (
            vec![
                "users",
                "add",
                "x@cica.example.org",
                "--role",
                "chief",
                "--password-stdin",
            ],
            "a long enough password\n",
            "--role",
        ),
        (
            vec![
                "users",
                "add",
                "jp@mofa.example.jp",
                "--role",
                "member-delegate",
                "--state",
                "JPN",
                "--password-stdin",
            ],
            "a long enough password\n",
            "not a Member State",
        ),
        (
            vec![
                "users",
                "add",
                "admin@cica.example.org",
                "--role",
                "editor",
                "--password-stdin",
            ],
            "a long enough password\n",
            "already exists",
        ),
        (
            vec!["users", "disable", "nobody@cica.example.org"],
            "",
            "no account",
        ),
    ] {
        let o = cica_with(&db, &args, Some(stdin));
        assert!(!o.status.success(), "{args:?}");
        assert!(err(&o).contains(says), "{args:?}: {}", err(&o));
    }
    let o = cica(
        &db,
        &["users", "add", "y@cica.example.org", "--role", "editor"],
    );
    assert!(
        !o.status.success() && err(&o).contains("--password-stdin"),
        "{}",
        err(&o)
    );
    assert_eq!(ok(&cica(&db, &["users", "list"])).lines().count(), 2);
}

#[test]
fn audit_verify_finds_and_locates_every_kind_of_tampering() {
    let dir = tempfile::tempdir().expect("dir");
    let db = database(dir.path());
    let o = ok(&cica(&db, &["audit", "verify"]));
    assert!(o.contains("intact"), "{o}");
    let log = ok(&cica(&db, &["audit", "log"]));
    assert!(
        log.contains("cli:operator") && log.contains("account.add"),
        "{log}"
    );

    // Each tampering on a fresh copy: (what, SQL, the entry named).
    let cases = [
        (
            "a row changed",
            "UPDATE audit SET actor = 'cli:someone-else' WHERE seq = 3;",
            "entry 3",
        ),
        (
            "a row deleted",
            "DELETE FROM audit WHERE seq = 2;",
            "entry 2",
        ),
        (
            "two rows swapped",
            "UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -3;",
            "entry 3",
        ),
        (
            "the last row deleted",
            "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit);",
            "the last entries were removed",
        ),
    ];
    for (what, sql, names) in cases {
        let copy = dir.path().join(format!("{}.db", what.replace(' ', "-")));
        std::fs::copy(&db, &copy).expect("copies");
        // What is not yet checkpointed into the file is in its write-ahead log.
        let wal = db.with_file_name("cica.db-wal");
        if wal.exists() {
            let mut name = copy.file_name().expect("name").to_os_string();
            name.push("-wal");
            std::fs::copy(&wal, copy.with_file_name(name)).expect("copies the log");
        }
        // The triggers that guard the table are dropped first, as a forger would.
        let forged = format!("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql}");
        if sqlite3(&copy, &forged).is_none() {
            assert!(
                std::env::var("CI").is_err(),
                "the sqlite3 shell is needed for this test on CI"
            );
            eprintln!("skipped: the sqlite3 shell is not installed");
            return;
        }
        let o = cica(&copy, &["audit", "verify"]);
        assert!(!o.status.success(), "{what}: verify must fail");
        assert!(err(&o).contains(names), "{what}: {}", err(&o));
    }
}

#[test]
fn the_trail_refuses_changes_through_sql() {
    let dir = tempfile::tempdir().expect("dir");
    let db = database(dir.path());
    let o = Command::new("sqlite3")
        .arg(&db)
        .arg("UPDATE audit SET actor = 'x' WHERE seq = 1;")
        .output();
    let Ok(o) = o else {
        assert!(
            std::env::var("CI").is_err(),
            "the sqlite3 shell is needed on CI"
        );
        eprintln!("skipped: the sqlite3 shell is not installed");
        return;
    };
    assert!(!o.status.success());
    assert!(err(&o).contains("append-only"), "{}", err(&o));
}

#[test]
fn load_refuses_to_replace_what_was_recorded_since_and_replaces_it_only_after_a_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("cica.db");
    ok(&cica(&db, &["load"]));
    ok(&cica(&db, &["load"]));
    ok(&cica(
        &db,
        &["digest", "edit", "2025-Q1", "--status", "published"],
    ));
    let o = cica(&db, &["load"]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("1 × digest.save") && err(&o).contains("--replace"),
        "{}",
        err(&o)
    );
    let o = ok(&cica(&db, &["load", "--replace"]));
    let backup = o
        .lines()
        .find_map(|l| l.strip_prefix("backup of what was replaced: "))
        .expect("the backup's path is printed");
    assert!(Path::new(backup).exists(), "{o}");
    // The backup is a database of its own, with the trail up to the replaced write.
    let log = ok(&cica(Path::new(backup), &["audit", "log"]));
    assert!(
        log.lines()
            .last()
            .is_some_and(|l| l.contains("digest.save")),
        "{log}"
    );
    ok(&cica(Path::new(backup), &["audit", "verify"]));
}

#[test]
fn commands_other_than_serve_and_load_refuse_a_database_that_does_not_exist() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("mistyped.db");
    for args in [
        vec!["users", "list"],
        vec!["audit", "verify"],
        vec!["decisions"],
        vec!["news", "publish", "x"],
    ] {
        let o = cica(&db, &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(err(&o).contains("does not exist"), "{args:?}: {}", err(&o));
        assert!(!db.exists(), "{args:?} created the file");
    }
}

#[test]
fn the_reason_given_with_a_command_is_in_the_audit_log() {
    let dir = tempfile::tempdir().expect("dir");
    let db = database(dir.path());
    ok(&cica(
        &db,
        &[
            "--reason",
            "left the ministry on 31 March",
            "users",
            "disable",
            "kz@mfa.example.kz",
        ],
    ));
    // Also after the subcommand.
    ok(&cica(
        &db,
        &[
            "users",
            "enable",
            "kz@mfa.example.kz",
            "--reason",
            "Réintégré à sa demande",
        ],
    ));
    let log = ok(&cica(
        &db,
        &["audit", "log", "--record", "account/kz@mfa.example.kz"],
    ));
    assert!(log.contains("(left the ministry on 31 March)"), "{log}");
    assert!(log.contains("(Réintégré à sa demande)"), "{log}");
    // A write without --reason has no reason; a note with a control character is refused
    // before anything is written.
    let o = cica(
        &db,
        &[
            "--reason",
            "a\u{7}bell",
            "users",
            "disable",
            "kz@mfa.example.kz",
        ],
    );
    assert!(!o.status.success());
    assert!(err(&o).contains("--reason"), "{}", err(&o));
    let listed = ok(&cica(&db, &["users", "list"]));
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("kz@") && l.contains("enabled")),
        "{listed}"
    );
}
