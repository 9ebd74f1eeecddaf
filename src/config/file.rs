//! Reading `ogel.toml`: the TOML parsed into the raw tables, and each value checked where the
//! file says it, every problem located (or, in a file that holds a password, positioned).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;

use super::{ENVIRONMENT_KEYS, Environment, FILE_NAME, File, Placed, RawEnvironment, RawFile, SSL_MODES, Url};
use crate::error::Error;
use crate::spec::Loc;
use crate::spec::diagnostic::{Origin, Problem, Problems, Sources};

/// Larger than any project file; a bigger one is not one.
const MAX_BYTES: u64 = 1 << 20;

/// Reads and parses the file; every problem is located.
pub(super) fn read(path: &Path) -> Result<File, Error> {
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
    pub(super) fn origin<T>(&self, spanned: &Spanned<T>) -> Origin {
        let span = spanned.span();
        Origin { file: self.id, loc: Loc { offset: span.start, len: span.len() } }
    }

    pub(super) fn problems(&self, problems: Vec<Problem>) -> Error {
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

    pub(super) fn unknown_environment(&self, name: &str) -> Error {
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
    pub(super) fn environment(
        &self,
        name: &str,
        entry: &Spanned<RawEnvironment>,
        dir: &Path,
    ) -> Result<Environment, Error> {
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
        match &raw.connect_timeout {
            Some(seconds) if *seconds.get_ref() >= 1 => {
                connection.push(("connect_timeout", seconds.get_ref().to_string()))
            }
            Some(seconds) => problems.push(
                Problem::at(self.origin(seconds), "connect_timeout must be at least 1 (second)", "here")
                    .help("libpq reads 0 as \"wait for ever\"; write e.g. connect_timeout = 10"),
            ),
            None => {}
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
