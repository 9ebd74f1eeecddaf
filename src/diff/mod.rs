//! The difference between a live catalog and a desired one, as a list of [`Change`]s.
//!
//! Pure: two normalized models in, changes out; no database. Declared renames are resolved
//! first (an object found under its `renamed_from` name is renamed, then compared), so that a
//! rename is never a drop and an add.

mod change;
pub mod enum_type;
mod facets;
mod keys;
mod sequence;
mod sqltext;
mod table;

use std::collections::{BTreeMap, BTreeSet};

pub use change::{Change, ColumnUpdate, CommentTarget, Facet, Move, Op, RowUpdate, SeedChange, column_name};
pub use facets::{TableFacet, parameters_text};
pub use keys::{KeyUse, key_uses};
pub use table::recreates;

use crate::model::{Catalog, ConstraintKind, QualifiedName, Schema, Table};
use crate::spec::diagnostic::Problem;

/// What the diff found besides changes: things worth knowing that are not differences.
#[derive(Debug, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub notes: Vec<String>,
    /// The declared renames that the live catalog needs.
    pub renames: Renames,
}

/// Declared renames that apply to the live catalog: old name → new name.
#[derive(Clone, Debug, Default)]
pub struct Renames {
    /// Renamed schemas: old → new.
    pub schemas: BTreeMap<String, String>,
    /// Renamed tables, by their name in the renamed schema → new name.
    pub tables: BTreeMap<QualifiedName, QualifiedName>,
    /// (table by its new name, old column) → new column.
    pub columns: BTreeMap<(QualifiedName, String), String>,
}

impl Renames {
    fn moved(&self, name: &QualifiedName) -> QualifiedName {
        match self.schemas.get(&name.schema) {
            Some(schema) => QualifiedName::new(schema, &name.name),
            None => name.clone(),
        }
    }

    /// The name a live table will have.
    pub fn table(&self, name: &QualifiedName) -> QualifiedName {
        let moved = self.moved(name);
        self.tables.get(&moved).cloned().unwrap_or(moved)
    }

    /// The live name of a table the declaration knows as `name`.
    pub fn live_table(&self, name: &QualifiedName) -> QualifiedName {
        let moved =
            self.tables.iter().find(|(_, new)| *new == name).map_or_else(|| name.clone(), |(old, _)| old.clone());
        match self.schemas.iter().find(|(_, new)| **new == moved.schema) {
            Some((old, _)) => QualifiedName::new(old, &moved.name),
            None => moved,
        }
    }

    /// The name a live column of `table` (by its new name) will have.
    pub fn column(&self, table: &QualifiedName, column: &str) -> String {
        self.columns.get(&(table.clone(), column.to_owned())).cloned().unwrap_or_else(|| column.to_owned())
    }
}

/// A live table and the declared table it becomes.
struct Pair<'a> {
    live: &'a Table,
    desired: &'a Table,
}

/// Compares the managed part of `live` with `desired`. Both must be normalized; the server's
/// version decides what can change in place.
pub fn diff(live: &Catalog, desired: &Catalog, server_version: i32) -> Result<Diff, Vec<Problem>> {
    let mut out = Diff::default();
    let mut problems = Vec::new();
    extensions(live, desired, &mut out.changes);
    // A schema rename comes first; every later step names the schema by its new name, so the
    // live catalog is read as if renamed already.
    let mut renames = Renames::default();
    let renamed_live = with_schema_renames(live, desired, &mut renames);
    let live = &renamed_live;
    let mut pairs = Vec::new();
    let mut dropped = Vec::new();
    for desired_schema in desired.schemas.values() {
        let live_schema = match live.schemas.get(&desired_schema.name) {
            Some(live_schema) => {
                match (&live_schema.renamed_from, &desired_schema.renamed_from) {
                    // Renamed in `with_schema_renames`: found under its new name.
                    (Some(old), _) => {
                        out.changes.push(Change::RenameSchema { from: old.clone(), to: desired_schema.name.clone() })
                    }
                    (None, Some(old)) if live.schemas.contains_key(old) => {
                        problems.push(both_exist("schema", old, &desired_schema.name, desired_schema.origin));
                    }
                    _ => {}
                }
                Some(live_schema)
            }
            None => None,
        };
        match live_schema {
            Some(live_schema) => {
                if live_schema.comment != desired_schema.comment {
                    out.changes.push(Change::SetComment {
                        target: CommentTarget::Schema { name: desired_schema.name.clone() },
                        from: live_schema.comment.clone(),
                        to: desired_schema.comment.clone(),
                    });
                }
                pair_tables(
                    live_schema,
                    desired_schema,
                    &mut renames,
                    &mut pairs,
                    &mut dropped,
                    &mut out.changes,
                    &mut problems,
                );
                let before = |name: &QualifiedName| enum_type::name_before(&renames, name);
                enum_type::diff(live_schema, desired_schema, before, &mut out.changes, &mut problems);
            }
            None => {
                out.changes.push(Change::AddSchema {
                    name: desired_schema.name.clone(),
                    comment: desired_schema.comment.clone(),
                });
                for wanted in desired_schema.enums.values() {
                    enum_type::add(wanted, &mut out.changes);
                }
                for table in desired_schema.tables.values() {
                    table::add(table, &mut out.changes);
                }
            }
        }
    }
    for pair in &pairs {
        table::pair_columns(pair, &mut renames, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for pair in &pairs {
        table::diff(pair, &renames, server_version, &mut out);
    }
    out.changes.extend(dropped.iter().map(|t| Change::DropTable((*t).clone())));
    keys::drop_dependent_foreign_keys(live, &renames, &mut out.changes);
    out.renames = renames;
    Ok(out)
}

/// The live catalog with the declared schema renames applied: a live schema found under a
/// declared former name (and not under its new one) takes the new name, in its tables' names
/// and in every foreign key that references them. Its `renamed_from` keeps the old name.
/// Columns read the types of renamed schemas, and renamed types, by their new names.
fn with_schema_renames(live: &Catalog, desired: &Catalog, renames: &mut Renames) -> Catalog {
    let mut renamed = live.clone();
    let mut moved_types = Vec::new();
    for schema in desired.schemas.values() {
        let Some(old) = &schema.renamed_from else { continue };
        if live.schemas.contains_key(&schema.name) {
            continue;
        }
        let Some(mut moved) = renamed.schemas.remove(old) else { continue };
        renames.schemas.insert(old.clone(), schema.name.clone());
        moved.name = schema.name.clone();
        moved.renamed_from = Some(old.clone());
        for table in moved.tables.values_mut() {
            table.name.schema = schema.name.clone();
        }
        moved_types.extend(enum_type::rename_schema(&mut moved, &schema.name));
        renamed.schemas.insert(schema.name.clone(), moved);
        for table in renamed.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
            for constraint in &mut table.constraints {
                if let ConstraintKind::ForeignKey(fk) = &mut constraint.kind
                    && &fk.references.schema == old
                {
                    fk.references.schema = schema.name.clone();
                }
            }
        }
    }
    enum_type::rename_column_types(&mut renamed, &moved_types);
    let type_renames = enum_type::type_renames(&renamed, desired);
    enum_type::rename_column_types(&mut renamed, &type_renames);
    renamed
}

fn extensions(live: &Catalog, desired: &Catalog, changes: &mut Vec<Change>) {
    for wanted in desired.extensions.values() {
        match live.extensions.get(&wanted.name) {
            None => changes.push(Change::AddExtension(wanted.clone())),
            Some(installed) => {
                let moved = |wanted: &Option<String>, installed: &Option<String>| match (wanted, installed) {
                    (Some(w), Some(i)) if w != i => Some(Move { from: i.clone(), to: w.clone() }),
                    _ => None,
                };
                let schema = moved(&wanted.schema, &installed.schema);
                let version = moved(&wanted.version, &installed.version);
                if schema.is_some() || version.is_some() {
                    changes.push(Change::AlterExtension { name: wanted.name.clone(), schema, version });
                }
            }
        }
    }
}

/// Matches the tables of a schema by name or declared former name.
fn pair_tables<'a>(
    live: &'a Schema,
    desired: &'a Schema,
    renames: &mut Renames,
    pairs: &mut Vec<Pair<'a>>,
    dropped: &mut Vec<&'a Table>,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let mut taken = BTreeSet::new();
    for table in desired.tables.values() {
        let by_name = live.tables.get(&table.name.name);
        let by_old_name = table.renamed_from.as_ref().and_then(|old| live.tables.get(old));
        match (by_name, by_old_name) {
            (Some(_), Some(old)) => problems.push(both_exist("table", &old.name.name, &table.name.name, table.origin)),
            (Some(found), None) => {
                taken.insert(found.name.name.clone());
                pairs.push(Pair { live: found, desired: table });
            }
            (None, Some(old)) => {
                taken.insert(old.name.name.clone());
                changes.push(Change::RenameTable { table: old.name.clone(), to: table.name.name.clone() });
                renames.tables.insert(old.name.clone(), table.name.clone());
                pairs.push(Pair { live: old, desired: table });
            }
            (None, None) => table::add(table, changes),
        }
    }
    dropped.extend(live.tables.values().filter(|t| !taken.contains(&t.name.name)));
}

fn both_exist(what: &str, old: &str, new: &str, origin: Option<crate::spec::diagnostic::Origin>) -> Problem {
    let message = format!("{what} `{new}` is declared as renamed from `{old}`, but the database has both");
    let help = format!(
        "ogel will not guess which one holds the data: drop or rename one of them by hand, or remove `renamed_from: {old}`"
    );
    Problem::at_or_unplaced(origin, message, "renamed here").help(help)
}
