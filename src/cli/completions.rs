//! `ogel completions`: a shell's completion script, generated from the command line's definition.

use std::io::Write;

use super::Outcome;
use crate::error::Error;

/// Print the completion script for a shell.
///
/// Install it where the shell looks, e.g. `ogel completions bash >
/// ~/.local/share/bash-completion/completions/ogel` (the README lists zsh, fish and the others).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_name = "SHELL")]
    shell: clap_complete::Shell,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let mut command = super::command();
    // Generated into memory first: clap_complete panics when its writer fails (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "ogel", &mut script);
    std::io::stdout().lock().write_all(&script).map_err(super::io_error)?;
    Ok(Outcome::Success)
}
