//! Declared rows against the live table: one query per seeded table, every value cast to its
//! column's type by PostgreSQL and compared there.

use std::collections::BTreeMap;

use tokio_postgres::types::ToSql;

use super::values::{Bindings, Values, comparable, key_match, redact, undeclared, v};
use crate::db::Db;
use crate::diff::{ColumnUpdate, Diff, SeedChange};
use crate::error::Error;
use crate::introspect::Live;
use crate::model::QualifiedName;
use crate::model::ident::quote_ident;
use crate::model::seed::{Cell, SeedRow, SeedSet};
use crate::session::Refusal;

pub(super) enum RowState {
    Missing,
    Same,
    Differs(Vec<ColumnUpdate>),
}

/// A seeded table as it is in the live catalog.
struct LiveTable {
    name: QualifiedName,
    /// Declared column name → (live column name, live type).
    columns: BTreeMap<String, (String, String)>,
}

/// Where a seeded table is in the live catalog (under its old name, if the plan renames it),
/// or `None` when it does not exist yet.
fn live_table(table: &QualifiedName, live: &Live, diff: &Diff) -> Option<LiveTable> {
    let name = diff.renames.live_table(table);
    let found = live.catalog.table(&name)?;
    let columns = found
        .columns
        .iter()
        .map(|c| (diff.renames.column(table, &c.name), (c.name.clone(), c.data_type.clone())))
        .collect();
    Some(LiveTable { name, columns })
}

/// Compares every declared row with the live table; `Ok(None)` when the rows cannot be
/// compared yet (no such table, key column or column of the declared type yet, or a `!sql` value
/// that names what does not exist yet): then every row is written, and matched again when the
/// step runs. `Err` is the server's message (secrets redacted) for values it refuses.
pub(super) async fn compare(
    db: &Db,
    search_path: &str,
    set: &SeedSet,
    key: &[String],
    types: &BTreeMap<String, String>,
    live: &Live,
    diff: &Diff,
) -> Result<Option<(Vec<RowState>, Vec<serde_json::Value>)>, String> {
    let Some(LiveTable { name: live_name, columns: live_columns }) = live_table(&set.table, live, diff) else {
        return Ok(None);
    };
    if key.is_empty() || key.iter().any(|k| !live_columns.contains_key(k)) {
        return Ok(None);
    }
    if set.rows.is_empty() {
        return Ok(Some((Vec::new(), Vec::new())));
    }
    // A column whose type the plan changes holds values of the old type until then.
    let retyped = |c: &str| live_columns.get(c).is_some_and(|(_, live_type)| types.get(c) != Some(live_type));
    if set.rows.iter().flat_map(|r| &r.cells).any(|(c, _)| retyped(c)) {
        return Ok(None);
    }
    // Every declared column, in first-declared order; a row that does not declare a column
    // gets NULL there and the column is not compared for it.
    let mut columns: Vec<&str> = Vec::new();
    for row in &set.rows {
        for (c, _) in &row.cells {
            if !columns.contains(&c.as_str()) && live_columns.contains_key(c) {
                columns.push(c);
            }
        }
    }
    let mut bindings = Bindings::default();
    let rows: Vec<&SeedRow> = set.rows.iter().collect();
    let values = Values::new(&rows, &columns, |c| live_columns[c].1.clone(), &mut bindings);
    let params = bindings.values;
    let join = key_match(key, |k| live_columns[k].0.clone());
    let mut select = vec!["v.ord".to_owned(), "t.ctid IS NOT NULL".to_owned()];
    for c in &columns {
        let (live_column, type_) = &live_columns[*c];
        let live_value = format!("t.{}", quote_ident(live_column));
        select.push(format!("{} IS DISTINCT FROM {}", comparable(&live_value, type_), comparable(&v(c), type_)));
        select.push(format!("{live_value}::text"));
    }
    // The key is unique in the table (checked before): one live row at most per declared row.
    let sql = format!(
        "SELECT {} FROM {} LEFT JOIN {} AS t ON {} ORDER BY v.ord",
        select.join(", "),
        values.from_clause(),
        live_name.sql(),
        join
    );
    let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    // `!sql` values are evaluated read-only and undone, and must not write.
    let declares_sql = set.rows.iter().flat_map(|r| &r.cells).any(|(_, c)| matches!(c, Cell::Sql(_)));
    let result = if declares_sql {
        db.evaluate(&sql, &bound, search_path).await
    } else {
        db.query_guarded(&sql, &bound).await.map_err(Refusal::Failed)
    };
    let rows = match result {
        Ok(rows) => rows,
        Err(Refusal::Failed(e)) if not_yet(&e) => return Ok(None),
        // A wait that ran out says nothing about the values: the caller reports it as such.
        Err(Refusal::Failed(e)) if waited(&e) => return Err(format!("{WAITED}{}", crate::db::error_text(&e))),
        Err(Refusal::Failed(e)) => return Err(redact(&crate::db::error_text(&e), &params)),
        Err(Refusal::Writes(why)) => {
            return Err(format!(
                "a `!sql` value writes to the database ({}); it must only read",
                redact(&why, &params)
            ));
        }
    };
    let mut states = Vec::new();
    let mut seen = Vec::new();
    for (row, result) in set.rows.iter().zip(rows) {
        if !result.get::<_, bool>(1) {
            states.push(RowState::Missing);
            seen.push(serde_json::Value::Null);
            continue;
        }
        seen.push(seen_row(row, &columns, &result));
        let mut differing = Vec::new();
        for (i, c) in columns.iter().enumerate() {
            let Some(cell) = row.cell(c) else { continue };
            if key.iter().any(|k| k == c) || !result.get::<_, bool>(2 + 2 * i) {
                continue;
            }
            let live_value: Option<String> = result.get(3 + 2 * i);
            let shown =
                if matches!(cell, Cell::Secret(_)) { live_value.map(|_| "(secret)".to_owned()) } else { live_value };
            differing.push(ColumnUpdate { column: (*c).to_owned(), live: shown });
        }
        // Declared columns the live table does not have yet are written too.
        for (c, _) in &row.cells {
            if !live_columns.contains_key(c) {
                differing.push(ColumnUpdate { column: c.clone(), live: None });
            }
        }
        states.push(if differing.is_empty() { RowState::Same } else { RowState::Differs(differing) });
    }
    Ok(Some((states, seen)))
}

/// What a saved plan's fingerprint records of a live row a declared row was compared with: the
/// live value of each compared column (of a secret column only whether it differs, so that no
/// secret is saved even hashed).
fn seen_row(row: &SeedRow, columns: &[&str], result: &tokio_postgres::Row) -> serde_json::Value {
    let mut values = serde_json::Map::new();
    for (i, c) in columns.iter().enumerate() {
        let value = if matches!(row.cell(c), Some(Cell::Secret(_))) {
            serde_json::json!({ "differs": result.get::<_, bool>(2 + 2 * i) })
        } else {
            serde_json::json!(result.get::<_, Option<String>>(3 + 2 * i))
        };
        values.insert((*c).to_owned(), value);
    }
    serde_json::Value::Object(values)
}

/// The start of a comparison's error that is a wait that ran out, not a verdict on the values.
pub(super) const WAITED: &str = "reading the rows ran out of time: ";

/// A lock timeout or a statement timeout.
fn waited(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) || e.code() == Some(&SqlState::QUERY_CANCELED)
}

/// Checks the declared values of rows that could not be compared (their table does not exist
/// yet, say) by casting each to its column's declared type: a value the server refuses is
/// reported by the plan, not by the apply. `!sql` values and secrets are left to their step.
pub(super) async fn check_values(db: &Db, set: &SeedSet, types: &BTreeMap<String, String>) -> Result<(), String> {
    let mut casts = Vec::new();
    let mut bindings = Bindings::default();
    for row in &set.rows {
        for (column, cell) in &row.cells {
            if let (Cell::Value(_), Some(type_)) = (cell, types.get(column)) {
                casts.push(format!("({})::text", super::values::cell_sql(cell, type_, &mut bindings)));
            }
        }
    }
    if casts.is_empty() {
        return Ok(());
    }
    let sql = format!("SELECT ARRAY[{}]", casts.join(", "));
    match db.query_guarded(&sql, &[]).await {
        Ok(_) => Ok(()),
        // A type the plan creates (an extension's) is not there yet: the step will tell.
        Err(e) if not_yet(&e) || e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_OBJECT) => Ok(()),
        Err(e) if waited(&e) => Err(format!("{WAITED}{}", crate::db::error_text(&e))),
        Err(e) => Err(crate::db::error_text(&e)),
    }
}

/// An error of a `!sql` value that names something the plan creates before the rows are
/// written.
fn not_yet(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    [SqlState::UNDEFINED_TABLE, SqlState::UNDEFINED_COLUMN, SqlState::UNDEFINED_FUNCTION, SqlState::UNDEFINED_SCHEMA]
        .iter()
        .any(|code| e.code() == Some(code))
}

/// Live rows of a `sync` table that no declared row matches, by their key as text.
pub(super) async fn extra_rows(
    db: &Db,
    change: &SeedChange,
    live: &Live,
    diff: &Diff,
) -> Result<Vec<Vec<Option<String>>>, Error> {
    let Some(LiveTable { name: live_name, columns: live_columns }) = live_table(&change.seeds.table, live, diff) else {
        return Ok(Vec::new());
    };
    if change.key.iter().any(|k| !live_columns.contains_key(k)) {
        return Ok(Vec::new());
    }
    let mut bindings = Bindings::default();
    let shown: Vec<String> =
        change.key.iter().map(|k| format!("t.{}::text", quote_ident(&live_columns[k].0))).collect();
    let sql = format!(
        "SELECT {} FROM {} AS t{} ORDER BY 1",
        shown.join(", "),
        live_name.sql(),
        undeclared(
            &change.seeds,
            &change.key,
            |k| live_columns[k].1.clone(),
            |k| live_columns[k].0.clone(),
            &mut bindings
        )
    );
    let params = bindings.values;
    let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    let rows = db.query_guarded(&sql, &bound).await.map_err(|e| {
        Error::failed(format!(
            "{}: reading the rows of {}: {}",
            db.target(),
            change.seeds.table,
            redact(&crate::db::error_text(&e), &params)
        ))
    })?;
    Ok(rows.iter().map(|r| (0..change.key.len()).map(|i| r.get::<_, Option<String>>(i)).collect()).collect())
}
