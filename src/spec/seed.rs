//! The seed file format: reference rows per table (`seeds/*.yaml`).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

use super::node::{Loc, NamedMap, Node};

/// One seed file: qualified table name (`schema.table`) → the rows it declares.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(title = "ogel seed rows")]
pub struct SeedFile(pub NamedMap<Node<SeedTable>>);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedTable {
    /// Columns that identify a row (default: the table's primary key).
    #[serde(default)]
    pub key: Vec<Node<String>>,
    /// `upsert` (default), `insert` or `sync`.
    pub mode: Option<Node<SeedMode>>,
    pub rows: Vec<Node<NamedMap<Node<SeedValue>>>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeedMode {
    /// Insert missing rows, update the declared columns of declared rows.
    #[default]
    Upsert,
    /// Insert missing rows only.
    Insert,
    /// Upsert, and delete rows that are not declared.
    Sync,
}

/// A cell of a seed row: a YAML value typed by its column, or `!sql expression`.
#[derive(Clone, Debug, PartialEq)]
pub enum SeedValue {
    Value(serde_json::Value),
    Sql(String),
}

impl<'de> Deserialize<'de> for SeedValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let serde_saphyr::Tagged(value, tag) = serde_saphyr::Tagged::<serde_json::Value>::deserialize(d)?;
        match tag.as_deref() {
            None => Ok(SeedValue::Value(value)),
            Some("!sql") => match value {
                serde_json::Value::String(sql) => Ok(SeedValue::Sql(sql)),
                _ => Err(serde::de::Error::custom("`!sql` takes an SQL expression as a string")),
            },
            Some(tag) if tag.starts_with("tag:yaml.org,2002:") || tag.starts_with("!!") => Ok(SeedValue::Value(value)),
            Some(tag) => {
                Err(serde::de::Error::custom(format!("unknown tag `{tag}`; the only tag ogel knows is `!sql`")))
            }
        }
    }
}

impl JsonSchema for SeedValue {
    fn schema_name() -> Cow<'static, str> {
        "SeedValue".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A value, typed by its column; `!sql expression` for an SQL expression; `${env:NAME}` inside a string for a secret from the environment."
        })
    }
}

use super::Document;
use super::diagnostic::{FileId, Origin, Problem};
use crate::model::QualifiedName;
use crate::model::seed::{Cell, Secret, SeedRow, SeedSet};

/// Checks seed files against the declared tables: every table and column is declared, every
/// row names its key, no table is seeded twice.
pub fn validate(doc: &Document, files: &[(FileId, SeedFile)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: Vec<(String, Origin)> = Vec::new();
    for (file, seed_file) in files {
        let at = |loc| Origin { file: *file, loc };
        for (name, table) in seed_file.0.iter() {
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name.value) {
                problems.push(
                    Problem::at(at(name.loc), format!("table `{}` is seeded twice", name.value), "second seed")
                        .related(*first, "first seeded here")
                        .help("declare each table's rows in one place"),
                );
                continue;
            }
            seen.push((name.value.clone(), at(name.loc)));
            let Some(spec) = name.value.split_once('.').and_then(|(s, t)| doc.schemas.get(s)?.tables.get(t)) else {
                problems.push(
                    Problem::at(
                        at(name.loc),
                        format!("seed rows for `{}`, which is not a declared table", name.value),
                        "unknown table",
                    )
                    .help("name a table of schema.yaml as `schema.table`"),
                );
                continue;
            };
            let has_column = |c: &str| spec.columns.get(c).is_some();
            let mut key: Vec<&Node<String>> = table.value.key.iter().collect();
            for column in &key {
                if !has_column(&column.value) {
                    problems.push(unknown_column(at(column.loc), &name.value, &column.value));
                }
            }
            let primary_key = primary_key_columns(spec);
            if key.is_empty() {
                if primary_key.is_empty() {
                    problems.push(
                        Problem::at(
                            at(name.loc),
                            format!("`{}` has no primary key to match seed rows on", name.value),
                            "no key",
                        )
                        .help("declare `key: [column, ...]`: the columns that identify a row"),
                    );
                    continue;
                }
                key = primary_key;
            }
            let mut keys_seen: Vec<(Vec<String>, Loc)> = Vec::new();
            for row in &table.value.rows {
                for (column, value) in row.value.iter() {
                    if !has_column(&column.value) {
                        problems.push(unknown_column(at(column.loc), &name.value, &column.value));
                    }
                    if let SeedValue::Sql(sql) = &value.value {
                        let what = format!("the `!sql` value of column `{}`", column.value);
                        let loc = if value.loc == Loc::default() { column.loc } else { value.loc };
                        problems.extend(super::fragment::problem(
                            sql,
                            super::fragment::Fragment::Expression,
                            &what,
                            at(loc),
                        ));
                    }
                }
                for k in &key {
                    if row.value.get(&k.value).is_none() {
                        problems.push(
                            Problem::at(
                                at(row.loc),
                                format!("this row of `{}` does not give its key column `{}`", name.value, k.value),
                                "row without key",
                            )
                            .help("every seed row names the columns of its key, so it can be found again"),
                        );
                    }
                }
                // Two rows with the same key written the same way stand for one row.
                let written: Option<Vec<String>> = key
                    .iter()
                    .map(|k| match row.value.get(&k.value).map(|v| &v.value) {
                        Some(SeedValue::Value(v)) => Some(v.to_string()),
                        _ => None,
                    })
                    .collect();
                if let Some(written) = written {
                    if let Some((_, first)) = keys_seen.iter().find(|(w, _)| *w == written) {
                        let shown: Vec<String> =
                            key.iter().zip(&written).map(|(k, v)| format!("{} = {v}", k.value)).collect();
                        problems.push(
                            Problem::at(
                                at(row.loc),
                                format!("two rows of `{}` have the key {}", name.value, shown.join(", ")),
                                "second row",
                            )
                            .related(at(*first), "first row")
                            .help("each row of a table is declared once: merge the two rows, or give one another key"),
                        );
                    } else {
                        keys_seen.push((written, row.loc));
                    }
                }
            }
        }
    }
    problems
}

fn unknown_column(at: Origin, table: &str, column: &str) -> Problem {
    Problem::at(at, format!("`{table}` has no column `{column}`"), "unknown column")
        .help("seed only columns that schema.yaml declares for the table")
}

fn primary_key_columns(spec: &super::TableSpec) -> Vec<&Node<String>> {
    if let Some(pk) = &spec.primary_key {
        return pk.value.0.columns.iter().collect();
    }
    spec.columns
        .iter()
        .filter(|(_, c)| c.value.0.primary_key.as_ref().is_some_and(|p| p.value))
        .map(|(n, _)| n)
        .collect()
}

/// The seed files as the model's seed sets. Secrets stay unresolved until a plan needs them.
pub fn lower(files: &[(FileId, SeedFile)]) -> Vec<SeedSet> {
    let mut sets = Vec::new();
    for (file, seed_file) in files {
        let at = |loc| Some(Origin { file: *file, loc });
        for (name, table) in seed_file.0.iter() {
            let Some((schema, table_name)) = name.value.split_once('.') else { continue };
            let rows = table
                .value
                .rows
                .iter()
                .map(|row| SeedRow {
                    cells: row
                        .value
                        .iter()
                        .map(|(column, value)| {
                            let cell = match &value.value {
                                SeedValue::Sql(sql) => Cell::Sql(sql.clone()),
                                SeedValue::Value(serde_json::Value::String(s)) if s.contains("${env:") => {
                                    Cell::Secret(Secret { template: s.clone(), value: None })
                                }
                                SeedValue::Value(v) => Cell::Value(v.clone()),
                            };
                            (column.value.clone(), cell)
                        })
                        .collect(),
                    origin: at(row.loc),
                })
                .collect();
            sets.push(SeedSet {
                table: QualifiedName::new(schema, table_name),
                key: table.value.key.iter().map(|k| k.value.clone()).collect(),
                mode: table.value.mode.as_ref().map(|m| m.value).unwrap_or_default(),
                rows,
                origin: at(name.loc),
            });
        }
    }
    sets
}
