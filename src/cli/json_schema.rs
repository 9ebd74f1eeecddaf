//! `ogel json-schema`: the declaration format as a JSON Schema, for editors.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;
use crate::error::Error;

/// Print the JSON Schema of the declaration format.
///
/// A declaration names it in its first line (`# yaml-language-server: $schema=./ogel.schema.json`),
/// so editors with the YAML language server complete and check the file: `ogel json-schema --out
/// ogel.schema.json` beside it writes the file that line points at.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the schema of seed files instead of schema.yaml's.
    #[arg(long)]
    seeds: bool,
    /// Write the schema to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome, Error> {
    let schema = if args.seeds { crate::spec::json_schema_of_seeds() } else { crate::spec::json_schema() };
    let text = format!("{schema}\n");
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Error::failed(format!("{}: cannot write the JSON Schema: {e}", path.display())))?,
        None => std::io::stdout().lock().write_all(text.as_bytes()).map_err(super::io_error)?,
    }
    Ok(Outcome::Success)
}
