//! `ogel drift`: does the database still match the declaration?

use super::{DatabaseArgs, DeclarationArgs, Outcome};
use crate::error::Error;
use crate::reconcile::reconcile;
use crate::render;

/// Report how the database differs from the declaration, without changing anything.
///
/// Exit 0 when it matches, 2 when it has drifted, 1 on error.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    declaration: DeclarationArgs,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: DriftFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DriftFormat {
    Human,
    Json,
}

pub async fn run(args: &Args) -> Result<Outcome, Error> {
    let declared = crate::spec::check(&args.declaration.paths())?;
    let (target, db) = args.database.connect().await?;
    let reconciliation = reconcile(&db, &target, &declared, args.database.shadow_url.as_deref()).await?;
    let plan = &reconciliation.plan;
    let mut out = std::io::stdout().lock();
    match args.format {
        DriftFormat::Human => render::drift_human(plan, &mut out),
        DriftFormat::Json => render::drift_json(plan, &mut out),
    }
    .map_err(super::io_error)?;
    Ok(if plan.is_empty() { Outcome::Success } else { Outcome::Changes })
}
