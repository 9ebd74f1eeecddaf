//! Enum types beyond the data-driven cases: the phase that commits new labels first, what a
//! failure after it leaves, and the declaration's mistakes `validate` catches.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

fn declare(dir: &TempDir, yaml: &str) {
    std::fs::write(dir.path().join("schema.yaml"), yaml).unwrap();
}

const BEFORE: &str = "
    CREATE SCHEMA app;
    CREATE TYPE app.status AS ENUM ('active', 'paused');
    CREATE TABLE app.projects (id bigint PRIMARY KEY, status app.status NOT NULL DEFAULT 'active', owner text);
    INSERT INTO app.projects VALUES (1, 'active', 'ada');";

const DECLARED: &str = "
schemas:
  app:
    enums:
      status: [draft, active, paused]
    tables:
      projects:
        columns:
          id: {type: bigint, primary_key: true}
          status: {type: app.status, not_null: true, default: \"'draft'\"}
          owner: text
transitions:
  fill_owners:
    when: \"EXISTS (SELECT 1 FROM app.projects WHERE owner = 'ada')\"
    writes: [app.projects]
    sql: \"UPDATE app.projects SET owner = (SELECT owner::integer::text FROM app.projects LIMIT 1)\"
";

#[test]
fn new_labels_commit_first_and_a_later_failure_leaves_only_them() {
    let db = TestDb::new("enum_phases");
    db.exec(BEFORE);
    let dir = TempDir::new("enum_phases");
    declare(&dir, DECLARED);

    let out = db.ogel(dir.path(), &["plan", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let phases: Vec<(&str, &str)> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["phase"].as_str().unwrap(), s["object"].as_str().unwrap()))
        .collect();
    assert_eq!(
        phases,
        [("enum_labels", "app.status value 'draft'"), ("main", "app.projects.status"), ("main", "fill_owners")],
        "{plan}"
    );
    let out = db.ogel(dir.path(), &["plan"]);
    let human = stdout(&out);
    assert!(human.contains("Phase 1 of 2: new enum labels, committed first"), "{human}");
    assert!(human.contains("Phase 2 of 2: the rest, in one transaction"), "{human}");
    let saved = dir.path().join("plan.json");
    let out = db.ogel(dir.path(), &["plan", "--out", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The transition fails (`ada` is no integer) in the second phase, after the first committed.
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("step 3 (run transition fill_owners) failed"), "{err}");
    assert!(err.contains("Steps 1 to 1 (new enum labels"), "{err}");
    assert!(err.contains("stay applied; nothing after them was applied"), "{err}");
    assert!(!err.contains("Nothing was applied"), "{err}");
    assert_eq!(db.value("SELECT enum_range(NULL::app.status)::text").as_deref(), Some("{draft,active,paused}"));
    assert_eq!(
        db.value("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adnum = 2").as_deref(),
        Some("'active'::app.status")
    );

    // The saved plan is stale now; a new plan holds only what is left, and applies once the row is fixed.
    let out = db.ogel(dir.path(), &["apply", "--yes", "--plan", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("enum app.status changed"), "{}", stderr(&out));
    let out = db.ogel(dir.path(), &["plan", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let left: Vec<&str> = plan["steps"].as_array().unwrap().iter().map(|s| s["phase"].as_str().unwrap()).collect();
    assert_eq!(left, ["main", "main"], "{plan}");
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("Nothing was applied"), "{}", stderr(&out));
    db.exec("UPDATE app.projects SET owner = '7'");
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.value("SELECT owner FROM app.projects").as_deref(), Some("7"));
    let out = db.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn drift_names_a_missing_label_and_a_dropped_type() {
    let db = TestDb::new("enum_drift");
    db.exec("CREATE SCHEMA app; CREATE TYPE app.status AS ENUM ('active'); CREATE TYPE app.extra AS ENUM ('x');");
    let dir = TempDir::new("enum_drift");
    declare(&dir, "schemas:\n  app:\n    enums:\n      status: [active, paused]\n");
    let out = db.ogel(dir.path(), &["drift", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}{}", stdout(&out), stderr(&out));
    let drift: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found: Vec<(String, String)> = drift["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap().to_owned(), d["difference"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        found,
        [
            ("app.status value 'paused'".to_owned(), "missing label".to_owned()),
            ("app.extra".to_owned(), "not declared".to_owned())
        ],
        "{drift}"
    );
}

#[test]
fn validate_finds_duplicate_and_overlong_labels_and_a_type_named_like_a_table() {
    let dir = TempDir::new("enum_validate");
    let long = "x".repeat(64);
    declare(
        &dir,
        &format!(
            "schemas:\n  app:\n    enums:\n      status: [a, b, a]\n      t: [\"{long}\"]\n      \
             renamed: [{{name: c, renamed_from: c}}]\n    tables:\n      t:\n        columns:\n          id: integer\n"
        ),
    );
    let out = crate::common::ogel(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "enum label `a` is declared twice",
        "is 64 bytes long; PostgreSQL allows 63",
        "enum name `t` is the name of a table of this schema",
        "enum label `c` is renamed from itself",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn validate_refuses_an_ignored_enum_and_a_label_with_a_line_break() {
    let dir = TempDir::new("enum_validate_ignored");
    declare(
        &dir,
        "schemas:\n  app:\n    ignore: [legacy_*]\n    enums:\n      legacy_state: [a]\n      \
         kind: {values: [a], renamed_from: legacy_kind}\n      broken: [\"a\\nb\"]\n",
    );
    let out = crate::common::ogel(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "enum `legacy_state` is declared, but `ignore` pattern `legacy_*` of schema `app` matches it",
        "enum `kind` is renamed from `legacy_kind`, but `ignore` pattern `legacy_*`",
        "enum label `a\\nb` holds a control character",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn a_name_with_a_line_break_stays_inside_the_scripts_comment() {
    let db = TestDb::new("enum_script_comment");
    db.exec("CREATE SCHEMA app");
    let dir = TempDir::new("enum_script_comment");
    declare(&dir, "schemas:\n  app:\n    enums:\n      \"x\\nDROP SCHEMA app CASCADE; --\": [a]\n");
    let out = db.ogel(dir.path(), &["plan", "--format", "sql"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let script = stdout(&out);
    assert!(script.contains("-- step 1: add enum app.\"x\\nDROP SCHEMA app CASCADE; --\""), "{script}");
    // Its only other appearance is inside the statement's quotes, where it is a name.
    assert!(script.contains("CREATE TYPE app.\"x\nDROP SCHEMA app CASCADE; --\" AS ENUM ('a');"), "{script}");
    assert_eq!(script.matches("DROP SCHEMA").count(), 2, "{script}");
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'").as_deref(), Some("1"));
    assert_eq!(db.value("SELECT count(*) FROM pg_type WHERE typname LIKE 'x%DROP%'").as_deref(), Some("1"));
}
