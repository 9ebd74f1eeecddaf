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

#[test]
fn sync_deletes_referencing_rows_before_the_rows_they_reference() {
    let db = TestDb::new("seed_sync_order");
    let seeds = "
app.orgs:
  mode: sync
  rows:
    - {id: 1, slug: acme}
app.members:
  mode: sync
  rows:
    - {org_id: 1, email: a@acme.example}
";
    let dir = workspace("seed-sync-order", seeds);
    apply(&db, dir.path(), &[]);
    // An undeclared organization with an undeclared member: the member must go first (the
    // foreign key has no ON DELETE action).
    db.exec("INSERT INTO app.orgs VALUES (2, 'stray'); INSERT INTO app.members (org_id, email) VALUES (2, 'x@stray.example')");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db.ogel(dir.path(), &["plan", "--format", "json"]))).unwrap();
    let steps: Vec<String> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["action"].as_str().unwrap(), s["object"].as_str().unwrap()))
        .collect();
    assert_eq!(steps, ["drop app.members", "drop app.orgs"]);
    apply(&db, dir.path(), &["--allow-destructive"]);
    assert_eq!(db.rows("SELECT id FROM app.orgs"), [[Some("1".to_owned())]]);
    assert_eq!(db.value("SELECT count(*) FROM app.members").as_deref(), Some("1"));

    // No rows declared: sync empties the table.
    std::fs::write(dir.path().join("seeds/rows.yaml"), "app.members:\n  mode: sync\n  rows: []\n").unwrap();
    let out = db.ogel(dir.path(), &["plan"]);
    assert!(stdout(&out).contains("- org_id = 1, email = a@acme.example"), "{}{}", stdout(&out), stderr(&out));
    apply(&db, dir.path(), &["--allow-destructive"]);
    assert_eq!(db.value("SELECT count(*) FROM app.members").as_deref(), Some("0"));
    assert_eq!(db.ogel(dir.path(), &["plan", "--detailed-exitcode"]).status.code(), Some(0));
}

#[test]
fn a_saved_plan_deletes_only_the_rows_it_showed() {
    let db = TestDb::new("seed_sync_saved");
    let dir = workspace("seed-sync-saved", &PLANS.replace("app.plans:\n", "app.plans:\n  mode: sync\n"));
    apply(&db, dir.path(), &[]);
    db.exec("INSERT INTO app.plans (id) VALUES ('reviewed-stray')");
    let out = db.ogel(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Another undeclared row in its place: same count, not the row the review saw.
    db.exec("UPDATE app.plans SET id = 'unreviewed-row' WHERE id = 'reviewed-stray'");
    let out = db.ogel(dir.path(), &["apply", "--yes", "--allow-destructive", "--plan", "plan.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("the plan's steps are not the ones ogel derives"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM app.plans WHERE id = 'unreviewed-row'").as_deref(), Some("1"));
}

#[test]
fn values_the_server_refuses_are_reported_at_plan_time() {
    let db = TestDb::new("seed_refused");
    let dir = workspace("seed-refused", "app.orgs:\n  rows:\n    - {id: 1, slug: acme}\n");
    apply(&db, dir.path(), &[]);
    std::fs::write(dir.path().join("seeds/rows.yaml"), "app.orgs:\n  rows:\n    - {id: one, slug: acme}\n").unwrap();
    let out = db.ogel(dir.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the seed rows of app.orgs: invalid input syntax for type integer: \"one\""), "{err}");
    assert!(err.contains("rows.yaml:1:1"), "{err}");

    // A secret the server refuses is quoted by its message: never shown.
    let secret = "s3cr3t-not-a-number";
    std::fs::write(
        dir.path().join("seeds/rows.yaml"),
        "app.orgs:\n  rows:\n    - {id: '${env:OGEL_TEST_ID}', slug: acme}\n",
    )
    .unwrap();
    let out = db.ogel_env(dir.path(), &["plan"], &[("OGEL_TEST_ID", secret)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("\"(secret)\"") && !stderr(&out).contains(secret), "{}", stderr(&out));
    // A secret of a column that is not text, with a value the server takes: the row is there.
    let out = db.ogel_env(dir.path(), &["plan", "--detailed-exitcode"], &[("OGEL_TEST_ID", "1")]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn a_secret_in_a_failed_step_is_not_shown_or_recorded() {
    let db = TestDb::new("seed_secret_failed");
    let secret = "s3cr3t-shared-token";
    let dir = workspace("seed-secret-failed", "app.orgs:\n  rows:\n    - {id: 1, slug: acme}\n");
    let schema = SCHEMA.replace("          token: text\n", "          token: {type: text, unique: true}\n");
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    apply(&db, dir.path(), &[]);
    // Two rows with one token: the second insert violates the unique key, and the server
    // quotes the value in its message.
    std::fs::write(
        dir.path().join("seeds/rows.yaml"),
        "app.orgs:\n  rows:\n    - {id: 1, slug: acme}\napp.members:\n  rows:\n    - {org_id: 1, email: a@acme.example, token: '${env:OGEL_TEST_TOKEN}'}\n    - {org_id: 1, email: b@acme.example, token: '${env:OGEL_TEST_TOKEN}'}\n",
    )
    .unwrap();
    let out = db.ogel_env(dir.path(), &["apply", "--yes"], &[("OGEL_TEST_TOKEN", secret)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Key (token)=((secret)) already exists") && !err.contains(secret), "{err}");
    assert_eq!(
        db.rows("SELECT outcome, error LIKE '%(secret)%', error LIKE '%' || $$s3cr3t$$ || '%' FROM ogel.apply_history ORDER BY id DESC LIMIT 1"),
        [[Some("failed".to_owned()), Some("true".to_owned()), Some("false".to_owned())]]
    );
}

#[test]
fn a_failed_commit_is_reported_and_recorded() {
    let db = TestDb::new("seed_commit");
    let dir = workspace("seed-commit", "app.orgs:\n  rows:\n    - {id: 1, slug: acme}\n");
    let schema = SCHEMA
        .replace("references: {table: orgs}", "references: {table: orgs, deferrable: true, initially_deferred: true}");
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    apply(&db, dir.path(), &[]);
    // A member of an organization that does not exist: the deferred key fails at COMMIT.
    std::fs::write(
        dir.path().join("seeds/rows.yaml"),
        "app.orgs:\n  rows:\n    - {id: 1, slug: acme}\napp.members:\n  rows:\n    - {org_id: 9, email: a@nowhere.example}\n",
    )
    .unwrap();
    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the transaction failed to commit"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM app.members").as_deref(), Some("0"));
    assert_eq!(
        db.rows("SELECT outcome FROM ogel.apply_history ORDER BY id"),
        [[Some("applied".to_owned())], [Some("failed".to_owned())]]
    );
}

#[test]
fn a_key_that_is_not_unique_is_refused() {
    let db = TestDb::new("seed_key");
    let dir =
        workspace("seed-key", "app.members:\n  key: [email]\n  rows:\n    - {org_id: 1, email: a@acme.example}\n");
    let out = db.ogel(dir.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the seeds of app.members match rows on (email), which is not unique in the table"), "{err}");
    assert!(err.contains("rows.yaml:1:1"), "{err}");
}

#[test]
fn two_rows_with_one_key_are_a_validate_error() {
    let dir = workspace(
        "seed-duplicate-key",
        "app.orgs:\n  rows:\n    - {id: 1, slug: a}\n    - {id: 2, slug: b}\n    - {id: 1, slug: c}\n",
    );
    let out = crate::common::ogel(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("two rows of `app.orgs` have the key id = 1"), "{err}");
    assert!(err.contains("seeds/rows.yaml:5:"), "{err}");
}

/// A saved plan covers the rows it acts on: a row that appears (or changes) under a declared
/// key after the review makes `apply --plan` refuse, naming the row, and change nothing.
#[test]
fn a_saved_plan_is_refused_when_a_row_it_acts_on_changed() {
    let db = TestDb::new("seed_saved_rows");
    let dir = workspace("seed-saved-rows", "app.plans:\n  rows: []\n");
    apply(&db, dir.path(), &[]);
    std::fs::write(
        dir.path().join("seeds/rows.yaml"),
        "app.orgs:\n  key: [slug]\n  rows:\n    - {id: 1, slug: lancio, name: Lancio}\n",
    )
    .unwrap();
    let out = db.ogel(dir.path(), &["plan", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db.exec("INSERT INTO app.orgs VALUES (2, 'lancio', 'Someone else')");
    let out = db.ogel(dir.path(), &["apply", "--plan", "plan.json", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("the database changed since this plan was made"), "{err}");
    assert!(err.contains("rows of app.orgs (slug = lancio) changed"), "{err}");
    assert_eq!(db.value("SELECT name FROM app.orgs WHERE slug = 'lancio'"), Some("Someone else".to_owned()));
}

#[test]
fn a_value_the_server_refuses_is_reported_before_its_table_exists() {
    let db = TestDb::new("seed_refused_new_table");
    let dir = workspace("seed-refused-new", "app.plans:\n  rows:\n    - {id: free, price: not-a-number}\n");
    let out = db.ogel(dir.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("invalid input syntax for type numeric"), "{err}");
    assert!(err.contains("seeds/rows.yaml:"), "{err}");
    assert_eq!(db.value("SELECT to_regnamespace('app')::text"), None);
}
