//! Seed rows: modes, typed comparison, secrets, drift, ordering.

use std::path::Path;

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const SCHEMA: &str = "
schemas:
  app:
    tables:
      orgs:
        columns:
          id: {type: integer, primary_key: true}
          slug: {type: text, not_null: true, unique: true}
          name: text
      plans:
        columns:
          id: {type: text, primary_key: true}
          price: numeric(10,2)
          limits: jsonb
          tags: text[]
          starts: timestamptz
          note: text
      members:
        columns:
          org_id: {type: integer, not_null: true, references: {table: orgs}}
          email: {type: text, not_null: true}
          role: text
          token: text
        primary_key: [org_id, email]
";

fn workspace(name: &str, seeds: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/rows.yaml"), seeds).unwrap();
    dir
}

fn apply(db: &TestDb, dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["apply", "--yes"];
    args.extend(extra);
    let out = db.ogel(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    out
}

const PLANS: &str = "
app.plans:
  rows:
    - {id: free, price: 0, limits: {projects: 2, members: 5}, tags: [basic, 'with space'], starts: '2024-01-01 00:00:00+00'}
    - {id: pro, price: 25.5, limits: {members: 10, projects: 10}}
";

#[test]
fn values_are_compared_through_their_column_type() {
    let db = TestDb::new("seed_typed");
    let dir = workspace("seed-typed", PLANS);
    apply(&db, dir.path(), &[]);
    assert_eq!(
        db.rows("SELECT price::text, limits->>'projects', tags[2] FROM app.plans WHERE id = 'free'"),
        [[Some("0.00".to_owned()), Some("2".to_owned()), Some("with space".to_owned())]]
    );
    // 0 and 0.00, {members, projects} in any order, a timestamp in another zone: all the same.
    db.exec("UPDATE app.plans SET starts = '2024-01-01 02:00:00+02', limits = '{\"members\": 5, \"projects\": 2}' WHERE id = 'free'");
    let out = db.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn upsert_inserts_and_updates_declared_columns_and_leaves_the_rest() {
    let db = TestDb::new("seed_upsert");
    let dir = workspace("seed-upsert", PLANS);
    apply(&db, dir.path(), &[]);
    db.exec(
        "UPDATE app.plans SET price = 30, note = 'kept: not declared' WHERE id = 'pro';
         INSERT INTO app.plans (id, price) VALUES ('custom', 99);
         DELETE FROM app.plans WHERE id = 'free';",
    );
    let out = db.ogel(dir.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(2));
    let report = stdout(&out);
    assert!(report.contains("row app.plans (id = pro): column price (declared: 25.5; database: 30.00)"), "{report}");
    assert!(report.contains("row app.plans (id = free): missing"), "{report}");
    assert!(!report.contains("custom"), "upsert leaves undeclared rows alone: {report}");
    apply(&db, dir.path(), &[]);
    assert_eq!(
        db.rows("SELECT id, price::text, note FROM app.plans ORDER BY id"),
        [
            vec![Some("custom".to_owned()), Some("99.00".to_owned()), None],
            vec![Some("free".to_owned()), Some("0.00".to_owned()), None],
            vec![Some("pro".to_owned()), Some("25.50".to_owned()), Some("kept: not declared".to_owned())],
        ]
    );
    assert_eq!(db.ogel(dir.path(), &["drift"]).status.code(), Some(0));
}

#[test]
fn insert_mode_never_updates() {
    let db = TestDb::new("seed_insert");
    let dir = workspace("seed-insert", &PLANS.replace("app.plans:\n", "app.plans:\n  mode: insert\n"));
    apply(&db, dir.path(), &[]);
    db.exec("UPDATE app.plans SET price = 30 WHERE id = 'pro'; DELETE FROM app.plans WHERE id = 'free'");
    apply(&db, dir.path(), &[]);
    assert_eq!(
        db.rows("SELECT id, price::text FROM app.plans ORDER BY id"),
        [
            vec![Some("free".to_owned()), Some("0.00".to_owned())],
            vec![Some("pro".to_owned()), Some("30.00".to_owned())],
        ]
    );
}

#[test]
fn sync_deletes_undeclared_rows_only_when_allowed() {
    let db = TestDb::new("seed_sync");
    let dir = workspace("seed-sync", &PLANS.replace("app.plans:\n", "app.plans:\n  mode: sync\n"));
    apply(&db, dir.path(), &[]);
    db.exec("INSERT INTO app.plans (id) VALUES ('stray')");
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("deletes 1 row(s) of app.plans that the seeds do not declare"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM app.plans").as_deref(), Some("3"));
    apply(&db, dir.path(), &["--allow-destructive"]);
    assert_eq!(db.rows("SELECT id FROM app.plans ORDER BY id"), [[Some("free".to_owned())], [Some("pro".to_owned())]]);
}

#[test]
fn rows_are_seeded_in_foreign_key_order_with_lookups() {
    let db = TestDb::new("seed_order");
    let dir = workspace(
        "seed-order",
        "
app.members:
  rows:
    - {org_id: !sql (SELECT id FROM app.orgs WHERE slug = 'lancio'), email: owner@lancio.example, role: owner}
app.orgs:
  key: [slug]
  rows:
    - {id: 7, slug: lancio, name: Lancio}
",
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db.ogel(dir.path(), &["plan", "--format", "json"]))).unwrap();
    let objects: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "rows")
        .map(|s| s["object"].as_str().unwrap())
        .collect();
    assert_eq!(objects, ["app.orgs", "app.members"]);
    apply(&db, dir.path(), &[]);
    assert_eq!(db.value("SELECT role FROM app.members WHERE org_id = 7").as_deref(), Some("owner"));
    assert_eq!(db.ogel(dir.path(), &["plan", "--detailed-exitcode"]).status.code(), Some(0));
}

#[test]
fn secrets_reach_the_database_and_no_output() {
    let db = TestDb::new("seed_secret");
    let secret = "s3cr3t-token-value";
    let dir = workspace(
        "seed-secret",
        "
app.orgs:
  rows:
    - {id: 1, slug: acme}
app.members:
  rows:
    - {org_id: 1, email: a@acme.example, token: '${env:OGEL_TEST_TOKEN}'}
",
    );
    let env = [("OGEL_TEST_TOKEN", secret)];
    let outputs = [
        db.ogel_env(dir.path(), &["plan"], &env),
        db.ogel_env(dir.path(), &["plan", "--format", "sql"], &env),
        db.ogel_env(dir.path(), &["plan", "--format", "json"], &env),
        db.ogel_env(dir.path(), &["plan", "--format", "markdown", "--out", "plan.json"], &env),
        db.ogel_env(dir.path(), &["apply", "--yes", "--plan", "plan.json"], &env),
        db.ogel_env(dir.path(), &["history", "--format", "json"], &env),
    ];
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
        assert!(!stdout(out).contains(secret) && !stderr(out).contains(secret));
    }
    assert!(stdout(&outputs[1]).contains("(secret)"));
    assert!(!std::fs::read_to_string(dir.path().join("plan.json")).unwrap().contains(secret), "saved plan");
    assert_eq!(db.value("SELECT token FROM app.members").as_deref(), Some(secret));
    assert_eq!(
        db.value(&format!("SELECT count(*) FROM ogel.apply_history WHERE steps::text LIKE '%{secret}%'")).as_deref(),
        Some("0"),
        "the recorded history"
    );
    // Changed by hand: drift and the plan show the difference without either value.
    db.exec("UPDATE app.members SET token = 'tampered-value'");
    for args in [&["drift"][..], &["drift", "--format", "json"], &["plan"]] {
        let out = db.ogel_env(dir.path(), args, &env);
        assert!(stdout(&out).contains("(secret)"), "{}", stdout(&out));
        assert!(!stdout(&out).contains(secret) && !stdout(&out).contains("tampered-value"), "{}", stdout(&out));
    }
    // Without the variable: an error that names it, and nothing applied.
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("environment variable OGEL_TEST_TOKEN, which is not set"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT token FROM app.members").as_deref(), Some("tampered-value"));
}
