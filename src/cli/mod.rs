//! The command line: one file per command, shared flag groups flattened into each.

mod apply;
mod completions;
mod diff;
mod drift;
mod history;
mod inspect;
mod json_schema;
mod man;
mod plan;
mod project;
mod validate;
mod view;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Project;
use crate::error::Error;
use crate::spec::load::Paths;
use project::Setup;
pub use view::ViewArgs;

/// Declarative schema reconciler for PostgreSQL.
///
/// Exit codes: 0 success / in sync, 1 error, 2 changes or drift present.
#[derive(Debug, Parser)]
#[command(name = "ogel", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// The project file [default: ogel.toml in the working directory or the nearest directory
    /// above it, up to the repository's root].
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The environment of the project file to run against: its `[env.NAME]` table.
    #[arg(long = "env", global = true, value_name = "NAME", env = "OGEL_ENV")]
    env: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Plan(plan::Args),
    Apply(apply::Args),
    Diff(diff::Args),
    Drift(drift::Args),
    Inspect(inspect::Args),
    History(history::Args),
    Validate(validate::Args),
    JsonSchema(json_schema::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// The command line's definition, for the completion scripts and the manual page.
fn command() -> clap::Command {
    Cli::command()
}

/// How long ogel's statements on the target may wait.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// How long a statement may wait for a lock on a table before ogel gives up (so that it
    /// never queues behind a long transaction while blocking everyone else) [default: the
    /// environment's lock_timeout, else 5s].
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    pub lock_timeout: Option<Duration>,
    /// How long one read of the target may take before ogel gives up [default: the
    /// environment's statement_timeout, else 60s].
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    pub statement_timeout: Option<Duration>,
}

/// A duration greater than zero (to PostgreSQL, a timeout of 0 means "wait for ever").
fn positive_duration(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text).map_err(|e| format!("{e} (write e.g. 5s, 500ms, 2m)"))?;
    if duration < Duration::from_millis(1) {
        return Err("it must be at least 1ms: PostgreSQL reads 0 as \"wait for ever\"".to_owned());
    }
    Ok(duration)
}

/// Which database.
#[derive(Debug, Clone, clap::Args)]
pub struct TargetArgs {
    /// The target database [default: the environment's url (--env), else DATABASE_URL, else
    /// the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) and libpq's
    /// defaults].
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

impl TargetArgs {
    pub fn setup(&self, project: &Project) -> Result<Setup, Error> {
        Setup::new(self.database_url.as_deref(), None, &self.limits, None, project, false)
    }
}

/// Which database, and where to normalize the declaration.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArgs {
    /// The target database [default: the environment's url (--env), else DATABASE_URL, else
    /// the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) and libpq's
    /// defaults].
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// A server of the target's major version where ogel may create its temporary shadow
    /// database [default: the environment's shadow_url, else the target's own server].
    #[arg(long, value_name = "URL")]
    pub shadow_url: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

impl DatabaseArgs {
    /// The connection and limits, over the project's environment; `untrusted` is `--untrusted`.
    pub fn setup(&self, project: &Project, lock_wait: Option<Duration>, untrusted: bool) -> Result<Setup, Error> {
        Setup::new(
            self.database_url.as_deref(),
            self.shadow_url.as_deref(),
            &self.limits,
            lock_wait,
            project,
            untrusted,
        )
    }
}

/// Writing to stdout failed. A closed pipe (`ogel plan | head`) means the reader has what it
/// wanted: stop quietly, exit 1. Anything else is said.
pub fn io_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Error::Reported;
    }
    Error::failed(format!("cannot write the output: {e}"))
}

/// Writes a message to stderr. A closed stderr must not turn an error into a panic.
pub fn report(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Where the declaration is.
#[derive(Debug, Clone, clap::Args)]
pub struct DeclarationArgs {
    /// The schema declaration [default: the project file's `schema`, else schema.yaml (beside
    /// the project file when there is one)].
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Directory of seed files [default: the project file's `seeds`, else seeds/ beside the
    /// schema file, skipped when absent].
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
}

impl DeclarationArgs {
    /// The files, over the project file's; `untrusted` is `--untrusted`.
    pub fn paths(&self, project: &Project, untrusted: bool) -> Result<Paths, Error> {
        project::paths(self, project, untrusted)
    }
}

/// How a command that succeeded ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, or nothing to do: exit 0.
    Success,
    /// Changes or drift present: exit 2.
    Changes,
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // A usage error quotes what was typed, which may be a URL with its password.
            let text = if stderr_color() { e.render().ansi().to_string() } else { e.render().to_string() };
            report(&crate::db::hide_passwords(&text));
            // clap exits 2 on usage errors, which would read as "changes present".
            return ExitCode::from(1);
        }
    };
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Changes) => ExitCode::from(2),
        Err(e) => {
            report(&e.render(stderr_color()));
            ExitCode::from(if matches!(e, Error::Interrupted) { 130 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<Outcome, Error> {
    let project = || Project::load(cli.config.as_deref(), cli.env.as_deref());
    match &cli.command {
        Command::Plan(args) => with_database(plan::run(args, &project()?), true),
        Command::Apply(args) => with_database(apply::run(args, &project()?), true),
        Command::Diff(args) => with_database(diff::run(args, &project()?), true),
        // A scheduled drift check handles SIGINT and SIGTERM itself (it exits with the last
        // round's code).
        Command::Drift(args) if args.every.is_some() => with_database(drift::run(args, &project()?), false),
        Command::Drift(args) => with_database(drift::run(args, &project()?), true),
        Command::Inspect(args) => with_database(inspect::run(args, &project()?), true),
        Command::History(args) => with_database(history::run(args, &project()?), true),
        Command::Validate(args) => validate::run(args, &project()?),
        Command::JsonSchema(args) => json_schema::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Runs a command that talks to databases. SIGINT or SIGTERM stops it (unless the command
/// handles them): an open transaction dies with its connection (nothing applied), and shadow
/// databases are dropped.
fn with_database(
    command: impl Future<Output = Result<Outcome, Error>>,
    stop_on_signal: bool,
) -> Result<Outcome, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::failed(format!("cannot start: {e}")))?;
    if !stop_on_signal {
        return runtime.block_on(command);
    }
    runtime.block_on(async {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| Error::failed(format!("cannot listen for signals: {e}")))?;
        tokio::select! {
            result = command => result,
            _ = tokio::signal::ctrl_c() => {
                crate::shadow::cleanup().await;
                Err(Error::Interrupted)
            }
            _ = terminate.recv() => {
                crate::shadow::cleanup().await;
                Err(Error::Interrupted)
            }
        }
    })
}

/// Colour on stderr only for a terminal, and never with `NO_COLOR` set.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
