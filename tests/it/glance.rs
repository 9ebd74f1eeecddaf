//! How a plan reads: one representative plan against a real server, in every format, as
//! snapshots (reviewing a snapshot is reviewing what a user sees), and when colour is on.

use std::process::Output;

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

/// A table to add, a column to change (rewrites), a transition with a `when` and SQL of several
/// lines, a seed row with a `!sql` value, and a column to drop (deletes data).
const SCHEMA: &str = "
schemas:
  app:
    tables:
      t:
        columns:
          id: {type: integer, primary_key: true}
          v: integer
          n: integer
      tags:
        columns:
          id: {type: integer, primary_key: true}
          label: {type: text, not_null: true}
transitions:
  backfill:
    comment: Every row gets a v.
    when: EXISTS (SELECT 1 FROM app.t WHERE v IS NULL)
    writes: [app.t]
    sql: |
      UPDATE app.t
         SET v = 0
       WHERE v IS NULL;
";

const SEEDS: &str = "app.tags:\n  rows:\n    - {id: 1, label: !sql \"upper('one')\"}\n    - {id: 2, label: two}\n";

fn setup(label: &str) -> (TestDb, TempDir) {
    let db = TestDb::new(label);
    db.exec(
        "CREATE SCHEMA app;
         CREATE TABLE app.t (id integer PRIMARY KEY, v integer, old text, n smallint);
         INSERT INTO app.t VALUES (1, NULL, 'x', 1);",
    );
    let dir = TempDir::new(label);
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/tags.yaml"), SEEDS).unwrap();
    (db, dir)
}

fn run(db: &TestDb, dir: &TempDir, args: &[&str], env: &[(&str, &str)], unset: &[&str]) -> Output {
    let mut command = db.command(dir.path(), args, env);
    for name in unset {
        command.env_remove(name);
    }
    let out = command.output().expect("ogel runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    out
}

/// The output with what differs from run to run masked: the target (its database name, the
/// server's version) and ogel's version; escapes made visible.
fn masked(out: &Output, target: &str) -> String {
    stdout(out)
        .replace(target, "[target]")
        .replace(&format!("\"ogel_version\": \"{}\"", env!("CARGO_PKG_VERSION")), "\"ogel_version\": \"[version]\"")
        .replace('\x1b', "\\e")
}

#[test]
fn a_plan_in_every_format() {
    let (db, dir) = setup("glance_formats");
    let human = run(&db, &dir, &["plan"], &[], &[]);
    let target = stdout(&human).lines().next().unwrap().strip_prefix("Target: ").unwrap().to_owned();
    assert!(target.contains(&db.name), "{target}");
    insta::assert_snapshot!("human", masked(&human, &target));
    let formats: [(&str, &[&str]); 5] = [
        ("human_color", &["plan", "--color", "always"]),
        ("human_show_sql", &["plan", "--show-sql"]),
        ("sql", &["plan", "--format", "sql"]),
        ("json", &["plan", "--format", "json"]),
        ("markdown", &["plan", "--format", "markdown"]),
    ];
    for (name, args) in formats {
        insta::assert_snapshot!(name, masked(&run(&db, &dir, args, &[], &[]), &target));
    }
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let (db, dir) = setup("glance_color");
    let colored = |args: &[&str], env: &[(&str, &str)], unset: &[&str]| {
        let out = run(&db, &dir, args, env, unset);
        assert!(stdout(&out).starts_with("Target: "), "{}", stdout(&out));
        stdout(&out).contains('\x1b')
    };
    // Without a terminal (the test's pipe), colour is off unless forced.
    assert!(!colored(&["plan"], &[], &["NO_COLOR", "CLICOLOR_FORCE"]));
    assert!(!colored(&["plan", "--color", "auto"], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], &[]));
    assert!(colored(&["plan"], &[("CLICOLOR_FORCE", "1")], &["NO_COLOR"]));
    assert!(!colored(&["plan"], &[("CLICOLOR_FORCE", "0")], &["NO_COLOR"]));
    assert!(!colored(&["plan", "--color", "never"], &[("CLICOLOR_FORCE", "1")], &["NO_COLOR"]));
    assert!(colored(&["plan", "--color", "always"], &[("NO_COLOR", "1")], &[]));
    // Colour is for the human plan only: the script, JSON and markdown stay as they are.
    for format in ["sql", "json", "markdown"] {
        let out = run(&db, &dir, &["plan", "--format", format, "--color", "always"], &[], &[]);
        assert!(!stdout(&out).contains('\x1b'), "{format}: {}", stdout(&out));
    }
}

/// `ogel apply` shows the plan as `ogel plan` does: the summary, declared SQL in full, the
/// generated SQL only with --show-sql.
#[test]
fn apply_shows_the_generated_sql_only_when_asked() {
    for show_sql in [false, true] {
        let (db, dir) = setup(if show_sql { "glance_apply_sql" } else { "glance_apply" });
        let mut args = vec!["apply", "--yes", "--allow-destructive"];
        if show_sql {
            args.push("--show-sql");
        }
        let shown = stdout(&run(&db, &dir, &args, &[], &[]));
        assert!(shown.contains("  +   1. add table app.tags\n"), "{shown}");
        assert!(shown.contains("          sql:\n            UPDATE app.t\n               SET v = 0\n"), "{shown}");
        assert!(shown.contains("+ id = 1: label = !sql upper('one')"), "{shown}");
        assert_eq!(shown.contains("\nSQL:\n"), show_sql, "{shown}");
        assert_eq!(shown.contains("CREATE TABLE app.tags"), show_sql, "{shown}");
        assert!(shown.contains("Applied 5 steps"), "{shown}");
        assert_eq!(db.value("SELECT label FROM app.tags WHERE id = 1").as_deref(), Some("ONE"));
    }
}
