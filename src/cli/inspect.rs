//! `ogel inspect`: a live database as a declaration.

use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, TargetArgs};
use crate::config::Project;
use crate::error::Error;
use crate::introspect;
use crate::spec::emit;

/// Print a live database's schemas as YAML in ogel's format, to bring it under management.
///
/// Every installed extension but plpgsql is declared, and never ogel's own schema. Objects the
/// format cannot express yet (views, functions, triggers, ...) are listed on stderr.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    database: TargetArgs,
    /// The schemas to inspect, comma-separated [default: every schema but PostgreSQL's own,
    /// extensions' and ogel's].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    schemas: Vec<String>,
    /// Write the declaration to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    if args.schemas.iter().any(|s| s == "ogel") {
        return Err(Error::failed("schema ogel holds ogel's own apply history; it is never inspected"));
    }
    let setup = args.database.setup(project)?;
    let (_, db) = setup.connect().await?;
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    db.begin_read(&setup.limits).await?;
    let read = async {
        let schemas = if args.schemas.is_empty() { introspect::user_schemas(&db).await? } else { args.schemas.clone() };
        let live = introspect::introspect(&db, &schemas).await?;
        Ok::<_, Error>((schemas, live))
    }
    .await;
    let ended = db.end_read().await;
    let (schemas, live) = read?;
    ended?;
    for schema in &schemas {
        if !live.catalog.schemas.contains_key(schema) {
            return Err(Error::failed(format!("{}: there is no schema {schema}", db.target())));
        }
    }
    let inspection = emit::inspect(&live, db.target());
    match &args.out {
        Some(path) => std::fs::write(path, &inspection.yaml)
            .map_err(|e| Error::failed(format!("{}: cannot write the declaration: {e}", path.display())))?,
        None => std::io::stdout().lock().write_all(inspection.yaml.as_bytes()).map_err(super::io_error)?,
    }
    if !inspection.unexpressed.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "ogel inspect cannot express these yet; they are not in the declaration and ogel leaves them alone:"
        );
        for item in &inspection.unexpressed {
            let _ = writeln!(err, "  - {item}");
        }
    }
    Ok(Outcome::Success)
}
