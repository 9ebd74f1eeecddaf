//! `plan --untrusted`: a pull request's declaration evaluates nothing on the target's server,
//! and the saved plan applies with its declared SQL evaluated at each step.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const SCHEMA: &str = "
schemas:
  app:
    tables:
      vault:
        columns:
          id: {type: integer, primary_key: true}
          secret: text
      t:
        columns:
          id: {type: integer, primary_key: true}
          v: integer
          token: text
transitions:
  mark:
    when: {WHEN}
    writes: [app.t]
    sql: INSERT INTO app.t (id, v) VALUES (42, 0)
";

const SEEDS: &str = "app.t:\n  rows:\n    - {id: 1, v: !sql '(SELECT count(*)::int FROM app.vault)', token: '${env:OGEL_TEST_UNTRUSTED_TOKEN}'}\n    - {id: 2, v: 5}\n";

fn workspace(name: &str, when: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA.replace("{WHEN}", &serde_json::to_string(when).unwrap()))
        .unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/t.yaml"), SEEDS).unwrap();
    dir
}

fn setup(db: &TestDb) {
    db.exec(
        "CREATE SCHEMA app;
         CREATE TABLE app.vault (id integer PRIMARY KEY, secret text);
         INSERT INTO app.vault VALUES (1, 'hunter2-vault-secret');
         CREATE TABLE app.t (id integer PRIMARY KEY, v integer, token text);",
    );
}

#[test]
fn an_untrusted_plan_evaluates_no_declared_sql_and_reads_no_secret() {
    let db = TestDb::new("untrusted_leak");
    setup(&db);
    let dir = workspace("untrusted-leak", "CAST((SELECT secret FROM app.vault) AS int) > 0");
    // Trusted, the `when` reads the vault and the server's error shows what it read.
    let trusted = db.ogel_env(dir.path(), &["plan"], &[("OGEL_TEST_UNTRUSTED_TOKEN", "t0k")]);
    assert_eq!(trusted.status.code(), Some(1), "{}", stderr(&trusted));
    assert!(stderr(&trusted).contains("hunter2-vault-secret"), "the vector is real: {}", stderr(&trusted));
    // Untrusted: nothing evaluated, nothing read, no secret needed.
    let out = db.ogel(dir.path(), &["plan", "--untrusted", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("run transition mark (if its `when` holds at apply)"), "{shown}");
    // What apply will evaluate is shown in full, for the reviewer: the `when`, the `sql`, the
    // `!sql` value of the row left to apply.
    assert!(shown.contains("          when: CAST((SELECT secret FROM app.vault) AS int) > 0\n"), "{shown}");
    assert!(shown.contains("          sql: INSERT INTO app.t (id, v) VALUES (42, 0)\n"), "{shown}");
    assert!(
        shown.contains(
            "id = 1: insert or update, decided at apply: v = !sql (SELECT count(*)::int FROM app.vault), token = (secret)"
        ),
        "{shown}"
    );
    assert!(shown.contains("+ id = 2: v = 5"), "the other row is compared as usual: {shown}");
    assert!(shown.contains("untrusted plan"), "{shown}");
    let saved = std::fs::read_to_string(dir.path().join("plan.json")).unwrap();
    assert!(saved.contains("\"untrusted\": true") && saved.contains("plan mode"), "{saved}");
    assert!(!saved.contains("hunter2"));
    // A `when` that would sleep is not run at all.
    let sleepy = workspace("untrusted-sleep", "pg_sleep(30) IS NULL");
    let out = db.ogel(sleepy.path(), &["plan", "--untrusted", "--statement-timeout", "1s"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_untrusted_saved_plan_applies_with_its_sql_evaluated_at_each_step() {
    let db = TestDb::new("untrusted_apply");
    setup(&db);
    let dir = workspace("untrusted-apply", "NOT EXISTS (SELECT 1 FROM app.t WHERE id = 42)");
    let out = db.ogel(dir.path(), &["plan", "--untrusted", "--out", "plan.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let env = [("OGEL_TEST_UNTRUSTED_TOKEN", "t0k-value")];
    let out = db.ogel_env(dir.path(), &["apply", "--plan", "plan.json", "--yes"], &env);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        db.rows("SELECT id::text, v::text, token FROM app.t ORDER BY id"),
        vec![
            vec![Some("1".to_owned()), Some("1".to_owned()), Some("t0k-value".to_owned())],
            vec![Some("2".to_owned()), Some("5".to_owned()), None],
            vec![Some("42".to_owned()), Some("0".to_owned()), None],
        ]
    );
    assert!(!stdout(&out).contains("t0k-value"));
    // Planned again, untrusted: the transition's `when` no longer holds, and apply skips it.
    let out = db.ogel(dir.path(), &["plan", "--untrusted", "--out", "again.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = db.ogel_env(dir.path(), &["apply", "--plan", "again.json", "--yes"], &env);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.value("SELECT count(*)::text FROM app.t"), Some("3".to_owned()));
    // The trusted view agrees: nothing left to do.
    let out = db.ogel_env(dir.path(), &["plan", "--detailed-exitcode"], &env);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
}
