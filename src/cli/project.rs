//! What a command runs against: its flags over the selected environment of `ogel.toml`.
//!
//! Precedence, setting by setting: a flag, then the environment's entry, then `DATABASE_URL`,
//! then the libpq variables, then libpq's defaults (the last three in `db`). `ogel.toml` comes
//! with the pull request, so under `--untrusted` its connection settings (url, shadow url,
//! sslmode, sslrootcert, service, connect_timeout) are not used, and the declaration it names must lie inside
//! its own directory; its `untrusted = true` turns untrusted mode on, and nothing turns it off.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::{DeclarationArgs, LimitArgs};
use crate::config::{Environment, Placed, Project, Url};
use crate::db::{Db, Given, Target};
use crate::error::Error;
use crate::reconcile::{Options, Purpose};
use crate::session::{Limits, Trust};
use crate::spec::load::Paths;

const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

/// The declaration's files: `--schema`/`--seeds`, else the project file's, else `schema.yaml`
/// (beside the project file when there is one).
pub fn paths(args: &DeclarationArgs, project: &Project, untrusted: bool) -> Result<Paths, Error> {
    let from_file = |placed: &Option<Placed<PathBuf>>| -> Result<Option<PathBuf>, Error> {
        let Some(placed) = placed else { return Ok(None) };
        if untrusted && !inside(project.dir().unwrap_or(Path::new("")), &placed.value) {
            return Err(project.problem(
                placed.at,
                "under --untrusted, the declaration ogel.toml names must lie inside the project's directory".to_owned(),
                "write a relative path without `..`, or give the path with --schema/--seeds".to_owned(),
            ));
        }
        Ok(Some(placed.value.clone()))
    };
    let schema = match &args.schema {
        Some(schema) => schema.clone(),
        None => match from_file(&project.schema)? {
            Some(schema) => schema,
            None => project.dir().unwrap_or(Path::new("")).join("schema.yaml"),
        },
    };
    let seeds = match &args.seeds {
        Some(seeds) => Some(seeds.clone()),
        None => from_file(&project.seeds)?,
    };
    Ok(Paths { schema, seeds })
}

/// `path` (the project's directory joined with what the file says) stays inside `dir`.
fn inside(dir: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(dir) else { return false };
    rest.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// What the command line says of the connection.
#[derive(Clone, Copy)]
pub struct Flags<'a> {
    pub database_url: Option<&'a str>,
    pub shadow_url: Option<&'a str>,
    pub limits: &'a LimitArgs,
    pub lock_wait: Option<Duration>,
}

/// Where a command connects, how long it waits, and how far it trusts the declaration.
pub struct Setup {
    given: Vec<Given>,
    shadow: Option<Given>,
    pub limits: Limits,
    pub lock_wait: Duration,
    /// `--untrusted`, or `untrusted = true` in the environment.
    pub untrusted: bool,
}

impl Setup {
    /// Resolves the flags over the project's selected environment. `untrusted` is
    /// `--untrusted`.
    pub fn new(
        database_url: Option<&str>,
        shadow_url: Option<&str>,
        limits: &LimitArgs,
        lock_wait: Option<Duration>,
        project: &Project,
        untrusted: bool,
    ) -> Result<Setup, Error> {
        let flags = Flags { database_url, shadow_url, limits, lock_wait };
        Setup::with_environment(&flags, project, project.env.as_ref(), untrusted)
    }

    /// Resolves the flags over one environment of the project, or none.
    pub fn with_environment(
        flags: &Flags<'_>,
        project: &Project,
        env: Option<&Environment>,
        untrusted: bool,
    ) -> Result<Setup, Error> {
        let Flags { database_url, shadow_url, limits, lock_wait } = *flags;
        let mut given: Vec<Given> = database_url.map(|url| Given::url(url, "--database-url")).into_iter().collect();
        let mut shadow = shadow_url.map(|url| Given::url(url, "--shadow-url"));
        let label = env.map(|e| project.label(e)).unwrap_or_default();
        if let Some(env) = env {
            if untrusted {
                ignored_under_untrusted(env, &label);
            } else {
                if !env.connection.is_empty() {
                    given.push(Given::Settings { pairs: env.connection.clone(), source: label.clone() });
                }
                if database_url.is_none()
                    && let Some(url) = &env.url
                {
                    given.push(resolve_url(url, "url", &label, project)?);
                }
                if shadow.is_none()
                    && let Some(url) = &env.shadow_url
                {
                    shadow = Some(resolve_url(url, "shadow_url", &label, project)?);
                }
            }
        }
        let limits = Limits {
            lock_timeout: limits.lock_timeout.or(env.and_then(|e| e.lock_timeout)).unwrap_or(DEFAULT_LOCK_TIMEOUT),
            statement_timeout: limits
                .statement_timeout
                .or(env.and_then(|e| e.statement_timeout))
                .unwrap_or(DEFAULT_STATEMENT_TIMEOUT),
        };
        Ok(Setup {
            given,
            shadow,
            limits,
            lock_wait: lock_wait.or(env.and_then(|e| e.lock_wait)).unwrap_or(DEFAULT_LOCK_WAIT),
            untrusted: untrusted || env.is_some_and(|e| e.untrusted),
        })
    }

    /// Connects to the target and starts the session as every ogel session starts.
    pub async fn connect(&self) -> Result<(Target, Db), Error> {
        let target = Target::resolve_given(&self.given)?;
        let db = target.connect().await?;
        crate::session::start(&db, &self.limits).await?;
        Ok((target, db))
    }

    /// How to reconcile against the target; `untrusted` says how an untrusted plan is trusted
    /// (`Untrusted` to plan, `ApplyUntrusted` to apply).
    pub fn reconcile_options(&self, purpose: Purpose, untrusted: Trust) -> Options<'_> {
        Options {
            shadow_url: self.shadow.as_ref(),
            purpose,
            limits: self.limits,
            trust: if self.untrusted { untrusted } else { Trust::Trusted },
        }
    }
}

/// A URL of the environment: written in the file, or read from the variable it names.
fn resolve_url(url: &Url, key: &str, label: &str, project: &Project) -> Result<Given, Error> {
    match url {
        Url::Literal(text) => Ok(Given::url(&text.value, label)),
        Url::Variable(name) => match std::env::var(&name.value).ok().filter(|v| !v.is_empty()) {
            Some(text) => Ok(Given::url(&text, &format!("{} (named by {key}_env of {label})", name.value))),
            None => Err(project.problem(
                name.at,
                format!("{key}_env of {label} names {}, which is not set", name.value),
                format!(
                    "export {} with the URL, or pass {}",
                    name.value,
                    if key == "url" { "--database-url (ogel diff: the URL as the side)" } else { "--shadow-url" }
                ),
            )),
        },
    }
}

/// Says which of the environment's settings `--untrusted` leaves out, so that no one wonders
/// why the file's URL was not used.
fn ignored_under_untrusted(env: &Environment, label: &str) {
    let mut keys: Vec<&str> = Vec::new();
    if env.url.is_some() {
        keys.push("url");
    }
    if env.shadow_url.is_some() {
        keys.push("shadow_url");
    }
    keys.extend(env.connection.iter().map(|(k, _)| *k));
    if !keys.is_empty() {
        super::report(&format!(
            "note: --untrusted: ogel.toml comes with the change under review, so {label} does not choose the connection ({} not used); the target comes from --database-url, DATABASE_URL and the libpq variables\n",
            keys.join(", ")
        ));
    }
}
