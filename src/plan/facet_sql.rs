//! The SQL of the facets set in place: storage parameters (`WITH`, `SET`, `RESET`),
//! persistence, replica identity and column statistics. A parameter's name is quoted as an
//! identifier (a `toast.` name part by part) and its value always as a literal, whatever
//! validation let through.

use crate::diff::TableFacet;
use crate::model::ident::{quote_ident, quote_literal};
use crate::model::{Column, Parameters, QualifiedName, TableOptions};
use crate::spec::emit::parse::storage_clause;

fn parameter_name(name: &str) -> String {
    name.split('.').map(quote_ident).collect::<Vec<_>>().join(".")
}

/// `fillfactor = '70', autovacuum_enabled = 'off'`.
fn assignments(parameters: &Parameters) -> String {
    let entries: Vec<String> =
        parameters.iter().map(|(name, value)| format!("{} = {}", parameter_name(name), quote_literal(value))).collect();
    entries.join(", ")
}

/// ` WITH (...)`, or nothing.
pub fn with_clause(parameters: &Parameters) -> String {
    if parameters.is_empty() { String::new() } else { format!(" WITH ({})", assignments(parameters)) }
}

/// An index body or exclusion definition with its storage parameters where PostgreSQL's
/// grammar puts them (before WHERE).
pub fn with_parameters(text: &str, parameters: &Parameters) -> String {
    if parameters.is_empty() {
        return text.to_owned();
    }
    let at = storage_clause(text).map_or(text.len(), |range| range.start);
    format!("{}{}{}", &text[..at], with_clause(parameters), &text[at..])
}

/// `RESET (...)` of the parameters that go, then `SET (...)` of those that are new or change:
/// the actions after `ALTER TABLE t` or `ALTER INDEX i` (or `ALTER COLUMN c`).
pub fn set_and_reset(from: &Parameters, to: &Parameters) -> Vec<String> {
    let gone: Vec<String> = from.keys().filter(|k| !to.contains_key(*k)).map(|k| parameter_name(k)).collect();
    let set: Parameters =
        to.iter().filter(|(k, v)| from.get(*k) != Some(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut actions = Vec::new();
    if !gone.is_empty() {
        actions.push(format!("RESET ({})", gone.join(", ")));
    }
    if !set.is_empty() {
        actions.push(format!("SET ({})", assignments(&set)));
    }
    actions
}

pub fn alter_table(
    table: &QualifiedName,
    from: &TableOptions,
    to: &TableOptions,
    facets: &[TableFacet],
) -> Vec<String> {
    let alter = |action: String| format!("ALTER TABLE {} {action}", table.sql());
    let mut sql = Vec::new();
    if facets.contains(&TableFacet::Persistence) {
        sql.push(alter(if to.unlogged { "SET UNLOGGED" } else { "SET LOGGED" }.to_owned()));
    }
    if facets.contains(&TableFacet::Parameters) {
        sql.extend(set_and_reset(&from.parameters, &to.parameters).into_iter().map(alter));
    }
    if facets.contains(&TableFacet::ReplicaIdentity) {
        sql.push(alter(format!("REPLICA IDENTITY {}", to.replica_identity.sql())));
    }
    sql
}

pub fn alter_index(table: &QualifiedName, name: &str, from: &Parameters, to: &Parameters) -> Vec<String> {
    let index = QualifiedName::new(&table.schema, name).sql();
    set_and_reset(from, to).into_iter().map(|action| format!("ALTER INDEX {index} {action}")).collect()
}

/// The statistics target and options of a column, from `from` to `to`.
pub fn column_statistics(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let alter = |action: String| format!("ALTER TABLE {} ALTER COLUMN {} {action}", table.sql(), quote_ident(&to.name));
    let mut sql = Vec::new();
    if from.statistics.target != to.statistics.target {
        sql.push(alter(format!("SET STATISTICS {}", to.statistics.target.unwrap_or(-1))));
    }
    sql.extend(set_and_reset(&from.statistics.options, &to.statistics.options).into_iter().map(alter));
    sql
}

/// The statistics of a new column (one that had the defaults).
pub fn new_column_statistics(table: &QualifiedName, column: &Column) -> Vec<String> {
    let mut plain = column.clone();
    plain.statistics = Default::default();
    column_statistics(table, &plain, column)
}
