//! Declared one-time data steps: each is part of the plan while its condition holds on the
//! live database, and absent once it does not.

use crate::db::{Db, error_text};
use crate::diff::Change;
use crate::error::Error;
use crate::model::Transition;
use crate::session::Refusal;
use crate::spec::diagnostic::{Problem, Problems, Sources};

/// The transitions whose `when` holds on the live database, evaluated with the search path
/// the apply runs them with.
pub async fn pending(
    db: &Db,
    transitions: &[Transition],
    search_path: &str,
    sources: &Sources,
    defer: bool,
) -> Result<Vec<Change>, Error> {
    if defer {
        // Every transition is a step; apply evaluates its `when` just before it.
        return Ok(transitions
            .iter()
            .map(|t| Change::RunTransition(Transition { deferred: true, ..t.clone() }))
            .collect());
    }
    if transitions.is_empty() {
        return Ok(Vec::new());
    }
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    for transition in transitions {
        let sql = format!("SELECT ({})::boolean", transition.when);
        let (message, help) = match db.evaluate(&sql, &[], search_path).await {
            Ok(rows) => {
                if rows.first().and_then(|r| r.get::<_, Option<bool>>(0)) == Some(true) {
                    changes.push(Change::RunTransition(transition.clone()));
                }
                continue;
            }
            Err(Refusal::Writes(why)) => (
                format!("the `when` of transition {} writes to the database: {why}", transition.name),
                "a `when` must not write: it is a condition, evaluated read-only and rolled back; data changes belong in `sql`",
            ),
            Err(Refusal::Failed(e)) => (
                format!("the condition of transition {} fails on the database: {}", transition.name, error_text(&e)),
                "`when` is an SQL boolean evaluated against the live database at plan time",
            ),
        };
        problems.push(Problem::at_or_unplaced(transition.origin, message, "this transition").help(help));
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Declaration(Problems { sources: sources.clone(), problems }))
    }
}

/// What the tables that the plan's transitions read and write hold now, as a hash of their
/// rows, for a saved plan's fingerprint: a transition reviewed against these rows applies only
/// to these rows.
pub async fn seen(
    db: &Db,
    diff: &crate::diff::Diff,
    live: &crate::introspect::Live,
) -> Result<Vec<(String, serde_json::Value)>, Error> {
    let mut tables: Vec<(&str, crate::model::QualifiedName)> = Vec::new();
    for change in &diff.changes {
        if let Change::RunTransition(t) = change {
            for table in t.reads.iter().chain(&t.writes) {
                tables.push((&t.name, diff.renames.live_table(table)));
            }
        }
    }
    let mut seen = Vec::new();
    for (transition, table) in tables {
        if live.catalog.table(&table).is_none() {
            continue;
        }
        let sql = format!(
            "SELECT encode(sha256(convert_to(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''), 'UTF8')), 'hex') FROM {} AS t",
            table.sql()
        );
        let rows =
            db.query_guarded(&sql, &[]).await.map_err(|e| db.fail(&format!("reading the rows of {table}"), &e))?;
        let hash: Option<String> = rows.first().and_then(|r| r.get(0));
        seen.push((format!("rows of {table} (read or written by transition {transition})"), serde_json::json!(hash)));
    }
    Ok(seen)
}
