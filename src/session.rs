//! How ogel's sessions on a target behave: bounded waits, read-only reads, and declared SQL
//! evaluated where it cannot write.
//!
//! Every session starts by setting `lock_timeout`, so no statement of ogel's queues behind
//! another transaction's lock for longer than that. `plan`, `drift` and `inspect` (and the
//! planning half of `apply`) read the target inside one `REPEATABLE READ, READ ONLY`
//! transaction that is rolled back, with a `statement_timeout`: one consistent snapshot,
//! nothing written, and any session setting a declared expression changed undone. A read that
//! may fail runs in a savepoint, so that its failure does not end the transaction. Declared SQL
//! evaluated during a plan (a transition's `when`, a seed's `!sql`) runs in a savepoint too,
//! and is refused when it wrote anything: read-only transactions still let some functions write
//! (`lo_create`), so the test is whether the transaction was given a transaction id.

use std::time::Duration;

use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

use crate::db::{Db, error_text};
use crate::error::Error;

/// How long ogel's statements may wait.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a statement may wait for a lock.
    pub lock_timeout: Duration,
    /// How long a read of the target may take.
    pub statement_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { lock_timeout: Duration::from_secs(5), statement_timeout: Duration::from_secs(60) }
    }
}

/// A duration as PostgreSQL reads it: whole milliseconds.
fn millis(d: Duration) -> String {
    format!("{}ms", d.as_millis().max(1))
}

/// The first statement of every session ogel opens on a target.
pub async fn start(db: &Db, limits: &Limits) -> Result<(), Error> {
    db.query("SELECT set_config('lock_timeout', $1, false)", &[&millis(limits.lock_timeout)])
        .await
        .map_err(|e| db.fail("setting up the session", &e))?;
    Ok(())
}

/// Declared SQL that could not be evaluated.
#[derive(Debug)]
pub enum Refusal {
    /// It wrote (or tried to write) to the database.
    Writes(String),
    /// The server's error.
    Failed(tokio_postgres::Error),
}

impl Db {
    /// Begins the read-only transaction reads of the target run in.
    pub async fn begin_read(&self, limits: &Limits) -> Result<(), Error> {
        self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await
            .map_err(|e| self.fail("starting a read-only transaction", &e))?;
        self.query("SELECT set_config('statement_timeout', $1, true)", &[&millis(limits.statement_timeout)])
            .await
            .map_err(|e| self.fail("setting up the read-only transaction", &e))?;
        Ok(())
    }

    /// Ends the read-only transaction, undoing whatever it changed.
    pub async fn end_read(&self) -> Result<(), Error> {
        self.batch("ROLLBACK").await.map_err(|e| self.fail("ending the read-only transaction", &e))
    }

    /// A query that may fail without ending the transaction it runs in.
    pub async fn query_guarded(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, tokio_postgres::Error> {
        self.batch("SAVEPOINT ogel_read").await?;
        let result = self.query(sql, params).await;
        let end = if result.is_ok() { "RELEASE SAVEPOINT ogel_read" } else { "ROLLBACK TO SAVEPOINT ogel_read" };
        self.batch(end).await?;
        result
    }

    /// Evaluates a query over declared SQL inside the read-only transaction, with `search_path`
    /// (names in the query are resolved with it), undone afterwards; refused when it wrote
    /// anything.
    pub async fn evaluate(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        search_path: &str,
    ) -> Result<Vec<Row>, Refusal> {
        self.batch("SAVEPOINT ogel_evaluate").await.map_err(Refusal::Failed)?;
        let mut result = self.query("SELECT set_config('search_path', $1, true)", &[&search_path]).await;
        if result.is_ok() {
            result = self.query(sql, params).await;
        }
        let wrote = match &result {
            Ok(_) => self
                .query_one("SELECT pg_current_xact_id_if_assigned() IS NOT NULL", &[])
                .await
                .map_err(Refusal::Failed)?
                .get::<_, bool>(0),
            Err(e) => e.code() == Some(&SqlState::READ_ONLY_SQL_TRANSACTION),
        };
        self.batch("ROLLBACK TO SAVEPOINT ogel_evaluate").await.map_err(Refusal::Failed)?;
        match result {
            _ if wrote => Err(Refusal::Writes(match &result {
                Err(e) => error_text(e),
                Ok(_) => "it changed the database".to_owned(),
            })),
            Ok(rows) => Ok(rows),
            Err(e) => Err(Refusal::Failed(e)),
        }
    }
}
