//! What a target resolves to, setting by setting, in libpq's order: the connection string,
//! then the service it names (`service=`, else `PGSERVICE`), then the environment variable,
//! then the default.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio_postgres::config::{ChannelBinding, Host, TargetSessionAttrs};

use super::conninfo::{self, Invalid, Params, SETTINGS};
use super::tls::{Identity, Roots, Verify};
use crate::error::Error;

pub(super) const DEFAULT_PORT: u16 = 5432;
const SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/tmp"];
const DEFAULT_CONNECT_TIMEOUT: u64 = 10;

/// A libpq variable; an empty one counts as unset, as in libpq.
pub(super) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Everything needed to connect, resolved. Its Debug form hides the password.
#[derive(Clone)]
pub(super) struct Settings {
    /// Tried in order until one accepts.
    pub endpoints: Vec<Endpoint>,
    pub user: String,
    pub password: Option<String>,
    pub passfile: Option<PathBuf>,
    pub dbname: String,
    pub application_name: String,
    pub options: Option<String>,
    /// Bounds each host's whole connection: TCP, TLS, start-up and authentication.
    pub connect_timeout: Duration,
    pub keepalives: Option<Keepalives>,
    pub channel_binding: ChannelBinding,
    pub target_session_attrs: TargetSessionAttrs,
    pub ssl: Ssl,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("endpoints", &self.endpoints)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("dbname", &self.dbname)
            .field("ssl", &self.ssl)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Endpoint {
    pub host: Host,
    /// The address to connect to instead of resolving `host`, which still names the server
    /// for TLS.
    pub hostaddr: Option<IpAddr>,
    pub port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Keepalives {
    pub idle: Duration,
    pub interval: Duration,
    pub count: u32,
}

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

const SSL_MODES: &[(&str, SslMode)] = &[
    ("disable", SslMode::Disable),
    ("allow", SslMode::Allow),
    ("prefer", SslMode::Prefer),
    ("require", SslMode::Require),
    ("verify-ca", SslMode::VerifyCa),
    ("verify-full", SslMode::VerifyFull),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Ssl {
    pub mode: SslMode,
    pub verify: Verify,
    pub roots: Roots,
    pub identity: Option<Identity>,
}

/// A setting's value and where it came from, named as a user would look for it.
struct Found {
    value: String,
    setting: String,
}

/// Settings a user wrote in one place (a connection string, an environment of ogel.toml),
/// and how messages name that place.
pub(super) struct Layer {
    pub params: Params,
    pub source: String,
}

/// The sources of settings, in precedence order.
struct Sources<'a> {
    layers: Vec<Layer>,
    service: Option<(String, PathBuf, Params)>,
    env: Env<'a>,
}

impl Sources<'_> {
    fn get(&self, keyword: &'static str) -> Option<Found> {
        for layer in &self.layers {
            if let Some(value) = layer.params.get(keyword) {
                return Some(Found { value: value.to_owned(), setting: format!("{keyword} of {}", layer.source) });
            }
        }
        if let Some((name, file, params)) = &self.service
            && let Some(value) = params.get(keyword)
        {
            let setting = format!("{keyword} of service {name:?} in {}", file.display());
            return Some(Found { value: value.to_owned(), setting });
        }
        let var = SETTINGS.iter().find(|(k, _)| *k == keyword).and_then(|(_, var)| *var)?;
        (self.env)(var).map(|value| Found { value, setting: var.to_owned() })
    }

    fn choice<T: Copy>(&self, keyword: &'static str, choices: &[(&str, T)], default: T) -> Result<T, Error> {
        let Some(found) = self.get(keyword) else { return Ok(default) };
        match choices.iter().find(|(name, _)| *name == found.value) {
            Some((_, value)) => Ok(*value),
            None => {
                let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
                Err(Error::with_help(
                    format!("{} is {:?}, which is not a valid {keyword}", found.setting, found.value),
                    format!("{keyword} is one of: {}", names.join(", ")),
                ))
            }
        }
    }

    /// Whole seconds; `positive` refuses 0.
    fn seconds(&self, keyword: &'static str, default: u64, positive: bool) -> Result<Duration, Error> {
        let Some(found) = self.get(keyword) else { return Ok(Duration::from_secs(default)) };
        match found.value.trim().parse::<i64>() {
            Ok(n) if n > 0 || (n == 0 && !positive) => Ok(Duration::from_secs(n.unsigned_abs())),
            _ => Err(Error::with_help(
                format!(
                    "{} is {:?}, not a {}number of seconds",
                    found.setting,
                    found.value,
                    if positive { "positive " } else { "" }
                ),
                format!("set {keyword} to a whole number of seconds, such as {default}"),
            )),
        }
    }
}

/// Resolves the settings a user wrote (the first layer that sets a keyword wins) with the
/// service file, the environment and the defaults.
pub(super) fn resolve(layers: Vec<Layer>, env: Env<'_>) -> Result<Settings, Error> {
    let mut sources = Sources { layers, service: None, env };
    sources.service = service(&sources)?;
    let user = sources.get("user").map_or_else(login_name, |f| f.value);
    let home = env("HOME");
    Ok(Settings {
        endpoints: endpoints(&sources)?,
        dbname: sources.get("dbname").map_or_else(|| user.clone(), |f| f.value),
        user,
        password: sources.get("password").map(|f| f.value),
        passfile: sources.get("passfile").map(|f| PathBuf::from(f.value)).or_else(|| home_file(&home, ".pgpass")),
        application_name: sources.get("application_name").map_or_else(|| "ogel".to_owned(), |f| f.value),
        options: sources.get("options").map(|f| f.value),
        connect_timeout: sources.seconds("connect_timeout", DEFAULT_CONNECT_TIMEOUT, true)?,
        keepalives: keepalives(&sources)?,
        channel_binding: sources.choice(
            "channel_binding",
            &[
                ("disable", ChannelBinding::Disable),
                ("prefer", ChannelBinding::Prefer),
                ("require", ChannelBinding::Require),
            ],
            ChannelBinding::Prefer,
        )?,
        target_session_attrs: sources.choice(
            "target_session_attrs",
            &[
                ("any", TargetSessionAttrs::Any),
                ("read-write", TargetSessionAttrs::ReadWrite),
                ("read-only", TargetSessionAttrs::ReadOnly),
            ],
            TargetSessionAttrs::Any,
        )?,
        ssl: ssl(&sources, &home)?,
    })
}

fn home_file(home: &Option<String>, relative: &str) -> Option<PathBuf> {
    home.as_ref().map(|h| Path::new(h).join(relative))
}

/// The service's settings: from `PGSERVICEFILE` (else `~/.pg_service.conf`), else from
/// `$PGSYSCONFDIR/pg_service.conf`, as libpq looks for them.
fn service(sources: &Sources<'_>) -> Result<Option<(String, PathBuf, Params)>, Error> {
    let Some(found) = sources.get("service") else { return Ok(None) };
    let env = sources.env;
    let user_file = env("PGSERVICEFILE").map(PathBuf::from).or_else(|| home_file(&env("HOME"), ".pg_service.conf"));
    let system_file = env("PGSYSCONFDIR").map(|dir| Path::new(&dir).join("pg_service.conf"));
    let files: Vec<PathBuf> = user_file.into_iter().chain(system_file).collect();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        let section = conninfo::service_section(&text, &found.value, file)
            .map_err(|Invalid { reason, help }| Error::with_help(reason, help))?;
        if let Some(params) = section {
            return Ok(Some((found.value, file.clone(), params)));
        }
    }
    let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(Error::with_help(
        format!("service {:?} ({}) is not defined in {}", found.value, found.setting, looked.join(" or ")),
        "define it as [name] in ~/.pg_service.conf (or the file PGSERVICEFILE names), or fix the service name",
    ))
}

/// The hosts to try, each with its address and port (one port for all, or one per host).
fn endpoints(sources: &Sources<'_>) -> Result<Vec<Endpoint>, Error> {
    let list = |keyword| sources.get(keyword).map(|f| (f.value.split(',').map(|s| s.trim().to_owned()).collect(), f));
    let hosts: Option<(Vec<String>, Found)> = list("host");
    let addrs: Option<(Vec<String>, Found)> = list("hostaddr");
    let addrs: Vec<Option<IpAddr>> = match &addrs {
        None => Vec::new(),
        Some((entries, found)) => entries
            .iter()
            .map(|a| match a.as_str() {
                "" => Ok(None),
                a => a.parse().map(Some).map_err(|_| {
                    Error::with_help(
                        format!("{} is not a list of IP addresses: {:?}", found.setting, found.value),
                        "hostaddr takes numeric addresses (the name for TLS goes in host)",
                    )
                }),
            })
            .collect::<Result<_, _>>()?,
    };
    let names = hosts.as_ref().map(|(h, _)| h.clone()).unwrap_or_default();
    if let (Some((_, found)), false) = (&hosts, addrs.is_empty() || addrs.len() == names.len()) {
        return Err(Error::with_help(
            format!("{} names {} hosts, but hostaddr {} addresses", found.setting, names.len(), addrs.len()),
            "give one hostaddr per host, or none",
        ));
    }
    let count = names.len().max(addrs.len()).max(1);
    let ports = ports(sources, count)?;
    Ok((0..count)
        .map(|i| {
            let hostaddr = addrs.get(i).copied().flatten();
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(DEFAULT_PORT);
            let host = match (names.get(i).map(String::as_str).unwrap_or(""), hostaddr) {
                ("", Some(addr)) => Host::Tcp(addr.to_string()),
                ("", None) => default_host(port),
                (dir, _) if dir.starts_with('/') => Host::Unix(PathBuf::from(dir)),
                (name, _) => Host::Tcp(name.to_owned()),
            };
            Endpoint { host, hostaddr, port }
        })
        .collect())
}

fn ports(sources: &Sources<'_>, hosts: usize) -> Result<Vec<u16>, Error> {
    let Some(found) = sources.get("port") else { return Ok(vec![DEFAULT_PORT]) };
    let ports = found
        .value
        .split(',')
        .map(|p| match p.trim() {
            "" => Ok(DEFAULT_PORT),
            p => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(()),
        })
        .collect::<Result<Vec<u16>, ()>>()
        .map_err(|()| {
            Error::with_help(
                format!("{} is not a port number: {}", found.setting, found.value),
                "unset it, or set a port from 1 to 65535 (one, or one per host)",
            )
        })?;
    if ports.len() != 1 && ports.len() != hosts {
        return Err(Error::with_help(
            format!("{} lists {} ports for {hosts} hosts", found.setting, ports.len()),
            "give one port for all hosts, or one per host",
        ));
    }
    Ok(ports)
}

/// libpq's default: the local socket when a server listens there, else localhost.
fn default_host(port: u16) -> Host {
    match SOCKET_DIRS.iter().find(|dir| Path::new(dir).join(format!(".s.PGSQL.{port}")).exists()) {
        Some(dir) => Host::Unix(PathBuf::from(dir)),
        None => Host::Tcp("localhost".to_owned()),
    }
}

/// On unless `keepalives=0`: a server that vanishes mid-command is noticed within about a
/// minute (30 s idle, then 3 probes 10 s apart) instead of the system's two hours.
fn keepalives(sources: &Sources<'_>) -> Result<Option<Keepalives>, Error> {
    if !sources.choice("keepalives", &[("0", false), ("1", true)], true)? {
        return Ok(None);
    }
    let count = match sources.get("keepalives_count") {
        None => 3,
        Some(found) => found.value.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
            Error::with_help(
                format!("{} is {:?}, not a positive number", found.setting, found.value),
                "keepalives_count is how many unanswered probes end the connection, such as 3",
            )
        })?,
    };
    Ok(Some(Keepalives {
        idle: sources.seconds("keepalives_idle", 30, true)?,
        interval: sources.seconds("keepalives_interval", 10, true)?,
        count,
    }))
}

/// sslmode and what the server's certificate must prove, as libpq 16 decides it.
fn ssl(sources: &Sources<'_>, home: &Option<String>) -> Result<Ssl, Error> {
    let rootcert = sources.get("sslrootcert");
    let system = rootcert.as_ref().is_some_and(|f| f.value == "system");
    let explicit = sources.get("sslmode").is_some();
    // sslrootcert=system means verify-full unless a mode is given, and refuses a weaker one.
    let mode = sources.choice("sslmode", SSL_MODES, if system { SslMode::VerifyFull } else { SslMode::Prefer })?;
    if system && explicit && mode != SslMode::VerifyFull {
        let name = SSL_MODES.iter().find(|(_, m)| *m == mode).map_or("", |(name, _)| name);
        return Err(Error::with_help(
            format!("sslmode {name:?} is weaker than sslrootcert=system allows"),
            "use sslmode=verify-full with sslrootcert=system (as libpq 16), or name a CA file in sslrootcert",
        ));
    }
    let roots = match rootcert {
        Some(_) if system => Roots::System,
        Some(found) => Roots::File(PathBuf::from(found.value), found.setting),
        None => match home_file(home, ".postgresql/root.crt") {
            Some(path) => Roots::File(path, "the default of sslrootcert".to_owned()),
            None => Roots::File(PathBuf::from("~/.postgresql/root.crt"), "the default of sslrootcert".to_owned()),
        },
    };
    let root_file_exists = match &roots {
        Roots::File(path, _) => path.is_file(),
        Roots::System => true,
    };
    let verify = match mode {
        SslMode::VerifyFull => Verify::ChainAndName,
        SslMode::VerifyCa => Verify::Chain,
        // libpq: with a root certificate at hand, require verifies the chain as verify-ca does.
        SslMode::Require if root_file_exists => Verify::Chain,
        _ => Verify::Nothing,
    };
    if let (Roots::File(path, setting), false, true) = (&roots, root_file_exists, verify != Verify::Nothing) {
        return Err(Error::with_help(
            format!("root certificate file {} ({setting}) does not exist", path.display()),
            "sslmode verify-ca and verify-full need the CA that signed the server's certificate: name it in \
             sslrootcert, use sslrootcert=system for the system's roots, or sslmode=require to encrypt without verifying",
        ));
    }
    Ok(Ssl { mode, verify, roots, identity: identity(sources, home)? })
}

/// The client certificate: sslcert and sslkey, else `~/.postgresql/postgresql.crt` and `.key`
/// when both exist.
fn identity(sources: &Sources<'_>, home: &Option<String>) -> Result<Option<Identity>, Error> {
    let cert = sources.get("sslcert");
    let key = sources.get("sslkey");
    if cert.is_none() && key.is_none() {
        let cert = home_file(home, ".postgresql/postgresql.crt");
        let key = home_file(home, ".postgresql/postgresql.key");
        return Ok(match (cert, key) {
            (Some(cert), Some(key)) if cert.is_file() && key.is_file() => Some(Identity { cert, key }),
            _ => None,
        });
    }
    let path = |found: Option<Found>, keyword: &str, default: &str| -> Result<PathBuf, Error> {
        let (path, setting) = match found {
            Some(f) => (PathBuf::from(f.value), f.setting),
            None => (
                home_file(home, default).unwrap_or_else(|| PathBuf::from(default)),
                format!("the default of {keyword}"),
            ),
        };
        if path.is_file() {
            return Ok(path);
        }
        Err(Error::with_help(
            format!("the client certificate file {} ({setting}) does not exist", path.display()),
            "sslcert and sslkey name a client certificate and its private key (PEM files)",
        ))
    };
    Ok(Some(Identity {
        cert: path(cert, "sslcert", ".postgresql/postgresql.crt")?,
        key: path(key, "sslkey", ".postgresql/postgresql.key")?,
    }))
}

/// The operating-system user name, libpq's default user: like libpq, the name of the effective
/// user id (not `$USER`, which a `sudo` or `su` may leave pointing at someone else).
fn login_name() -> String {
    whoami::username().unwrap_or_else(|_| "postgres".to_owned())
}

/// The password for an endpoint from the passfile (`PGPASSFILE`, else `~/.pgpass`), as libpq
/// reads it.
pub(super) fn pgpass(settings: &Settings, endpoint: &Endpoint) -> Option<String> {
    let text = std::fs::read_to_string(settings.passfile.as_ref()?).ok()?;
    let host = match &endpoint.host {
        Host::Tcp(h) => h.clone(),
        // libpq matches socket connections against "localhost".
        Host::Unix(_) => "localhost".to_owned(),
    };
    let port = endpoint.port.to_string();
    let wanted = [host.as_str(), port.as_str(), settings.dbname.as_str(), settings.user.as_str()];
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
            '\\' => fields.last_mut().into_iter().for_each(|f| f.extend(chars.next())),
            ':' => fields.push(String::new()),
            c => fields.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        assert_eq!(pgpass_fields(r"h:5432:*:u:pa\:ss\\"), ["h", "5432", "*", "u", r"pa:ss\"]);
    }
}
