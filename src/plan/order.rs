//! The order of steps: a graph of dependencies, walked deterministically.
//!
//! Every change has a phase (schemas and extensions, renames, drops of constraints and
//! indexes, new tables, columns, data, constraints, indexes, foreign keys, drops of columns and
//! tables, comments); dependencies a phase cannot express (seed rows of a referenced table
//! before the rows that reference them) are edges. The walk is Kahn's algorithm that always
//! takes the ready step with the smallest (phase, position in the diff) key; the diff's order
//! is itself deterministic (tables by name, columns as declared), so the same plan comes out
//! every time, and a cycle is reported with the objects in it.
//!
//! Drops follow the dependencies the live catalog records: the step that removes a foreign key
//! comes before every step that removes the key it depends on (see [`crate::diff::KeyUse`]).
//! PostgreSQL keeps a logged table from referencing an unlogged one at every step, so changes
//! of persistence are ordered along the foreign keys too (see [`persistence_edges`]).

use crate::diff::enum_type::EnumChange;
use crate::diff::{Change, Renames, TableFacet};
use crate::model::{Catalog, ConstraintKind, QualifiedName};

/// Where a change goes when nothing else decides.
fn phase(change: &Change) -> u8 {
    match change {
        Change::AddSchema { .. } | Change::RenameSchema { .. } => 0,
        // Types before the tables that use them, dropped after them.
        Change::Enum(EnumChange::Create(_)) => 1,
        Change::Enum(EnumChange::Rename { .. } | EnumChange::RenameValue { .. } | EnumChange::AddValue { .. }) => 2,
        Change::AddExtension(_) | Change::AlterExtension { .. } => 1,
        Change::RenameTable { .. } => 2,
        Change::RenameColumn { .. } | Change::RenameIndex { .. } => 3,
        // Foreign keys go before the keys they depend on.
        Change::DropConstraint { constraint, .. } if matches!(constraint.kind, ConstraintKind::ForeignKey(_)) => 4,
        Change::DropConstraint { .. } => 5,
        Change::DropIndex { .. } => 6,
        Change::AddTable(_) => 7,
        Change::AddColumn { .. } => 8,
        Change::AlterColumn { .. } => 9,
        Change::RunTransition(_) => 10,
        Change::SeedRows(_) | Change::DeleteRows(_) => 11,
        Change::AddConstraint { constraint, .. } if matches!(constraint.kind, ConstraintKind::ForeignKey(_)) => 14,
        Change::AddConstraint { .. } | Change::ValidateConstraint { .. } | Change::AlterConstraint { .. } => 12,
        Change::AddIndex { .. } | Change::ReplaceIndex { .. } | Change::AlterIndex { .. } => 13,
        // After the indexes: a replica identity may name a new one.
        Change::AlterTable { .. } => 14,
        Change::DropColumn { .. } => 15,
        Change::DropTable(_) => 16,
        Change::Enum(EnumChange::Drop(_)) => 17,
        Change::SetComment { .. } => 18,
    }
}

/// Orders `changes`; an error names the objects of a dependency cycle.
pub fn order(
    changes: Vec<Change>,
    desired: &Catalog,
    live: &Catalog,
    renames: &Renames,
) -> Result<Vec<Change>, String> {
    let mut edges = key_edges(&changes, live, renames);
    edges.extend(persistence_edges(&changes, desired));
    edges.extend(row_edges(&changes, desired));
    // Within a phase, the order the diff found the changes in: tables by name, columns in
    // their declared order (an added column's place is final).
    match super::toposort::toposort(changes.len(), &edges, |n| (super::Phase::of(&changes[n]), phase(&changes[n]), n)) {
        Ok(order) => {
            let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
            Ok(order.into_iter().map(|n| slots[n].take().expect("each step once")).collect())
        }
        Err(stuck) => Err(stuck
            .iter()
            .map(|&n| format!("{} {}", changes[n].kind(), changes[n].object()))
            .collect::<Vec<_>>()
            .join(", ")),
    }
}

/// A foreign key goes before the key it depends on: from each change that removes a live
/// foreign key to each change that removes its key (positions in `changes`).
fn key_edges(changes: &[Change], live: &Catalog, renames: &Renames) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for key_use in crate::diff::key_uses(live, renames) {
        let removers = key_use.removers(changes);
        for key in (0..changes.len()).filter(|&i| key_use.key_removed_by(&changes[i])) {
            edges.extend(removers.iter().filter(|&&r| r != key).map(|&r| (r, key)));
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

/// Dependencies that phases do not express, between the rows of a table and the rows of a
/// table it references: the referenced rows are written first, and deleted last (after the
/// referencing rows are deleted, or written to reference others).
fn row_edges(changes: &[Change], desired: &Catalog) -> Vec<(usize, usize)> {
    let rows: Vec<(usize, &QualifiedName, bool)> = changes
        .iter()
        .enumerate()
        .filter_map(|(n, change)| match change {
            Change::SeedRows(s) => Some((n, &s.seeds.table, false)),
            Change::DeleteRows(s) => Some((n, &s.seeds.table, true)),
            _ => None,
        })
        .collect();
    let references = |table: &QualifiedName, referenced: &QualifiedName| {
        table != referenced
            && desired.table(table).is_some_and(|t| {
                t.constraints
                    .iter()
                    .any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if &fk.references == referenced))
            })
    };
    let mut edges = Vec::new();
    for &(parent, referenced, parent_deletes) in &rows {
        for &(child, _, child_deletes) in rows.iter().filter(|(_, table, _)| references(table, referenced)) {
            match (parent_deletes, child_deletes) {
                (false, false) => edges.push((parent, child)),
                (true, _) => edges.push((child, parent)),
                (false, true) => {}
            }
        }
    }
    edges
}

/// A table becomes logged after the tables it references do, and unlogged after the tables
/// that reference it do (PostgreSQL refuses a logged table that references an unlogged one, at
/// every statement); a foreign key is added after the tables at both its ends have changed
/// persistence. Positions in `changes`; the declared foreign keys stand for the live ones (a
/// kept key is in both, a dropped one is gone before, and a new one after, these steps).
fn persistence_edges(changes: &[Change], desired: &Catalog) -> Vec<(usize, usize)> {
    let persistence: Vec<(usize, &QualifiedName, bool)> = changes
        .iter()
        .enumerate()
        .filter_map(|(i, change)| match change {
            Change::AlterTable { table, to, facets, .. } if facets.contains(&TableFacet::Persistence) => {
                Some((i, table, to.unlogged))
            }
            _ => None,
        })
        .collect();
    let references = |from: &QualifiedName, to: &QualifiedName| {
        from != to
            && desired.table(from).is_some_and(|t| {
                t.constraints.iter().any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if &fk.references == to))
            })
    };
    let mut edges = Vec::new();
    for &(child, child_table, child_unlogged) in &persistence {
        for &(parent, parent_table, parent_unlogged) in &persistence {
            if child_unlogged == parent_unlogged && references(child_table, parent_table) {
                edges.push(if child_unlogged { (child, parent) } else { (parent, child) });
            }
        }
    }
    for (add, change) in changes.iter().enumerate() {
        if let Change::AddConstraint { table, constraint, .. } = change
            && let ConstraintKind::ForeignKey(fk) = &constraint.kind
        {
            let ends = persistence.iter().filter(|(_, t, _)| *t == table || **t == fk.references);
            edges.extend(ends.map(|&(step, _, _)| (step, add)));
        }
    }
    edges
}
