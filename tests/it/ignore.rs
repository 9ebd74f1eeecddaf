//! `ignore:` of a schema, through a table another tool keeps in it (`schema_migrations`): never
//! dropped, never drift, no part of a saved plan's fingerprint; and without the ignore list,
//! an undeclared table like any other.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const BEFORE: &str = "
    CREATE SCHEMA app;
    CREATE TABLE app.users (id integer PRIMARY KEY);
    CREATE TABLE app.schema_migrations (version bigint PRIMARY KEY);
    INSERT INTO app.schema_migrations VALUES (1), (2);";

fn declaration(dir: &TempDir, ignore: &str, extra_column: bool) {
    let extra = if extra_column { "\n          email: text" } else { "" };
    let yaml = format!(
        "schemas:\n  app:\n{ignore}    tables:\n      users:\n        columns:\n          id: {{type: integer, primary_key: true}}{extra}\n"
    );
    std::fs::write(dir.path().join("schema.yaml"), yaml).unwrap();
}

const NOTE: &str = "`ignore: schema_migrations` of schema app matches 1 object, which ogel leaves as it is: table app.schema_migrations";

#[test]
fn an_ignored_table_is_left_alone_by_plan_apply_and_drift() {
    let db = TestDb::new("ignore_left_alone");
    db.exec(BEFORE);
    let dir = TempDir::new("ignore_left_alone");
    declaration(&dir, "    ignore: [schema_migrations]\n", true);

    let out = db.ogel(dir.path(), &["plan", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let steps: Vec<&str> = plan["steps"].as_array().unwrap().iter().map(|s| s["object"].as_str().unwrap()).collect();
    assert_eq!(steps, ["app.users.email"], "{plan}");
    assert_eq!(plan["notes"], serde_json::json!([NOTE]));

    // Saved, then the ignored table changes by hand: the saved plan still applies.
    let saved = dir.path().join("plan.json");
    let out = db.ogel(dir.path(), &["plan", "--out", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db.exec("ALTER TABLE app.schema_migrations ADD COLUMN applied_at timestamptz; INSERT INTO app.schema_migrations VALUES (3)");
    let out = db.ogel(dir.path(), &["apply", "--yes", "--plan", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM app.schema_migrations").as_deref(), Some("3"));

    // Changed again after the apply: no drift, and the note says why.
    db.exec(
        "ALTER TABLE app.schema_migrations ADD COLUMN checksum text; CREATE INDEX ON app.schema_migrations (checksum)",
    );
    let out = db.ogel(dir.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).starts_with("No drift"), "{}", stdout(&out));
    assert!(stdout(&out).contains(NOTE), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["drift", "--format", "json"]);
    let drift: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((drift["in_sync"].as_bool(), drift["notes"].clone()), (Some(true), serde_json::json!([NOTE])));
    let out = db.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));

    // Without the ignore list it is an undeclared table of a managed schema: dropped, which
    // deletes data and is refused without --allow-destructive.
    declaration(&dir, "", true);
    let out = db.ogel(dir.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("drop table app.schema_migrations"), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("--allow-destructive"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT to_regclass('app.schema_migrations') IS NOT NULL").as_deref(), Some("true"));
    let out = db.ogel(dir.path(), &["apply", "--yes", "--allow-destructive"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.value("SELECT to_regclass('app.schema_migrations') IS NULL").as_deref(), Some("true"));
}

#[test]
fn a_pattern_that_matches_nothing_still_has_its_note() {
    let db = TestDb::new("ignore_nothing");
    db.exec("CREATE SCHEMA app; CREATE TABLE app.users (id integer PRIMARY KEY);");
    let dir = TempDir::new("ignore_nothing");
    declaration(&dir, "    ignore: [schema_migrations, \"tmp_??\"]\n", false);
    let out = db.ogel(dir.path(), &["drift", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let drift: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        drift["notes"],
        serde_json::json!([
            "`ignore: schema_migrations` of schema app matches 0 objects",
            "`ignore: tmp_??` of schema app matches 0 objects"
        ])
    );
    // A table made afterwards under a matching name is counted, and is no drift.
    db.exec("CREATE TABLE app.tmp_ab (x integer)");
    let out = db.ogel(dir.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("`ignore: tmp_??` of schema app matches 1 object"), "{}", stdout(&out));
}
