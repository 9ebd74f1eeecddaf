//! Saved plans, concurrent applies, the apply history, inspect, scheduled drift.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{TempDir, root, stderr, stdout};
use crate::pg::{TestDb, block_on};

fn history_rows(db: &TestDb) -> Vec<Vec<Option<String>>> {
    if db.value("SELECT to_regclass('ogel.apply_history') IS NOT NULL").as_deref() != Some("true") {
        return Vec::new();
    }
    db.rows("SELECT outcome, jsonb_array_length(steps)::text, error FROM ogel.apply_history ORDER BY id")
}

#[test]
fn a_stale_saved_plan_is_refused_and_a_fresh_one_applies() {
    let db = TestDb::new("saved_stale");
    let dir = TempDir::new("saved-stale");
    let plan_file = dir.path().join("plan.json");
    let out = db.ogel(&root(), &["plan", "--out", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan_file).unwrap()).unwrap();
    assert_eq!(saved["format"], "ogel.saved-plan");
    assert!(saved["fingerprint"]["hash"].as_str().unwrap().starts_with("sha256:"));
    // Saving again gives the same bytes.
    let again = dir.path().join("again.json");
    db.ogel(&root(), &["plan", "--out", again.to_str().unwrap()]);
    assert_eq!(std::fs::read(&plan_file).unwrap(), std::fs::read(&again).unwrap());

    // Someone changes the database in between.
    db.exec("CREATE SCHEMA platform; CREATE TABLE platform.users (id integer PRIMARY KEY)");
    let before = db.dump(&["platform"]);
    let out = db.ogel(&root(), &["apply", "--yes", "--plan", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the database changed since this plan was made"), "{err}");
    assert!(err.contains("schema platform appeared") && err.contains("table platform.users appeared"), "{err}");
    assert_eq!(db.dump(&["platform"]), before);
    assert!(history_rows(&db).is_empty(), "a refused apply writes no history");

    db.exec("DROP SCHEMA platform CASCADE");
    let out = db.ogel(&root(), &["plan", "--out", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let out = db.ogel(&root(), &["apply", "--yes", "--plan", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(db.ogel(&root(), &["drift"]).status.code(), Some(0));
    assert_eq!(history_rows(&db).len(), 1);
}

#[test]
fn a_tampered_saved_plan_is_refused() {
    let db = TestDb::new("saved_tampered");
    let dir = TempDir::new("saved-tampered");
    let plan_file = dir.path().join("plan.json");
    db.ogel(&root(), &["plan", "--out", plan_file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&plan_file).unwrap();
    let tampered = text.replacen("CREATE SCHEMA platform", "CREATE SCHEMA platform; DROP TABLE important", 1);
    assert_ne!(text, tampered);
    std::fs::write(&plan_file, tampered).unwrap();
    let out = db.ogel(&root(), &["apply", "--yes", "--plan", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the plan's steps are not the ones ogel derives"), "{}", stderr(&out));
    assert_eq!(
        db.value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('platform', 'ogel')").as_deref(),
        Some("0")
    );

    std::fs::write(&plan_file, "{ not a plan").unwrap();
    let out = db.ogel(&root(), &["apply", "--yes", "--plan", plan_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a plan saved by ogel"), "{}", stderr(&out));
}

#[test]
fn four_applies_at_once_converge_with_one_history_row() {
    let db = TestDb::new("concurrent");
    // Each child is drained by a thread of its own: the one holding the lock must not block
    // on a full pipe while the others wait for it.
    let children: Vec<_> = (0..4)
        .map(|_| {
            let child = db
                .command(&root(), &["apply", "--yes"], &[])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::spawn(move || child.wait_with_output().unwrap())
        })
        .collect();
    for child in children {
        let out = child.join().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    }
    assert_eq!(db.ogel(&root(), &["plan", "--detailed-exitcode"]).status.code(), Some(0));
    let rows = history_rows(&db);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][0].as_deref(), Some("applied"));
    assert!(rows[0][1].as_deref().unwrap().parse::<usize>().unwrap() > 100);
}

#[test]
fn a_held_lock_makes_apply_wait_then_give_up_naming_the_holder() {
    let db = TestDb::new("lock_wait");
    let holder = LockHolder::new(&db);
    let out = db.ogel(&root(), &["apply", "--yes", "--lock-wait", "1s"]);
    drop(holder);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("another ogel run holds the database's lock by migration-in-progress"), "{err}");
    assert!(err.contains("connected since"), "{err}");
    assert_eq!(
        db.value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('platform', 'ogel')").as_deref(),
        Some("0")
    );
}

/// A role that may not read another role's statistics sees the holder, not its start time.
#[test]
fn a_lock_held_by_another_role_is_named_without_what_the_role_may_not_see() {
    let db = TestDb::new("lock_other_role");
    let role = format!("ogel_lock_reader_{}", std::process::id());
    db.exec(&format!("CREATE ROLE {role} LOGIN; GRANT CREATE ON DATABASE \"{}\" TO {role}", db.name));
    let holder = LockHolder::new(&db);
    let shadow = db.url.replace(&db.name, "postgres");
    let out = db.ogel(
        &root(),
        &["apply", "--yes", "--lock-wait", "1s", "--database-url", &db.url_as(&role), "--shadow-url", &shadow],
    );
    drop(holder);
    db.exec(&format!("REVOKE ALL ON DATABASE \"{}\" FROM {role}; DROP ROLE {role}", db.name));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("another ogel run holds the database's lock by"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A session (as the test server's own user, named `migration-in-progress`) that holds ogel's
/// advisory lock until dropped.
struct LockHolder {
    release: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LockHolder {
    fn new(db: &TestDb) -> LockHolder {
        let url = db.url.clone();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let (held, is_held) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            block_on(async move {
                let conn = ogel::db::Target::resolve(Some(&url)).unwrap().connect().await.unwrap();
                conn.batch("SET application_name = 'migration-in-progress'").await.unwrap();
                conn.query_one("SELECT pg_advisory_lock($1)", &[&ogel::apply::LOCK_KEY]).await.unwrap();
                held.send(()).unwrap();
                let _ = released.recv();
            })
        });
        is_held.recv().unwrap();
        LockHolder { release: Some(release), thread: Some(thread) }
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        drop(self.release.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn history_records_applies_and_failures_after_rollback() {
    let db = TestDb::new("history");
    let dir = TempDir::new("history");
    let schema =
        "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n";
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    assert_eq!(db.ogel(dir.path(), &["apply", "--yes"]).status.code(), Some(0));
    // A transition that fails when it runs: the whole apply is rolled back, and the failure
    // is recorded afterwards.
    let failing = format!(
        "{schema}          note: text\ntransitions:\n  broken:\n    when: \"true\"\n    writes: [app.t]\n    sql: SELECT 1 / 0\n"
    );
    std::fs::write(dir.path().join("schema.yaml"), failing).unwrap();
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("run transition broken) failed: division by zero"), "{err}");
    assert!(err.contains("Nothing was applied"), "{err}");
    assert_eq!(
        db.value("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'")
            .as_deref(),
        Some("0")
    );
    let rows = history_rows(&db);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0].as_deref(), Some("failed"));
    assert!(rows[1][2].as_deref().unwrap().contains("division by zero"));

    let out = db.ogel(dir.path(), &["history"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    assert!(listing.starts_with("#2 ") && listing.contains(" failed by ") && listing.contains("#1 "), "{listing}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db.ogel(dir.path(), &["history", "--format", "json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["outcome"], "applied");
    assert!(json[1]["fingerprint"].as_str().unwrap().starts_with("sha256:"));
}

#[test]
fn inspect_round_trips_the_platform_schema() {
    let source = TestDb::new("inspect_source");
    assert_eq!(source.ogel(&root(), &["apply", "--yes"]).status.code(), Some(0));
    source.exec("CREATE VIEW platform.active_projects AS SELECT id FROM platform.projects");
    let dir = TempDir::new("inspect");
    let out = source.ogel(dir.path(), &["inspect", "--schemas", "platform", "--out", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("view platform.active_projects"), "unexpressed objects are listed: {}", stderr(&out));
    let yaml = std::fs::read_to_string(dir.path().join("schema.yaml")).unwrap();
    assert!(yaml.contains("uuid-ossp") && !yaml.contains("plpgsql"), "{yaml}");
    source.exec("DROP VIEW platform.active_projects");

    let copy = TestDb::new("inspect_copy");
    let out = copy.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(copy.dump(&["platform"]), source.dump(&["platform"]));
    let again = copy.ogel(dir.path(), &["inspect", "--schemas", "platform"]);
    assert_eq!(stdout(&again).replace(&copy.name, &source.name), yaml, "a second inspect is byte-identical");
    // Without --schemas: every user schema, never ogel's own.
    let all = stdout(&source.ogel(dir.path(), &["inspect"]));
    assert!(all.contains("  platform:") && !all.contains("  ogel:"), "{all}");
}

/// `drift --every` reports each round, keeps going while the database is unreachable, and
/// exits with the last round's code when stopped.
#[test]
fn scheduled_drift_reports_rounds_and_exits_with_the_last_code() {
    let db = TestDb::new("drift_every");
    assert_eq!(db.ogel(&root(), &["apply", "--yes"]).status.code(), Some(0));
    db.exec("DROP INDEX platform.idx_projects_status");
    let stop_after_rounds = |args: &[&str], rounds: usize| {
        let mut child = db.command(&root(), args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = Vec::new();
        let started = Instant::now();
        for line in lines {
            let line = line.unwrap();
            if line.starts_with('{') {
                seen.push(line);
            }
            if seen.len() == rounds || started.elapsed() > Duration::from_secs(120) {
                break;
            }
        }
        std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        (child.wait_with_output().unwrap(), seen)
    };
    let (out, rounds) = stop_after_rounds(&["drift", "--every", "1s", "--format", "json"], 2);
    assert_eq!(rounds.len(), 2);
    for round in &rounds {
        let json: serde_json::Value = serde_json::from_str(round).unwrap();
        assert_eq!(json["in_sync"], false);
        assert!(json["checked_at"].is_string());
        assert_eq!(json["differences"][0]["name"], "platform.idx_projects_status");
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // An unreachable database: each round reports the error, the checker keeps going.
    let mut child = db
        .command(&root(), &["drift", "--every", "1s", "--database-url", "postgres://nobody@127.0.0.1:1/none"], &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let errors = BufReader::new(child.stderr.take().unwrap());
    let mut failures = 0;
    for line in errors.lines() {
        if line.unwrap().contains("cannot connect") {
            failures += 1;
        }
        if failures == 2 {
            break;
        }
    }
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// drift reuses a cached normalization of the declaration; plan and apply never read the cache
/// (they refresh it), so a cache entry can never change what is applied.
#[test]
fn drift_reuses_the_normalized_declaration_and_plan_never_does() {
    let db = TestDb::new("normalization_cache");
    let cache = TempDir::new("normalization-cache");
    let env = [("OGEL_CACHE_DIR", cache.path().to_str().unwrap())];
    assert_eq!(db.ogel_env(&root(), &["apply", "--yes"], &env).status.code(), Some(0));
    assert_eq!(db.ogel_env(&root(), &["drift"], &env).status.code(), Some(0));
    let entries: Vec<_> = std::fs::read_dir(cache.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(!entries.is_empty());
    // Tamper with every entry: the declaration, as drift reads it back, loses an index.
    for entry in &entries {
        let text = std::fs::read_to_string(entry).unwrap();
        let tampered = text.replace("\"idx_projects_status\"", "\"idx_projects_state\"");
        assert_ne!(text, tampered);
        std::fs::write(entry, tampered).unwrap();
    }
    let out = db.ogel_env(&root(), &["drift"], &env);
    assert_eq!(out.status.code(), Some(2), "drift took the cached normalization: {}", stdout(&out));
    let out = db.ogel_env(&root(), &["plan", "--detailed-exitcode"], &env);
    assert_eq!(out.status.code(), Some(0), "plan normalizes afresh: {}", stdout(&out));
    assert_eq!(db.ogel_env(&root(), &["drift"], &env).status.code(), Some(0), "plan refreshed the cache");
}

/// Without `OGEL_CACHE_DIR` the cache is the user's: `$XDG_CACHE_HOME/ogel`, else `~/.cache/ogel`.
#[test]
fn the_cache_is_in_the_users_cache_directory_by_default() {
    let db = TestDb::new("cache_directory");
    let dir = TempDir::new("cache-directory");
    let schema = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: integer\n";
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    let (xdg, home) = (dir.path().join("xdg"), dir.path().join("home"));
    for (with_xdg, expected) in [(true, xdg.join("ogel")), (false, home.join(".cache/ogel"))] {
        let mut command = db.command(dir.path(), &["drift"], &[]);
        command.env_remove("OGEL_CACHE_DIR").env_remove("XDG_CACHE_HOME").env("HOME", &home);
        if with_xdg {
            command.env("XDG_CACHE_HOME", &xdg);
        }
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let entries = std::fs::read_dir(&expected).map_or(0, |d| d.count());
        assert_eq!(entries, 1, "one entry in {}", expected.display());
    }
}

/// Apply creates schema `ogel` for its history first: a role that may not is told so, with
/// the remedy, before any step runs.
#[test]
fn a_role_that_may_not_create_the_history_is_told_before_any_step() {
    let db = TestDb::new("no_history_schema");
    let role = format!("ogel_no_history_{}", std::process::id());
    db.exec(&format!("CREATE ROLE {role} LOGIN; CREATE SCHEMA app AUTHORIZATION {role}"));
    let dir = TempDir::new("no-history-schema");
    std::fs::write(
        dir.path().join("schema.yaml"),
        "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: integer\n",
    )
    .unwrap();
    let shadow = db.url.replace(&db.name, "postgres");
    let out = db.ogel(dir.path(), &["apply", "--yes", "--database-url", &db.url_as(&role), "--shadow-url", &shadow]);
    db.exec(&format!("DROP SCHEMA app CASCADE; DROP ROLE {role}"));
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("creating the apply history (schema ogel): permission denied"), "{err}");
    assert!(err.contains("grant this role CREATE on the database"), "{err}");
    assert!(err.contains("Nothing was applied"), "{err}");
}

/// An index whose predicate is a bare boolean column (PostgreSQL prints it without parentheses)
/// is inspected, and applying the inspected declaration keeps it.
#[test]
fn an_index_on_a_bare_boolean_predicate_round_trips() {
    let db = TestDb::new("bare_predicate");
    db.exec(
        "CREATE SCHEMA r; CREATE TABLE r.editor (id integer PRIMARY KEY, deleted boolean NOT NULL DEFAULT false);
         CREATE INDEX editor_idx_deleted ON r.editor (id) WHERE deleted;",
    );
    let dir = TempDir::new("bare-predicate");
    let out = db.ogel(dir.path(), &["inspect", "--schemas", "r", "--out", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("editor_idx_deleted"), "not left out: {}", stderr(&out));
    let out = db.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(db.value("SELECT to_regclass('r.editor_idx_deleted')::text"), Some("r.editor_idx_deleted".to_owned()));
}
