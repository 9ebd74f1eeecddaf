//! `ogel.toml`, the project file: where the declaration is, and named environments, each a
//! target with its connection and apply settings.
//!
//! The file arrives in pull requests like the declaration, so it is untrusted input: an
//! unknown key is an error at its line, it can turn untrusted mode on but never off, it holds no
//! approval of a destructive change, and under `--untrusted` none of its connection settings is
//! used (the command line decides that: `cli::project`). It names variables (`url_env`) rather
//! than holding secrets; a file that holds a password anyway is never quoted in a message.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::spec::Loc;
use crate::spec::diagnostic::{FileId, Origin, Problem, Problems, Sources};

pub const FILE_NAME: &str = "ogel.toml";

/// Larger than any project file; a bigger one is not one.
const MAX_BYTES: u64 = 1 << 20;

const SSL_MODES: &[&str] = &["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

/// The project file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Option<Spanned<String>>,
    seeds: Option<Spanned<String>>,
    #[serde(default)]
    env: BTreeMap<String, Spanned<RawEnvironment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    url: Option<Spanned<String>>,
    url_env: Option<Spanned<String>>,
    shadow_url: Option<Spanned<String>>,
    shadow_url_env: Option<Spanned<String>>,
    sslmode: Option<Spanned<String>>,
    sslrootcert: Option<Spanned<String>>,
    service: Option<Spanned<String>>,
    lock_timeout: Option<Spanned<String>>,
    statement_timeout: Option<Spanned<String>>,
    lock_wait: Option<Spanned<String>>,
    untrusted: Option<bool>,
}

const ENVIRONMENT_KEYS: &[&str] = &[
    "url",
    "url_env",
    "shadow_url",
    "shadow_url_env",
    "sslmode",
    "sslrootcert",
    "service",
    "lock_timeout",
    "statement_timeout",
    "lock_wait",
    "untrusted",
];

/// The project: the file (when there is one) and the environment selected from it.
#[derive(Debug, Default)]
pub struct Project {
    file: Option<File>,
    pub schema: Option<Placed<PathBuf>>,
    pub seeds: Option<Placed<PathBuf>>,
    pub env: Option<Environment>,
}

/// The file read, for messages that point into it.
struct File {
    path: PathBuf,
    sources: Sources,
    id: FileId,
    /// It holds a password: messages give positions, never quote it.
    secret: bool,
    raw: RawFile,
}

impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path.display().to_string())
    }
}

/// A value and where the file says it.
#[derive(Clone, Debug)]
pub struct Placed<T> {
    pub value: T,
    pub at: Origin,
}

/// A URL written in the file, or the name of the variable that holds it.
#[derive(Clone, Debug)]
pub enum Url {
    Literal(Placed<String>),
    Variable(Placed<String>),
}

/// The selected `[env.NAME]`.
#[derive(Debug)]
pub struct Environment {
    pub name: String,
    pub url: Option<Url>,
    pub shadow_url: Option<Url>,
    /// libpq settings (sslmode, sslrootcert, service) for the target.
    pub connection: Vec<(&'static str, String)>,
    pub lock_timeout: Option<Duration>,
    pub statement_timeout: Option<Duration>,
    pub lock_wait: Option<Duration>,
    pub untrusted: bool,
}

impl Project {
    /// The project file given with `--config`, else `ogel.toml` in the working directory or
    /// the nearest directory above it (up to the repository's root), else none; with the
    /// environment `env` selected from it.
    pub fn load(config: Option<&Path>, env: Option<&str>) -> Result<Project, Error> {
        let path = match config {
            Some(path) => Some(path.to_owned()),
            None => discover(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))),
        };
        let Some(path) = path else {
            return match env {
                None => Ok(Project::default()),
                Some(name) => Err(Error::with_help(
                    format!("--env {name}: there is no {FILE_NAME} in the working directory or above it"),
                    format!("define [env.{name}] in {FILE_NAME} at the project's root, or name the file with --config"),
                )),
            };
        };
        let file = read(&path)?;
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        let place = |s: &Spanned<String>| Placed { value: dir.join(s.get_ref()), at: file.origin(s) };
        let mut project = Project {
            schema: file.raw.schema.as_ref().map(place),
            seeds: file.raw.seeds.as_ref().map(place),
            env: None,
            file: None,
        };
        project.file = Some(file);
        if let Some(name) = env {
            project.env = Some(project.environment(name)?);
        }
        Ok(project)
    }

    /// The environment `name` of the file (`--env NAME`, `env:NAME` of `ogel diff`).
    pub fn environment(&self, name: &str) -> Result<Environment, Error> {
        let Some(file) = &self.file else {
            return Err(Error::with_help(
                format!("environment {name}: there is no {FILE_NAME} in the working directory or above it"),
                format!("define [env.{name}] in {FILE_NAME} at the project's root, or name the file with --config"),
            ));
        };
        let Some(entry) = file.raw.env.get(name) else { return Err(file.unknown_environment(name)) };
        file.environment(name, entry, self.dir().unwrap_or(Path::new("")))
    }

    /// How messages name an environment: `[env.prod] in ./ogel.toml`.
    pub fn label(&self, env: &Environment) -> String {
        match &self.file {
            Some(file) => format!("[env.{}] in {}", env.name, file.path.display()),
            None => format!("[env.{}]", env.name),
        }
    }

    /// An error at a place in the file.
    pub fn problem(&self, at: Origin, message: String, help: String) -> Error {
        match &self.file {
            Some(file) => file.problems(vec![Problem::at(at, message, "here").help(help)]),
            None => Error::with_help(message, help),
        }
    }

    /// The file, when there is one.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// The directory paths in the file are relative to.
    pub fn dir(&self) -> Option<&Path> {
        self.path().map(|p| p.parent().unwrap_or(Path::new("")))
    }
}

/// `ogel.toml` in `dir` or the nearest directory above it, stopping at a repository's root
/// (a directory holding `.git`), so that a file outside the project is never picked up.
fn discover(dir: &Path) -> Option<PathBuf> {
    for dir in dir.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Reads and parses the file; every problem is located.
fn read(path: &Path) -> Result<File, Error> {
    let unreadable = |e: std::io::Error| {
        Error::with_help(
            format!("cannot read {}: {e}", path.display()),
            "check the path given with --config, or remove it to use no project file",
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_BYTES {
        return Err(Error::with_help(
            format!("{} is {size} bytes: a project file is a few lines", path.display()),
            "check the path given with --config",
        ));
    }
    let text = std::fs::read_to_string(path).map_err(unreadable)?;
    let secret = crate::db::hide_passwords(&text) != text;
    let mut sources = Sources::default();
    let id = sources.add(path, text);
    let text = sources.get(id).text.clone();
    let empty = RawFile { schema: None, seeds: None, env: BTreeMap::new() };
    let mut file = File { path: path.to_owned(), sources, id, secret, raw: empty };
    match toml::from_str::<RawFile>(&text) {
        Ok(raw) => {
            file.raw = raw;
            Ok(file)
        }
        Err(e) => Err(file.problems(vec![file.syntax_problem(&e)])),
    }
}

impl File {
    fn origin<T>(&self, spanned: &Spanned<T>) -> Origin {
        let span = spanned.span();
        Origin { file: self.id, loc: Loc { offset: span.start, len: span.len() } }
    }

    fn problems(&self, problems: Vec<Problem>) -> Error {
        let problems = if self.secret { problems.into_iter().map(|p| self.unquoted(p)).collect() } else { problems };
        Error::Declaration(Problems { sources: self.sources.clone(), problems })
    }

    /// The problem with its position instead of a snippet of the file.
    fn unquoted(&self, problem: Problem) -> Problem {
        let Some(at) = problem.at else { return problem };
        let message = format!("{}: {}", self.sources.position(at), problem.message);
        Problem { message, at: None, file: None, ..problem }
    }

    /// A TOML error, an unknown key with the known one it is closest to.
    fn syntax_problem(&self, e: &toml::de::Error) -> Problem {
        let span = e.span().unwrap_or(0..0);
        let at = Origin { file: self.id, loc: Loc { offset: span.start, len: span.len().max(1) } };
        let message = e.message().trim().to_owned();
        let help = format!("{FILE_NAME} is described in the README (\"Project file\")");
        let Some(key) = message.strip_prefix("unknown field `").and_then(|r| r.split('`').next()) else {
            return Problem::at(at, format!("{FILE_NAME} is not valid: {message}"), "here").help(help);
        };
        if key.starts_with("allow") {
            return Problem::at(at, format!("{FILE_NAME} cannot approve destructive changes (`{key}`)"), "here").help(
                "approve them where they are reviewed: `ogel apply --allow-drop KIND:NAME` or --allow-destructive",
            );
        }
        let known: &[&str] = if message.contains("`url`") { ENVIRONMENT_KEYS } else { &["schema", "seeds", "env"] };
        let close = crate::spec::validate::closest(key, known.iter().copied());
        let hint = close.map(|c| format!(": did you mean `{c}`?")).unwrap_or_default();
        Problem::at(at, format!("unknown key `{key}` in {FILE_NAME}{hint}"), "unknown")
            .help(format!("the keys allowed here are {}", known.join(", ")))
    }

    fn unknown_environment(&self, name: &str) -> Error {
        let raw = &self.raw;
        let names: Vec<&str> = raw.env.keys().map(String::as_str).collect();
        let prefixed: Vec<&str> = names.iter().copied().filter(|n| n.starts_with(name)).collect();
        let close = crate::spec::validate::closest(name, names.iter().copied())
            .or(if let [one] = prefixed.as_slice() { Some(*one) } else { None });
        let hint = close.map(|c| format!(": did you mean `{c}`?")).unwrap_or_default();
        let help = match names.as_slice() {
            [] => format!("define it as [env.{name}] in {}", self.path.display()),
            _ => format!("its environments are {}; or define [env.{name}]", names.join(", ")),
        };
        let message = format!("environment {name}: {} has no environment `{name}`{hint}", self.path.display());
        match raw.env.values().min_by_key(|e| e.span().start) {
            Some(first) => {
                self.problems(vec![Problem::at(self.origin(first), message, "environments begin here").help(help)])
            }
            None => Error::with_help(message, help),
        }
    }

    /// The environment as ogel uses it, each value checked where the file says it.
    fn environment(&self, name: &str, entry: &Spanned<RawEnvironment>, dir: &Path) -> Result<Environment, Error> {
        let raw = entry.get_ref();
        let mut problems = Vec::new();
        let url = self.url(&raw.url, &raw.url_env, "url", &mut problems);
        let shadow_url = self.url(&raw.shadow_url, &raw.shadow_url_env, "shadow_url", &mut problems);
        let mut connection = Vec::new();
        if let Some(mode) = &raw.sslmode {
            if SSL_MODES.contains(&mode.get_ref().as_str()) {
                connection.push(("sslmode", mode.get_ref().clone()));
            } else {
                problems.push(
                    Problem::at(
                        self.origin(mode),
                        format!("sslmode {:?} is not one libpq knows", mode.get_ref()),
                        "here",
                    )
                    .help(format!("sslmode is one of {}", SSL_MODES.join(", "))),
                );
            }
        }
        if let Some(root) = &raw.sslrootcert {
            // `system` (libpq 16) names the system's store, not a file.
            let value = match root.get_ref().as_str() {
                "system" => "system".to_owned(),
                path => dir.join(path).display().to_string(),
            };
            connection.push(("sslrootcert", value));
        }
        if let Some(service) = &raw.service {
            connection.push(("service", service.get_ref().clone()));
        }
        let environment = Environment {
            name: name.to_owned(),
            url,
            shadow_url,
            connection,
            lock_timeout: self.duration(&raw.lock_timeout, true, &mut problems),
            statement_timeout: self.duration(&raw.statement_timeout, true, &mut problems),
            lock_wait: self.duration(&raw.lock_wait, false, &mut problems),
            untrusted: raw.untrusted.unwrap_or(false),
        };
        if problems.is_empty() { Ok(environment) } else { Err(self.problems(problems)) }
    }

    /// `url` or `url_env` (not both).
    fn url(
        &self,
        literal: &Option<Spanned<String>>,
        variable: &Option<Spanned<String>>,
        key: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<Url> {
        let placed = |s: &Spanned<String>| Placed { value: s.get_ref().clone(), at: self.origin(s) };
        match (literal, variable) {
            (Some(_), Some(v)) => {
                problems.push(
                    Problem::at(self.origin(v), format!("{key} and {key}_env are both set"), "second URL").help(
                        format!(
                            "keep one: {key}_env names a variable that holds the URL, so no secret sits in the file"
                        ),
                    ),
                );
                None
            }
            (Some(l), None) => Some(Url::Literal(placed(l))),
            (None, Some(v)) if is_variable_name(v.get_ref()) => Some(Url::Variable(placed(v))),
            (None, Some(v)) => {
                problems.push(
                    Problem::at(
                        self.origin(v),
                        format!("{key}_env must be the name of an environment variable"),
                        "here",
                    )
                    .help("write the variable's name, such as PROD_DATABASE_URL (letters, digits and _)"),
                );
                None
            }
            (None, None) => None,
        }
    }

    fn duration(
        &self,
        value: &Option<Spanned<String>>,
        positive: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<Duration> {
        let value = value.as_ref()?;
        match humantime::parse_duration(value.get_ref()) {
            Ok(d) if !positive || d >= Duration::from_millis(1) => Some(d),
            Ok(_) => {
                problems.push(
                    Problem::at(self.origin(value), "this timeout must be at least 1ms", "here")
                        .help("PostgreSQL reads 0 as \"wait for ever\""),
                );
                None
            }
            Err(e) => {
                problems.push(
                    Problem::at(self.origin(value), format!("not a duration: {e}"), "here")
                        .help("write e.g. \"5s\", \"500ms\", \"2m\""),
                );
                None
            }
        }
    }
}

fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
