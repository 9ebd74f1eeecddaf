//! Differential cases: `tests/diff/<case>/` holds two SQL files, `before.sql` and `after.sql`,
//! and nothing else to keep up to date. A case is checked by
//!
//! 1. building a database from `after.sql` and `ogel inspect`ing it into a declaration, which
//!    must plan empty and drift clean (twice: once from the cache) against that very database
//!    (and inspect must express everything in it: nothing listed on stderr as left alone);
//! 2. building a database from `before.sql` and planning the declaration against it (no step
//!    may touch an object the plan lists as left alone, see `left_alone.rs`), then
//!    `ogel apply --yes --allow-destructive`;
//! 3. comparing the two databases' catalogs (`TestDb::catalog`: the server's own deparsing,
//!    written apart from ogel's introspection) over the schemas of `after.sql`; where they
//!    differ, `after` is compared as a restore of its own printed definitions is ([`REPRINT`]):
//!    PostgreSQL prints some definitions otherwise once it parses its own print (a varchar IN
//!    check), and no declaration of the first print can build it again;
//! 4. planning again: empty.
//!
//! So a case is two states and ogel must find its own way between them. Write `after.sql` with
//! the objects ogel models (tables, columns, keys, checks, foreign keys, exclusions, indexes,
//! comments, extensions); a column the change adds goes last (PostgreSQL cannot put it
//! anywhere else). A case that needs a newer server names the oldest major version in a file
//! `min-server-version`. A rename cannot be told from a drop and an add by two SQL files: those
//! are data-driven cases under `tests/cases/`.
//!
//! `OGEL_DIFF=text` runs the cases whose name contains `text`. [`EXPECTED_FAILURES`] lists cases
//! that fail for a known reason another change fixes: such a case must still fail (when it
//! passes the test says so, and the entry is to be removed), and never is skipped silently.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::common::{TempDir, raw_stderr, root, stderr, stdout};
use crate::pg::TestDb;

/// Cases that fail today, with the reason; trim this list as the reasons are fixed.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// Re-creates the checks, exclusion constraints, indexes and defaults of a database's own
/// schemas from their printed definitions, as a dump and restore does, comments kept. The
/// indexes that foreign keys depend on stay (their print is their definition: no expression
/// of theirs can hold a re-printed part but a predicate, which a key's index has not).
const REPRINT: &str = r#"
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT co.conrelid::regclass AS tbl, co.conname, pg_get_constraintdef(co.oid) AS def,
                  obj_description(co.oid, 'pg_constraint') AS note
             FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace
            WHERE co.contype IN ('c', 'x') AND co.conrelid <> 0 AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    IF r.note IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.note);
    END IF;
  END LOOP;
  FOR r IN SELECT i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def,
                  obj_description(i.indexrelid, 'pg_class') AS note
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid)
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP INDEX %s', r.idx);
    EXECUTE r.def;
    IF r.note IS NOT NULL THEN
      EXECUTE format('COMMENT ON INDEX %s IS %L', r.idx, r.note);
    END IF;
  END LOOP;
  FOR r IN SELECT d.adrelid::regclass AS tbl, a.attname, pg_get_expr(d.adbin, d.adrelid) AS def
             FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
             JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attgenerated = '' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  LOOP
    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', r.tbl, r.attname, r.def);
  END LOOP;
END $$"#;

fn cases() -> Vec<PathBuf> {
    let filter = std::env::var("OGEL_DIFF").unwrap_or_default();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/diff"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("after.sql").exists() && p.to_string_lossy().contains(&filter))
        .collect();
    cases.sort();
    cases
}

/// The schemas a SQL file creates, and `public`.
fn schemas_of(db: &TestDb) -> Vec<String> {
    let rows = db.rows(
        "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1",
    );
    rows.into_iter().filter_map(|mut r| r.swap_remove(0)).collect()
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let after = TestDb::new(&format!("da_{name}"));
    if let Ok(min) = std::fs::read_to_string(case.join("min-server-version")) {
        let min: i32 = min.trim().parse().expect("min-server-version holds a major version");
        let version: i32 = after.value("SELECT current_setting('server_version_num')").unwrap().parse().unwrap();
        if version < min * 10000 {
            return Ok(());
        }
    }
    after.load(&case.join("after.sql"));
    let dir = TempDir::new(&format!("diff-{name}"));
    let out = after.ogel(dir.path(), &["inspect", "--out", "schema.yaml"]);
    if out.status.code() != Some(0) {
        return Err(format!("inspect failed:\n{}", stderr(&out)));
    }
    if !raw_stderr(&out).trim().is_empty() {
        return Err(format!("inspect cannot express all of after.sql:\n{}", raw_stderr(&out)));
    }
    let out = after.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    if out.status.code() != Some(0) {
        return Err(format!(
            "the inspected declaration does not plan empty against after.sql:\n{}{}",
            stdout(&out),
            stderr(&out)
        ));
    }
    // Twice: the second drift is served by the normalization the first one cached.
    for round in ["first", "cached"] {
        let out = after.ogel(dir.path(), &["drift"]);
        if out.status.code() != Some(0) {
            return Err(format!(
                "{round} drift of the inspected declaration is not clean:\n{}{}",
                stdout(&out),
                stderr(&out)
            ));
        }
    }

    let before = TestDb::new(&format!("db_{name}"));
    if case.join("before.sql").exists() {
        before.load(&case.join("before.sql"));
    }
    crate::left_alone::check(&before, dir.path())?;
    let out = before.ogel(dir.path(), &["apply", "--yes", "--allow-destructive"]);
    if out.status.code() != Some(0) {
        return Err(format!("apply failed:\n{}{}", stdout(&out), stderr(&out)));
    }
    let schemas = schemas_of(&after);
    let actual = before.catalog(&schemas);
    let mut expected = after.catalog(&schemas);
    if expected != actual {
        // PostgreSQL's print of a definition may print otherwise once parsed again (a varchar
        // IN check): compare with `after` as a restore of its own printed definitions is.
        after.exec(REPRINT);
        expected = after.catalog(&schemas);
    }
    if expected != actual {
        let diff =
            similar::TextDiff::from_lines(&expected, &actual).unified_diff().header("after.sql", "applied").to_string();
        return Err(format!("the applied database differs from after.sql:\n{diff}"));
    }
    let out = before.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    if out.status.code() != Some(0) {
        return Err(format!("the plan after apply is not empty:\n{}{}", stdout(&out), stderr(&out)));
    }
    Ok(())
}

#[test]
fn before_and_after_pairs() {
    let cases = cases();
    assert!(!cases.is_empty() || std::env::var("OGEL_DIFF").is_ok(), "no differential cases found");
    // Without a server, this test's failure is the harness's message, not a worker's.
    crate::pg::server();
    let queue = Mutex::new(cases.clone());
    let results = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().pop() else { break };
                    let result = run_case(&case);
                    results.lock().unwrap().push((case.file_name().unwrap().to_string_lossy().into_owned(), result));
                }
            });
        }
    });
    let mut problems = Vec::new();
    for (name, result) in results.into_inner().unwrap() {
        let expected = EXPECTED_FAILURES.iter().find(|(n, _)| *n == name);
        match (result, expected) {
            (Ok(()), None) => {}
            (Err(e), None) => problems.push(format!("{name}: {e}")),
            (Err(e), Some((_, why))) => eprintln!("{name}: fails as expected ({why}):\n{e}\n"),
            (Ok(()), Some(_)) => problems
                .push(format!("{name}: passes now; remove it from EXPECTED_FAILURES in tests/it/differential.rs")),
        }
    }
    problems.sort();
    assert!(
        problems.is_empty(),
        "{} of {} differential cases failed:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}
