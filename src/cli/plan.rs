//! `ogel plan`: what would change.

use super::{DatabaseArgs, DeclarationArgs, Outcome};
use crate::error::Error;
use crate::reconcile::reconcile;
use crate::render::{self, Format};

/// Show what `ogel apply` would change, without changing anything.
///
/// Exit 0 on success (with --detailed-exitcode: 0 no changes, 2 changes), 1 on error.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    declaration: DeclarationArgs,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 2 when there are changes, 0 when there are none.
    #[arg(long)]
    detailed_exitcode: bool,
}

pub async fn run(args: &Args) -> Result<Outcome, Error> {
    let declared = crate::spec::check(&args.declaration.paths())?;
    let (target, db) = args.database.connect().await?;
    let reconciliation = reconcile(&db, &target, &declared, args.database.shadow_url.as_deref()).await?;
    let plan = &reconciliation.plan;
    let mut out = std::io::stdout().lock();
    let lock_timeout = super::DEFAULT_LOCK_TIMEOUT;
    match args.format {
        Format::Human => {
            let mut script = Vec::new();
            render::plan_sql(plan, &reconciliation.search_path, lock_timeout, &mut script).map_err(super::io_error)?;
            render::plan_human(plan, &String::from_utf8_lossy(&script), &mut out)
        }
        Format::Sql => render::plan_sql(plan, &reconciliation.search_path, lock_timeout, &mut out),
        Format::Json => render::plan_json(plan, &mut out),
    }
    .map_err(super::io_error)?;
    if let Some(error) = reconciliation.violations_error() {
        return Err(error);
    }
    Ok(if args.detailed_exitcode && !plan.is_empty() { Outcome::Changes } else { Outcome::Success })
}
