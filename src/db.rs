//! Connecting to PostgreSQL the way libpq would, and a client that counts what it sends.
//!
//! The target is `--database-url`, else `DATABASE_URL`, else the libpq environment (`PGHOST`,
//! `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGPASSFILE`) and libpq's defaults (the local
//! socket, else localhost; the login name as user and database). Parts a URL leaves out are
//! filled in the same way. A password never appears in any message: targets are shown as
//! `user@host:port/database`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row};

use crate::error::Error;

const DEFAULT_PORT: u16 = 5432;
const SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/tmp"];

/// A database to connect to, resolved but not yet connected.
#[derive(Clone)]
pub struct Target {
    config: Config,
    role: Role,
}

/// What a target is for, which says where a user sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// `--database-url`, `DATABASE_URL`, the libpq environment.
    Database,
    /// `--shadow-url`.
    Shadow,
}

impl Role {
    fn url_source(self) -> &'static str {
        match self {
            Role::Database => "--database-url (or DATABASE_URL)",
            Role::Shadow => "--shadow-url",
        }
    }

    fn connect_help(self) -> &'static str {
        match self {
            Role::Database => {
                "pass --database-url, set DATABASE_URL, or the libpq variables PGHOST, PGPORT, PGUSER, PGDATABASE"
            }
            Role::Shadow => {
                "check --shadow-url: a server of the target's major version where this role may create databases"
            }
        }
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl Target {
    /// Resolves `--database-url` (or `DATABASE_URL`) and the libpq environment.
    pub fn resolve(url: Option<&str>) -> Result<Target, Error> {
        Self::resolve_with(url, Role::Database, &environment)
    }

    /// Resolves `--shadow-url`, completed from the libpq environment like the target.
    pub fn resolve_shadow(url: &str) -> Result<Target, Error> {
        Self::resolve_with(Some(url), Role::Shadow, &environment)
    }

    fn resolve_with(url: Option<&str>, role: Role, env: &dyn Fn(&str) -> Option<String>) -> Result<Target, Error> {
        let url = match role {
            Role::Database => url.map(str::to_owned).or_else(|| env("DATABASE_URL")),
            Role::Shadow => url.map(str::to_owned),
        };
        let pgport = match env("PGPORT") {
            Some(p) => Some(p.parse::<u16>().map_err(|_| {
                Error::with_help(format!("PGPORT is not a port number: {p}"), "unset it, or set a port")
            })?),
            None => None,
        };
        // tokio-postgres reads a URL without a port as port 5432; libpq would use PGPORT.
        let url = match (url, pgport) {
            (Some(url), Some(port)) => Some(with_port(&url, port)),
            (url, _) => url,
        };
        let mut config = match &url {
            Some(url) => url.parse::<Config>().map_err(|_| {
                // The parser's message may quote the URL, password included: say what is wrong
                // without it.
                Error::with_help(
                    format!("the URL of {} is not valid", role.url_source()),
                    "write it as postgres://user@host:port/database (or libpq's key=value form); the password is best given in PGPASSWORD or ~/.pgpass",
                )
            })?,
            None => Config::new(),
        };
        if config.get_hosts().is_empty() {
            match env("PGHOST") {
                Some(hosts) => hosts.split(',').for_each(|h| {
                    config.host(h.trim());
                }),
                None => {
                    match default_socket_dir(pgport.unwrap_or(DEFAULT_PORT)) {
                        Some(dir) => config.host_path(dir),
                        None => config.host("localhost"),
                    };
                }
            }
        }
        if config.get_ports().is_empty() {
            config.port(pgport.unwrap_or(DEFAULT_PORT));
        }
        if config.get_user().is_none() {
            config.user(env("PGUSER").unwrap_or_else(login_name));
        }
        if config.get_dbname().is_none() {
            let dbname = env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or_default().to_owned());
            config.dbname(dbname);
        }
        if config.get_password().is_none()
            && let Some(password) = env("PGPASSWORD").or_else(|| pgpass(&config, env))
        {
            config.password(password);
        }
        if config.get_application_name().is_none() {
            config.application_name(env("PGAPPNAME").unwrap_or_else(|| "ogel".to_owned()));
        }
        if config.get_connect_timeout().is_none() {
            let seconds = env("PGCONNECT_TIMEOUT").and_then(|s| s.parse().ok()).unwrap_or(10);
            config.connect_timeout(Duration::from_secs(seconds));
        }
        // As in libpq, the connection string's sslmode wins over PGSSLMODE.
        let url_sets_sslmode = url.as_deref().is_some_and(|u| u.contains("sslmode"));
        if let Some(mode) = env("PGSSLMODE").filter(|_| !url_sets_sslmode) {
            config.ssl_mode(match mode.as_str() {
                "disable" => SslMode::Disable,
                "allow" | "prefer" => SslMode::Prefer,
                _ => SslMode::Require,
            });
        }
        if config.get_ssl_mode() == SslMode::Require {
            return Err(Error::with_help(
                format!(
                    "{}: TLS connections are not supported by this version of ogel",
                    Target { config, role }.display()
                ),
                "connect with sslmode=disable or prefer (a local server, or through an SSH tunnel)",
            ));
        }
        Ok(Target { config, role })
    }

    /// `user@host:port/database`, never with the password.
    pub fn display(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(host)) => host.clone(),
            Some(Host::Unix(path)) => path.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(DEFAULT_PORT);
        format!(
            "{}@{}:{}/{}",
            self.config.get_user().unwrap_or_default(),
            host,
            port,
            self.config.get_dbname().unwrap_or_default()
        )
    }

    pub fn dbname(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// The same server, another database.
    pub fn with_dbname(&self, dbname: &str) -> Target {
        let mut config = self.config.clone();
        config.dbname(dbname);
        Target { config, role: self.role }
    }

    pub async fn connect(&self) -> Result<Db, Error> {
        let (client, connection) = self.config.connect(NoTls).await.map_err(|e| {
            Error::with_help(
                format!("cannot connect to {}: {}", self.display(), error_text(&e)),
                self.role.connect_help(),
            )
        })?;
        tokio::spawn(async move {
            // The connection ends when the client is dropped; its error, if any, reaches the
            // client's next call.
            let _ = connection.await;
        });
        Ok(Db { client, statements: AtomicUsize::new(0), target: self.display() })
    }
}

/// `text` with the password of every connection string in it (`postgres://user:PASSWORD@`,
/// `password=PASSWORD`) replaced by `***`: for messages that quote what a user typed.
pub fn hide_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        let end = after.find(['/', '?', ' ', '\'', '"', '\n']).unwrap_or(after.len());
        match after[..end].rfind('@') {
            Some(user_end) => match after[..user_end].find(':') {
                Some(colon) => {
                    out.push_str(&after[..=colon]);
                    out.push_str("***");
                    out.push_str(&after[user_end..end]);
                }
                None => out.push_str(&after[..end]),
            },
            None => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut hidden = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("password=") {
        let (before, after) = rest.split_at(at + "password=".len());
        hidden.push_str(before);
        hidden.push_str("***");
        rest = &after[after.find([' ', '\'', '"', '\n', '&']).unwrap_or(after.len())..];
    }
    hidden.push_str(rest);
    hidden
}

/// A libpq variable; an empty one counts as unset, as in libpq.
fn environment(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The connection string with `port` added where it names hosts but no port.
fn with_port(url: &str, port: u16) -> String {
    let Some(scheme_end) = url.find("://") else {
        // key=value form
        return if url.split_whitespace().any(|kv| kv.starts_with("port=")) {
            url.to_owned()
        } else {
            format!("{url} port={port}")
        };
    };
    let start = scheme_end + 3;
    let end = url[start..].find(['/', '?']).map_or(url.len(), |i| start + i);
    let authority = &url[start..end];
    let hosts_start = authority.rfind('@').map_or(0, |i| i + 1);
    let hosts = &authority[hosts_start..];
    let has_port = |h: &str| match h.rfind(']') {
        Some(close) => h[close..].contains(':'),
        None => h.contains(':'),
    };
    if hosts.is_empty() || hosts.split(',').any(has_port) {
        return url.to_owned();
    }
    let hosts: Vec<String> = hosts.split(',').map(|h| format!("{h}:{port}")).collect();
    format!("{}{}{}", &url[..start + hosts_start], hosts.join(","), &url[end..])
}

/// The socket directory libpq would use, when a server listens there.
fn default_socket_dir(port: u16) -> Option<&'static str> {
    SOCKET_DIRS.iter().copied().find(|dir| Path::new(dir).join(format!(".s.PGSQL.{port}")).exists())
}

/// The operating-system user name, libpq's default user.
fn login_name() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.is_empty()
        {
            return name;
        }
    }
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    uid.and_then(|uid| {
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.len() > 2 && fields[2].parse() == Ok(uid)).then(|| fields[0].to_owned())
        })
    })
    .unwrap_or_else(|| "postgres".to_owned())
}

/// The password for this connection from `PGPASSFILE` or `~/.pgpass`, as libpq reads it.
fn pgpass(config: &Config, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let path = env("PGPASSFILE").map(PathBuf::from).or_else(|| env("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        // libpq matches socket connections against "localhost".
        Host::Unix(_) => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(DEFAULT_PORT).to_string();
    let wanted = [host.as_str(), port.as_str(), config.get_dbname()?, config.get_user()?];
    text.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let fields = pgpass_fields(line);
        (fields.len() == 5 && fields.iter().zip(wanted).all(|(f, w)| f == "*" || f == w)).then(|| fields[4].clone())
    })
}

/// Splits a .pgpass line on unescaped colons, undoing `\:` and `\\`.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().unwrap().extend(chars.next()),
            ':' => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// A server error's own message (with its detail and hint), else the client error's.
pub fn error_text(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(&format!("\n  detail: {detail}"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("\n  hint: {hint}"));
            }
            text
        }
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            text
        }
    }
}

/// A connection to one database. Every statement goes through it and is counted, so tests can
/// check that introspection does not grow with the schema.
pub struct Db {
    client: Client,
    statements: AtomicUsize,
    target: String,
}

impl Db {
    pub fn target(&self) -> &str {
        &self.target
    }

    /// `server_version_num`: 150004 for 15.4.
    pub async fn server_version(&self) -> Result<i32, Error> {
        let text: String = self
            .query_one("SELECT current_setting('server_version_num')", &[])
            .await
            .map_err(|e| self.fail("reading the server version", &e))?
            .get(0);
        text.parse().map_err(|_| Error::failed(format!("{}: the server reports version number {text:?}", self.target)))
    }

    /// Statements sent so far.
    pub fn statements(&self) -> usize {
        self.statements.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    pub async fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, tokio_postgres::Error> {
        self.count();
        self.client.query(sql, params).await
    }

    pub async fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, tokio_postgres::Error> {
        self.count();
        self.client.query_one(sql, params).await
    }

    pub async fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, tokio_postgres::Error> {
        self.count();
        self.client.execute(sql, params).await
    }

    /// Runs SQL text that may hold several statements, without parameters, through the simple
    /// protocol. Only for ogel's own fixed text (`BEGIN`, `COMMIT`) and a transition's `sql`,
    /// the one place where a declaration may write several statements: anything else that holds
    /// declared text goes through [`Db::run`].
    pub async fn batch(&self, sql: &str) -> Result<(), tokio_postgres::Error> {
        self.count();
        self.client.batch_execute(sql).await
    }

    /// Runs one statement through the extended protocol, which the server parses on its own and
    /// refuses when it holds a second command. `params` are bound as text (`$1`, ...; `None`
    /// is NULL).
    pub async fn run(&self, sql: &str, params: &[Option<String>]) -> Result<u64, tokio_postgres::Error> {
        self.count();
        let typed: Vec<(&(dyn ToSql + Sync), tokio_postgres::types::Type)> =
            params.iter().map(|p| (p as &(dyn ToSql + Sync), tokio_postgres::types::Type::TEXT)).collect();
        self.client.query_typed(sql, &typed).await.map(|rows| rows.len() as u64)
    }

    /// Fixes the settings that change how PostgreSQL prints types and expressions, so that two
    /// sessions (the target's and the shadow's) print the same object the same way. One
    /// statement, the search path bound as a value.
    pub async fn pin_settings(&self, search_path: &str) -> Result<(), tokio_postgres::Error> {
        const PIN: &str = "SELECT set_config('search_path', $1, false), set_config('TimeZone', 'UTC', false), \
             set_config('DateStyle', 'ISO, MDY', false), set_config('IntervalStyle', 'postgres', false), \
             set_config('extra_float_digits', '1', false), set_config('standard_conforming_strings', 'on', false), \
             set_config('check_function_bodies', 'on', false)";
        self.query(PIN, &[&search_path]).await.map(|_| ())
    }

    /// A wrapped database error with the target and what was being done.
    pub fn fail(&self, doing: &str, e: &tokio_postgres::Error) -> Error {
        Error::failed(format!("{}: {doing}: {}", self.target, error_text(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn a_url_is_completed_from_the_environment() {
        let t =
            Target::resolve_with(Some("postgres://alice@db.example/app"), Role::Database, &env(&[("PGPORT", "6543")]))
                .unwrap();
        assert_eq!(t.display(), "alice@db.example:6543/app");
    }

    #[test]
    fn libpq_variables_are_read() {
        let vars = [("PGHOST", "10.0.0.5"), ("PGUSER", "bob"), ("PGDATABASE", "platform"), ("PGPASSWORD", "s3cret")];
        let t = Target::resolve_with(None, Role::Database, &env(&vars)).unwrap();
        assert_eq!(t.display(), "bob@10.0.0.5:5432/platform");
        assert_eq!(t.config.get_password(), Some(&b"s3cret"[..]));
    }

    #[test]
    fn the_database_defaults_to_the_user() {
        let t = Target::resolve_with(None, Role::Database, &env(&[("PGHOST", "h"), ("PGUSER", "carol")])).unwrap();
        assert_eq!(t.display(), "carol@h:5432/carol");
    }

    #[test]
    fn an_invalid_url_does_not_echo_the_password() {
        let err =
            Target::resolve_with(Some("postgres://u:hunter2@host:notaport/db"), Role::Database, &env(&[])).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(!err.render(false).contains("hunter2"));
    }

    #[test]
    fn an_explicit_port_wins_over_pgport() {
        let t = Target::resolve_with(
            Some("postgres://alice@db.example:7000/app"),
            Role::Database,
            &env(&[("PGPORT", "6543")]),
        )
        .unwrap();
        assert_eq!(t.display(), "alice@db.example:7000/app");
        assert_eq!(with_port("host=h dbname=d", 6543), "host=h dbname=d port=6543");
        assert_eq!(with_port("postgres://u:p@[::1]/d", 6543), "postgres://u:p@[::1]:6543/d");
    }

    #[test]
    fn the_url_sslmode_wins_over_pgsslmode() {
        // libpq's order: a plain-text PGSSLMODE must not weaken what the URL asks for.
        let err = Target::resolve_with(
            Some("postgres://alice@db.example/app?sslmode=require"),
            Role::Database,
            &env(&[("PGSSLMODE", "disable")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("TLS connections are not supported"), "{err}");
        let t = Target::resolve_with(
            Some("postgres://alice@db.example/app?sslmode=disable"),
            Role::Database,
            &env(&[("PGSSLMODE", "require")]),
        )
        .unwrap();
        assert_eq!(t.config.get_ssl_mode(), SslMode::Disable);
        assert!(Target::resolve_with(None, Role::Database, &env(&[("PGSSLMODE", "verify-full")])).is_err());
    }

    #[test]
    fn errors_name_the_setting_at_fault() {
        let err =
            Target::resolve_with(Some("postgres://alice@db.example/app"), Role::Database, &env(&[("PGPORT", "abc")]))
                .unwrap_err();
        assert!(err.to_string().contains("PGPORT is not a port number: abc"), "{err}");
        let err = Target::resolve_with(Some("postgres://u@h:x/d"), Role::Shadow, &env(&[])).unwrap_err();
        assert!(err.to_string().contains("the URL of --shadow-url is not valid"), "{err}");
        let err = Target::resolve_with(Some("postgres://u@h:x/d"), Role::Database, &env(&[])).unwrap_err();
        assert!(err.to_string().contains("the URL of --database-url (or DATABASE_URL) is not valid"), "{err}");
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

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        assert_eq!(pgpass_fields(r"h:5432:*:u:pa\:ss\\"), ["h", "5432", "*", "u", r"pa:ss\"]);
    }
}
