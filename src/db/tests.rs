//! Resolution of targets: the connection string, the service file, the environment and the
//! defaults, in libpq's order.

use std::path::PathBuf;
use std::time::Duration;

use tokio_postgres::config::Host;

use super::settings::{self, SslMode};
use super::tls::{Roots, Verify};
use super::*;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn resolve(url: &str, vars: &[(&str, &str)]) -> Result<Target, Error> {
    Target::resolve_with(&[Given::url(url, "--database-url")], Role::Database, &env(vars))
}

fn settings_of(url: &str, vars: &[(&str, &str)]) -> Result<Settings, Error> {
    let params = conninfo::parse(url).map_err(|e| Error::failed(e.reason))?;
    settings::resolve(vec![settings::Layer { params, source: "--database-url".to_owned() }], &env(vars))
}

/// A scratch file, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, text: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("ogel-unit-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        Scratch(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_url_is_completed_from_the_environment() {
    let t = resolve("postgres://alice@db.example/app", &[("PGPORT", "6543")]).unwrap();
    assert_eq!(t.display(), "alice@db.example:6543/app");
}

#[test]
fn libpq_variables_are_read() {
    let vars = [("PGHOST", "10.0.0.5"), ("PGUSER", "bob"), ("PGDATABASE", "platform"), ("PGPASSWORD", "s3cret")];
    let t = Target::resolve_with(&[], Role::Database, &env(&vars)).unwrap();
    assert_eq!(t.display(), "bob@10.0.0.5:5432/platform");
    assert_eq!(t.settings.password.as_deref(), Some("s3cret"));
    assert_eq!(t.settings.application_name, "ogel");
    assert_eq!(t.settings.connect_timeout, Duration::from_secs(10));
    let keepalives = t.settings.keepalives.unwrap();
    assert_eq!((keepalives.idle, keepalives.count), (Duration::from_secs(30), 3));
}

#[test]
fn the_database_defaults_to_the_user() {
    let t = Target::resolve_with(&[], Role::Database, &env(&[("PGHOST", "h"), ("PGUSER", "carol")])).unwrap();
    assert_eq!(t.display(), "carol@h:5432/carol");
}

/// Without `user` the user is, as in libpq, the name of the effective user id (what `id -un`
/// prints).
#[test]
fn the_user_defaults_to_the_login_name() {
    let id = std::process::Command::new("id").arg("-un").output().unwrap();
    let login = String::from_utf8(id.stdout).unwrap().trim().to_owned();
    let t = Target::resolve_with(&[], Role::Database, &env(&[("PGHOST", "h")])).unwrap();
    assert_eq!(t.display(), format!("{login}@h:5432/{login}"));
}

#[test]
fn an_invalid_url_does_not_echo_the_password() {
    let err = resolve("postgres://u:hunter2@host:notaport/db", &[]).unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(!err.render(false).contains("hunter2"));
}

#[test]
fn an_explicit_port_wins_over_pgport() {
    let t = resolve("postgres://alice@db.example:7000/app", &[("PGPORT", "6543")]).unwrap();
    assert_eq!(t.display(), "alice@db.example:7000/app");
    assert_eq!(resolve("host=h dbname=d user=u", &[("PGPORT", "6543")]).unwrap().display(), "u@h:6543/d");
    assert_eq!(resolve("postgres://u:p@[::1]/d", &[("PGPORT", "6543")]).unwrap().display(), "u@::1:6543/d");
}

#[test]
fn the_url_sslmode_wins_over_pgsslmode() {
    // libpq's order: a plain-text PGSSLMODE must not weaken what the URL asks for.
    let t = resolve("postgres://alice@db.example/app?sslmode=require", &[("PGSSLMODE", "disable")]).unwrap();
    assert_eq!(t.settings.ssl.mode, SslMode::Require);
    assert!(t.tls.is_some());
    let t = resolve("postgres://alice@db.example/app?sslmode=disable", &[("PGSSLMODE", "require")]).unwrap();
    assert_eq!(t.settings.ssl.mode, SslMode::Disable);
    assert!(t.tls.is_none());
    let t = resolve("host=h sslmode=allow", &[("PGSSLMODE", "verify-full")]).unwrap();
    assert_eq!(t.settings.ssl.mode, SslMode::Allow);
}

#[test]
fn pgsslmode_applies_whatever_other_parameters_are_named() {
    // A substring search for "sslmode" would find it in the application name and drop PGSSLMODE.
    let t = resolve("postgres://u@h/d?application_name=nosslmode", &[("PGSSLMODE", "require")]).unwrap();
    assert_eq!(t.settings.ssl.mode, SslMode::Require);
    assert_eq!(t.settings.application_name, "nosslmode");
    let t = resolve("host=h application_name='sslmode=disable'", &[("PGSSLMODE", "require")]).unwrap();
    assert_eq!(t.settings.ssl.mode, SslMode::Require);
    assert_eq!(resolve("host=h", &[]).unwrap().settings.ssl.mode, SslMode::Prefer, "libpq's default");
}

#[test]
fn an_invalid_sslmode_names_it_and_the_valid_ones() {
    let err = resolve("host=h", &[("PGSSLMODE", "verify_full")]).unwrap_err();
    assert_eq!(err.to_string(), "PGSSLMODE is \"verify_full\", which is not a valid sslmode");
    assert!(
        err.render(false).contains("disable, allow, prefer, require, verify-ca, verify-full"),
        "{}",
        err.render(false)
    );
    let err = resolve("postgres://h/d?sslmode=on", &[]).unwrap_err();
    assert!(err.to_string().contains("sslmode of --database-url is \"on\""), "{err}");
}

#[test]
fn a_socket_directory_is_a_host() {
    let t = resolve("postgres://u@/d?host=/var/run/postgresql&port=5433", &[("PGHOST", "ignored")]).unwrap();
    assert_eq!(t.settings.endpoints[0].host, Host::Unix(PathBuf::from("/var/run/postgresql")));
    assert_eq!(t.display(), "u@/var/run/postgresql:5433/d");
    // The query wins over the URL's own host, as in libpq.
    let t = resolve("postgres://u@elsewhere/d?host=%2Ftmp", &[]).unwrap();
    assert_eq!(t.settings.endpoints[0].host, Host::Unix(PathBuf::from("/tmp")));
}

#[test]
fn several_hosts_are_tried_in_order_with_their_ports() {
    let t = resolve("postgres://u@h1:5432,h2:5433,h3/d", &[("PGPORT", "7777")]).unwrap();
    let hosts: Vec<(Host, u16)> = t.settings.endpoints.iter().map(|e| (e.host.clone(), e.port)).collect();
    let tcp = |h: &str| Host::Tcp(h.to_owned());
    assert_eq!(hosts, [(tcp("h1"), 5432), (tcp("h2"), 5433), (tcp("h3"), 5432)]);
    let t = resolve("host=a,b port=6000 user=u", &[]).unwrap();
    assert!(t.settings.endpoints.iter().all(|e| e.port == 6000));
    let err = resolve("host=a,b,c port=1,2 user=u", &[]).unwrap_err();
    assert!(err.to_string().contains("lists 2 ports for 3 hosts"), "{err}");
    let t = resolve("host=wrong.example hostaddr=127.0.0.1", &[]).unwrap();
    assert_eq!(t.settings.endpoints[0].hostaddr, Some([127, 0, 0, 1].into()));
    assert_eq!(t.settings.endpoints[0].host, tcp("wrong.example"), "the name TLS checks");
    assert!(resolve("host=a,b hostaddr=127.0.0.1", &[]).unwrap_err().to_string().contains("2 hosts"));
    assert!(resolve("hostaddr=localhost", &[]).unwrap_err().to_string().contains("not a list of IP addresses"));
}

#[test]
fn keyword_values_are_quoted_as_in_libpq() {
    let t = resolve(r"host=h user='my user' dbname=it\'s password='p w\'d'", &[]).unwrap();
    assert_eq!(t.display(), "my user@h:5432/it's");
    assert_eq!(t.settings.password.as_deref(), Some("p w'd"));
}

#[test]
fn an_unknown_keyword_is_named() {
    let err = resolve("host=h sslmod=require", &[]).unwrap_err();
    assert_eq!(err.to_string(), "the URL of --database-url is not valid: unknown setting \"sslmod\"");
    assert!(err.render(false).contains("the settings ogel knows are host, hostaddr"));
    let err =
        Target::resolve_with(&[Given::url("postgres://h/d?sslmod=require", "--shadow-url")], Role::Shadow, &env(&[]))
            .unwrap_err();
    assert_eq!(err.to_string(), "the URL of --shadow-url is not valid: unknown setting \"sslmod\"");
}

#[test]
fn connect_timeout_is_a_positive_number_of_seconds() {
    assert_eq!(settings_of("host=h", &[("PGCONNECT_TIMEOUT", "3")]).unwrap().connect_timeout, Duration::from_secs(3));
    let s = settings_of("host=h connect_timeout=1", &[("PGCONNECT_TIMEOUT", "3")]).unwrap();
    assert_eq!(s.connect_timeout, Duration::from_secs(1));
    for bad in ["0", "-5", "ten", "1.5"] {
        let err = settings_of(&format!("host=h connect_timeout={bad}"), &[]).unwrap_err();
        assert!(err.to_string().contains("not a positive number of seconds"), "{bad}: {err}");
    }
    let err = settings_of("host=h", &[("PGCONNECT_TIMEOUT", "0")]).unwrap_err();
    assert!(err.to_string().starts_with("PGCONNECT_TIMEOUT is \"0\""), "{err}");
    assert_eq!(settings_of("host=h keepalives=0", &[]).unwrap().keepalives, None);
}

#[test]
fn the_service_file_comes_between_the_string_and_the_environment() {
    let file = Scratch::new("services.conf", "[other]\nhost=o\n[app]\nhost=svc.example\nport=6000\ndbname=svcdb\n");
    let vars = [("PGSERVICEFILE", file.path()), ("PGHOST", "env.example"), ("PGPORT", "7000"), ("PGUSER", "u")];
    // The string wins over the service, the service over the environment (libpq's
    // conninfo_add_defaults reads the service before the variables).
    let t = resolve("service=app port=5000", &vars).unwrap();
    assert_eq!(t.display(), "u@svc.example:5000/svcdb");
    let with_pgservice: Vec<(&str, &str)> = vars.iter().copied().chain([("PGSERVICE", "app")]).collect();
    assert_eq!(resolve("postgres:///mine", &with_pgservice).unwrap().display(), "u@svc.example:6000/mine");
    // Without a service, the environment.
    assert_eq!(resolve("dbname=d", &vars).unwrap().display(), "u@env.example:7000/d");
    let err = resolve("service=nope", &vars).unwrap_err();
    assert!(err.to_string().contains("service \"nope\""), "{err}");
    assert!(err.to_string().contains(file.path()), "{err}");
    // The system file, when the user's does not define the service.
    let dir = std::env::temp_dir().join(format!("ogel-unit-{}-sysconf", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pg_service.conf"), "[sys]\nhost=sys.example\n").unwrap();
    let vars = [("PGSERVICEFILE", file.path()), ("PGSYSCONFDIR", dir.to_str().unwrap()), ("PGUSER", "u")];
    assert_eq!(resolve("service=sys dbname=d", &vars).unwrap().display(), "u@sys.example:5432/d");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_error_in_the_service_file_names_its_line() {
    let file = Scratch::new("bad-services.conf", "[app]\nhost=h\nsslmod=require\n");
    let err = resolve("service=app", &[("PGSERVICEFILE", file.path())]).unwrap_err();
    assert!(err.to_string().ends_with("line 3: unknown setting \"sslmod\""), "{err}");
    let file = Scratch::new("mode-services.conf", "[app]\nhost=h\nsslmode=sometimes\n");
    let err = resolve("service=app", &[("PGSERVICEFILE", file.path())]).unwrap_err();
    assert!(err.to_string().starts_with("sslmode of service \"app\" in "), "{err}");
}

#[test]
fn require_verifies_the_chain_when_a_root_certificate_exists() {
    let root = Scratch::new("root.crt", "");
    let s = settings_of(&format!("host=h sslmode=require sslrootcert={}", root.path()), &[]).unwrap();
    assert_eq!(s.ssl.verify, Verify::Chain);
    let s = settings_of("host=h sslmode=require sslrootcert=/nonexistent/root.crt", &[]).unwrap();
    assert_eq!(s.ssl.verify, Verify::Nothing);
    let s = settings_of("host=h sslmode=require", &[("HOME", "/nonexistent")]).unwrap();
    assert_eq!(s.ssl.verify, Verify::Nothing);
    let s = settings_of(&format!("host=h sslmode=verify-full sslrootcert={}", root.path()), &[]).unwrap();
    assert_eq!(s.ssl.verify, Verify::ChainAndName);
    assert_eq!(settings_of("host=h sslmode=prefer", &[]).unwrap().ssl.verify, Verify::Nothing);
}

#[test]
fn verification_without_a_root_file_names_the_file_and_the_setting() {
    let err = settings_of("host=h sslmode=verify-ca", &[("PGSSLROOTCERT", "/nonexistent/ca.pem")]).unwrap_err();
    assert_eq!(err.to_string(), "root certificate file /nonexistent/ca.pem (PGSSLROOTCERT) does not exist");
    let err = settings_of("host=h sslmode=verify-full", &[("HOME", "/nonexistent")]).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/.postgresql/root.crt (the default of sslrootcert)"), "{err}");
}

#[test]
fn sslrootcert_system_means_verify_full() {
    let s = settings_of("host=h sslrootcert=system", &[]).unwrap();
    assert_eq!((s.ssl.mode, s.ssl.verify, s.ssl.roots), (SslMode::VerifyFull, Verify::ChainAndName, Roots::System));
    let err = settings_of("host=h sslrootcert=system", &[("PGSSLMODE", "require")]).unwrap_err();
    assert_eq!(err.to_string(), "sslmode \"require\" is weaker than sslrootcert=system allows");
    assert!(settings_of("host=h sslrootcert=system sslmode=verify-full", &[]).is_ok());
}

#[test]
fn client_certificates_are_used_when_given_or_both_defaults_exist() {
    let cert = Scratch::new("client.crt", "");
    let key = Scratch::new("client.key", "");
    let s = settings_of(&format!("host=h sslcert={} sslkey={}", cert.path(), key.path()), &[]).unwrap();
    assert_eq!(s.ssl.identity.map(|i| i.key), Some(PathBuf::from(key.path())));
    let err = settings_of(&format!("host=h sslcert={}", cert.path()), &[("HOME", "/nonexistent")]).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/.postgresql/postgresql.key (the default of sslkey)"), "{err}");
    assert_eq!(settings_of("host=h", &[("HOME", "/nonexistent")]).unwrap().ssl.identity, None);
}

#[test]
fn errors_name_the_setting_at_fault() {
    let err = resolve("postgres://alice@db.example/app", &[("PGPORT", "abc")]).unwrap_err();
    assert!(err.to_string().contains("PGPORT is not a port number: abc"), "{err}");
    let err =
        Target::resolve_with(&[Given::url("postgres://u@h:x/d", "--shadow-url")], Role::Shadow, &env(&[])).unwrap_err();
    assert!(err.to_string().contains("the URL of --shadow-url is not valid"), "{err}");
    let err = resolve("postgres://u@h:x/d", &[]).unwrap_err();
    assert!(err.to_string().contains("the URL of --database-url is not valid"), "{err}");
}

#[test]
fn no_error_shows_a_password() {
    for url in [
        "postgres://u:hunter2@h:x/d",
        "postgres://u:hunter2@h/d?sslmode=bogus",
        "postgres://u:hunter2@h/d?connect_timeout=0",
        "postgres://u:hunter2@h/d?bogus=1",
        "postgres://u:hunt/er2@h/d",
        "host=h password=hunter2 port=x",
        "host=h password=hunt er2",
        "host=h password='hunter2 dbname=d",
        "postgres://u:hunter2@h/d?sslmode=verify-full&sslrootcert=/nonexistent",
    ] {
        let err = resolve(url, &[]).expect_err(url);
        let shown = err.render(false);
        assert!(!shown.contains("hunt") && !shown.contains("er2"), "{url}: {shown}");
    }
}

#[test]
fn passwords_are_hidden_in_quoted_text() {
    assert_eq!(
        hide_passwords("unexpected argument 'postgres://u:hunter2@h:5/db?x=1' found"),
        "unexpected argument 'postgres://u:***@h:5/db?x=1' found"
    );
    assert_eq!(hide_passwords("'host=h password=hunter2 user=u'"), "'host=h password=*** user=u'");
    assert_eq!(hide_passwords("postgres://u@h/db?password=hunter2&x=1"), "postgres://u@h/db?password=***&x=1");
    assert_eq!(hide_passwords("no url here"), "no url here");
    assert_eq!(hide_passwords("postgres://u@h/db"), "postgres://u@h/db");
}
