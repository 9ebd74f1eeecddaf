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
use crate::spec::diagnostic::{FileId, Origin, Problem, Sources};

mod file;

pub const FILE_NAME: &str = "ogel.toml";

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
    connect_timeout: Option<Spanned<i64>>,
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
    "connect_timeout",
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
    /// libpq settings (sslmode, sslrootcert, service, connect_timeout) for the target.
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
        let file = file::read(&path)?;
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

#[cfg(test)]
mod tests;
