//! `ogel drift`: does the database still match the declaration?

use std::io::Write;
use std::time::{Duration, SystemTime};

use super::{DatabaseArgs, DeclarationArgs, Outcome};
use crate::config::Project;
use crate::error::Error;
use crate::reconcile::{Purpose, reconcile};
use crate::render;

/// Report how the database differs from the declaration, without changing anything.
///
/// Exit 0 when it matches, 2 when it has drifted, 1 on error. With --every, check on a
/// schedule until stopped (SIGINT or SIGTERM), then exit with the last round's code.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    declaration: DeclarationArgs,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Output format. With --every, JSON is one line per round.
    #[arg(long, value_enum, default_value = "human")]
    format: DriftFormat,
    /// Check again after each DURATION (e.g. 5m, 1h), reporting every round; a round that
    /// cannot reach the database reports the error and the checker keeps going.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub every: Option<Duration>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DriftFormat {
    Human,
    Json,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    match args.every {
        None => round(args, project, None).await,
        Some(every) => schedule(args, project, every).await,
    }
}

/// One check. `checked_at` is shown when checking on a schedule.
async fn round(args: &Args, project: &Project, checked_at: Option<&str>) -> Result<Outcome, Error> {
    let declared = crate::spec::check(&args.declaration.paths(project, false)?)?;
    let setup = args.database.setup(project, None, false)?;
    let (target, db) = setup.connect().await?;
    let options = setup.reconcile_options(Purpose::Drift, crate::session::Trust::Untrusted);
    let reconciliation = reconcile(&db, &target, &declared, &options).await?;
    let plan = &reconciliation.plan;
    let mut out = std::io::stdout().lock();
    match (args.format, checked_at) {
        (DriftFormat::Human, None) => render::drift_human(plan, &mut out),
        (DriftFormat::Human, Some(at)) => writeln!(out, "[{at}]").and_then(|_| render::drift_human(plan, &mut out)),
        (DriftFormat::Json, at) => render::drift_json(plan, at, &mut out),
    }
    .and_then(|_| out.flush())
    .map_err(super::io_error)?;
    Ok(if plan.is_empty() { Outcome::Success } else { Outcome::Changes })
}

async fn schedule(args: &Args, project: &Project, every: Duration) -> Result<Outcome, Error> {
    let signal =
        |kind| tokio::signal::unix::signal(kind).map_err(|e| Error::failed(format!("cannot listen for signals: {e}")));
    let mut interrupt = signal(tokio::signal::unix::SignalKind::interrupt())?;
    let mut terminate = signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut last: Result<Outcome, Error> = Ok(Outcome::Success);
    loop {
        let at = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
        tokio::select! {
            result = round(args, project, Some(&at)) => {
                if let Err(e) = &result {
                    super::report(&format!("[{at}] {}", e.render(super::stderr_color())));
                }
                last = result;
            }
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
        }
    }
    crate::shadow::cleanup().await;
    // The error of the last round was reported when it happened.
    last.or(Err(Error::Reported))
}
