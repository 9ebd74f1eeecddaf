//! `ogel validate`: check the declaration without a database.

use std::io::Write;

use super::{DeclarationArgs, Outcome};
use crate::config::Project;
use crate::error::Error;
use crate::spec::check;

/// Check schema.yaml and the seed files without a database.
///
/// Reports every problem at once, each at its file, line and column. Exit 0 when the
/// declaration is valid, 1 when it is not. Warnings (SQL that ogel's parser does not
/// understand, which the server may still accept) are shown and do not change the exit code.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    declaration: DeclarationArgs,
}

pub fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    let paths = args.declaration.paths(project, false)?;
    let declaration = check(&paths)?;
    let tables: usize = declaration.catalog.schemas.values().map(|s| s.tables.len()).sum();
    let rows: usize = declaration.seeds.iter().map(|s| s.rows.len()).sum();
    let warnings = declaration.warnings.problems.len();
    if warnings > 0 {
        super::report(&declaration.warnings.render(super::stderr_color()));
    }
    let warned = match warnings {
        0 => String::new(),
        n => format!("; {n} {}", plural(n, "warning", "warnings")),
    };
    writeln!(
        std::io::stdout().lock(),
        "{}: valid ({} {}, {} {}, {} {}, {} seed {}){warned}",
        paths.schema.display(),
        tables,
        plural(tables, "table", "tables"),
        declaration.catalog.schemas.len(),
        plural(declaration.catalog.schemas.len(), "schema", "schemas"),
        declaration.catalog.extensions.len(),
        plural(declaration.catalog.extensions.len(), "extension", "extensions"),
        rows,
        plural(rows, "row", "rows"),
    )
    .map_err(super::io_error)?;
    Ok(Outcome::Success)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
