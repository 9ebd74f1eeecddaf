//! plan / apply / drift of the platform declaration against a real server.

use crate::common::{TempDir, root, stderr, stdout};
use crate::pg::{TestDb, block_on};

fn platform_tables(db: &TestDb) -> usize {
    db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'platform'").unwrap().parse().unwrap()
}

#[test]
fn an_empty_database_converges_to_the_platform_schema() {
    let db = TestDb::new("empty_platform");
    let out = db.ogel(&root(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).lines().nth(1).is_some_and(|l| l.starts_with("Plan: ")), "{}", stdout(&out));

    let out = db.ogel(&root(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(platform_tables(&db), 28);

    let out = db.ogel(&root(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let out = db.ogel(&root(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = stdout(&out);
    let (header, rest) = shown.split_once('\n').unwrap();
    assert!(
        header.starts_with("Target: ")
            && header.contains("PostgreSQL ")
            && (header.ends_with(", TLS") || header.ends_with(", no TLS")),
        "{shown}"
    );
    assert!(rest.starts_with("No changes."), "{shown}");
    let out = db.ogel(&root(), &["drift"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // The result is the schema an independent, hand-written script builds.
    let expected = TestDb::new("platform_expected");
    expected.load(&root().join("tests/fixtures/platform_expected.sql"));
    assert_eq!(db.dump(&["platform"]), expected.dump(&["platform"]));

    // Keys, checks and foreign keys are there, with their actions.
    let fk = db.value("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'fk_org_members_user'");
    assert_eq!(fk.as_deref(), Some("FOREIGN KEY (user_id) REFERENCES platform.users(id) ON DELETE CASCADE"));
}

#[test]
fn drift_names_hand_made_changes_and_apply_repairs_them() {
    let db = TestDb::new("drift_repair");
    assert_eq!(db.ogel(&root(), &["apply", "--yes"]).status.code(), Some(0));
    db.exec(
        "DROP INDEX platform.idx_projects_status;
         ALTER TABLE platform.projects ADD COLUMN notes text;
         ALTER TABLE platform.projects ALTER COLUMN status SET DEFAULT 'paused';",
    );
    let out = db.ogel(&root(), &["drift"]);
    assert_eq!(out.status.code(), Some(2));
    let report = stdout(&out);
    assert!(report.contains("index platform.idx_projects_status: missing"), "{report}");
    assert!(report.contains("column platform.projects.notes: not declared"), "{report}");
    assert!(
        report.contains(
            "column platform.projects.status: default (declared: 'ACTIVE_HEALTHY'::text; database: 'paused'::text)"
        ),
        "{report}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&db.ogel(&root(), &["drift", "--format", "json"]))).unwrap();
    assert_eq!(json["in_sync"], false);
    assert_eq!(json["differences"].as_array().unwrap().len(), 3, "{json}");

    // Dropping the extra column deletes data: refused, and nothing changes.
    let before = db.dump(&["platform"]);
    let out = db.ogel(&root(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--allow-destructive"), "{}", stderr(&out));
    assert!(stderr(&out).contains("drop column platform.projects.notes"), "{}", stderr(&out));
    assert_eq!(db.dump(&["platform"]), before);

    let out = db.ogel(&root(), &["apply", "--yes", "--allow-destructive"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(db.ogel(&root(), &["drift"]).status.code(), Some(0));
}

#[test]
fn apply_without_a_terminal_needs_yes() {
    let db = TestDb::new("needs_yes");
    let out = db.ogel(&root(), &["apply"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ogel apply --yes"), "{}", stderr(&out));
    assert_eq!(platform_tables(&db), 0);
}

#[test]
fn plan_formats_agree_and_are_deterministic() {
    let db = TestDb::new("formats");
    let sql = stdout(&db.ogel(&root(), &["plan", "--format", "sql"]));
    assert_eq!(sql, stdout(&db.ogel(&root(), &["plan", "--format", "sql"])));
    let human = stdout(&db.ogel(&root(), &["plan"]));
    assert!(!human.contains("CREATE TABLE"), "the human plan shows no generated SQL by default:\n{human}");
    let with_sql = stdout(&db.ogel(&root(), &["plan", "--show-sql"]));
    assert_eq!(with_sql, format!("{human}\nSQL:\n{sql}"), "--show-sql adds the SQL script, and only that");
    let json = stdout(&db.ogel(&root(), &["plan", "--format", "json"]));
    assert_eq!(json, stdout(&db.ogel(&root(), &["plan", "--format", "json"])));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["format"], "ogel.plan");
    let steps = json["steps"].as_array().unwrap();
    let statements: usize = steps.iter().map(|s| s["sql"].as_array().unwrap().len()).sum();
    // Every statement of the JSON plan is in the SQL script, in the same order.
    let mut rest = sql.as_str();
    for step in steps {
        for statement in step["sql"].as_array().unwrap() {
            let found = rest.find(statement.as_str().unwrap()).expect("statement in script");
            rest = &rest[found..];
        }
    }
    assert!(statements > 100);
    // Applying the SQL script with psql gives what apply gives.
    let by_script = TestDb::new("formats_script");
    by_script.exec(&sql);
    assert_eq!(db.ogel(&root(), &["apply", "--yes"]).status.code(), Some(0));
    assert_eq!(by_script.dump(&["platform"]), db.dump(&["platform"]));
}

/// `ogel plan | head`: a reader that stops early ends the plan with exit 1 and no panic or
/// message (the reader has what it wanted), and leaves no shadow database behind.
#[test]
fn a_closed_pipe_ends_the_plan_quietly() {
    let db = TestDb::new("closed_pipe");
    for format in ["human", "sql", "json"] {
        let mut child = db
            .command(&root(), &["plan", "--format", format], &[])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before ogel has planned anything, so its first write meets a closed pipe.
        drop(child.stdout.take());
        let pid = child.id();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{format}");
        let shadows =
            db.rows(&format!("SELECT datname FROM pg_database WHERE datname LIKE 'ogel\\_shadow\\_{pid}\\_%'"));
        assert!(shadows.is_empty(), "{shadows:?}");
    }
}

/// Introspection costs a fixed number of round trips, whatever the size of the schema.
#[test]
fn introspection_round_trips_do_not_grow_with_the_schema() {
    let count = |tables: usize| {
        let db = TestDb::new(&format!("roundtrips_{tables}"));
        let mut sql = String::from("CREATE SCHEMA s;");
        for i in 0..tables {
            sql.push_str(&format!(
                "CREATE TABLE s.t{i} (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x' CHECK (name <> ''), parent integer REFERENCES s.t{i}(id));
                 CREATE INDEX t{i}_name ON s.t{i} (lower(name)) WHERE parent IS NOT NULL; COMMENT ON TABLE s.t{i} IS 'table {i}';"
            ));
        }
        db.exec(&sql);
        let url = db.url.clone();
        block_on(async move {
            let target = ogel::db::Target::resolve(Some(&url)).unwrap();
            let conn = target.connect().await.unwrap();
            conn.pin_settings("''").await.unwrap();
            let before = conn.statements();
            let live = ogel::introspect::introspect(&conn, &["s".to_owned()]).await.unwrap();
            assert_eq!(live.catalog.schemas["s"].tables.len(), tables);
            conn.statements() - before
        })
    };
    assert_eq!(count(10), count(500));
}

#[test]
fn a_password_never_appears_in_output() {
    let db = TestDb::new("password");
    let secret = "hunter2-do-not-print";
    let with_password = if db.url.contains("://") {
        let (scheme, rest) = db.url.split_once("://").unwrap();
        let (user, rest) = rest.split_once('@').unwrap();
        format!("{scheme}://{user}:{secret}@{rest}")
    } else {
        format!("{} password={secret}", db.url)
    };
    // Trust authentication ignores the password: the commands work and print the target.
    for args in
        [&["plan"][..], &["plan", "--format", "json"], &["apply", "--yes"], &["drift"], &["drift", "--format", "json"]]
    {
        let mut args = args.to_vec();
        args.extend(["--database-url", &with_password]);
        let out = db.ogel(&root(), &args);
        assert!(!stdout(&out).contains(secret) && !stderr(&out).contains(secret), "{args:?}");
    }
    // A usage error quotes what was typed: a URL given without its flag.
    let out = db.ogel(&root(), &["plan", &with_password]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains(secret) && stderr(&out).contains("unexpected argument"), "{}", stderr(&out));
    // Errors name the target without it.
    let missing = with_password.replace(&db.name, "no_such_database");
    let out = db.ogel(&root(), &["plan", "--database-url", &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no_such_database") && !stderr(&out).contains(secret), "{}", stderr(&out));
    let malformed = if with_password.contains("://") {
        with_password.replacen('@', "@[::1", 1)
    } else {
        with_password.replace("port=", "port=notaport")
    };
    let out = db.ogel(&root(), &["plan", "--database-url", &malformed]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains(secret), "{}", stderr(&out));
}

/// The shadow database is dropped after a plan, also when the server rejects the declaration.
#[test]
fn no_shadow_database_is_left_behind() {
    let db = TestDb::new("shadow_cleanup");
    let shadows_of =
        |pid: u32| db.rows(&format!("SELECT datname FROM pg_database WHERE datname LIKE 'ogel\\_shadow\\_{pid}\\_%'"));
    let (out, pid) = db.ogel_pid(&root(), &["plan"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(shadows_of(pid).is_empty());

    let dir = TempDir::new("rejected-shadow");
    std::fs::write(
        dir.path().join("schema.yaml"),
        "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          at: timestamptz\n        indexes:\n          t_recent:\n            columns: [at]\n            where: at > now()\n",
    )
    .unwrap();
    let (out, pid) = db.ogel_pid(dir.path(), &["plan"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("functions in index predicate must be marked IMMUTABLE"), "{}", stderr(&out));
    assert!(stderr(&out).contains("schema.yaml:10:"), "points at the predicate: {}", stderr(&out));
    assert!(shadows_of(pid).is_empty());
}

/// Without CREATEDB there is no shadow database: the error says so and names --shadow-url,
/// which then works with a role that may create databases.
#[test]
fn a_role_without_createdb_is_pointed_to_shadow_url() {
    let db = TestDb::new("no_createdb");
    let role = format!("ogel_no_createdb_{}", std::process::id());
    db.exec(&format!(
        "CREATE ROLE {role} LOGIN; GRANT CREATE ON DATABASE \"{}\" TO {role}; GRANT CREATE ON SCHEMA public TO {role}",
        db.name
    ));
    let out = db.ogel(&root(), &["plan", "--database-url", &db.url_as(&role)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot create the shadow database") && err.contains("--shadow-url"), "{err}");
    // The server's postgres database, as the test server's own user: allowed to create one.
    let shadow = db.url.replace(&db.name, "postgres");
    let out = db.ogel(&root(), &["plan", "--database-url", &db.url_as(&role), "--shadow-url", &shadow]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).lines().nth(1).is_some_and(|l| l.starts_with("Plan: ")));
    db.exec(&format!(
        "REVOKE ALL ON DATABASE \"{}\" FROM {role}; REVOKE ALL ON SCHEMA public FROM {role}; DROP ROLE {role}",
        db.name
    ));
}

/// On a terminal, apply shows the plan and asks; only `yes` applies.
#[test]
fn apply_on_a_terminal_asks_first() {
    let db = TestDb::new("terminal");
    let run = |answer: &str| {
        // `script` gives ogel a terminal; the answer is typed into it.
        let command = format!("{} apply", env!("CARGO_BIN_EXE_ogel"));
        let mut child = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(root())
            .env("DATABASE_URL", &db.url)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), format!("{answer}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("no");
    assert!(stdout(&out).contains("Type `yes` to apply"), "{}", stdout(&out));
    assert_eq!(platform_tables(&db), 0, "anything but yes applies nothing");
    let out = run("yes");
    assert!(stdout(&out).contains("Applied "), "{}", stdout(&out));
    assert_eq!(platform_tables(&db), 28);
}

/// Ctrl-C while the shadow database is being built: ogel drops it and exits 130.
#[test]
fn an_interrupted_plan_drops_its_shadow_database() {
    let db = TestDb::new("interrupted");
    let dir = TempDir::new("interrupted");
    // Large enough that building it takes a while.
    let mut yaml = String::from("schemas:\n  app:\n    tables:\n");
    for i in 0..400 {
        yaml.push_str(&format!(
            "      t{i}:\n        columns:\n          id: {{type: integer, primary_key: true}}\n          name: text\n        indexes:\n          t{i}_name:\n            columns: [name]\n"
        ));
    }
    std::fs::write(dir.path().join("schema.yaml"), yaml).unwrap();
    let child = db.command(dir.path(), &["plan"], &[]).stdout(std::process::Stdio::null()).spawn().unwrap();
    let pid = child.id();
    let shadows =
        || db.rows(&format!("SELECT datname FROM pg_database WHERE datname LIKE 'ogel\\_shadow\\_{pid}\\_%'"));
    let started = std::time::Instant::now();
    while shadows().is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the shadow database never appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::process::Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(shadows().is_empty(), "the shadow database is dropped");
}
