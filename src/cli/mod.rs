//! The command line: one file per command, shared flag groups flattened into each.

mod json_schema;
mod validate;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::spec::load::Paths;

/// Declarative schema reconciler for PostgreSQL.
///
/// Exit codes: 0 success / in sync, 1 error, 2 changes or drift present.
#[derive(Debug, Parser)]
#[command(name = "ogel", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::Args),
    JsonSchema(json_schema::Args),
}

/// Where the declaration is.
#[derive(Debug, Clone, clap::Args)]
pub struct DeclarationArgs {
    /// The schema declaration.
    #[arg(long, value_name = "FILE", default_value = "schema.yaml")]
    pub schema: PathBuf,
    /// Directory of seed files [default: seeds/ beside the schema file, skipped when absent].
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
}

impl DeclarationArgs {
    pub fn paths(&self) -> Paths {
        Paths { schema: self.schema.clone(), seeds: self.seeds.clone() }
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
            let _ = e.print();
            // clap exits 2 on usage errors, which would read as "changes present".
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(1),
            };
        }
    };
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Changes) => ExitCode::from(2),
        Err(e) => {
            eprint!("{}", e.render(stderr_color()));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<Outcome, Error> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::JsonSchema(args) => json_schema::run(&args),
    }
}

/// Colour on stderr only for a terminal, and never with `NO_COLOR` set.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
