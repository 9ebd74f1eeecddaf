//! Connecting to PostgreSQL the way libpq would, and a client that counts what it sends.
//!
//! The target is `--database-url`, else `DATABASE_URL`, else the libpq environment, completed
//! setting by setting as libpq does (`settings.rs`); the connection string is read by a parser
//! (`conninfo.rs`), TLS is rustls (`tls.rs`). Each host's whole connection (TCP, TLS, start-up,
//! authentication) is bounded by `connect_timeout`. A password never appears in any message:
//! targets are shown as `user@host:port/database`.

mod absent;
mod conninfo;
mod settings;
mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio_postgres::config::{Host, SslMode as PgSslMode};
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, Row, Socket};

use crate::error::Error;
use conninfo::{Invalid, Params};
use settings::{Endpoint, Settings, SslMode};
use tls::{Handshake, MakeRustls};

/// A database to connect to, resolved but not yet connected.
#[derive(Clone)]
pub struct Target {
    settings: Settings,
    /// None with sslmode=disable.
    tls: Option<Arc<rustls::ClientConfig>>,
    role: Role,
}

/// What a target is for, which says where a user sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// `--database-url`, an environment of ogel.toml, `DATABASE_URL`, the libpq environment.
    Database,
    /// `--shadow-url`, or the environment's shadow URL.
    Shadow,
}

impl Role {
    fn connect_help(self) -> &'static str {
        match self {
            Role::Database => {
                "pass --database-url, select an environment of ogel.toml with --env, set DATABASE_URL, or the libpq variables PGHOST, PGPORT, PGUSER, PGDATABASE"
            }
            Role::Shadow => {
                "check --shadow-url: a server of the target's major version where this role may create databases"
            }
        }
    }
}

/// A connection string, or settings given one by one, and where the user wrote them: what
/// messages call them (`--database-url`, `url of [env.prod] in ./ogel.toml`).
#[derive(Clone, Debug)]
pub enum Given {
    Url { text: String, source: String },
    Settings { pairs: Vec<(&'static str, String)>, source: String },
}

impl Given {
    pub fn url(text: &str, source: &str) -> Given {
        Given::Url { text: text.to_owned(), source: source.to_owned() }
    }

    fn layer(&self) -> Result<settings::Layer, Error> {
        match self {
            Given::Url { text, source } => match conninfo::parse(text) {
                Ok(params) => Ok(settings::Layer { params, source: source.clone() }),
                Err(Invalid { reason, help }) => {
                    Err(Error::with_help(format!("the URL of {source} is not valid: {reason}"), help))
                }
            },
            Given::Settings { pairs, source } => {
                Ok(settings::Layer { params: Params::from_pairs(pairs), source: source.clone() })
            }
        }
    }
}

const TIMEOUT_HELP: &str = "check that the server runs and that host and port reach it from here (a firewall may drop \
     the packets); connect_timeout (or PGCONNECT_TIMEOUT) sets how many seconds to wait";
const TLS_HELP: &str = "sslrootcert must name the CA that signed the server's certificate, and host the name the \
     certificate was made for; sslmode=verify-ca does not check the name, require checks nothing but encrypts";

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// Why one attempt to connect to one host failed.
struct Failure {
    text: String,
    timeout: bool,
    /// The server answered, and refused.
    refused: bool,
    /// Nothing listens at the address (see [`absent::nothing_listens`]).
    nothing_listens: bool,
    /// A TLS handshake was made or tried.
    tls_tried: bool,
    tls_failed: bool,
}

impl Failure {
    /// This failure, then a retry's (`how`: what the retry changed).
    fn then(self, retry: Failure, how: &str) -> Failure {
        Failure { text: format!("{}; {how}: {}", self.text, retry.text), ..retry }
    }
}

impl Target {
    /// Resolves `--database-url` (or `DATABASE_URL`) and the libpq environment.
    pub fn resolve(url: Option<&str>) -> Result<Target, Error> {
        let given: Vec<Given> = url.map(|url| Given::url(url, "--database-url")).into_iter().collect();
        Self::resolve_given(&given)
    }

    /// Resolves what the user gave, in precedence order (`--database-url`, then an environment
    /// of ogel.toml), then `DATABASE_URL` when nothing given is a URL, then the libpq
    /// environment and defaults, setting by setting.
    pub fn resolve_given(given: &[Given]) -> Result<Target, Error> {
        Self::resolve_with(given, Role::Database, &environment)
    }

    /// Resolves the shadow server's URL, completed from the libpq environment like the target.
    pub fn resolve_shadow(given: &Given) -> Result<Target, Error> {
        Self::resolve_with(std::slice::from_ref(given), Role::Shadow, &environment)
    }

    fn resolve_with(given: &[Given], role: Role, env: &dyn Fn(&str) -> Option<String>) -> Result<Target, Error> {
        let mut layers = given.iter().map(Given::layer).collect::<Result<Vec<_>, _>>()?;
        let has_url = given.iter().any(|g| matches!(g, Given::Url { .. }));
        if role == Role::Database
            && !has_url
            && let Some(url) = env("DATABASE_URL")
        {
            layers.push(Given::url(&url, "DATABASE_URL").layer()?);
        }
        let settings = settings::resolve(layers, env)?;
        let tls = match settings.ssl.mode {
            SslMode::Disable => None,
            _ => Some(Arc::new(tls::client_config(
                settings.ssl.verify,
                &settings.ssl.roots,
                settings.ssl.identity.as_ref(),
            )?)),
        };
        Ok(Target { settings, tls, role })
    }

    /// `user@host:port/database` of the first host, never with the password.
    pub fn display(&self) -> String {
        match self.settings.endpoints.first() {
            Some(endpoint) => self.display_endpoint(endpoint),
            None => format!("{}@/{}", self.settings.user, self.settings.dbname),
        }
    }

    fn display_endpoint(&self, endpoint: &Endpoint) -> String {
        format!("{}@{}/{}", self.settings.user, host_port(endpoint), self.settings.dbname)
    }

    pub fn dbname(&self) -> &str {
        &self.settings.dbname
    }

    /// The same server, another database.
    pub fn with_dbname(&self, dbname: &str) -> Target {
        let mut target = self.clone();
        target.settings.dbname = dbname.to_owned();
        target
    }

    /// Connects to the first host that accepts, each within `connect_timeout`.
    pub async fn connect(&self) -> Result<Db, Error> {
        let mut failures = Vec::new();
        for endpoint in &self.settings.endpoints {
            match self.connect_endpoint(endpoint).await {
                Ok(db) => return Ok(db),
                Err(failure) => failures.push((endpoint, failure)),
            }
        }
        let message = match failures.as_slice() {
            [(endpoint, failure)] => format!("cannot connect to {}: {}", self.display_endpoint(endpoint), failure.text),
            _ => {
                let lines: Vec<String> = failures
                    .iter()
                    .map(|(endpoint, failure)| format!("\n  {}: {}", host_port(endpoint), failure.text))
                    .collect();
                format!(
                    "cannot connect to any of the {} hosts for user {}, database {}:{}",
                    failures.len(),
                    self.settings.user,
                    self.settings.dbname,
                    lines.concat()
                )
            }
        };
        let help = if failures.iter().any(|(_, f)| f.timeout) {
            TIMEOUT_HELP
        } else if failures.iter().any(|(_, f)| f.tls_failed) {
            TLS_HELP
        } else if failures.iter().all(|(endpoint, f)| f.nothing_listens && absent::local(endpoint)) {
            &format!("{};\n{}", self.role.connect_help(), absent::INSTALL)
        } else {
            self.role.connect_help()
        };
        Err(Error::with_help(message, help))
    }

    /// One host, with libpq's sslmode semantics (TLS is never used over a Unix socket).
    async fn connect_endpoint(&self, endpoint: &Endpoint) -> Result<Db, Failure> {
        let mode = match endpoint.host {
            Host::Unix(_) => SslMode::Disable,
            Host::Tcp(_) => self.settings.ssl.mode,
        };
        match mode {
            SslMode::Disable => self.attempt(endpoint, PgSslMode::Disable).await,
            // Plain first; TLS when the server refuses a plain connection.
            SslMode::Allow => match self.attempt(endpoint, PgSslMode::Disable).await {
                Err(plain) if plain.refused => {
                    self.attempt(endpoint, PgSslMode::Require).await.map_err(|tls| plain.then(tls, "with TLS"))
                }
                other => other,
            },
            // TLS when the server offers it; plain when the server refuses the TLS session.
            SslMode::Prefer => match self.attempt(endpoint, PgSslMode::Prefer).await {
                Err(tls) if tls.tls_tried && !tls.timeout => {
                    self.attempt(endpoint, PgSslMode::Disable).await.map_err(|plain| tls.then(plain, "without TLS"))
                }
                other => other,
            },
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                self.attempt(endpoint, PgSslMode::Require).await
            }
        }
    }

    /// One connection attempt, bounded as a whole by `connect_timeout`.
    async fn attempt(&self, endpoint: &Endpoint, ssl: PgSslMode) -> Result<Db, Failure> {
        let config = self.config(endpoint, ssl);
        let handshake = Arc::new(Handshake::default());
        let limit = self.settings.connect_timeout;
        let started = match (&self.tls, ssl) {
            // tokio-postgres asks for a connector (for a name) even when it will not use it.
            (None, _) | (_, PgSslMode::Disable) => tokio::time::timeout(limit, start(config, NoTls)).await,
            (Some(tls), _) => {
                tokio::time::timeout(limit, start(config, MakeRustls::new(tls.clone(), handshake.clone()))).await
            }
        };
        let tls_tried = handshake.done() || handshake.failed();
        match started {
            Ok(Ok(client)) => Ok(Db {
                client,
                statements: AtomicUsize::new(0),
                target: self.display_endpoint(endpoint),
                tls: handshake.done(),
                deadline_ms: AtomicU64::new(0),
            }),
            Ok(Err(e)) => Err(Failure {
                text: error_text(&e),
                timeout: false,
                refused: e.as_db_error().is_some(),
                nothing_listens: absent::nothing_listens(&e),
                tls_tried,
                tls_failed: handshake.failed(),
            }),
            Err(_) => Err(Failure {
                text: format!("no answer within {} s (connect_timeout)", limit.as_secs()),
                timeout: true,
                refused: false,
                nothing_listens: false,
                tls_tried,
                tls_failed: false,
            }),
        }
    }

    /// tokio-postgres's configuration for one host.
    fn config(&self, endpoint: &Endpoint, ssl: PgSslMode) -> Config {
        let s = &self.settings;
        let mut config = Config::new();
        match &endpoint.host {
            Host::Tcp(host) => config.host(host),
            Host::Unix(path) => config.host_path(path),
        };
        if let Some(address) = endpoint.hostaddr {
            config.hostaddr(address);
        }
        config
            .port(endpoint.port)
            .user(&s.user)
            .dbname(&s.dbname)
            .application_name(&s.application_name)
            .connect_timeout(s.connect_timeout)
            .ssl_mode(ssl)
            .channel_binding(s.channel_binding)
            .target_session_attrs(s.target_session_attrs);
        if let Some(password) = s.password.clone().or_else(|| settings::pgpass(s, endpoint)) {
            config.password(password);
        }
        if let Some(options) = &s.options {
            config.options(options);
        }
        match s.keepalives {
            Some(k) => config
                .keepalives(true)
                .keepalives_idle(k.idle)
                .keepalives_interval(k.interval)
                .keepalives_retries(k.count),
            None => config.keepalives(false),
        };
        config
    }
}

/// `host:port`, the socket directory as the host of a Unix socket.
fn host_port(endpoint: &Endpoint) -> String {
    match &endpoint.host {
        Host::Tcp(host) => format!("{host}:{}", endpoint.port),
        Host::Unix(path) => format!("{}:{}", path.display(), endpoint.port),
    }
}

/// Connects, and leaves the connection to a task of its own.
async fn start<T>(config: Config, tls: T) -> Result<Client, tokio_postgres::Error>
where
    T: MakeTlsConnect<Socket>,
    T::Stream: Send + 'static,
{
    let (client, connection) = config.connect(tls).await?;
    tokio::spawn(async move {
        // The connection ends when the client is dropped; its error, if any, reaches the
        // client's next call.
        let _ = connection.await;
    });
    Ok(client)
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
        None if e.to_string() == tokio_postgres::Error::__private_api_timeout().to_string() => {
            "the server did not answer in time (bounded by --statement-timeout, plus 10 s): it may be overloaded, frozen or unreachable".to_owned()
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
    tls: bool,
    /// How long one request may wait for the server's answer, in milliseconds (0: no bound).
    deadline_ms: AtomicU64,
}

impl Db {
    /// `user@host:port/database` of the host connected to.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Whether this connection is encrypted (TLS).
    pub fn tls(&self) -> bool {
        self.tls
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

    /// Bounds how long each request waits for the server's answer (`None`: no bound), so that a
    /// server that stops answering (a frozen backend still answers TCP keepalives) fails the
    /// command instead of hanging it.
    pub fn set_deadline(&self, deadline: Option<Duration>) {
        let ms = deadline.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1));
        self.deadline_ms.store(ms, Ordering::Relaxed);
    }

    /// A request, within the deadline.
    async fn bounded<T>(
        &self,
        request: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, tokio_postgres::Error> {
        self.count();
        match self.deadline_ms.load(Ordering::Relaxed) {
            0 => request.await,
            // tokio-postgres has no public constructor for an error of ours; this is the one it
            // uses for its own timeouts ("timeout waiting for server").
            ms => tokio::time::timeout(Duration::from_millis(ms), request)
                .await
                .unwrap_or_else(|_| Err(tokio_postgres::Error::__private_api_timeout())),
        }
    }

    pub async fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, tokio_postgres::Error> {
        self.bounded(self.client.query(sql, params)).await
    }

    pub async fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, tokio_postgres::Error> {
        self.bounded(self.client.query_one(sql, params)).await
    }

    pub async fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, tokio_postgres::Error> {
        self.bounded(self.client.execute(sql, params)).await
    }

    /// Runs SQL text that may hold several statements, without parameters, through the simple
    /// protocol. Only for ogel's own fixed text (`BEGIN`, `COMMIT`) and a transition's `sql`,
    /// the one place where a declaration may write several statements: anything else that holds
    /// declared text goes through [`Db::run`].
    pub async fn batch(&self, sql: &str) -> Result<(), tokio_postgres::Error> {
        self.bounded(self.client.batch_execute(sql)).await
    }

    /// Runs one statement through the extended protocol, which the server parses on its own and
    /// refuses when it holds a second command. `params` are bound as text (`$1`, ...; `None`
    /// is NULL).
    pub async fn run(&self, sql: &str, params: &[Option<String>]) -> Result<u64, tokio_postgres::Error> {
        let typed: Vec<(&(dyn ToSql + Sync), tokio_postgres::types::Type)> =
            params.iter().map(|p| (p as &(dyn ToSql + Sync), tokio_postgres::types::Type::TEXT)).collect();
        self.bounded(self.client.query_typed(sql, &typed)).await.map(|rows| rows.len() as u64)
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
mod tests;
