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

/// How far a plan may trust the declaration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Trust {
    /// Declared SQL (`when`, `!sql`) is evaluated on the target, read-only and rolled back.
    #[default]
    Trusted,
    /// `plan --untrusted` (a pull request): no declared SQL is evaluated on the target's server
    /// and no secret is read; what they decide is left for apply, and shown so.
    Untrusted,
    /// `apply --plan` of an untrusted plan: the same steps, with secrets read and the rows
    /// checked; declared SQL is still evaluated only at each step.
    ApplyUntrusted,
}

impl Trust {
    /// Whether `when` and `!sql` are left for apply to evaluate at each step.
    pub fn defers(self) -> bool {
        self != Trust::Trusted
    }

    /// Whether `${env:...}` secrets are read.
    pub fn reads_secrets(self) -> bool {
        self != Trust::Untrusted
    }
}

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

/// The target as a plan's header names it: `user@host:port/db, PostgreSQL 15.4, TLS`.
pub fn describe_target(db: &Db, server_version: i32) -> String {
    let (major, minor) = (server_version / 10000, server_version % 10000);
    // Before 10, versions had three parts; ogel supports 14 and later.
    let tls = if db.tls() { "TLS" } else { "no TLS" };
    format!("{}, PostgreSQL {major}.{minor}, {tls}", db.target())
}

/// Declared SQL that could not be evaluated.
#[derive(Debug)]
pub enum Refusal {
    /// It wrote (or tried to write) to the database.
    Writes(String),
    /// The server's error.
    Failed(tokio_postgres::Error),
}

/// Who holds the table locks that other sessions wait for, for an error about a lock timeout:
/// "held by pid 123 (psql, AccessExclusiveLock on platform.users, in its transaction since ...)".
pub async fn lock_holders(db: &Db) -> Option<String> {
    const HOLDERS: &str = "
        SELECT format('pid %s (%s, %s on %s%s)', a.pid, coalesce(nullif(a.application_name, ''), 'no application_name'),
                      l.mode, l.relation::regclass,
                      coalesce(', in its transaction since ' || to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', ''))
          FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
           AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock')
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY l.pid LIMIT 5";
    let rows = db.query(HOLDERS, &[]).await.ok()?;
    let holders: Vec<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    (!holders.is_empty()).then(|| holders.join("; "))
}

/// An error of a read that waited longer than `lock_timeout`, with who holds the locks.
pub async fn explain_lock_timeout(db: &Db, error: Error, limits: &Limits) -> Error {
    let Error::Failed { message, .. } = &error else { return error };
    if !message.contains("lock timeout") {
        return error;
    }
    let holders = lock_holders(db).await.map(|h| format!("\nheld by {h}")).unwrap_or_default();
    Error::with_help(
        format!("{message}{holders}"),
        format!(
            "another session holds a lock on a table ogel reads, for longer than --lock-timeout ({}); retry when it is done, or raise --lock-timeout. Nothing was changed.",
            humantime::format_duration(limits.lock_timeout)
        ),
    )
}

impl Db {
    /// The value of a query over declared SQL inside a transaction that writes (apply's): run
    /// in a read-only savepoint that is rolled back, so that nothing it did remains.
    pub async fn evaluate_in_transaction(&self, sql: &str) -> Result<Option<String>, Refusal> {
        self.batch("SAVEPOINT ogel_value; SET LOCAL transaction_read_only = on").await.map_err(Refusal::Failed)?;
        let result = self.query_one(sql, &[]).await;
        self.batch("ROLLBACK TO SAVEPOINT ogel_value").await.map_err(Refusal::Failed)?;
        match result {
            Ok(row) => Ok(row.get(0)),
            Err(e) if e.code() == Some(&SqlState::READ_ONLY_SQL_TRANSACTION) => Err(Refusal::Writes(error_text(&e))),
            Err(e) => Err(Refusal::Failed(e)),
        }
    }

    /// Begins the read-only transaction reads of the target run in.
    pub async fn begin_read(&self, limits: &Limits) -> Result<(), Error> {
        // The server bounds each read with statement_timeout; this bounds a server that cannot.
        self.set_deadline(Some(limits.statement_timeout + Duration::from_secs(10)));
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
        let ended = self.batch("ROLLBACK").await.map_err(|e| self.fail("ending the read-only transaction", &e));
        self.set_deadline(None);
        ended
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
