//! The declaration is untrusted input: hostile SQL in every field that carries SQL.
//!
//! Every payload carries a marker of its own (a role `ogel_pwn_N`, a file `/tmp/ogel_pwn_N`, a
//! large object with oid 9_000_000 + N, a table `public.ogel_pwn_N` in the target), checked
//! before and after. Each payload is refused by `validate` at its place, or refused by `plan`,
//! or carried as inert data; and in every case it leaves no trace. The shadow builder, the
//! evaluation of `when` and of `!sql` are also driven directly with the text, past `validate`,
//! so the transport (one statement at a time, read-only evaluation) is tested on its own.

use std::path::Path;

use crate::common::{TempDir, stderr, stdout};
use crate::pg::{TestDb, block_on};

/// What must become of a payload.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    /// `validate` refuses it, at the file and line of the field.
    Located,
    /// `validate` accepts it; `plan` refuses it (exit 1).
    RefusedByPlan,
    /// Quoted as a literal or identifier: `plan` may succeed, but nothing runs.
    Inert,
}

struct Case {
    /// Where the payload goes: a declaration with `{P}` for the payload (as a YAML
    /// double-quoted string) and `{N}` for the case's marker number.
    schema: &'static str,
    /// Seed rows for `app.t`, with `{P}` and `{N}`, if the payload is in a seed.
    seeds: Option<&'static str>,
    payload: &'static str,
    outcome: Outcome,
}

const COLUMN: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: {type: integer, default: {P}}\n";
const TYPE: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: {type: {P}}\n";
const GENERATED: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: {type: integer, generated: {P}}\n";
const CHECK: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        checks:\n          - {P}\n";
const COLUMN_CHECK: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true, check: {P}}\n";
const USING: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: {type: bigint, using: {P}}\n";
const INDEX_EXPRESSION: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        indexes:\n          t_x:\n            columns: [{expression: {P}}]\n";
const INDEX_WHERE: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        indexes:\n          t_x:\n            columns: [id]\n            where: {P}\n";
const EXCLUSION_EXPRESSION: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        exclusions:\n          - elements: [{expression: {P}, with: '='}]\n            using: btree\n";
const EXCLUSION_WITH: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        exclusions:\n          - elements: [{column: id, with: {P}}]\n            using: btree\n";
const EXCLUSION_WHERE: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        exclusions:\n          - elements: [{column: id, with: '='}]\n            using: btree\n            where: {P}\n";
const WHEN: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\ntransitions:\n  x:\n    when: {P}\n    sql: SELECT 1\n";
const TRANSITION_SQL: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\ntransitions:\n  x:\n    when: 'true'\n    sql: {P}\n";
const COMMENT: &str = "schemas:\n  app:\n    tables:\n      t:\n        comment: {P}\n        columns:\n          id: {type: integer, primary_key: true}\n";
const COLLATION: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: {type: text, collation: {P}}\n";
const OPCLASS: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        indexes:\n          t_x:\n            columns: [{column: id, opclass: {P}}]\n";
const METHOD: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        indexes:\n          t_x:\n            columns: [id]\n            method: {P}\n";
const EXTENSION_VERSION: &str = "extensions:\n  uuid-ossp: {version: {P}}\nschemas:\n  app: {}\n";
const TABLE_WITH: &str = "schemas:\n  app:\n    tables:\n      t:\n        with: {fillfactor: {P}}\n        columns:\n          id: {type: integer, primary_key: true}\n";
const TABLE_WITH_NAME: &str = "schemas:\n  app:\n    tables:\n      t:\n        with: {{P}: 70}\n        columns:\n          id: {type: integer, primary_key: true}\n";
const INDEX_WITH: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n        indexes:\n          t_x:\n            columns: [id]\n            with: {fillfactor: {P}}\n";
const COLUMN_OPTION: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true, options: {n_distinct: {P}}}\n";
const REPLICA_INDEX: &str = "schemas:\n  app:\n    tables:\n      t:\n        replica_identity: {index: {P}}\n        columns:\n          id: {type: integer, primary_key: true}\n";
const CONSTRAINT_COMMENT: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer}\n        primary_key: {name: t_pkey, columns: [id], comment: {P}}\n";
const SEEDED: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: integer\n";
const SEED_SQL: &str = "app.t:\n  rows:\n    - {id: 1, v: !sql {P}}\n";
const SEED_KEY_SQL: &str = "app.t:\n  rows:\n    - {id: !sql {P}, v: x}\n";
const SEED_VALUE: &str = "app.t:\n  rows:\n    - {id: 1, v: {P}}\n";

fn cases() -> Vec<Case> {
    use Outcome::*;
    let c = |schema, payload, outcome| Case { schema, seeds: None, payload, outcome };
    let s = |seeds, payload, outcome| Case { schema: SEEDED, seeds: Some(seeds), payload, outcome };
    vec![
        c(COLUMN, "1); CREATE ROLE ogel_pwn_{N} SUPERUSER LOGIN; SELECT (1", Located),
        c(COLUMN, "1; CREATE ROLE ogel_pwn_{N}", Located),
        c(COLUMN, "1, pwn integer DEFAULT 0", Located),
        c(COLUMN, "1 -- ); CREATE ROLE ogel_pwn_{N}", Located),
        c(COLUMN, "$$x$$); CREATE ROLE ogel_pwn_{N}; SELECT ($$y$$", Located),
        c(COLUMN, "$q$; CREATE ROLE ogel_pwn_{N}; --", Located),
        c(COLUMN, "E'\\''); CREATE ROLE ogel_pwn_{N}; SELECT (E'\\''", Located),
        c(COLUMN, "'\\'); CREATE ROLE ogel_pwn_{N}; SELECT ('", Located),
        c(COLUMN, "lo_create(9000000 + {N})::int", Inert),
        c(TYPE, "int; CREATE ROLE ogel_pwn_{N}", Located),
        c(TYPE, "int DEFAULT 1); CREATE ROLE ogel_pwn_{N}; CREATE TABLE x (y int", Located),
        c(TYPE, "int /* */ DEFAULT pg_read_file('/etc/passwd')", Located),
        c(TYPE, "numeric(10, (SELECT 1))", Located),
        c(GENERATED, "1) STORED); CREATE ROLE ogel_pwn_{N}; CREATE TABLE y (z int GENERATED ALWAYS AS (1", Located),
        c(CHECK, "true); COPY (SELECT 1) TO PROGRAM 'touch /tmp/ogel_pwn_{N}'; SELECT (true", Located),
        c(CHECK, "true /* ); CREATE ROLE ogel_pwn_{N}; */", Located),
        c(CHECK, "id > 0)) ; CREATE ROLE ogel_pwn_{N}; SELECT ((1", Located),
        c(CHECK, "(SELECT lo_create(9000000 + {N})) > 0", RefusedByPlan),
        c(COLUMN_CHECK, "true); CREATE ROLE ogel_pwn_{N}; SELECT (1", Located),
        c(USING, "v::bigint; CREATE ROLE ogel_pwn_{N}", Located),
        c(INDEX_EXPRESSION, "id)); CREATE ROLE ogel_pwn_{N}; CREATE INDEX ON app.t ((id", Located),
        c(INDEX_EXPRESSION, "lo_create(9000000 + {N})", RefusedByPlan),
        c(INDEX_WHERE, "true); CREATE ROLE ogel_pwn_{N}; SELECT (true", Located),
        c(INDEX_WHERE, "lo_create(9000000 + {N}) > 0", RefusedByPlan),
        c(EXCLUSION_EXPRESSION, "id) WITH =); CREATE ROLE ogel_pwn_{N}; SELECT ((1", Located),
        c(EXCLUSION_WITH, "=) ; CREATE ROLE ogel_pwn_{N}; SELECT (1", Located),
        c(EXCLUSION_WITH, "= ) WHERE (true", Located),
        c(EXCLUSION_WHERE, "true); CREATE ROLE ogel_pwn_{N}; SELECT (true", Located),
        c(WHEN, "true); CREATE ROLE ogel_pwn_{N}; SELECT (true", Located),
        c(WHEN, "true; COPY (SELECT 1) TO PROGRAM 'touch /tmp/ogel_pwn_{N}'", Located),
        c(WHEN, "(SELECT lo_create(9000000 + {N})) > 0", RefusedByPlan),
        c(WHEN, "nextval('app.ogel_pwn_seq') > 0", RefusedByPlan),
        c(WHEN, "EXISTS (WITH w AS (INSERT INTO app.t VALUES ({N}) RETURNING 1) SELECT 1 FROM w)", RefusedByPlan),
        c(
            WHEN,
            "set_config('default_transaction_read_only', 'off', false) = 'off' AND lo_create(9000000 + {N}) > 0",
            RefusedByPlan,
        ),
        c(WHEN, "pg_sleep(0) IS NULL AND set_config('search_path', 'app', false) = 'app' AND false", Inert),
        c(TRANSITION_SQL, "CREATE ROLE ogel_pwn_{N}; COPY (SELECT 1) TO PROGRAM 'touch /tmp/ogel_pwn_{N}'", Inert),
        c(COMMENT, "'; CREATE ROLE ogel_pwn_{N}; --", Inert),
        c(COLLATION, "C\"; CREATE ROLE ogel_pwn_{N}; --", RefusedByPlan),
        c(OPCLASS, "int4_ops; CREATE ROLE ogel_pwn_{N}", RefusedByPlan),
        c(METHOD, "btree (id); CREATE ROLE ogel_pwn_{N}; --", RefusedByPlan),
        c(EXTENSION_VERSION, "1.1'; CREATE ROLE ogel_pwn_{N}; --", RefusedByPlan),
        c(TABLE_WITH, "70); CREATE ROLE ogel_pwn_{N}; ALTER TABLE app.t SET (fillfactor = 70", Located),
        c(TABLE_WITH_NAME, "fillfactor = 70); CREATE ROLE ogel_pwn_{N}; --", Located),
        c(INDEX_WITH, "'70'); CREATE ROLE ogel_pwn_{N}; --", Located),
        c(COLUMN_OPTION, "1); CREATE ROLE ogel_pwn_{N}; --", Located),
        c(REPLICA_INDEX, "t_pkey; CREATE ROLE ogel_pwn_{N}; --", RefusedByPlan),
        c(CONSTRAINT_COMMENT, "'; CREATE ROLE ogel_pwn_{N}; --", Inert),
        s(SEED_SQL, "(SELECT 'x')); CREATE TABLE public.ogel_pwn_{N} (); SELECT (('x'", Located),
        s(SEED_SQL, "(SELECT lo_create(9000000 + {N}))::int", RefusedByPlan),
        s(SEED_SQL, "(SELECT 'x') -- ", Located),
        s(SEED_KEY_SQL, "1; CREATE ROLE ogel_pwn_{N}", Located),
        s(SEED_KEY_SQL, "nextval('app.ogel_pwn_seq')::int", RefusedByPlan),
        // Quoted as a literal: the server refuses it as an integer.
        s(SEED_VALUE, "'); CREATE ROLE ogel_pwn_{N}; --", RefusedByPlan),
    ]
}

/// The traces a payload could leave.
fn traces(db: &TestDb, n: usize) -> String {
    let file = Path::new(&format!("/tmp/ogel_pwn_{n}")).exists();
    let found = db.value(&format!(
        "SELECT concat_ws(',',
            (SELECT 'role' FROM pg_roles WHERE rolname = 'ogel_pwn_{n}'),
            (SELECT 'table' FROM pg_class WHERE relname = 'ogel_pwn_{n}'),
            (SELECT 'large object' FROM pg_largeobject_metadata WHERE oid = {})::text,
            (SELECT 'sequence advanced' FROM app.ogel_pwn_seq WHERE is_called))",
        9_000_000 + n
    ));
    let mut traces = found.unwrap_or_default();
    if file {
        traces.push_str(",file");
    }
    traces.trim_matches(',').to_owned()
}

fn fill(template: &str, payload: &str, n: usize) -> String {
    let payload = payload.replace("{N}", &n.to_string());
    // A JSON string is a YAML double-quoted scalar.
    template.replace("{P}", &serde_json::to_string(&payload).unwrap()).replace("{N}", &n.to_string())
}

fn setup(db: &TestDb) {
    db.exec("CREATE SCHEMA app; CREATE SEQUENCE app.ogel_pwn_seq; CREATE TABLE app.t (id integer PRIMARY KEY, v integer); INSERT INTO app.t VALUES (1, 1)");
}

#[test]
fn hostile_sql_in_every_field_is_refused_or_inert_and_leaves_no_trace() {
    let db = TestDb::new("injection");
    setup(&db);
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} payloads", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let n = 100 + i;
        let _ = std::fs::remove_file(format!("/tmp/ogel_pwn_{n}"));
        assert_eq!(traces(&db, n), "", "case {n}: a trace before the run");
        let dir = TempDir::new(&format!("injection-{n}"));
        std::fs::write(dir.path().join("schema.yaml"), fill(case.schema, case.payload, n)).unwrap();
        if let Some(seeds) = case.seeds {
            std::fs::create_dir(dir.path().join("seeds")).unwrap();
            std::fs::write(dir.path().join("seeds/t.yaml"), fill(seeds, case.payload, n)).unwrap();
        }
        let validate = db.ogel(dir.path(), &["validate"]);
        let plan = db.ogel(dir.path(), &["plan", "--format", "json"]);
        let drift = db.ogel(dir.path(), &["drift"]);
        let what = format!("case {n} ({:?}): {}", case.outcome, case.payload);
        let got = match (validate.status.code(), plan.status.code()) {
            // Declared SQL that is not one fragment, or a parameter name or value that is not plain.
            (Some(1), Some(1))
                if ["not one SQL fragment", "is not a value for", "is not a storage parameter name"]
                    .iter()
                    .any(|m| stderr(&validate).contains(m)) =>
            {
                Outcome::Located
            }
            (Some(0), Some(1)) => Outcome::RefusedByPlan,
            (Some(0), Some(0)) => Outcome::Inert,
            other => {
                failures.push(format!("{what}: exit codes {other:?}\n{}\n{}", stderr(&validate), stderr(&plan)));
                continue;
            }
        };
        if got != case.outcome {
            failures.push(format!("{what}: got {got:?}\n{}{}", stderr(&validate), stderr(&plan)));
        }
        if got == Outcome::Located {
            let file =
                if case.seeds.is_some() && !case.schema.contains("{P}") { "seeds/t.yaml:" } else { "schema.yaml:" };
            if !stderr(&validate).contains(file) {
                failures.push(format!("{what}: not located at {file}\n{}", stderr(&validate)));
            }
        }
        for out in [&validate, &plan, &drift] {
            if stderr(out).contains("panicked") {
                failures.push(format!("{what}: panic\n{}", stderr(out)));
            }
        }
        let _ = stdout(&plan);
        let left = traces(&db, n);
        if !left.is_empty() {
            failures.push(format!("{what}: left a trace: {left}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The shadow builder, `when` and `!sql` driven with the payloads directly, past `validate`:
/// the server itself refuses a second statement, and evaluation cannot write.
#[test]
fn the_transport_refuses_hostile_sql_without_validate() {
    let db = TestDb::new("injection_transport");
    setup(&db);
    let mut failures = Vec::new();
    for (i, case) in cases().iter().enumerate() {
        let n = 200 + i;
        let _ = std::fs::remove_file(format!("/tmp/ogel_pwn_{n}"));
        let dir = TempDir::new(&format!("transport-{n}"));
        std::fs::write(dir.path().join("schema.yaml"), fill(case.schema, case.payload, n)).unwrap();
        if let Some(seeds) = case.seeds {
            std::fs::create_dir(dir.path().join("seeds")).unwrap();
            std::fs::write(dir.path().join("seeds/t.yaml"), fill(seeds, case.payload, n)).unwrap();
        }
        // seeds/ beside the schema file is read when it is there.
        let paths = ogel::spec::load::Paths { schema: dir.path().join("schema.yaml"), seeds: None };
        let Ok(declaration) = ogel::spec::load::load(&paths) else { continue };
        let catalog = ogel::spec::lower::lower(&declaration.document, declaration.schema_file);
        let transitions = ogel::spec::lower::transitions(&declaration.document, declaration.schema_file);
        let seeds = ogel::spec::seed::lower(&declaration.seeds);
        let url = db.url.clone();
        let sources = declaration.sources.clone();
        let result: Result<(), String> = block_on(async move {
            let target = ogel::db::Target::resolve(Some(&url)).unwrap();
            let conn = target.connect().await.map_err(|e| e.to_string())?;
            conn.pin_settings("''").await.map_err(|e| e.to_string())?;
            conn.begin_read(&ogel::session::Limits::default()).await.map_err(|e| e.to_string())?;
            let live = ogel::introspect::introspect(&conn, &["app".to_owned()]).await.map_err(|e| e.to_string())?;
            let desired = ogel::shadow::normalize(&target, &conn, None, &catalog, &live, &sources, false).await;
            let pending = ogel::transitions::pending(&conn, &transitions, "app", &sources, false).await;
            let diff = ogel::diff::Diff::default();
            let rows = match &desired {
                Ok(desired) => ogel::seeds::changes(
                    &conn,
                    &seeds,
                    &ogel::seeds::Scope {
                        live: &live,
                        desired,
                        diff: &diff,
                        sources: &sources,
                        search_path: "app",
                        trust: Default::default(),
                    },
                )
                .await
                .map(|_| ()),
                Err(_) => Ok(()),
            };
            conn.end_read().await.map_err(|e| e.to_string())?;
            let _ = (pending, rows);
            Ok(())
        });
        if let Err(e) = result {
            failures.push(format!("case {n}: {e}"));
        }
        let left = traces(&db, n);
        if !left.is_empty() {
            failures.push(format!("case {n} ({}): left a trace: {left}", case.payload));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A `!sql` value that a plan cannot evaluate (its table does not exist yet) is evaluated by
/// apply just before its statement, read-only and rolled back, and bound as a parameter.
#[test]
fn apply_evaluates_sql_values_read_only_and_binds_them() {
    let db = TestDb::new("injection_apply");
    setup(&db);
    let schema = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: integer\n      fresh:\n        columns:\n          id: {type: integer, primary_key: true}\n          v: bigint\n";
    for (n, value, applies) in
        [(300, "(SELECT lo_create(9000300))::bigint", true), (301, "nextval('app.ogel_pwn_seq')", false)]
    {
        let dir = TempDir::new(&format!("injection-apply-{n}"));
        std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
        std::fs::create_dir(dir.path().join("seeds")).unwrap();
        let seeds =
            format!("app.fresh:\n  rows:\n    - {{id: 1, v: !sql {}}}\n", serde_json::to_string(value).unwrap());
        std::fs::write(dir.path().join("seeds/fresh.yaml"), seeds).unwrap();
        let plan = db.ogel(dir.path(), &["plan", "--format", "sql"]);
        assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
        assert!(stdout(&plan).contains("evaluated read-only before the statement"), "{}", stdout(&plan));
        let apply = db.ogel(dir.path(), &["apply", "--yes"]);
        // PostgreSQL 18 refuses lo_create in a read-only transaction; older servers let it run,
        // and the savepoint's rollback undoes it. Either way nothing of it remains.
        let refused_read_only = stderr(&apply).contains("cannot execute lo_create() in a read-only transaction");
        if applies && !refused_read_only {
            assert_eq!(apply.status.code(), Some(0), "{}", stderr(&apply));
            assert_eq!(db.value("SELECT v::text FROM app.fresh"), Some("9000300".to_owned()));
        } else {
            assert_eq!(apply.status.code(), Some(1), "{}", stderr(&apply));
            assert!(stderr(&apply).contains("must only read"), "{}", stderr(&apply));
            assert_eq!(db.value("SELECT to_regclass('app.fresh')::text"), None, "nothing was applied");
        }
        assert_eq!(traces(&db, n), "", "case {n}");
        db.exec("DROP TABLE IF EXISTS app.fresh");
    }
}
