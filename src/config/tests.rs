//! Reading the project file: located errors, and values checked where the file says them.

use super::*;

/// A project file in a scratch directory of its own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, text: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ogel-config-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
        Scratch(dir)
    }

    fn load(&self, env: Option<&str>) -> Result<Project, Error> {
        Project::load(Some(&self.0.join(FILE_NAME)), env)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The error's one-line form, then its rendering.
fn error(name: &str, text: &str, env: Option<&str>) -> String {
    let e = Scratch::new(name, text).load(env).unwrap_err();
    format!("{e}\n{}", e.render(false))
}

#[test]
fn an_environment_is_read_with_its_paths_relative_to_the_file() {
    let s = Scratch::new(
        "read",
        "schema = \"db/schema.yaml\"\n[env.prod]\nurl_env = \"PROD_URL\"\nsslmode = \"verify-full\"\nsslrootcert = \"ca.pem\"\nlock_timeout = \"2s\"\nuntrusted = true\n",
    );
    let project = s.load(Some("prod")).unwrap();
    assert_eq!(project.schema.unwrap().value, s.0.join("db/schema.yaml"));
    let env = project.env.unwrap();
    assert!(matches!(&env.url, Some(Url::Variable(v)) if v.value == "PROD_URL"));
    assert_eq!(env.connection[0], ("sslmode", "verify-full".to_owned()));
    assert_eq!(env.connection[1], ("sslrootcert", s.0.join("ca.pem").display().to_string()));
    assert_eq!(env.lock_timeout, Some(Duration::from_secs(2)));
    assert!(env.untrusted);
}

#[test]
fn no_environment_is_selected_without_env() {
    let project = Scratch::new("none", "[env.prod]\nurl = \"postgres://h/d\"\n").load(None).unwrap();
    assert!(project.env.is_none());
}

#[test]
fn an_unknown_key_is_located_with_a_suggestion() {
    let text = error("key", "[env.prod]\nurll = \"postgres://h/d\"\n", Some("prod"));
    assert!(text.contains("unknown key `urll` in ogel.toml: did you mean `url`?"), "{text}");
    assert!(text.contains("ogel.toml:2:1"), "{text}");
    let text = error("top", "shema = \"s.yaml\"\n", None);
    assert!(text.contains("did you mean `schema`?"), "{text}");
}

#[test]
fn the_file_cannot_approve_destructive_changes() {
    let text = error("allow", "[env.prod]\nallow_destructive = true\n", Some("prod"));
    assert!(text.contains("cannot approve destructive changes"), "{text}");
    assert!(text.contains("--allow-drop"), "{text}");
}

#[test]
fn an_unknown_environment_is_named_with_the_known_ones() {
    let text = error("env", "[env.production]\nurl_env = \"P\"\n[env.staging]\nurl_env = \"S\"\n", Some("prod"));
    assert!(text.contains("environment prod: "), "{text}");
    assert!(text.contains("has no environment `prod`: did you mean `production`?"), "{text}");
    assert!(text.contains("production, staging"), "{text}");
}

#[test]
fn bad_values_are_located() {
    let text = error(
        "values",
        "[env.a]\nsslmode = \"on\"\nlock_timeout = \"0s\"\nstatement_timeout = \"soon\"\nurl = \"x\"\nurl_env = \"Y\"\n",
        Some("a"),
    );
    assert!(text.contains("sslmode \"on\" is not one libpq knows"), "{text}");
    assert!(text.contains("at least 1ms"), "{text}");
    assert!(text.contains("not a duration"), "{text}");
    assert!(text.contains("url and url_env are both set"), "{text}");
    let text = error("var", "[env.a]\nurl_env = \"postgres://h/d\"\n", Some("a"));
    assert!(text.contains("url_env must be the name of an environment variable"), "{text}");
}

#[test]
fn a_file_holding_a_password_is_never_quoted() {
    let text = error("secret", "[env.a]\nurl = \"postgres://u:hunter2@h/d\"\nbogus = 1\n", Some("a"));
    assert!(text.contains("unknown key `bogus`"), "{text}");
    assert!(text.contains("ogel.toml:3:1"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn a_syntax_error_is_located() {
    let text = error("syntax", "[env.a\n", None);
    assert!(text.contains("ogel.toml is not valid"), "{text}");
}

#[test]
fn the_file_is_found_in_a_directory_above_up_to_the_repository_root() {
    let s = Scratch::new("discover", "");
    let below = s.0.join("a/b");
    std::fs::create_dir_all(&below).unwrap();
    assert_eq!(discover(&below), Some(s.0.join(FILE_NAME)));
    std::fs::create_dir_all(s.0.join("a/.git")).unwrap();
    assert_eq!(discover(&below), None);
}
