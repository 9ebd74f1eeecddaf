//! `ogel json-schema`: the declaration format as a JSON Schema, for editors.

use std::io::Write;

use super::Outcome;
use crate::error::Error;

/// Print the JSON Schema of the declaration format.
///
/// schema.yaml names it in its first line (`# yaml-language-server: $schema=./ogel.schema.json`),
/// so editors with the YAML language server complete and check the file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the schema of seed files instead of schema.yaml's.
    #[arg(long)]
    seeds: bool,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let schema = if args.seeds { crate::spec::json_schema_of_seeds() } else { crate::spec::json_schema() };
    writeln!(std::io::stdout().lock(), "{schema}").map_err(super::io_error)?;
    Ok(Outcome::Success)
}
