//! Declared values as SQL: `VALUES` lists, casts to the column's type, bound parameters.

use crate::model::ident::{quote_ident, quote_literal};
use crate::model::seed::{Cell, SeedRow, SeedSet};

/// `text` with each secret value replaced by `(secret)`: the server quotes values it refuses.
pub fn redact(text: &str, secrets: &[String]) -> String {
    secrets.iter().filter(|s| !s.is_empty()).fold(text.to_owned(), |text, secret| text.replace(secret, "(secret)"))
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
