//! `ogel history`: what ogel applied to a database, newest first.

use std::io::Write;

use super::{Outcome, TargetArgs};
use crate::config::Project;
use crate::error::Error;
use crate::history;

/// List the applies recorded in the database (table ogel.apply_history), newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    database: TargetArgs,
    /// How many applies to show.
    #[arg(long, default_value_t = 20)]
    limit: i64,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: HistoryFormat,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum HistoryFormat {
    Human,
    Json,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    let setup = args.database.setup(project)?;
    let (_, db) = setup.connect().await?;
    db.begin_read(&setup.limits).await?;
    let records = history::list(&db, args.limit).await;
    let ended = db.end_read().await;
    let records = records?;
    ended?;
    let mut out = std::io::stdout().lock();
    match args.format {
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &records).map_err(|e| super::io_error(e.into()))?;
            writeln!(out).map_err(super::io_error)?;
        }
        HistoryFormat::Human if records.is_empty() => {
            writeln!(out, "{}: no apply recorded yet.", db.target()).map_err(super::io_error)?;
        }
        HistoryFormat::Human => {
            for r in &records {
                let summary = &r.summary;
                writeln!(
                    out,
                    "#{} {} {} by {} ({}) in {} ms: {} added, {} changed, {} dropped; {} steps; plan {}",
                    r.id,
                    r.started_at,
                    r.outcome,
                    r.db_user,
                    r.application_name,
                    r.duration_ms,
                    summary["add"],
                    summary["change"],
                    summary["drop"],
                    r.steps.as_array().map_or(0, Vec::len),
                    r.fingerprint
                )
                .map_err(super::io_error)?;
                if let Some(error) = &r.error {
                    for line in error.lines() {
                        writeln!(out, "    {line}").map_err(super::io_error)?;
                    }
                }
            }
        }
    }
    Ok(Outcome::Success)
}
