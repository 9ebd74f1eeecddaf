//! Declared reference rows.

use serde::Serialize;

use super::QualifiedName;
use crate::spec::diagnostic::Origin;
pub use crate::spec::seed::SeedMode;

/// The rows declared for one table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedSet {
    pub table: QualifiedName,
    /// Columns that identify a row; empty: the table's primary key.
    pub key: Vec<String>,
    pub mode: SeedMode,
    pub rows: Vec<SeedRow>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedRow {
    /// Column → value, in the order written.
    pub cells: Vec<(String, Cell)>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl SeedRow {
    pub fn cell(&self, column: &str) -> Option<&Cell> {
        self.cells.iter().find(|(c, _)| c == column).map(|(_, v)| v)
    }
}

/// One declared value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// A YAML value: null, boolean, number, string, list or map; typed by its column.
    Value(serde_json::Value),
    /// An SQL expression the server evaluates (`!sql`).
    Sql(String),
    /// A string that takes `${env:NAME}` references from the environment. Shown and saved as
    /// `(secret)`; its value is read from the environment when a plan is made.
    #[serde(serialize_with = "secret")]
    Secret(Secret),
}

/// A secret as declared, and its value once read from the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct Secret {
    pub template: String,
    pub value: Option<String>,
}

fn secret<S: serde::Serializer>(_: &Secret, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("(secret)")
}

impl Secret {
    /// Reads `${env:NAME}` references; `Err(NAME)` for the first one that is not set.
    pub fn resolve(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), String> {
        let mut value = String::new();
        let mut rest = self.template.as_str();
        while let Some(start) = rest.find("${env:") {
            value.push_str(&rest[..start]);
            let after = &rest[start + 6..];
            let Some(end) = after.find('}') else {
                value.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            value.push_str(&env(name).ok_or_else(|| name.to_owned())?);
            rest = &after[end + 1..];
        }
        value.push_str(rest);
        self.value = Some(value);
        Ok(())
    }
}

impl Cell {
    /// The value as a person reads it in a plan: `Free`, `25`, `{"a":1}`, `!sql ...`,
    /// `(secret)`.
    pub fn display(&self) -> String {
        match self {
            Cell::Value(serde_json::Value::String(s)) => s.clone(),
            Cell::Value(serde_json::Value::Null) => "NULL".to_owned(),
            Cell::Value(v) => v.to_string(),
            Cell::Sql(sql) => format!("!sql {sql}"),
            Cell::Secret(_) => "(secret)".to_owned(),
        }
    }
}

impl SeedSet {
    /// How a row is named in messages: `id = tier_pro`, by the given key columns.
    pub fn row_name(&self, row: usize, key: &[String]) -> String {
        let row = &self.rows[row];
        key.iter()
            .map(|k| format!("{k} = {}", row.cell(k).map_or_else(|| "?".to_owned(), Cell::display)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn secrets_take_every_reference_from_the_environment() {
        let env = |name: &str| (name == "PW").then(|| "hunter2".to_owned());
        let mut s = Secret { template: "postgres://u:${env:PW}@h/${env:PW}".into(), value: None };
        s.resolve(&env).unwrap();
        assert_eq!(s.value.as_deref(), Some("postgres://u:hunter2@h/hunter2"));
        let mut missing = Secret { template: "${env:NOPE}".into(), value: None };
        assert_eq!(missing.resolve(&env), Err("NOPE".to_owned()));
        assert_eq!(serde_json::to_string(&super::Cell::Secret(s)).unwrap(), r#"{"kind":"secret","value":"(secret)"}"#);
    }
}
