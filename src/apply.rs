//! Applying a plan: under an advisory lock, one transaction per phase (all of a phase or none
//! of it; see [`crate::plan::Phase`]).

use std::time::{Duration, Instant};

use tokio_postgres::error::SqlState;

use crate::db::{Db, error_text};
use crate::diff::Change;
use crate::error::Error;
use crate::history;
use crate::plan::{Hazard, HazardKind, Plan, Step};
use crate::render::transaction_settings;

/// The advisory lock key every ogel run takes on a database ("ogel" in ASCII).
pub const LOCK_KEY: i64 = 0x6f67_656c;

pub struct Options {
    pub allow_destructive: bool,
    /// Data-deleting steps allowed one by one, by their `KIND:NAME` (see [`Hazard::allow`]).
    pub allow_drop: Vec<String>,
    /// How long a statement may wait for a table lock before the apply gives up.
    pub lock_timeout: Duration,
    /// How long to wait for another ogel run to finish.
    pub lock_wait: Duration,
}

/// Takes ogel's advisory lock on the database, waiting up to `wait` for another run to
/// release it. The lock is held until the session ends.
pub async fn lock(db: &Db, wait: Duration) -> Result<(), Error> {
    let deadline = Instant::now() + wait;
    loop {
        let row = db
            .query_one("SELECT pg_try_advisory_lock($1)", &[&LOCK_KEY])
            .await
            .map_err(|e| db.fail("taking ogel's advisory lock", &e))?;
        if row.get::<_, bool>(0) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(lock_held(db, wait).await);
        }
        tokio::time::sleep(Duration::from_millis(200).min(deadline.saturating_duration_since(Instant::now()))).await;
    }
}

/// The error for a lock still held after the wait: who holds it, since when.
async fn lock_held(db: &Db, wait: Duration) -> Error {
    const HOLDER: &str = "
        SELECT coalesce(nullif(a.application_name, ''), '(no application_name)'), a.pid,
               to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
          FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ($1::bigint >> 32)::oid
           AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    let holder = match db.query(HOLDER, &[&LOCK_KEY]).await {
        Ok(rows) if !rows.is_empty() => {
            let row = &rows[0];
            // Another role's start time is NULL unless this role may read all statistics.
            let since = row.get::<_, Option<String>>(2).map(|t| format!(", connected since {t}")).unwrap_or_default();
            format!(" by {} (pid {}{since})", row.get::<_, String>(0), row.get::<_, i32>(1))
        }
        _ => String::new(),
    };
    Error::with_help(
        format!(
            "{}: another ogel run holds the database's lock{holder}; gave up after {}",
            db.target(),
            humantime::format_duration(wait)
        ),
        "wait for it to finish and run again, or raise --lock-wait; nothing was applied",
    )
}

/// Refuses a target that cannot be written before anything is tried: a hot standby, or a
/// session that is read-only by default (`default_transaction_read_only`).
pub async fn writable(db: &Db) -> Result<(), Error> {
    let row = db
        .query_one("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on'", &[])
        .await
        .map_err(|e| db.fail("checking that the database is writable", &e))?;
    if row.get::<_, bool>(0) {
        return Err(Error::with_help(
            format!(
                "{}: the server is a hot standby (in recovery): it cannot be changed. Nothing was applied.",
                db.target()
            ),
            "point ogel apply at the primary; plan and drift work against a standby with --shadow-url",
        ));
    }
    if row.get::<_, bool>(1) {
        return Err(Error::with_help(
            format!(
                "{}: this role's sessions are read-only (default_transaction_read_only is on). Nothing was applied.",
                db.target()
            ),
            "apply as a role that may write, or turn default_transaction_read_only off for it",
        ));
    }
    Ok(())
}

/// Refuses a plan with steps that delete data unless they were allowed: all of them by
/// `--allow-destructive`, or each by its `--allow-drop KIND:NAME`. The refusal lists every
/// step refused with the flag that allows it.
pub fn check_destructive(plan: &Plan, options: &Options) -> Result<(), Error> {
    if options.allow_destructive {
        return Ok(());
    }
    let allowed = |h: &Hazard| h.allow.as_ref().is_some_and(|a| options.allow_drop.contains(a));
    let refused: Vec<String> = plan
        .steps
        .iter()
        .flat_map(|s| {
            s.hazards.iter().filter(|h| h.kind == HazardKind::DeletesData && !allowed(h)).map(move |h| {
                let flag = h.allow.as_deref().map(|a| format!(" [--allow-drop {}]", shell_word(a))).unwrap_or_default();
                format!("{}: {}{flag}", s.title(), h.message)
            })
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::with_help(
        format!("the plan deletes data, and that was not allowed:\n  {}\nNothing was applied.", refused.join("\n  ")),
        "review these steps, then run again with the --allow-drop flag shown for each one you accept \
         (or --allow-destructive for all of them)",
    ))
}

/// The `--allow-drop` approvals that match no step of the plan (a typo, or a step that is no
/// longer there): said, so that nobody believes a step was approved that is not.
pub fn unmatched_approvals<'a>(plan: &Plan, options: &'a Options) -> Vec<&'a str> {
    let named = |a: &String| plan.steps.iter().flat_map(|s| &s.hazards).any(|h| h.allow.as_ref() == Some(a));
    options.allow_drop.iter().filter(|a| !named(a)).map(String::as_str).collect()
}

/// A word the shell reads back as it is: quoted unless it is made of plain characters.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_.:-/".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Runs the plan phase by phase (see [`crate::plan::Phase`]), each phase in one transaction,
/// and records it in the apply history in the transaction of the last. On failure (of a step,
/// or of a commit) that phase is rolled back, the failure recorded (when the history table
/// exists), and the error names the step, its SQL, and what earlier phases committed.
pub async fn run(db: &Db, plan: &Plan, search_path: &str, options: &Options, fingerprint: &str) -> Result<(), Error> {
    let started_at: String = db
        .query_one("SELECT clock_timestamp()::text", &[])
        .await
        .map_err(|e| db.fail("starting the transaction", &e))?
        .get(0);
    let entry = history::Entry { started_at, fingerprint, plan };
    let mut phases = plan.phases();
    if phases.is_empty() {
        phases.push((crate::plan::Phase::Main, &[]));
    }
    let mut committed: Vec<&Step> = Vec::new();
    for (i, (_, steps)) in phases.iter().enumerate() {
        let done = Committed { steps: &committed, phases: phases.len() };
        db.batch("BEGIN").await.map_err(|e| db.fail("starting the transaction", &e))?;
        let result = async {
            run_steps(db, plan, steps, search_path, options, &done, i == 0).await?;
            if i + 1 == phases.len() {
                history::record(db, &entry, None).await.map_err(|e| db.fail("recording the apply history", &e))?;
            }
            // Deferred constraints are checked here: a commit can fail like a step.
            db.batch("COMMIT").await.map_err(|e| {
                Error::with_help(
                    format!(
                        "{}: the transaction failed to commit: {}\n{}",
                        db.target(),
                        plan.redact(&error_text(&e)),
                        done.outcome()
                    ),
                    "a deferred constraint is the usual cause: fix the rows it names and run again",
                )
            })
        }
        .await;
        if let Err(e) = &result {
            // After a failed COMMIT the transaction is already gone and this only warns.
            let _ = db.batch("ROLLBACK").await;
            if let Ok(true) = history::exists(db).await {
                let _ = history::record(db, &entry, Some(&e.to_string())).await;
            }
            return result;
        }
        committed.extend(steps.iter());
    }
    Ok(())
}

/// The steps of the phases committed before the one running, for the message of a failure.
struct Committed<'a> {
    steps: &'a [&'a Step],
    phases: usize,
}

impl Committed<'_> {
    /// What a failure leaves applied.
    fn outcome(&self) -> String {
        match (self.steps.first(), self.steps.last()) {
            (Some(first), Some(last)) => format!(
                "Steps {} to {} ({}) were committed before, in a phase of their own of the plan's {}, and stay applied; \
                 nothing after them was applied. Plan again to see what is left.",
                first.number,
                last.number,
                first.phase.purpose(),
                self.phases
            ),
            _ => "Nothing was applied.".to_owned(),
        }
    }
}

async fn run_steps(
    db: &Db,
    plan: &Plan,
    steps: &[Step],
    search_path: &str,
    options: &Options,
    done: &Committed<'_>,
    first: bool,
) -> Result<(), Error> {
    for setting in transaction_settings(search_path, options.lock_timeout) {
        db.run(&setting, &[]).await.map_err(|e| db.fail("setting up the transaction", &e))?;
    }
    // First, so that a role that may not create schema ogel learns it before any step runs.
    if first {
        db.batch(history::CREATE).await.map_err(|e| {
            Error::with_help(
                format!("{}: creating the apply history (schema ogel): {}\nNothing was applied.", db.target(), error_text(&e)),
                "ogel records every apply in schema ogel: grant this role CREATE on the database, or create schema ogel owned by it once",
            )
        })?;
    }
    for step in steps {
        if let Change::RunTransition(t) = &step.change
            && t.deferred
            && !condition_holds(db, plan, step, t, done).await?
        {
            continue;
        }
        for statement in &step.statements {
            // A transition's `sql` is the one place a declaration may write several statements
            // (the plan shows it whole, with its hazard); every other statement is sent alone.
            let result = if matches!(step.change, Change::RunTransition(_)) {
                db.batch(&statement.sql).await
            } else {
                let mut params: Vec<Option<String>> = statement.secrets.iter().cloned().map(Some).collect();
                for (n, query) in &statement.evaluated {
                    params[n - 1] = db
                        .evaluate_in_transaction(query)
                        .await
                        .map_err(|refusal| value_refused(db, plan, step, query, refusal, done))?;
                }
                db.run(&statement.sql, &params).await.map(|_| ())
            };
            if let Err(e) = result {
                return Err(step_failed(db, plan, step, &statement.sql, &e, options, done));
            }
        }
    }
    Ok(())
}

/// Whether the `when` of a transition that an untrusted plan left for apply holds now,
/// evaluated read-only just before its step.
async fn condition_holds(
    db: &Db,
    plan: &Plan,
    step: &Step,
    t: &crate::model::Transition,
    done: &Committed<'_>,
) -> Result<bool, Error> {
    let query = format!("SELECT (({})::boolean)::text", t.when);
    let value = db
        .evaluate_in_transaction(&query)
        .await
        .map_err(|refusal| value_refused(db, plan, step, &query, refusal, done))?;
    Ok(value.as_deref() == Some("true"))
}

/// A `!sql` value or `when` of a step that could not be evaluated read-only.
fn value_refused(
    db: &Db,
    plan: &Plan,
    step: &Step,
    query: &str,
    refusal: crate::session::Refusal,
    done: &Committed<'_>,
) -> Error {
    let why = match refusal {
        crate::session::Refusal::Writes(why) => {
            format!("it writes to the database ({why}); a `!sql` value or `when` must only read")
        }
        crate::session::Refusal::Failed(e) => error_text(&e),
    };
    Error::with_help(
        format!(
            "{}: {} failed: declared SQL it evaluates first: {}\n\n{query}\n\n{}",
            db.target(),
            step.title(),
            plan.redact(&why),
            done.outcome()
        ),
        "fix the `!sql` value or `when` in the declaration; the transaction was rolled back",
    )
}

fn step_failed(
    db: &Db,
    plan: &Plan,
    step: &Step,
    sql: &str,
    e: &tokio_postgres::Error,
    options: &Options,
    done: &Committed<'_>,
) -> Error {
    let help = if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        format!(
            "another transaction held a lock this step needs for longer than --lock-timeout ({}); retry when it is done, or raise --lock-timeout",
            humantime::format_duration(options.lock_timeout)
        )
    } else if e.code() == Some(&SqlState::OUT_OF_MEMORY) {
        "one transaction of this plan locks more objects than the server allows (max_locks_per_transaction × max_connections); raise max_locks_per_transaction on the server and run again".to_owned()
    } else {
        "fix the cause and run again; the transaction was rolled back".to_owned()
    };
    Error::with_help(
        format!(
            "{}: {} failed: {}\n\n{}\n\n{}",
            db.target(),
            step.title(),
            plan.redact(&error_text(e)),
            sql,
            done.outcome()
        ),
        help,
    )
}
