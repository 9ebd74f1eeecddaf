//! `ogel apply`: make the database match the declaration.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use super::{DatabaseArgs, DeclarationArgs, Outcome, ViewArgs};
use crate::apply::{self, Options};
use crate::config::Project;
use crate::error::Error;
use crate::reconcile::{Purpose, reconcile};
use crate::render;
use crate::saved_plan::SavedPlan;

/// Apply the plan: all of it in one transaction, or nothing.
///
/// Takes an advisory lock for the whole run, plans again under it, refuses steps that delete
/// data unless --allow-destructive, and asks before applying unless --yes (without a terminal,
/// --yes is required). Every apply is recorded in the database's apply history.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    declaration: DeclarationArgs,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Apply a plan saved with `ogel plan --out`, only if the database has not changed since
    /// and the plan is what ogel derives now.
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// Apply without asking.
    #[arg(long, short = 'y')]
    yes: bool,
    /// Allow every step that deletes data (dropping tables or columns, narrowing types, deleting
    /// rows).
    #[arg(long)]
    allow_destructive: bool,
    /// Allow one step that deletes data, named as the refusal names it: `table:SCHEMA.TABLE`,
    /// `column:SCHEMA.TABLE.COLUMN`, `rows:SCHEMA.TABLE` (a sync seed's deletes),
    /// `type-change:SCHEMA.TABLE.COLUMN`, `generated:SCHEMA.TABLE.COLUMN`. Repeatable.
    #[arg(long, value_name = "KIND:NAME", value_parser = approval)]
    allow_drop: Vec<String>,
    /// How long to wait for another ogel run on the same database to finish [default: the
    /// environment's lock_wait, else 60s].
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    lock_wait: Option<Duration>,
    #[command(flatten)]
    view: ViewArgs,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    let declared = crate::spec::check(&args.declaration.paths(project, false)?)?;
    let setup = args.database.setup(project, args.lock_wait, false)?;
    let saved = args.plan.as_deref().map(SavedPlan::read).transpose()?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !args.yes && !interactive {
        return Err(Error::with_help(
            "ogel apply asks before it changes anything, and there is no terminal to ask on",
            "review the plan with `ogel plan`, then run `ogel apply --yes`",
        ));
    }
    let options = Options {
        allow_destructive: args.allow_destructive,
        allow_drop: args.allow_drop.clone(),
        lock_timeout: setup.limits.lock_timeout,
        lock_wait: setup.lock_wait,
    };
    let (target, db) = setup.connect().await?;
    apply::writable(&db).await?;
    apply::lock(&db, options.lock_wait).await?;
    // An untrusted environment applies as an untrusted plan is applied.
    let mut plan_options = setup.reconcile_options(Purpose::Plan, crate::session::Trust::ApplyUntrusted);
    if saved.as_ref().is_some_and(|s| s.untrusted) {
        // The reviewed plan left declared SQL for apply: plan the same steps, then evaluate it
        // at each step.
        plan_options.trust = crate::session::Trust::ApplyUntrusted;
    }
    let reconciliation = reconcile(&db, &target, &declared, &plan_options).await?;
    let plan = &reconciliation.plan;
    let target_line = crate::session::describe_target(&db, reconciliation.live.server_version);
    let fingerprint = reconciliation.fingerprint();
    if let (Some(saved), Some(path)) = (&saved, &args.plan) {
        saved.check(path, plan, &fingerprint)?;
    }
    let mut out = std::io::stdout().lock();
    if plan.is_empty() {
        writeln!(out, "Target: {target_line}\nNo changes. The database matches the declaration.")
            .map_err(super::io_error)?;
        return Ok(Outcome::Success);
    }
    let mut script = Vec::new();
    render::plan_sql(plan, &reconciliation.search_path, options.lock_timeout, &mut script).map_err(super::io_error)?;
    let script = String::from_utf8_lossy(&script);
    let view = render::HumanView { sql: args.view.show_sql.then_some(&*script), paint: args.view.paint(), title: None };
    render::plan_human(plan, &target_line, view, &mut out).map_err(super::io_error)?;
    for approval in apply::unmatched_approvals(plan, &options) {
        super::report(&format!("note: --allow-drop {} matches no step of this plan\n", apply::shell_word(approval)));
    }
    apply::check_destructive(plan, &options)?;
    if let Some(error) = reconciliation.refusal() {
        return Err(error);
    }
    if !args.yes {
        write!(out, "\nApply these {} steps to {}? Type `yes` to apply: ", plan.steps.len(), db.target())
            .map_err(super::io_error)?;
        out.flush().map_err(super::io_error)?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(super::io_error)?;
        if answer.trim() != "yes" {
            return Err(Error::failed("apply cancelled; nothing was applied"));
        }
    }
    let started = std::time::Instant::now();
    apply::run(&db, plan, &reconciliation.search_path, &options, &fingerprint.hash).await?;
    let s = plan.summary();
    writeln!(
        out,
        "\nApplied {} steps to {} in {} ms: {} added, {} changed, {} dropped.",
        plan.steps.len(),
        db.target(),
        started.elapsed().as_millis(),
        s.add,
        s.change,
        s.drop
    )
    .map_err(super::io_error)?;
    Ok(Outcome::Success)
}

/// `KIND:NAME` with a kind `--allow-drop` knows.
fn approval(text: &str) -> Result<String, String> {
    let kinds = crate::plan::APPROVAL_KINDS;
    match text.split_once(':') {
        Some((kind, name)) if kinds.contains(&kind) && !name.trim().is_empty() => Ok(text.to_owned()),
        _ => Err(format!("write KIND:NAME, where KIND is one of {}, e.g. table:platform.legacy_x", kinds.join(", "))),
    }
}
