//! Every wait is bounded: lock waits, slow reads, and timeouts that mean "for ever".

use crate::common::{TempDir, stderr};
use crate::pg::TestDb;

const SCHEMA: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: text\n";

fn workspace(name: &str, schema: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/t.yaml"), "app.t:\n  rows:\n    - {id: 1, v: x}\n").unwrap();
    dir
}

#[test]
fn a_read_behind_an_exclusive_lock_fails_within_the_lock_timeout_and_names_the_holder() {
    let db = TestDb::new("lock_held");
    db.exec("CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, v text)");
    let dir = workspace("lock-held", SCHEMA);
    // Another session holds the table ACCESS EXCLUSIVE until told to stop.
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let url = db.url.clone();
    let holder = std::thread::spawn(move || {
        crate::pg::block_on(async move {
            let target = ogel::db::Target::resolve(Some(&url)).unwrap();
            let conn = target.connect().await.unwrap();
            conn.batch("SET application_name = 'the_locker'; BEGIN; LOCK TABLE app.t IN ACCESS EXCLUSIVE MODE")
                .await
                .unwrap();
            locked_tx.send(()).unwrap();
            let _ = tokio::task::spawn_blocking(move || release_rx.recv()).await;
            conn.batch("ROLLBACK").await.unwrap();
        });
    });
    locked_rx.recv().unwrap();
    for command in ["plan", "drift", "apply"] {
        let out =
            db.ogel(dir.path(), &[command, "--lock-timeout", "1s", "--yes"][..if command == "apply" { 4 } else { 3 }]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("lock timeout"), "{command}: {err}");
        assert!(err.contains("the_locker") && err.contains("AccessExclusiveLock on app.t"), "{command}: {err}");
        assert!(err.contains("--lock-timeout"), "{command}: {err}");
    }
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let out = db.ogel(dir.path(), &["plan", "--lock-timeout", "1s"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_slow_read_fails_within_the_statement_timeout() {
    let db = TestDb::new("slow_read");
    let schema = format!("{SCHEMA}transitions:\n  slow:\n    when: pg_sleep(30) IS NULL\n    sql: SELECT 1\n");
    let dir = workspace("slow-read", &schema);
    let out = db.ogel(dir.path(), &["plan", "--statement-timeout", "1s"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("statement timeout"), "{}", stderr(&out));
}

#[test]
fn a_timeout_of_zero_is_refused() {
    let dir = workspace("zero-timeout", SCHEMA);
    for flag in ["--lock-timeout", "--statement-timeout"] {
        let out = crate::common::ogel(dir.path(), &["plan", flag, "0s"]);
        assert_eq!(out.status.code(), Some(1), "{flag}");
        assert!(stderr(&out).contains("at least 1ms"), "{flag}: {}", stderr(&out));
    }
}

#[test]
fn a_read_only_role_is_named_as_such() {
    let db = TestDb::new("read_only_role");
    let role = format!("ro_{}", db.name.trim_start_matches("ogel_test_"));
    let role = &role[..role.len().min(60)];
    db.exec(&format!("CREATE ROLE \"{role}\" LOGIN CREATEDB; ALTER ROLE \"{role}\" SET default_transaction_read_only = on; GRANT ALL ON DATABASE \"{}\" TO \"{role}\"", db.name));
    let dir = workspace("read-only-role", SCHEMA);
    let url = db.url_as(role);
    let plan = db.ogel_env(dir.path(), &["plan"], &[("DATABASE_URL", &url)]);
    assert_eq!(plan.status.code(), Some(1), "{}", stderr(&plan));
    assert!(stderr(&plan).contains("read-only"), "{}", stderr(&plan));
    assert!(!stderr(&plan).contains("grant the role CREATEDB"), "{}", stderr(&plan));
    let apply = db.ogel_env(dir.path(), &["apply", "--yes"], &[("DATABASE_URL", &url)]);
    assert_eq!(apply.status.code(), Some(1), "{}", stderr(&apply));
    assert!(stderr(&apply).contains("this role's sessions are read-only"), "{}", stderr(&apply));
    assert_eq!(db.value("SELECT to_regnamespace('app')::text"), None, "nothing was applied");
    db.exec(&format!("DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\""));
}

/// A backend that stops answering mid-plan (frozen: its TCP connection still answers keepalives,
/// and the server's own statement_timeout cannot fire) fails the command within
/// --statement-timeout plus a grace period, with a message that says so.
#[test]
fn a_server_that_stops_answering_fails_the_plan_in_bounded_time() {
    let db = TestDb::new("frozen_backend");
    let schema = format!("{SCHEMA}transitions:\n  slow:\n    when: pg_sleep(2) IS NULL\n    sql: SELECT 1\n");
    let dir = workspace("frozen-backend", &schema);
    let child = db
        .command(dir.path(), &["plan", "--statement-timeout", "3s"], &[])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let query = format!(
        "SELECT pid::text FROM pg_stat_activity WHERE datname = '{}' AND query LIKE '%pg_sleep(2)%' AND state = 'active' AND pid <> pg_backend_pid()",
        db.name
    );
    let started = std::time::Instant::now();
    let pid = loop {
        if let Some(pid) = db.value(&query) {
            break pid;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "the plan never reached its `when`");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stopped = std::process::Command::new("kill").args(["-STOP", &pid]).status().unwrap();
    assert!(stopped.success(), "the test must be able to signal the server's backends");
    let out = child.wait_with_output();
    let _ = std::process::Command::new("kill").args(["-CONT", &pid]).status();
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("did not answer in time"), "{}", stderr(&out));
}

/// The shadow database's connection dying mid-build is a connection failure, not a verdict of
/// the server on some line of the declaration.
#[test]
fn a_shadow_connection_that_dies_is_reported_as_such() {
    let db = TestDb::new("shadow_dies");
    let mut schema = String::from("schemas:\n  app:\n    tables:\n");
    for i in 0..400 {
        schema.push_str(&format!(
            "      t{i}:\n        columns:\n          id: {{type: integer, primary_key: true}}\n          name: text\n"
        ));
    }
    let dir = TempDir::new("shadow-dies");
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    let child = db
        .command(dir.path(), &["plan"], &[])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pattern = format!("ogel\\_shadow\\_{}\\_%", child.id());
    let started = std::time::Instant::now();
    loop {
        let killed = db.value(&format!(
            "SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity WHERE datname LIKE '{pattern}' AND backend_type = 'client backend'"
        ));
        if killed.as_deref().is_some_and(|n| n != "0") {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the shadow database was never used");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("rejects the declaration"), "{err}");
    assert!(err.contains("connection"), "{err}");
}
