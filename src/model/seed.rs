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
    /// A string that takes `${env:NAME}` references from the environment.
    Secret(String),
}
