//! Data-driven reconcile cases: `tests/cases/<kind>/<case>/` holds `before.sql`, a
//! `schema.yaml` (and maybe `seeds/`), the expected `plan.sql`, and a hand-written `after.sql`
//! of the expected result. Each case is checked in phases: the plan matches, apply succeeds, a
//! second plan is empty, and `pg_dump --schema-only` of the managed schemas equals that of a
//! database built from `after.sql`; no step of the plan touches an object it lists as left
//! alone (see `left_alone.rs`). A case with `error.txt` instead must fail to plan with
//! exactly that message and leave the database as it was.
//!
//! `OGEL_CASE=text` runs the cases whose path contains `text`; `OGEL_UPDATE_GOLDEN=1` rewrites
//! `plan.sql` and `error.txt` from what ogel prints (review the diff).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::common::{raw_stderr, root, stderr, stdout};
use crate::pg::TestDb;

fn cases() -> Vec<PathBuf> {
    let filter = std::env::var("OGEL_CASE").unwrap_or_default();
    let mut cases = Vec::new();
    for kind in std::fs::read_dir(root().join("tests/cases")).unwrap().flatten() {
        for case in std::fs::read_dir(kind.path()).unwrap().flatten() {
            if case.path().join("schema.yaml").exists() && case.path().to_string_lossy().contains(&filter) {
                cases.push(case.path());
            }
        }
    }
    cases.sort();
    cases
}

fn update() -> bool {
    std::env::var_os("OGEL_UPDATE_GOLDEN").is_some()
}

fn golden(path: &Path, actual: &str) -> Result<(), String> {
    if update() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if expected == actual {
        Ok(())
    } else {
        Err(format!("{} differs from what ogel printed:\n{}", path.display(), line_diff(&expected, actual)))
    }
}

fn line_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual).unified_diff().header("expected", "actual").to_string()
}

/// The declared schemas and their former names (a leftover old schema must show).
fn managed_schemas(case: &Path) -> Vec<String> {
    let paths = ogel::spec::load::Paths { schema: case.join("schema.yaml"), seeds: None };
    ogel::spec::check(&paths).map(|c| ogel::reconcile::managed_schemas(&c.catalog)).unwrap_or_default()
}

/// A case file for a server of major version `major`: `<stem>.<N>.sql` of the largest N not
/// above it (what newer servers do differently), else `<stem>.sql`.
fn versioned(case: &Path, stem: &str, major: i32) -> PathBuf {
    (14..=major)
        .rev()
        .map(|n| case.join(format!("{stem}.{n}.sql")))
        .find(|p| p.exists())
        .unwrap_or_else(|| case.join(format!("{stem}.sql")))
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.strip_prefix(root().join("tests/cases")).unwrap().to_string_lossy().into_owned();
    let db = TestDb::new(&name);
    // A case for features of newer servers names the oldest major version it needs.
    if let Ok(min) = std::fs::read_to_string(case.join("min-server-version")) {
        let min: i32 = min.trim().parse().expect("min-server-version holds a major version");
        let version: i32 = db.value("SELECT current_setting('server_version_num')").unwrap().parse().unwrap();
        if version < min * 10000 {
            return Ok(());
        }
    }
    if case.join("before.sql").exists() {
        db.load(&case.join("before.sql"));
    }
    let schemas = managed_schemas(case);
    let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
    let before = db.dump(&schemas);

    let out = db.ogel(case, &["plan", "--format", "sql"]);
    if case.join("error.txt").exists() {
        if out.status.code() != Some(1) {
            return Err(format!(
                "{name}: plan should fail with exit 1, got {:?}:\n{}",
                out.status.code(),
                stdout(&out)
            ));
        }
        golden(&case.join("error.txt"), &raw_stderr(&out))?;
        let out = db.ogel(case, &["apply", "--yes", "--allow-destructive"]);
        if out.status.code() != Some(1) {
            return Err(format!("{name}: apply should fail with exit 1, got {:?}", out.status.code()));
        }
        if db.dump(&schemas) != before {
            return Err(format!("{name}: a failed apply changed the database"));
        }
        return Ok(());
    }
    if out.status.code() != Some(0) {
        return Err(format!("{name}: plan failed:\n{}", stderr(&out)));
    }
    let version: i32 = db.value("SELECT current_setting('server_version_num')").unwrap().parse().unwrap();
    golden(&versioned(case, "plan", version / 10000), &stdout(&out))?;
    crate::left_alone::check(&db, case).map_err(|e| format!("{name}: {e}"))?;

    let out = db.ogel(case, &["apply", "--yes", "--allow-destructive"]);
    if out.status.code() != Some(0) {
        return Err(format!("{name}: apply failed:\n{}{}", stdout(&out), stderr(&out)));
    }
    let out = db.ogel(case, &["plan", "--detailed-exitcode"]);
    if out.status.code() != Some(0) {
        return Err(format!("{name}: the plan after apply is not empty:\n{}{}", stdout(&out), stderr(&out)));
    }

    let expected = TestDb::new(&format!("{name}_after"));
    expected.load(&versioned(case, "after", version / 10000));
    let (actual_dump, expected_dump) = (db.dump(&schemas), expected.dump(&schemas));
    if actual_dump != expected_dump {
        return Err(format!("{name}: the result differs from after.sql:\n{}", line_diff(&expected_dump, &actual_dump)));
    }
    Ok(())
}

#[test]
fn reconcile_cases() {
    let cases = cases();
    assert!(!cases.is_empty() || std::env::var("OGEL_CASE").is_ok(), "no cases found");
    // Without a server, this test's failure is the harness's message, not a worker's.
    crate::pg::server();
    let queue = Mutex::new(cases.clone());
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(case) = queue.lock().unwrap().pop() {
                    if let Err(e) = run_case(&case) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
