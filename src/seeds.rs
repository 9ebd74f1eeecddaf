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
use crate::model::seed::{Cell, SeedMode, SeedRow, SeedSet};
use crate::model::{Catalog, QualifiedName};
use crate::session::{Refusal, Trust};
use crate::spec::diagnostic::{Problem, Problems, Sources};

/// The seed changes of a plan, and the live rows they were computed from.
pub struct Rows {
    pub changes: Vec<Change>,
    /// "rows of platform.organizations (slug = lancio)" → what the live row held when compared
    /// (null: no such row), for a saved plan's fingerprint.
    pub seen: BTreeMap<String, serde_json::Value>,
}

/// The seed changes of a plan. `diff` holds the schema changes (a seed of a renamed table is
/// compared with the table under its old name).
pub async fn changes(
    db: &Db,
    search_path: &str,
    seeds: &[SeedSet],
    live: &Live,
    desired: &Catalog,
    diff: &Diff,
    sources: &Sources,
    trust: Trust,
) -> Result<Rows, Error> {
    let env = |name: &str| std::env::var(name).ok();
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let mut seen = BTreeMap::new();
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
        let before = problems.len();
        if !key.is_empty() && !unique_key(table, &key) {
            // Rows are matched on the key: if two live rows could share it, which one a
            // declared row stands for would be anyone's guess.
            problems.push(
                Problem::at_or_unplaced(
                    set.origin,
                    format!("the seeds of {} match rows on ({}), which is not unique in the table", set.table, key.join(", ")),
                    "this key",
                )
                .help("declare a primary key, unique constraint or unique index on exactly these columns, or match on one that is"),
            );
        }
        let mut set = set.clone();
        for row in &mut set.rows {
            for (column, cell) in &mut row.cells {
                let type_ = types.get(column).map(String::as_str).unwrap_or("text");
                if let Cell::Secret(secret) = cell
                    && trust.reads_secrets()
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
        // An untrusted plan compares only the rows it can without declared SQL or secrets.
        let deferred: Vec<usize> = if trust.defers() {
            (0..set.rows.len())
                .filter(|&i| set.rows[i].cells.iter().any(|(_, c)| !matches!(c, Cell::Value(_))))
                .collect()
        } else {
            Vec::new()
        };
        let kept: Vec<usize> = (0..set.rows.len()).filter(|i| !deferred.contains(i)).collect();
        let keys_deferred =
            deferred.iter().any(|&i| key.iter().any(|k| !matches!(set.rows[i].cell(k), Some(Cell::Value(_)) | None)));
        let comparable = SeedSet { rows: kept.iter().map(|&i| set.rows[i].clone()).collect(), ..set.clone() };
        let compared = match compare(db, search_path, &comparable, &key, &types, live, diff).await {
            Ok(compared) => compared,
            Err(message) if message.starts_with(WAITED) => {
                return Err(Error::failed(format!("{}: the seed rows of {}: {message}", db.target(), set.table)));
            }
            Err(message) => {
                problems.push(
                    Problem::at_or_unplaced(
                        set.origin,
                        format!("the seed rows of {}: {message}", set.table),
                        "these rows",
                    )
                    .help("fix the values in the seed file"),
                );
                continue;
            }
        };
        let writes_by_transition =
            diff.changes.iter().any(|c| matches!(c, Change::RunTransition(t) if t.writes.contains(&set.table)));
        let mut change = SeedChange {
            seeds: set,
            key,
            types,
            inserts: Vec::new(),
            updates: Vec::new(),
            deletes: Vec::new(),
            decided_at_apply: deferred,
            written: Vec::new(),
        };
        match compared {
            Some((rows, seen_rows)) => {
                for (i, live_row) in seen_rows.into_iter().enumerate() {
                    let name = change.seeds.row_name(kept[i], &change.key);
                    seen.insert(format!("rows of {} ({name})", change.seeds.table), live_row);
                }
                for (row, i) in rows.into_iter().zip(kept.iter().copied()) {
                    match row {
                        RowState::Missing => change.inserts.push(i),
                        RowState::Differs(columns) if change.seeds.mode != SeedMode::Insert => {
                            change.updates.push(RowUpdate { row: i, columns });
                        }
                        _ => {}
                    }
                }
            }
            None => {
                seen.insert(format!("rows of {}", change.seeds.table), serde_json::json!("not read: written whole"));
                change.inserts = kept.clone();
            }
        }
        change.written = if writes_by_transition {
            (0..change.seeds.rows.len()).collect()
        } else {
            let mut written: Vec<usize> = change
                .inserts
                .iter()
                .copied()
                .chain(change.updates.iter().map(|u| u.row))
                .chain(change.decided_at_apply.iter().copied())
                .collect();
            written.sort_unstable();
            written
        };
        // Deletes are a step of their own: the rows of a referencing table are deleted before
        // the rows they reference, the reverse of the order in which rows are written.
        let deletes = if change.seeds.mode == SeedMode::Sync {
            // Keys that declared SQL gives are known only at apply: so are the rows to delete.
            let deletes = if keys_deferred { Vec::new() } else { extra_rows(db, &change, live, diff).await? };
            // Rows a transition writes are only known when it has run: delete then too.
            (!deletes.is_empty() || writes_by_transition || keys_deferred).then(|| SeedChange {
                inserts: Vec::new(),
                updates: Vec::new(),
                written: Vec::new(),
                decided_at_apply: if keys_deferred { change.decided_at_apply.clone() } else { Vec::new() },
                deletes,
                ..change.clone()
            })
        } else {
            None
        };
        if !change.written.is_empty() {
            changes.push(Change::SeedRows(change));
        }
        changes.extend(deletes.map(Change::DeleteRows));
    }
    if problems.is_empty() {
        Ok(Rows { changes, seen })
    } else {
        Err(Error::Declaration(Problems { sources: sources.clone(), problems }))
    }
}

fn located(origin: Option<crate::spec::diagnostic::Origin>, message: String, help: impl Into<String>) -> Problem {
    Problem::at_or_unplaced(origin, message, "this row").help(help)
}

/// Whether `key` is exactly the columns of the table's primary key, of a unique constraint, or
/// of a unique index on plain columns without a predicate.
fn unique_key(table: &crate::model::Table, key: &[String]) -> bool {
    use crate::model::ConstraintKind;
    let same = |columns: &[String]| columns.len() == key.len() && key.iter().all(|k| columns.contains(k));
    let by_constraint = table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns, .. } | ConstraintKind::Unique { columns, .. } => same(columns),
        _ => false,
    });
    by_constraint
        || table.indexes.iter().filter(|i| i.unique).any(|i| {
            crate::spec::emit::parse::index_body(&i.body).is_some_and(|body| {
                let columns: Option<Vec<String>> = body.keys.iter().map(|k| k.column.clone()).collect();
                body.predicate.is_none() && columns.is_some_and(|c| same(&c))
            })
        })
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

/// Compares every declared row with the live table; `Ok(None)` when the rows cannot be
/// compared yet (no such table, key column or column of the declared type yet, or a `!sql` value
/// that names what does not exist yet): then every row is written, and matched again when the
/// step runs. `Err` is the server's message (secrets redacted) for values it refuses.
async fn compare(
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
const WAITED: &str = "reading the rows ran out of time: ";

/// A lock timeout or a statement timeout.
fn waited(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) || e.code() == Some(&SqlState::QUERY_CANCELED)
}

/// An error of a `!sql` value that names something the plan creates before the rows are
/// written.
fn not_yet(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    [SqlState::UNDEFINED_TABLE, SqlState::UNDEFINED_COLUMN, SqlState::UNDEFINED_FUNCTION, SqlState::UNDEFINED_SCHEMA]
        .iter()
        .any(|code| e.code() == Some(code))
}

/// `text` with each secret value replaced by `(secret)`: the server quotes values it refuses.
pub fn redact(text: &str, secrets: &[String]) -> String {
    secrets.iter().filter(|s| !s.is_empty()).fold(text.to_owned(), |text, secret| text.replace(secret, "(secret)"))
}

/// Live rows of a `sync` table that no declared row matches, by their key as text.
async fn extra_rows(db: &Db, change: &SeedChange, live: &Live, diff: &Diff) -> Result<Vec<Vec<Option<String>>>, Error> {
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

/// `v."v_<column>"`: a declared value in the `VALUES` list `v` of seed SQL.
pub fn v(column: &str) -> String {
    format!("v.{}", quote_ident(&format!("v_{column}")))
}

/// `t.a = v."v_a" AND ...`: the live row `t` that is the declared row of `v`, matched on
/// `key` (declared column → live column).
pub fn key_match(key: &[String], live_column: impl Fn(&str) -> String) -> String {
    key.iter().map(|k| format!("t.{} = {}", quote_ident(&live_column(k)), v(k))).collect::<Vec<_>>().join(" AND ")
}

/// ` WHERE NOT EXISTS (...)`: the rows of `t` that no declared row of `seeds` matches on
/// `key`; nothing (every row) when no row is declared.
pub fn undeclared(
    seeds: &SeedSet,
    key: &[String],
    type_of: impl Fn(&str) -> String,
    live_column: impl Fn(&str) -> String,
    params: &mut Bindings,
) -> String {
    if seeds.rows.is_empty() {
        return String::new();
    }
    let rows: Vec<&SeedRow> = seeds.rows.iter().collect();
    let values = Values::new(&rows, key, type_of, params);
    format!("\n WHERE NOT EXISTS (SELECT 1 FROM {} WHERE {})", values.from_clause(), key_match(key, live_column))
}

/// Declared rows as a `VALUES` list: each numbered (`ord`, from 1) and with the value of every
/// given column, cast to its type (NULL where the row does not declare the column).
pub struct Values {
    /// `ord, "v_a", "v_b"`
    pub names: String,
    /// `(1, 'x'::text, NULL::integer), ...`
    pub rows: Vec<String>,
}

impl Values {
    pub fn new(
        rows: &[&SeedRow],
        columns: &[impl AsRef<str>],
        type_of: impl Fn(&str) -> String,
        params: &mut Bindings,
    ) -> Values {
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut items = vec![(i + 1).to_string()];
                for c in columns {
                    let type_ = type_of(c.as_ref());
                    items.push(match row.cell(c.as_ref()) {
                        Some(cell) => cell_sql(cell, &type_, params),
                        None => format!("NULL::{type_}"),
                    });
                }
                format!("({})", items.join(", "))
            })
            .collect();
        let names = std::iter::once("ord".to_owned())
            .chain(columns.iter().map(|c| quote_ident(&format!("v_{}", c.as_ref()))))
            .collect::<Vec<_>>()
            .join(", ");
        Values { names, rows }
    }

    /// `(VALUES ...) AS v(ord, ...)`
    pub fn from_clause(&self) -> String {
        format!("(VALUES {}) AS v({})", self.rows.join(", "), self.names)
    }
}

/// The values a statement binds as parameters `$1`, `$2`, ...: secrets, and in statements that
/// apply runs, `!sql` values.
#[derive(Debug, Default)]
pub struct Bindings {
    /// The value of each parameter (empty for an evaluated one until apply evaluates it).
    pub values: Vec<String>,
    /// Parameter number → the query that gives its value, run read-only just before the
    /// statement.
    pub evaluated: Vec<(usize, String)>,
    /// Whether `!sql` values become evaluated parameters; else they are part of the statement,
    /// which then runs where it cannot write (a plan's read-only evaluation).
    pub defer_sql: bool,
}

impl Bindings {
    /// Bindings of a statement that apply runs.
    pub fn deferred() -> Bindings {
        Bindings { defer_sql: true, ..Bindings::default() }
    }

    /// `$n`, for a new parameter with `value`.
    fn bind(&mut self, value: String) -> usize {
        self.values.push(value);
        self.values.len()
    }
}

/// A declared value as an SQL expression of the column's type. Secrets become bind
/// parameters, appended to `params`; so do `!sql` values where `params` defers them.
pub fn cell_sql(cell: &Cell, type_: &str, params: &mut Bindings) -> String {
    match cell {
        Cell::Value(value) => match value_text(value, type_) {
            Ok(Some(text)) => format!("{}::{type_}", quote_literal(&text)),
            _ => format!("NULL::{type_}"),
        },
        Cell::Sql(sql) if params.defer_sql => {
            let n = params.bind(String::new());
            params.evaluated.push((n, format!("SELECT (({sql})::{type_})::text")));
            format!("${n}::text::{type_}")
        }
        Cell::Sql(sql) => format!("({sql})::{type_}"),
        Cell::Secret(secret) => {
            // Bound as text, cast by the server: a parameter typed as the column would need
            // the value in that type's binary form.
            let n = params.bind(secret.value.clone().unwrap_or_default());
            format!("${n}::text::{type_}")
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
