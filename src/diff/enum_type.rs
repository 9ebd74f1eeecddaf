//! Enum types: created, dropped, renamed, and their labels added or renamed in place.
//!
//! PostgreSQL adds a label at any place (`ADD VALUE … BEFORE/AFTER`) and renames one, but has no
//! way to remove a label or to reorder those a type has: each label is stored with its sort
//! position, and rows on disk hold the label's identity. A declaration that drops or reorders
//! labels is therefore refused, at the enum's place, with the ways out.
//!
//! A label added to an existing type cannot be used in the transaction that adds it, so those
//! steps run in a phase of their own, committed first (see [`crate::plan::Phase`]). They name
//! the type and its labels as they are before the plan: the renames run after them.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Change, CommentTarget, Renames, both_exist};
use crate::model::{Catalog, EnumType, QualifiedName, Schema};
use crate::spec::diagnostic::Problem;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum EnumChange {
    Create(EnumType),
    Drop(EnumType),
    Rename {
        from: QualifiedName,
        to: String,
    },
    /// A label added to a type that exists (by its name before the plan).
    AddValue {
        enum_type: QualifiedName,
        value: String,
        place: Place,
    },
    RenameValue {
        enum_type: QualifiedName,
        from: String,
        to: String,
    },
}

/// Where an added label goes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The type has no labels yet.
    Only,
    Before(String),
    After(String),
}

impl Place {
    /// The neighbour and which side of it: `("before", "active")`; `None` for the only label.
    pub fn neighbour(&self) -> Option<(&'static str, &str)> {
        match self {
            Place::Only => None,
            Place::Before(label) => Some(("before", label)),
            Place::After(label) => Some(("after", label)),
        }
    }
}

impl EnumChange {
    /// The type's name as a user reads it.
    pub fn object(&self) -> String {
        match self {
            EnumChange::Create(e) | EnumChange::Drop(e) => e.name.to_string(),
            EnumChange::Rename { from, .. } => from.to_string(),
            EnumChange::AddValue { enum_type, value, .. } => format!("{enum_type} value {}", quote(value)),
            EnumChange::RenameValue { enum_type, from, .. } => format!("{enum_type} value {}", quote(from)),
        }
    }

    /// The names it takes or touches, as PostgreSQL prints them (see `plan::left_alone`).
    pub fn named(&self) -> Vec<String> {
        match self {
            EnumChange::Create(e) | EnumChange::Drop(e) => vec![e.name.sql()],
            EnumChange::Rename { from, to } => vec![from.sql(), QualifiedName::new(&from.schema, to).sql()],
            EnumChange::AddValue { enum_type, .. } | EnumChange::RenameValue { enum_type, .. } => vec![enum_type.sql()],
        }
    }

    /// What `drift` reports: the difference, what the declaration says, what the database has.
    pub fn difference(&self) -> (&'static str, Option<String>, Option<String>) {
        match self {
            EnumChange::Create(_) => ("missing", None, None),
            EnumChange::Drop(_) => ("not declared", None, None),
            EnumChange::Rename { from, to } => ("name", Some(to.clone()), Some(from.name.clone())),
            EnumChange::AddValue { value, .. } => ("missing label", Some(value.clone()), None),
            EnumChange::RenameValue { from, to, .. } => ("label", Some(to.clone()), Some(from.clone())),
        }
    }
}

fn quote(label: &str) -> String {
    crate::model::ident::quote_literal(label)
}

/// The enum changes of one schema that exists on both sides (`live` read as if its schema
/// renames were done; `before` gives a live name as it is before the plan).
pub fn diff(
    live: &Schema,
    desired: &Schema,
    before: impl Fn(&QualifiedName) -> QualifiedName,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let mut taken = BTreeSet::new();
    for wanted in desired.enums.values() {
        let by_name = live.enums.get(&wanted.name.name);
        let by_old_name = wanted.renamed_from.as_ref().and_then(|old| live.enums.get(old));
        let found = match (by_name, by_old_name) {
            (Some(_), Some(old)) => {
                problems.push(both_exist("enum", &old.name.name, &wanted.name.name, wanted.origin));
                continue;
            }
            (Some(found), None) => found,
            (None, Some(old)) => {
                changes.push(Change::Enum(EnumChange::Rename { from: old.name.clone(), to: wanted.name.name.clone() }));
                old
            }
            (None, None) => {
                add(wanted, changes);
                continue;
            }
        };
        taken.insert(found.name.name.clone());
        values(found, wanted, &before(&found.name), changes, problems);
        if found.comment != wanted.comment {
            changes.push(Change::SetComment {
                target: CommentTarget::Type { name: wanted.name.clone() },
                from: found.comment.clone(),
                to: wanted.comment.clone(),
            });
        }
    }
    for gone in live.enums.values().filter(|e| !taken.contains(&e.name.name)) {
        changes.push(Change::Enum(EnumChange::Drop(gone.clone())));
    }
}

/// A new type, with its comment.
pub fn add(wanted: &EnumType, changes: &mut Vec<Change>) {
    changes.push(Change::Enum(EnumChange::Create(wanted.clone())));
}

/// Renames and additions of labels that turn `live`'s labels into `wanted`'s; a removed or
/// reordered label is a problem. Added labels name the type as it is before the plan
/// (`live_name`: they run first), renamed ones by its declared name (they run after the type's
/// renames).
fn values(
    live: &EnumType,
    wanted: &EnumType,
    live_name: &QualifiedName,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let mut labels = live.values.clone();
    let renamed = renamed_labels(&mut labels, wanted, problems);
    if let Some(message) = unreachable(&labels, wanted) {
        problems.push(refusal(wanted, message));
        return;
    }
    let added = added_labels(&labels, wanted, &renamed, live_name);
    let renames =
        renamed.into_iter().map(|(from, to)| EnumChange::RenameValue { enum_type: wanted.name.clone(), from, to });
    changes.extend(added.into_iter().chain(renames).map(Change::Enum));
}

/// The declared label renames the live labels need, applied to `labels`: (old, new).
fn renamed_labels(labels: &mut [String], wanted: &EnumType, problems: &mut Vec<Problem>) -> Vec<(String, String)> {
    let mut renamed = Vec::new();
    for (old, new) in &wanted.renamed_values {
        match (labels.contains(old), labels.contains(new)) {
            (true, true) => {
                problems.push(both_exist(&format!("label of enum {}", wanted.name), old, new, wanted.origin))
            }
            (true, false) => {
                labels.iter_mut().filter(|l| *l == old).for_each(|l| *l = new.clone());
                renamed.push((old.clone(), new.clone()));
            }
            _ => {}
        }
    }
    renamed
}

/// Why `wanted`'s labels cannot be reached from the live `labels` (renamed already) by adding
/// labels: one is removed, or their order differs.
fn unreachable(labels: &[String], wanted: &EnumType) -> Option<String> {
    let removed: Vec<&String> = labels.iter().filter(|l| !wanted.values.contains(l)).collect();
    if !removed.is_empty() {
        let noun = if removed.len() == 1 { "label" } else { "labels" };
        return Some(format!("the enum {} is declared without its {noun} {}", wanted.name, label_list(removed)));
    }
    let kept: Vec<&String> = wanted.values.iter().filter(|v| labels.contains(v)).collect();
    kept.iter().zip(labels).any(|(a, b)| *a != b).then(|| {
        format!(
            "the enum {} is declared with its labels in another order than the database's ({})",
            wanted.name,
            label_list(labels)
        )
    })
}

/// `ADD VALUE` steps for the labels of `wanted` that `labels` lacks. Each goes after the nearest
/// label before it that exists by then, else before the first label (added ones exist in the
/// order they are added); a neighbour that this plan renames is named by its live label.
fn added_labels(
    labels: &[String],
    wanted: &EnumType,
    renamed: &[(String, String)],
    live_name: &QualifiedName,
) -> Vec<EnumChange> {
    let live_label =
        |label: &String| renamed.iter().find(|(_, new)| new == label).map_or(label, |(old, _)| old).clone();
    let mut present: Vec<&String> = labels.iter().collect();
    let mut steps = Vec::new();
    for (i, value) in wanted.values.iter().enumerate() {
        if present.contains(&value) {
            continue;
        }
        let after = wanted.values[..i].iter().rev().find(|v| present.contains(v));
        let place = match (after, present.first()) {
            (Some(after), _) => Place::After(live_label(after)),
            (None, Some(first)) => Place::Before(live_label(first)),
            (None, None) => Place::Only,
        };
        steps.push(EnumChange::AddValue { enum_type: live_name.clone(), value: value.clone(), place });
        present.push(value);
    }
    steps
}

/// `'a', 'b'`: labels as SQL literals, for messages and statements.
pub fn label_list<'a>(labels: impl IntoIterator<Item = &'a String>) -> String {
    labels.into_iter().map(|l| quote(l)).collect::<Vec<_>>().join(", ")
}

fn refusal(wanted: &EnumType, message: String) -> Problem {
    Problem::at_or_unplaced(wanted.origin, message, "declared here").help(
        "PostgreSQL can add a label to an enum and rename one, but not remove or reorder labels. \
         Keep the database's labels in their order (new ones may go anywhere between them), or \
         rebuild the type by hand: a new enum, each column converted to it with `using`, the old type dropped",
    )
}

/// A schema's rename carries its types along.
pub fn rename_schema(schema: &mut Schema, to: &str) -> Vec<(QualifiedName, QualifiedName)> {
    let mut moved = Vec::new();
    for e in schema.enums.values_mut() {
        let old = e.name.clone();
        e.name.schema = to.to_owned();
        moved.push((old, e.name.clone()));
    }
    moved
}

/// The declared renames of types that the live catalog needs: (old name, new name).
pub fn type_renames(live: &Catalog, desired: &Catalog) -> Vec<(QualifiedName, QualifiedName)> {
    let mut renames = Vec::new();
    for schema in desired.schemas.values() {
        let Some(live_schema) = live.schemas.get(&schema.name) else { continue };
        for wanted in schema.enums.values() {
            let Some(old) = &wanted.renamed_from else { continue };
            if live_schema.enums.contains_key(old) && !live_schema.enums.contains_key(&wanted.name.name) {
                renames.push((QualifiedName::new(&schema.name, old), wanted.name.clone()));
            }
        }
    }
    renames
}

/// Reads the columns of `catalog` as if the types were renamed already: a column of a renamed
/// type (or an array of it) is no change of type.
pub fn rename_column_types(catalog: &mut Catalog, renames: &[(QualifiedName, QualifiedName)]) {
    if renames.is_empty() {
        return;
    }
    let names: Vec<(String, String)> = renames.iter().map(|(old, new)| (old.sql(), new.sql())).collect();
    for column in catalog.schemas.values_mut().flat_map(|s| s.tables.values_mut()).flat_map(|t| &mut t.columns) {
        let (base, dims) = column.data_type.split_at(column.data_type.trim_end_matches("[]").len());
        if let Some((_, new)) = names.iter().find(|(old, _)| old == base) {
            column.data_type = format!("{new}{dims}");
        }
    }
}

/// The name a live type has before the plan's schema renames.
pub fn name_before(renames: &Renames, name: &QualifiedName) -> QualifiedName {
    match renames.schemas.iter().find(|(_, new)| **new == name.schema) {
        Some((old, _)) => QualifiedName::new(old, &name.name),
        None => name.clone(),
    }
}
