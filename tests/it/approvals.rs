//! Destructive steps approved one by one with `apply --allow-drop KIND:NAME`.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const SCHEMA: &str = "
schemas:
  app:
    tables:
      keep:
        columns:
          id: {type: integer, primary_key: true}
          n: integer
      plans:
        columns:
          id: {type: text, primary_key: true}
";

const SEEDS: &str = "app.plans:\n  mode: sync\n  rows:\n    - {id: free}\n";

/// A live database from which the declaration drops a table (one whose name needs quoting), a
/// column, narrows a type and deletes an undeclared seed row.
fn setup(db: &TestDb, name: &str) -> TempDir {
    db.exec(
        "CREATE SCHEMA app;
         CREATE TABLE app.keep (id integer PRIMARY KEY, n bigint, old text);
         INSERT INTO app.keep VALUES (1, 7, 'kept until approved');
         CREATE TABLE app.plans (id text PRIMARY KEY);
         INSERT INTO app.plans VALUES ('free'), ('stray');
         CREATE TABLE app.legacy_x (id integer);
         CREATE TABLE app.\"Legacy Y\" (id integer);",
    );
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/plans.yaml"), SEEDS).unwrap();
    dir
}

const FLAGS: [&str; 5] = [
    "--allow-drop table:app.legacy_x",
    "--allow-drop 'table:app.\"Legacy Y\"'",
    "--allow-drop column:app.keep.old",
    "--allow-drop type-change:app.keep.n",
    "--allow-drop rows:app.plans",
];

#[test]
fn each_destructive_step_is_refused_with_the_flag_that_allows_it_alone() {
    let db = TestDb::new("approvals");
    let dir = setup(&db, "approvals");
    let before = db.dump(&["app"]);

    let out = db.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let refusal = stderr(&out);
    for flag in FLAGS {
        assert!(refusal.contains(&format!("[{flag}]")), "{flag} missing in:\n{refusal}");
    }
    assert!(refusal.contains("Nothing was applied"), "{refusal}");
    assert_eq!(db.dump(&["app"]), before);

    // The markdown plan posted on a pull request shows the same flags.
    let markdown = stdout(&db.ogel(dir.path(), &["plan", "--format", "markdown"]));
    for flag in FLAGS {
        assert!(markdown.contains(&format!("`{flag}`")), "{flag} missing in:\n{markdown}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db.ogel(dir.path(), &["plan", "--format", "json"]))).unwrap();
    let allows: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["hazards"].as_array().unwrap())
        .filter_map(|h| h["allow"].as_str())
        .collect();
    assert_eq!(allows.len(), 5, "{json}");

    // Two of five approved: the other three are still refused, and only they are listed.
    let out = db.ogel(
        dir.path(),
        &["apply", "--yes", "--allow-drop", "table:app.legacy_x", "--allow-drop", "column:app.keep.old"],
    );
    assert_eq!(out.status.code(), Some(1));
    let refusal = stderr(&out);
    assert!(!refusal.contains("table:app.legacy_x]") && !refusal.contains("column:app.keep.old]"), "{refusal}");
    assert!(refusal.contains("[--allow-drop rows:app.plans]"), "{refusal}");
    assert_eq!(db.dump(&["app"]), before);

    // All five approved one by one (one with a typo besides, which is said): applied.
    let mut args = vec!["apply", "--yes", "--allow-drop", "table:app.legacy_z"];
    for approval in [
        "table:app.legacy_x",
        "table:app.\"Legacy Y\"",
        "column:app.keep.old",
        "type-change:app.keep.n",
        "rows:app.plans",
    ] {
        args.extend(["--allow-drop", approval]);
    }
    let out = db.ogel(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-drop table:app.legacy_z matches no step of this plan"), "{}", stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'app'").as_deref(), Some("2"));
    assert_eq!(db.value("SELECT string_agg(id, ',') FROM app.plans").as_deref(), Some("free"));
    assert_eq!(db.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'app.keep'::regclass AND attname = 'n'").as_deref(), Some("integer"));
    assert_eq!(db.ogel(dir.path(), &["drift"]).status.code(), Some(0));
}

#[test]
fn an_approval_of_an_unknown_kind_is_a_usage_error() {
    let db = TestDb::new("approvals_kind");
    let dir = setup(&db, "approvals-kind");
    let before = db.dump(&["app"]);
    for bad in ["frob:app.legacy_x", "app.legacy_x", "table:"] {
        let out = db.ogel(dir.path(), &["apply", "--yes", "--allow-drop", bad]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("write KIND:NAME, where KIND is one of table, column, rows"), "{}", stderr(&out));
    }
    assert_eq!(db.dump(&["app"]), before);
}
