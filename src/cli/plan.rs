//! `ogel plan`: what would change.

use std::path::PathBuf;

use super::{DatabaseArgs, DeclarationArgs, Outcome, ViewArgs};
use crate::config::Project;
use crate::error::Error;
use crate::reconcile::{Purpose, reconcile};
use crate::render::{self, Format};
use crate::saved_plan::SavedPlan;
use crate::session::Trust;

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
    #[command(flatten)]
    view: ViewArgs,
    /// Also save the plan, with the fingerprint of the database it was made against, for
    /// `ogel apply --plan FILE`.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Exit 2 when there are changes, 0 when there are none.
    #[arg(long)]
    detailed_exitcode: bool,
    /// The declaration is untrusted (a pull request's): evaluate no `when` and no `!sql` on the
    /// target's server and read no secret; what they decide is shown as decided at apply.
    /// A plan saved so is applied the same way.
    #[arg(long)]
    untrusted: bool,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    let declared = crate::spec::check(&args.declaration.paths(project, args.untrusted)?)?;
    let setup = args.database.setup(project, None, args.untrusted)?;
    let (target, db) = setup.connect().await?;
    let options = setup.reconcile_options(Purpose::Plan, Trust::Untrusted);
    let reconciliation = reconcile(&db, &target, &declared, &options).await?;
    let plan = &reconciliation.plan;
    let target_line = crate::session::describe_target(&db, reconciliation.live.server_version);
    let mut out = std::io::stdout().lock();
    let lock_timeout = setup.limits.lock_timeout;
    let mut script = Vec::new();
    render::plan_sql(plan, &reconciliation.search_path, lock_timeout, &mut script).map_err(super::io_error)?;
    let script = String::from_utf8_lossy(&script);
    match args.format {
        Format::Human => {
            let view = render::HumanView {
                sql: args.view.show_sql.then_some(&*script),
                paint: args.view.paint(),
                title: None,
            };
            render::plan_human(plan, &target_line, view, &mut out)
        }
        Format::Sql => std::io::Write::write_all(&mut out, script.as_bytes()),
        Format::Json => render::plan_json(plan, &mut out),
        Format::Markdown => render::plan_markdown(plan, &script, &target_line, &mut out),
    }
    .map_err(super::io_error)?;
    if let Some(error) = reconciliation.refusal() {
        return Err(error);
    }
    if let Some(path) = &args.out {
        SavedPlan::new(plan, reconciliation.fingerprint(), db.target(), setup.untrusted).write(path)?;
    }
    Ok(if args.detailed_exitcode && !plan.is_empty() { Outcome::Changes } else { Outcome::Success })
}
