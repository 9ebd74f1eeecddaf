//! Declared rows against live rows: which to insert, update or delete.
//!
//! Every declared value is cast to its column's type by PostgreSQL and compared there, so `0`
//! and `0.00` are the same numeric and a YAML map is the same jsonb whatever its key order.
//! One query per seeded table, for all its rows.

use std::collections::BTreeMap;

use tokio_postgres::types::ToSql;

use crate::db::Db;
use crate::diff::{Change, ColumnUpdate, Diff, RowUpdate, SeedChange};
use crate::error::Error;
use crate::introspect::Live;
use crate::model::ident::{quote_ident, quote_literal};
use crate::model::seed::{Cell, SeedMode, SeedSet};
use crate::model::{Catalog, QualifiedName};
use crate::spec::diagnostic::{Problem, Problems, Sources};

/// The seed changes of a plan. `diff` holds the schema changes (a seed of a renamed table is
/// compared with the table under its old name).
pub async fn changes(
    db: &Db,
    seeds: &[SeedSet],
    live: &Live,
    desired: &Catalog,
    diff: &Diff,
    sources: &Sources,
) -> Result<Vec<Change>, Error> {
    let env = |name: &str| std::env::var(name).ok();
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for set in seeds {
        let Some(table) = desired.table(&set.table) else { continue };
        let types: BTreeMap<String, String> =
            table.columns.iter().map(|c| (c.name.clone(), c.data_type.clone())).collect();
        let key = if set.key.is_empty() {
            match table.primary_key().map(|c| &c.kind) {
                Some(crate::model::ConstraintKind::PrimaryKey { columns, .. }) => columns.clone(),
                _ => Vec::new(),
            }
        } else {
            set.key.clone()
        };
        let mut set = set.clone();
        let before = problems.len();
        for row in &mut set.rows {
            for (column, cell) in &mut row.cells {
                let type_ = types.get(column).map(String::as_str).unwrap_or("text");
                if let Cell::Secret(secret) = cell
                    && let Err(name) = secret.resolve(&env)
                {
                    problems.push(located(
                        row.origin,
                        format!("this row of {} takes column {column} from the environment variable {name}, which is not set", set.table),
                        format!("set {name}, or declare the value in the seed file"),
                    ));
                }
                if let Cell::Value(value) = cell
                    && let Err(message) = value_text(value, type_)
                {
                    problems.push(located(
                        row.origin,
                        format!("column {column} of {}: {message}", set.table),
                        "write a value of the column's type",
                    ));
                }
            }
        }
        if problems.len() > before {
            continue;
        }
        let compared = compare(db, &set, &key, live, diff).await;
        let writes_by_transition =
            diff.changes.iter().any(|c| matches!(c, Change::RunTransition(t) if t.writes.contains(&set.table)));
        let mut change = SeedChange {
            seeds: set,
            key,
            types,
            inserts: Vec::new(),
            updates: Vec::new(),
            deletes: Vec::new(),
            written: Vec::new(),
        };
        match compared {
            Some(rows) => {
                for (i, row) in rows.into_iter().enumerate() {
                    match row {
                        RowState::Missing => change.inserts.push(i),
                        RowState::Differs(columns) if change.seeds.mode != SeedMode::Insert => {
                            change.updates.push(RowUpdate { row: i, columns });
                        }
                        _ => {}
                    }
                }
            }
            None => change.inserts = (0..change.seeds.rows.len()).collect(),
        }
        if change.seeds.mode == SeedMode::Sync {
            change.deletes = extra_rows(db, &change, live, diff).await?;
        }
        change.written = if writes_by_transition {
            (0..change.seeds.rows.len()).collect()
        } else {
            let mut written: Vec<usize> =
                change.inserts.iter().copied().chain(change.updates.iter().map(|u| u.row)).collect();
            written.sort_unstable();
            written
        };
        if !change.written.is_empty() || !change.deletes.is_empty() {
            changes.push(Change::SeedRows(change));
        }
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Declaration(Problems { sources: sources.clone(), problems }))
    }
}

fn located(origin: Option<crate::spec::diagnostic::Origin>, message: String, help: impl Into<String>) -> Problem {
    Problem::at_or_unplaced(origin, message, "this row").help(help)
}

enum RowState {
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

/// Compares every declared row with the live table; `None` when the rows cannot be compared
/// (no such table or key column yet, or a `!sql` value that cannot be evaluated yet): then
/// every row is written, and matched again when the step runs.
async fn compare(db: &Db, set: &SeedSet, key: &[String], live: &Live, diff: &Diff) -> Option<Vec<RowState>> {
    let LiveTable { name: live_name, columns: live_columns } = live_table(&set.table, live, diff)?;
    if key.is_empty() || key.iter().any(|k| !live_columns.contains_key(k)) {
        return None;
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
    let mut params: Vec<String> = Vec::new();
    let mut values = Vec::new();
    for (i, row) in set.rows.iter().enumerate() {
        let mut items = vec![(i + 1).to_string()];
        for c in &columns {
            let type_ = &live_columns[*c].1;
            items.push(match row.cell(c) {
                Some(cell) => cell_sql(cell, type_, &mut params),
                None => format!("NULL::{type_}"),
            });
        }
        values.push(format!("({})", items.join(", ")));
    }
    let names: Vec<String> =
        std::iter::once("ord".to_owned()).chain(columns.iter().map(|c| quote_ident(&format!("v_{c}")))).collect();
    let join: Vec<String> = key
        .iter()
        .map(|k| format!("t.{} = v.{}", quote_ident(&live_columns[k].0), quote_ident(&format!("v_{k}"))))
        .collect();
    let mut select = vec!["v.ord".to_owned(), "t.ctid IS NOT NULL".to_owned()];
    for c in &columns {
        let (live_column, type_) = &live_columns[*c];
        let live_value = format!("t.{}", quote_ident(live_column));
        let declared = format!("v.{}", quote_ident(&format!("v_{c}")));
        select.push(format!("{} IS DISTINCT FROM {}", comparable(&live_value, type_), comparable(&declared, type_)));
        select.push(format!("{live_value}::text"));
    }
    let sql = format!(
        "SELECT DISTINCT ON (v.ord) {} FROM (VALUES {}) AS v({}) LEFT JOIN {} AS t ON {} ORDER BY v.ord",
        select.join(", "),
        values.join(", "),
        names.join(", "),
        live_name.sql(),
        join.join(" AND ")
    );
    let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    let rows = db.query(&sql, &bound).await.ok()?;
    let mut states = Vec::new();
    for (row, result) in set.rows.iter().zip(rows) {
        if !result.get::<_, bool>(1) {
            states.push(RowState::Missing);
            continue;
        }
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
    Some(states)
}

/// Live rows of a `sync` table that no declared row matches, by their key as text.
async fn extra_rows(db: &Db, change: &SeedChange, live: &Live, diff: &Diff) -> Result<Vec<Vec<Option<String>>>, Error> {
    let Some(LiveTable { name: live_name, columns: live_columns }) = live_table(&change.seeds.table, live, diff) else {
        return Ok(Vec::new());
    };
    if change.key.iter().any(|k| !live_columns.contains_key(k)) {
        return Ok(Vec::new());
    }
    let mut params = Vec::new();
    let values: Vec<String> = change
        .seeds
        .rows
        .iter()
        .map(|row| {
            let items: Vec<String> = change
                .key
                .iter()
                .map(|k| {
                    row.cell(k)
                        .map_or_else(|| "NULL".to_owned(), |cell| cell_sql(cell, &live_columns[k].1, &mut params))
                })
                .collect();
            format!("({})", items.join(", "))
        })
        .collect();
    let names: Vec<String> = change.key.iter().map(|k| quote_ident(&format!("v_{k}"))).collect();
    let matches: Vec<String> = change
        .key
        .iter()
        .map(|k| format!("t.{} = v.{}", quote_ident(&live_columns[k].0), quote_ident(&format!("v_{k}"))))
        .collect();
    let shown: Vec<String> =
        change.key.iter().map(|k| format!("t.{}::text", quote_ident(&live_columns[k].0))).collect();
    let sql = format!(
        "SELECT {} FROM {} AS t WHERE NOT EXISTS (SELECT 1 FROM (VALUES {}) AS v({}) WHERE {}) ORDER BY 1",
        shown.join(", "),
        live_name.sql(),
        values.join(", "),
        names.join(", "),
        matches.join(" AND ")
    );
    let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
    let rows = db
        .query(&sql, &bound)
        .await
        .map_err(|e| db.fail(&format!("reading the rows of {}", change.seeds.table), &e))?;
    Ok(rows.iter().map(|r| (0..change.key.len()).map(|i| r.get::<_, Option<String>>(i)).collect()).collect())
}

/// A declared value as an SQL expression of the column's type. Secrets become bind
/// parameters, appended to `params`.
pub fn cell_sql(cell: &Cell, type_: &str, params: &mut Vec<String>) -> String {
    match cell {
        Cell::Value(value) => match value_text(value, type_) {
            Ok(Some(text)) => format!("{}::{type_}", quote_literal(&text)),
            _ => format!("NULL::{type_}"),
        },
        Cell::Sql(sql) => format!("({sql})::{type_}"),
        Cell::Secret(secret) => {
            params.push(secret.value.clone().unwrap_or_default());
            format!("${}::{type_}", params.len())
        }
    }
}

/// The text PostgreSQL reads a YAML value of a column of type `type_` from: JSON for json
/// columns, an array literal for array columns, the scalar's spelling otherwise.
pub fn value_text(value: &serde_json::Value, type_: &str) -> Result<Option<String>, String> {
    use serde_json::Value as V;
    let json = matches!(type_, "json" | "jsonb");
    Ok(match value {
        V::Null => None,
        _ if json => Some(value.to_string()),
        V::Array(items) if type_.ends_with("[]") => Some(array_literal(items)),
        V::Array(_) | V::Object(_) => {
            return Err(format!("a YAML {} does not fit type {type_}", if value.is_array() { "list" } else { "map" }));
        }
        V::String(s) => Some(s.clone()),
        V::Bool(b) => Some(b.to_string()),
        V::Number(n) => Some(n.to_string()),
    })
}

/// A PostgreSQL array literal: `{"a","b c",NULL}`.
fn array_literal(items: &[serde_json::Value]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            serde_json::Value::Null => "NULL".to_owned(),
            serde_json::Value::Array(inner) => array_literal(inner),
            serde_json::Value::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            other => format!("\"{}\"", other.to_string().replace('\\', "\\\\").replace('"', "\\\"")),
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

/// An expression compared with `IS DISTINCT FROM`: json has no equality, compare it as jsonb.
pub fn comparable(expr: &str, type_: &str) -> String {
    match type_ {
        "json" => format!("{expr}::jsonb"),
        "xml" | "point" | "line" | "polygon" | "path" | "box" | "circle" => format!("{expr}::text"),
        _ => expr.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_spelled_for_their_column_type() {
        assert_eq!(value_text(&json!({"b": 1, "a": [true]}), "jsonb").unwrap().unwrap(), r#"{"a":[true],"b":1}"#);
        assert_eq!(value_text(&json!(["a b", "c\"d", null]), "text[]").unwrap().unwrap(), r#"{"a b","c\"d",NULL}"#);
        assert_eq!(value_text(&json!(0), "numeric(10,2)").unwrap().unwrap(), "0");
        assert_eq!(value_text(&json!(null), "text").unwrap(), None);
        assert!(value_text(&json!({"a": 1}), "text").is_err());
    }
}
