//! `ogel.toml`: environments, the precedence of their settings, and what the file may not do
//! under `--untrusted`.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const SCHEMA: &str =
    "schemas:\n  app:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n";

fn project(name: &str, toml: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA).unwrap();
    std::fs::write(dir.path().join("ogel.toml"), toml).unwrap();
    dir
}

/// The database a plan was made against, from its target line.
fn target_db(out: &std::process::Output) -> String {
    let text = stdout(out);
    let line = text.lines().next().unwrap_or_default();
    let target = line.split(", PostgreSQL").next().unwrap_or_default();
    target.rsplit('/').next().unwrap_or_default().to_owned()
}

#[test]
fn the_flag_beats_the_environment_which_beats_database_url() {
    let chosen = TestDb::new("proj_env");
    let flagged = TestDb::new("proj_flag");
    let fallback = TestDb::new("proj_fallback");
    let dir = project("proj-precedence", "[env.stage]\nurl_env = \"STAGE_URL\"\n");
    let env = [("STAGE_URL", chosen.url.as_str())];
    // DATABASE_URL is the fallback database's (TestDb::command sets it).
    let out = fallback.ogel_env(dir.path(), &["plan", "--env", "stage"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(target_db(&out), chosen.name);
    let out =
        fallback.ogel_env(dir.path(), &["plan", "--database-url", &flagged.url], &[("OGEL_ENV", "stage"), env[0]]);
    assert_eq!(target_db(&out), flagged.name, "{}", stderr(&out));
    let out = fallback.ogel_env(dir.path(), &["plan"], &env);
    assert_eq!(target_db(&out), fallback.name, "no environment is selected without --env");
    // libpq variables come after DATABASE_URL.
    let out = fallback.ogel_env(dir.path(), &["plan"], &[("PGDATABASE", &chosen.name)]);
    assert_eq!(target_db(&out), fallback.name);
}

#[test]
fn an_unset_url_variable_is_an_error_at_its_line_and_changes_nothing() {
    let db = TestDb::new("proj_unset");
    let dir = project("proj-unset", "[env.prod]\nurl_env = \"OGEL_TEST_UNSET_URL\"\n");
    let out = db.ogel(dir.path(), &["apply", "--yes", "--env", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("url_env of [env.prod]") && err.contains("names OGEL_TEST_UNSET_URL, which is not set"),
        "{err}"
    );
    assert!(err.contains("ogel.toml:2:11"), "{err}");
    assert_eq!(db.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'").as_deref(), Some("0"));
}

#[test]
fn a_connection_setting_of_the_environment_applies_under_the_flag_url() {
    let db = TestDb::new("proj_ssl");
    // verify-full cannot succeed against the test server: it has no TLS, or a self-signed
    // certificate no root here signed.
    let dir = project("proj-ssl", "[env.strict]\nsslmode = \"verify-full\"\n");
    if !db.url.starts_with("postgres://") {
        eprintln!("skipped: TLS settings are not used over a Unix socket ({})", db.url);
        return;
    }
    let plain = format!("{}{}sslmode=disable", db.url, if db.url.contains('?') { '&' } else { '?' });
    let env = [("DATABASE_URL", plain.as_str())];
    let out = db.ogel_env(dir.path(), &["plan", "--env", "strict"], &env);
    assert_eq!(out.status.code(), Some(1), "the environment's sslmode beats DATABASE_URL's: {}", stdout(&out));
    let out = db.ogel_env(dir.path(), &["plan", "--env", "strict", "--database-url", &plain], &env);
    assert_eq!(out.status.code(), Some(0), "the flag's sslmode beats the environment's: {}", stderr(&out));
    assert!(stdout(&out).lines().next().unwrap().ends_with("no TLS"), "{}", stdout(&out));
}

#[test]
fn timeouts_come_from_the_environment_unless_a_flag_gives_them() {
    let db = TestDb::new("proj_limits");
    let dir = project("proj-limits", "[env.slow]\nlock_timeout = \"3s\"\n");
    let out = db.ogel(dir.path(), &["plan", "--env", "slow", "--format", "sql"]);
    assert!(stdout(&out).contains("SET LOCAL lock_timeout = '3000ms';"), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["plan", "--env", "slow", "--format", "sql", "--lock-timeout", "2s"]);
    assert!(stdout(&out).contains("SET LOCAL lock_timeout = '2000ms';"), "{}", stdout(&out));
}

#[test]
fn the_file_names_the_declaration_relative_to_itself() {
    let db = TestDb::new("proj_paths");
    let dir = TempDir::new("proj-paths");
    std::fs::create_dir_all(dir.path().join("db/sub")).unwrap();
    std::fs::write(dir.path().join("db/main.yaml"), SCHEMA).unwrap();
    std::fs::write(dir.path().join("ogel.toml"), "schema = \"db/main.yaml\"\n").unwrap();
    // Run from a directory below: the file is found above it.
    let out = db.ogel(&dir.path().join("db/sub"), &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("db/main.yaml: valid (1 table"), "{}", stdout(&out));
}

#[test]
fn the_file_can_turn_untrusted_mode_on() {
    let db = TestDb::new("proj_untrusted_on");
    let schema = format!("{SCHEMA}transitions:\n  t1:\n    when: SELECT true\n    sql: SELECT 1\n");
    let dir = project("proj-untrusted-on", "[env.pr]\nuntrusted = true\n");
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    let out = db.ogel(dir.path(), &["plan", "--env", "pr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("untrusted plan"), "{}", stdout(&out));
    let out = db.ogel(dir.path(), &["plan"]);
    assert!(!stdout(&out).contains("untrusted plan"), "{}", stdout(&out));
}

#[test]
fn under_untrusted_the_file_chooses_no_connection() {
    let db = TestDb::new("proj_untrusted");
    let elsewhere = TestDb::new("proj_untrusted_other");
    let toml = format!("[env.pr]\nurl = \"{}\"\nsslmode = \"disable\"\n", elsewhere.url);
    let dir = project("proj-untrusted", &toml);
    let out = db.ogel(dir.path(), &["plan", "--untrusted", "--env", "pr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(target_db(&out), db.name, "the target comes from DATABASE_URL");
    let err = stderr(&out);
    assert!(err.contains("does not choose the connection (url, sslmode not used)"), "{err}");
}

#[test]
fn under_untrusted_the_file_names_no_declaration_outside_its_directory() {
    let db = TestDb::new("proj_escape");
    let dir = project("proj-escape", "schema = \"../../etc/passwd\"\n");
    let out = db.ogel(dir.path(), &["plan", "--untrusted"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("must lie inside the project's directory"), "{err}");
    assert!(!err.contains("root:"), "nothing of the file is quoted: {err}");
    let dir = project("proj-absolute", "seeds = \"/etc\"\n");
    let out = db.ogel(dir.path(), &["plan", "--untrusted"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn a_misspelled_key_fails_every_command_that_reads_the_file() {
    let db = TestDb::new("proj_typo");
    let dir = project("proj-typo", "[env.prod]\nlock_timout = \"3s\"\n");
    for args in [&["validate"][..], &["plan"], &["drift"], &["inspect"], &["history"]] {
        let out = db.ogel(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains("did you mean `lock_timeout`?"), "{args:?}: {}", stderr(&out));
    }
    // Commands that read no project file do not fail on it.
    let out = db.ogel(dir.path(), &["json-schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn env_without_a_project_file_is_an_error() {
    let db = TestDb::new("proj_missing");
    let dir = TempDir::new("proj-missing");
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("schema.yaml"), SCHEMA).unwrap();
    let out = db.ogel(dir.path(), &["plan", "--env", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("there is no ogel.toml"), "{}", stderr(&out));
}

#[test]
fn the_readme_example_is_a_valid_project_file() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let start = readme.find("```toml\n").expect("the README shows an ogel.toml") + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = project("proj-readme", example);
    std::fs::create_dir_all(dir.path().join("db/seeds")).unwrap();
    std::fs::write(dir.path().join("db/schema.yaml"), SCHEMA).unwrap();
    for env in ["prod", "dev", "pr"] {
        let out = crate::common::ogel(dir.path(), &["validate", "--env", env]);
        assert_eq!(out.status.code(), Some(0), "{env}: {}", stderr(&out));
        assert!(stdout(&out).contains("db/schema.yaml: valid"), "{}", stdout(&out));
    }
}
