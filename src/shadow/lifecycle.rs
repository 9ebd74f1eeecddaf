//! Creating and dropping shadow databases, and clearing those that killed runs left behind.
//!
//! A shadow database is created from `template0` and marked with a comment that says it is
//! ogel's and when the server created it. A run that is killed (SIGKILL, a lost machine)
//! cannot drop its shadow; a later run drops such leftovers, and only those that are certainly
//! ogel's and certainly abandoned: owned by the same role, named and marked as ogel's shadows,
//! older than an hour, with no connection.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio_postgres::error::SqlState;

use crate::db::{Db, error_text};
use crate::error::Error;
use crate::model::ident::{quote_ident, quote_literal};

/// The start of every shadow database's comment.
const MARKER: &str = "ogel shadow database, created at epoch ";

/// A name for a new shadow database.
pub fn new_name() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("ogel_shadow_{}_{nanos:09}", std::process::id())
}

/// Creates the shadow database `name`. [`mark`] it next.
pub async fn create(admin: &Db, name: &str) -> Result<(), Error> {
    let sql = format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(name));
    admin.run(&sql, &[]).await.map(|_| ()).map_err(|e| cannot_create(admin, &e))
}

/// Marks a shadow database as ogel's, with the server's time of creation.
pub async fn mark(admin: &Db, name: &str) -> Result<(), Error> {
    let marked = async {
        let now: i64 = admin.query_one("SELECT extract(epoch FROM now())::bigint", &[]).await?.get(0);
        let comment = format!("{MARKER}{now}; dropped when its run ends");
        admin.run(&format!("COMMENT ON DATABASE {} IS {}", quote_ident(name), quote_literal(&comment)), &[]).await
    };
    marked.await.map(|_| ()).map_err(|e| admin.fail("marking the shadow database as ogel's", &e))
}

fn cannot_create(admin: &Db, e: &tokio_postgres::Error) -> Error {
    let message = format!(
        "{}: cannot create the shadow database ogel normalizes the declaration in: {}",
        admin.target(),
        error_text(e)
    );
    let help = match e.code() {
        Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => {
            "grant the role CREATEDB, or pass --shadow-url with a server of the same major version where it may create databases"
        }
        Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION => {
            "the server is read-only (a hot standby, or default_transaction_read_only is on): point ogel at the primary, or pass --shadow-url with a writable server of the same major version"
        }
        _ => return Error::failed(message),
    };
    Error::with_help(message, help)
}

pub async fn drop_database(admin: &Db, name: &str) -> Result<(), Error> {
    let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name));
    admin.run(&sql, &[]).await.map(|_| ()).map_err(|e| admin.fail(&format!("dropping the shadow database {name}"), &e))
}

/// Drops the shadow databases that killed runs of this role left behind. Best effort: a
/// leftover that cannot be dropped now is left for a later run.
pub async fn drop_leftovers(admin: &Db) {
    const LEFTOVERS: &str = r"
        SELECT d.datname
          FROM pg_database d
         WHERE d.datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)
           AND d.datname LIKE 'ogel\_shadow\_%'
           AND starts_with(shobj_description(d.oid, 'pg_database'), $1)
           AND to_timestamp(substring(shobj_description(d.oid, 'pg_database') FROM '^[^0-9]*([0-9]+)')::bigint)
               < now() - interval '1 hour'
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)";
    let Ok(rows) = admin.query(LEFTOVERS, &[&MARKER]).await else { return };
    for row in rows {
        let name: String = row.get(0);
        // Without FORCE: a leftover someone connected to since is not abandoned.
        let _ = admin.run(&format!("DROP DATABASE IF EXISTS {}", quote_ident(&name)), &[]).await;
    }
}
