//! The apply history, kept in the target database: schema `ogel`, table `ogel.apply_history`
//! (created at the start of the first apply's transaction). Every apply that changed the database or
//! tried to is recorded: when, who (`current_user`, `application_name`), the plan's
//! fingerprint, its statements (secrets only as `$n` placeholders), the outcome and how long it
//! took. An apply refused before its transaction began writes nothing.

use serde::Serialize;

use crate::db::Db;
use crate::error::Error;
use crate::plan::Plan;

pub const CREATE: &str = "
CREATE SCHEMA IF NOT EXISTS ogel;
COMMENT ON SCHEMA ogel IS 'Bookkeeping of ogel, the schema reconciler: never declared, never inspected';
CREATE TABLE IF NOT EXISTS ogel.apply_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    duration_ms bigint NOT NULL,
    db_user text NOT NULL,
    application_name text NOT NULL,
    ogel_version text NOT NULL,
    fingerprint text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('applied', 'failed')),
    error text,
    summary jsonb NOT NULL,
    steps jsonb NOT NULL
);
COMMENT ON TABLE ogel.apply_history IS 'Every ogel apply: when, who, what, and how it ended'";

const INSERT: &str = "
INSERT INTO ogel.apply_history
    (started_at, finished_at, duration_ms, db_user, application_name, ogel_version, fingerprint, outcome, error, summary, steps)
VALUES ($1::text::timestamptz, clock_timestamp(),
        (extract(epoch FROM clock_timestamp() - $1::text::timestamptz) * 1000)::bigint,
        current_user, current_setting('application_name'), $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb)";

/// What an apply records about itself.
pub struct Entry<'a> {
    /// `clock_timestamp()` when the apply began, as the server printed it.
    pub started_at: String,
    pub fingerprint: &'a str,
    pub plan: &'a Plan,
}

#[derive(Serialize)]
struct StepRecord {
    number: usize,
    description: String,
    sql: Vec<String>,
}

/// Records an apply. Inside the apply's transaction for a success; after its rollback for a
/// failure, and then only when the history table already exists.
pub async fn record(db: &Db, entry: &Entry<'_>, error: Option<&str>) -> Result<(), tokio_postgres::Error> {
    let steps: Vec<StepRecord> = entry
        .plan
        .steps
        .iter()
        .map(|s| StepRecord {
            number: s.number,
            description: crate::plan::describe(&s.change),
            sql: s.statements.iter().map(|st| st.shown()).collect(),
        })
        .collect();
    let steps = serde_json::to_string(&steps).expect("steps serialize");
    let summary = serde_json::to_string(&entry.plan.summary()).expect("a summary serializes");
    let outcome = if error.is_some() { "failed" } else { "applied" };
    db.execute(
        INSERT,
        &[&entry.started_at, &env!("CARGO_PKG_VERSION"), &entry.fingerprint, &outcome, &error, &summary, &steps],
    )
    .await
    .map(|_| ())
}

/// Whether the history table exists.
pub async fn exists(db: &Db) -> Result<bool, tokio_postgres::Error> {
    Ok(db.query_one("SELECT to_regclass('ogel.apply_history') IS NOT NULL", &[]).await?.get(0))
}

/// One row of the history, for `ogel history`.
#[derive(Debug, Serialize)]
pub struct Record {
    pub id: i64,
    pub started_at: String,
    pub duration_ms: i64,
    pub db_user: String,
    pub application_name: String,
    pub ogel_version: String,
    pub fingerprint: String,
    pub outcome: String,
    pub error: Option<String>,
    pub summary: serde_json::Value,
    pub steps: serde_json::Value,
}

/// The latest `limit` applies, newest first.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<Record>, Error> {
    if !exists(db).await.map_err(|e| db.fail("reading the apply history", &e))? {
        return Ok(Vec::new());
    }
    let rows = db
        .query(
            "SELECT id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), duration_ms, db_user,
                    application_name, ogel_version, fingerprint, outcome, error, summary::text, steps::text
               FROM ogel.apply_history ORDER BY id DESC LIMIT $1",
            &[&limit],
        )
        .await
        .map_err(|e| db.fail("reading the apply history", &e))?;
    Ok(rows
        .iter()
        .map(|r| Record {
            id: r.get(0),
            started_at: r.get(1),
            duration_ms: r.get(2),
            db_user: r.get(3),
            application_name: r.get(4),
            ogel_version: r.get(5),
            fingerprint: r.get(6),
            outcome: r.get(7),
            error: r.get(8),
            summary: serde_json::from_str(&r.get::<_, String>(9)).unwrap_or_default(),
            steps: serde_json::from_str(&r.get::<_, String>(10)).unwrap_or_default(),
        })
        .collect())
}
