//! Foreign keys and the keys they depend on, as the live catalog records them.
//!
//! PostgreSQL refuses to drop a primary key, a unique constraint or a unique index while a
//! foreign key uses it (`pg_constraint.conindid` of the foreign key names that index), and so
//! refuses to drop a column of such a key or the table that holds it. A foreign key goes away
//! in many ways — dropped, changed, with its column, with its table — and a key too; this
//! module says, once, which change removes which, so that the diff can make every such foreign
//! key go first (see [`drop_dependent_foreign_keys`]) and the order of steps can hold to it
//! (`plan::order`).

use super::{Change, Renames};
use crate::model::{Catalog, Constraint, ConstraintKind, QualifiedName};

/// A live foreign key and the key it depends on, under the names they have after the declared
/// renames (the names the changes use).
#[derive(Clone, Debug)]
pub struct KeyUse {
    /// The table of the foreign key.
    pub table: QualifiedName,
    /// The foreign key as the live catalog has it.
    pub foreign_key: Constraint,
    /// Its columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub key_table: QualifiedName,
    /// The index of the referenced key (the constraint's name for a primary key or unique
    /// constraint).
    pub key_index: String,
    /// The referenced columns.
    pub key_columns: Vec<String>,
}

/// Every live foreign key with the key it depends on.
pub fn key_uses(live: &Catalog, renames: &Renames) -> Vec<KeyUse> {
    let mut uses = Vec::new();
    for table in live.tables() {
        let name = renames.table(&table.name);
        for constraint in &table.constraints {
            let (ConstraintKind::ForeignKey(fk), Some(key_index)) = (&constraint.kind, &constraint.key_index) else {
                continue;
            };
            let key_table = renames.table(&fk.references);
            uses.push(KeyUse {
                columns: fk.columns.iter().map(|c| renames.column(&name, c)).collect(),
                key_columns: fk.ref_columns.iter().map(|c| renames.column(&key_table, c)).collect(),
                table: name.clone(),
                foreign_key: constraint.clone(),
                key_table,
                key_index: key_index.clone(),
            });
        }
    }
    uses
}

impl KeyUse {
    /// Whether `change` removes the key this foreign key depends on.
    pub fn key_removed_by(&self, change: &Change) -> bool {
        match change {
            Change::DropConstraint { table, constraint, .. } => {
                *table == self.key_table && constraint.name() == self.key_index
            }
            Change::DropIndex { table, index } => *table == self.key_table && index.name == self.key_index,
            Change::ReplaceIndex { table, from, .. } => *table == self.key_table && from.name == self.key_index,
            Change::DropColumn { table, column } => *table == self.key_table && self.key_columns.contains(&column.name),
            Change::DropTable(table) => table.name == self.key_table,
            _ => false,
        }
    }

    /// Whether `change` drops this foreign key by name.
    pub fn dropped_by(&self, change: &Change) -> bool {
        matches!(change, Change::DropConstraint { table, constraint, .. }
            if *table == self.table && constraint.name == self.foreign_key.name)
    }

    /// Whether `change` removes this foreign key with its table or one of its columns.
    pub fn removed_with(&self, change: &Change) -> bool {
        match change {
            Change::DropTable(table) => table.name == self.table,
            Change::DropColumn { table, column } => *table == self.table && self.columns.contains(&column.name),
            _ => false,
        }
    }

    /// The changes that remove this foreign key: the step that drops it by name if there is
    /// one, else the steps that take it away with its table or column.
    pub fn removers(&self, changes: &[Change]) -> Vec<usize> {
        let dropped: Vec<usize> = (0..changes.len()).filter(|&i| self.dropped_by(&changes[i])).collect();
        if !dropped.is_empty() {
            return dropped;
        }
        (0..changes.len()).filter(|&i| self.removed_with(&changes[i])).collect()
    }
}

/// Makes every foreign key whose key the changes remove go first, by a step of its own: a
/// foreign key that goes away with its table or column is dropped by name before (so that
/// the drop of the key never waits for the drop of a table), and one the declaration keeps is
/// dropped and added again, unchanged, around the change of its key. A key removed with the
/// very table of the foreign key (a self-reference in a dropped table) needs nothing.
pub(super) fn drop_dependent_foreign_keys(live: &Catalog, renames: &Renames, changes: &mut Vec<Change>) {
    for key_use in key_uses(live, renames) {
        let removed_key = changes.iter().any(|c| key_use.key_removed_by(c) && !key_use.removed_with(c));
        if !removed_key || changes.iter().any(|c| key_use.dropped_by(c)) {
            continue;
        }
        let live_constraint = key_use.foreign_key.clone();
        if changes.iter().any(|c| key_use.removed_with(c)) {
            changes.push(Change::DropConstraint { table: key_use.table, constraint: live_constraint, replaced: false });
        } else {
            let mut again = super::table::renamed_foreign_key(&live_constraint, &key_use.table, renames);
            take_in_place_changes(&key_use.table, &mut again, changes);
            super::table::replace(&key_use.table, &live_constraint, &again, changes);
        }
    }
}

/// A foreign key that is dropped and added again cannot also be validated or have its deferral
/// altered in place between the two: those changes are taken into the constraint added again.
fn take_in_place_changes(table: &QualifiedName, again: &mut Constraint, changes: &mut Vec<Change>) {
    changes.retain(|change| match change {
        Change::ValidateConstraint { table: t, constraint } if t == table && constraint.name == again.name => {
            again.validated = true;
            false
        }
        Change::AlterConstraint { table: t, to, .. } if t == table && to.name == again.name => {
            again.deferrable = to.deferrable;
            again.initially_deferred = to.initially_deferred;
            false
        }
        _ => true,
    });
}
