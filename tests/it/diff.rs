//! `ogel diff FROM TO`: databases and declarations compared, read-only, in every format.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::{TestDb, init_cluster, pg_bin_dir, server_command, start_server};

const SCHEMA: &str = "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          name: {type: text, not_null: true}\n";

fn declaration(name: &str, schema: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    dir
}

#[test]
fn two_databases_converge_through_the_diff_sql_and_neither_is_changed_by_it() {
    let a = TestDb::new("diff_a");
    let b = TestDb::new("diff_b");
    a.exec("CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY, v text); CREATE TABLE app.gone (x int)");
    b.exec("CREATE SCHEMA app; CREATE TABLE app.t (id bigint PRIMARY KEY, w text); CREATE INDEX t_w ON app.t (w)");
    let dir = TempDir::new("diff-dbs");
    let (before_a, before_b) = (a.catalog(&["app".into()]), b.catalog(&["app".into()]));
    let out = a.ogel(dir.path(), &["diff", &a.url, &b.url, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    for step in
        ["add column app.t.w", "change column app.t.id", "drop column app.t.v", "drop table app.gone", "add index"]
    {
        assert!(text.contains(step), "{step}: {text}");
    }
    assert_eq!(a.catalog(&["app".into()]), before_a, "diff changes nothing");
    assert_eq!(b.catalog(&["app".into()]), before_b, "diff changes nothing");
    // The SQL turns FROM into TO.
    let out = a.ogel(dir.path(), &["diff", &a.url, &b.url, "--format", "sql"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    a.exec(&stdout(&out));
    let out = a.ogel(dir.path(), &["diff", &a.url, &b.url, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("No differences."), "{}", stdout(&out));
}

#[test]
fn a_declaration_against_a_database_in_both_directions() {
    let db = TestDb::new("diff_file");
    let dir = declaration("diff-file", SCHEMA);
    let file = format!("file:{}", dir.path().join("schema.yaml").display());
    let out = db.ogel(dir.path(), &["diff", &db.url, &file, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(plan["summary"]["add"], 2, "{plan}");
    let out = db.ogel(dir.path(), &["diff", &db.url, &file, "--format", "sql"]);
    db.exec(&stdout(&out));
    // Normalized as plan normalizes: `integer` and `int4` are one type.
    let out = db.ogel(dir.path(), &["diff", &db.url, &file, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["diff", &file, &db.url, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    db.exec("ALTER TABLE app.t ADD COLUMN extra text");
    let out = db.ogel(dir.path(), &["diff", &file, &db.url, "--format", "markdown"]);
    assert!(stdout(&out).contains("add column app.t.extra"), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["diff", &db.url, &file]);
    assert!(stdout(&out).contains("drop column app.t.extra"), "{}", stdout(&out));
    assert!(stdout(&out).contains("[deletes data]"), "{}", stdout(&out));
}

#[test]
fn two_declarations_need_a_shadow_server() {
    let db = TestDb::new("diff_files");
    let old = declaration("diff-old", SCHEMA);
    let new = declaration("diff-new", &format!("{SCHEMA}          email: text\n"));
    let from = format!("file:{}", old.path().join("schema.yaml").display());
    let to = format!("file:{}", new.path().join("schema.yaml").display());
    let out = db.ogel(old.path(), &["diff", &from, &to]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--shadow-url"), "{}", stderr(&out));
    let (out, pid) = db.ogel_pid(old.path(), &["diff", &from, &to, "--shadow-url", &db.url, "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).contains("add column app.t.email"), "{}", stdout(&out));
    // Shadow databases are named after the process that made them.
    let leftovers =
        db.value(&format!("SELECT count(*) FROM pg_database WHERE datname LIKE 'ogel\\_shadow\\_{pid}\\_%'"));
    assert_eq!(leftovers.as_deref(), Some("0"), "the shadow is dropped");
    assert_eq!(db.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'").as_deref(), Some("0"));
}

#[test]
fn environments_of_the_project_file_are_sides() {
    let a = TestDb::new("diff_env_a");
    let b = TestDb::new("diff_env_b");
    b.exec("CREATE TABLE public.only_b (id int)");
    let dir = TempDir::new("diff-env");
    std::fs::write(dir.path().join("ogel.toml"), "[env.a]\nurl_env = \"DIFF_A\"\n[env.b]\nurl_env = \"DIFF_B\"\n")
        .unwrap();
    let env = [("DIFF_A", a.url.as_str()), ("DIFF_B", b.url.as_str())];
    let out = a.ogel_env(dir.path(), &["diff", "env:a", "env:b"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("env:a (") && stdout(&out).contains("add table public.only_b"), "{}", stdout(&out));
    let out = a.ogel_env(dir.path(), &["diff", "env:a", "env:c"], &env);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no environment `c`"), "{}", stderr(&out));
}

#[test]
fn a_side_that_is_none_of_the_three_is_named_and_no_password_is_shown() {
    let db = TestDb::new("diff_bad");
    let dir = declaration("diff-bad", SCHEMA);
    let out = db.ogel(dir.path(), &["diff", "postgres://u:hunter2@127.0.0.1:1/x", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("TO is neither env:NAME, file:PATH nor a database URL"), "{err}");
    assert!(err.contains("file:schema.yaml"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

/// A second server of the machine's PostgreSQL, stopped when dropped.
struct Other {
    dir: TempDir,
    data: std::path::PathBuf,
    bin: std::path::PathBuf,
    port: u16,
}

impl Drop for Other {
    fn drop(&mut self) {
        let _ =
            server_command(&self.bin, "pg_ctl").arg("-D").arg(&self.data).args(["-m", "immediate", "stop"]).output();
    }
}

#[test]
fn databases_of_two_servers_compare_when_their_major_versions_match() {
    let db = TestDb::new("diff_servers");
    db.exec("CREATE TABLE public.here (id int)");
    let bin = pg_bin_dir();
    let dir = TempDir::new("diff-other-server");
    let data = init_cluster(&bin, dir.path());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", dir.path().display());
    let other = Other { dir, data, bin, port };
    start_server(&other.bin, other.dir.path(), &other.data, &options);
    let other_url = format!("postgres://postgres@127.0.0.1:{}/postgres", other.port);
    let out = db.ogel(other.dir.path(), &["diff", &other_url, &db.url]);
    let major = |url: &str| {
        crate::pg::block_on(async {
            let db = ogel::db::Target::resolve(Some(url)).unwrap().connect().await.unwrap();
            db.server_version().await.unwrap() / 10000
        })
    };
    let (ours, theirs) = (major(&db.url), major(&other_url));
    if theirs == ours {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains("add table public.here"), "{}", stdout(&out));
    } else {
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stderr(&out).contains("compare databases of one major version"), "{}", stderr(&out));
    }
}
