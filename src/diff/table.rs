//! The difference between a live table and the declared table it becomes: columns,
//! constraints, indexes, comments.

use super::{Change, CommentTarget, Diff, Facet, Pair, Renames, both_exist, facets as in_place, sqltext};
use crate::model::{Column, Constraint, ConstraintKind, ForeignKey, Index, QualifiedName, Table};
use crate::spec::diagnostic::Problem;

/// A new table: created with its columns, keys and checks; its foreign keys and indexes are
/// steps of their own (a foreign key may reference a table created later), and so are checks
/// declared `not_valid` (CREATE TABLE would validate them).
pub fn add(table: &Table, changes: &mut Vec<Change>) {
    let separate = |c: &Constraint| matches!(c.kind, ConstraintKind::ForeignKey(_)) || !c.validated;
    let mut created = table.clone();
    created.constraints.retain(|c| !separate(c));
    created.indexes.clear();
    changes.push(Change::AddTable(created));
    for constraint in table.constraints.iter().filter(|c| separate(c)) {
        changes.push(Change::AddConstraint {
            table: table.name.clone(),
            constraint: constraint.clone(),
            replaces: None,
        });
    }
    for index in &table.indexes {
        changes.push(Change::AddIndex { table: table.name.clone(), index: index.clone() });
    }
    in_place::new_table(table, changes);
}

/// Finds the live column each declared column is (by name, or by its former name), and records
/// column renames.
pub(super) fn pair_columns(pair: &Pair, renames: &mut Renames, problems: &mut Vec<Problem>) {
    for index in &pair.desired.indexes {
        if let Some(old) = &index.renamed_from
            && pair.live.indexes.iter().any(|i| &i.name == old)
            && pair.live.indexes.iter().any(|i| i.name == index.name)
        {
            problems.push(both_exist("index", old, &index.name, index.origin));
        }
    }
    for column in &pair.desired.columns {
        if let Some(old) = &column.renamed_from {
            let old_exists = pair.live.column(old).is_some();
            if old_exists && pair.live.column(&column.name).is_some() {
                problems.push(both_exist("column", old, &column.name, column.origin));
            } else if old_exists {
                renames.columns.insert((pair.desired.name.clone(), old.clone()), column.name.clone());
            }
        }
    }
}

pub(super) fn diff(pair: &Pair, renames: &Renames, server_version: i32, out: &mut Diff) {
    let (live, desired) = (pair.live, pair.desired);
    let table = &desired.name;
    if live.comment != desired.comment {
        out.changes.push(Change::SetComment {
            target: CommentTarget::Table { table: table.clone() },
            from: live.comment.clone(),
            to: desired.comment.clone(),
        });
    }
    let recreated = columns(live, desired, renames, server_version, out);
    let cx = TableContext { table, renames, recreated: &recreated };
    let first = out.changes.len();
    constraints(live, desired, &cx, &mut out.changes);
    indexes(live, desired, &cx, &mut out.changes);
    in_place::table(live, desired, first, &mut out.changes);
}

/// What the constraint and index comparison of a table needs to know.
struct TableContext<'a> {
    table: &'a QualifiedName,
    renames: &'a Renames,
    /// Columns the plan drops and adds again (a generated column whose expression cannot
    /// change in place): their constraints and indexes go with them and are added again.
    recreated: &'a [String],
}

impl TableContext<'_> {
    /// The column renames of this table, old → new.
    fn column_renames(&self) -> Vec<(&str, &str)> {
        self.renames
            .columns
            .iter()
            .filter(|((t, _), _)| t == self.table)
            .map(|((_, old), new)| (old.as_str(), new.as_str()))
            .collect()
    }

    fn touches_recreated(&self, columns: &[String], text: &str) -> bool {
        self.recreated.iter().any(|c| columns.contains(c) || sqltext::mentions(text, c))
    }
}

/// Whether the plan makes a column again rather than alter it: a stored generated column whose
/// expression changes before PostgreSQL 17, or a plain column becoming generated.
pub fn recreates(live: &Column, desired: &Column, server_version: i32) -> bool {
    match (&live.generated, &desired.generated) {
        (Some(a), Some(b)) => a != b && server_version < 170000,
        (None, Some(_)) => true,
        _ => false,
    }
}

/// Compares the columns; returns the columns the plan makes again.
fn columns(live: &Table, desired: &Table, renames: &Renames, server_version: i32, out: &mut Diff) -> Vec<String> {
    let table = &desired.name;
    let mut matched_live = Vec::new();
    let mut recreated = Vec::new();
    for column in &desired.columns {
        let old_name = column.renamed_from.as_ref().filter(|old| renames.column(table, old) == column.name);
        let found = match old_name {
            Some(old) => {
                out.changes.push(Change::RenameColumn {
                    table: table.clone(),
                    from: old.clone(),
                    to: column.name.clone(),
                });
                live.column(old)
            }
            None => live.column(&column.name),
        };
        let Some(found) = found else {
            out.changes.push(Change::AddColumn { table: table.clone(), column: column.clone() });
            continue;
        };
        matched_live.push(found.name.as_str());
        let facets = facets(found, column);
        if !facets.is_empty() {
            let mut from = found.clone();
            from.name = column.name.clone();
            out.changes.push(Change::AlterColumn { table: table.clone(), from, to: column.clone(), facets });
        }
        if recreates(found, column, server_version) {
            // Made again, with its comment (the alter step sets it).
            recreated.push(column.name.clone());
        } else if found.comment != column.comment {
            out.changes.push(Change::SetComment {
                target: CommentTarget::Column { table: table.clone(), column: column.name.clone() },
                from: found.comment.clone(),
                to: column.comment.clone(),
            });
        }
    }
    for column in &live.columns {
        if !matched_live.contains(&column.name.as_str()) {
            out.changes.push(Change::DropColumn { table: table.clone(), column: column.clone() });
        }
    }
    // PostgreSQL cannot reorder the columns of a table: a different order is worth knowing,
    // never a difference to act on.
    let live_order: Vec<&str> =
        live.columns.iter().map(|c| c.name.as_str()).filter(|c| matched_live.contains(c)).collect();
    if live_order != matched_live {
        out.notes.push(format!(
            "the columns of {table} stand in another order than declared; PostgreSQL cannot reorder the columns of an existing table, so this is left as it is"
        ));
    }
    recreated
}

/// The facets in which two columns of the same name differ.
fn facets(live: &Column, desired: &Column) -> Vec<Facet> {
    let mut facets = Vec::new();
    if live.data_type != desired.data_type {
        facets.push(Facet::Type);
    }
    if live.collation != desired.collation {
        facets.push(Facet::Collation);
    }
    if live.not_null != desired.not_null {
        facets.push(Facet::Nullability);
    }
    // A serial's default is `nextval` of the sequence it owns, whatever that sequence is called.
    if live.default != desired.default || live.owned_sequence.is_some() != desired.owned_sequence.is_some() {
        facets.push(Facet::Default);
    }
    if live.identity != desired.identity {
        facets.push(Facet::Identity);
    }
    if live.generated != desired.generated {
        facets.push(Facet::Generated);
    }
    in_place::column(live, desired, &mut facets);
    if super::sequence::differs(live, desired) {
        facets.push(Facet::Sequence);
    }
    facets
}

/// Constraints are matched by name; a constraint the declaration did not name also matches a
/// live constraint of the same definition under another name (PostgreSQL names constraints
/// after their table, so a renamed or hand-made table's names differ from a fresh one's).
fn constraints(live: &Table, desired: &Table, cx: &TableContext, changes: &mut Vec<Change>) {
    let table = cx.table;
    let column_renames = cx.column_renames();
    let live_constraints: Vec<Constraint> =
        live.constraints.iter().map(|c| renamed(c, table, cx.renames, &column_renames)).collect();
    let mut claimed = vec![false; live_constraints.len()];
    let mut unmatched = Vec::new();
    for constraint in &desired.constraints {
        let by_name = live_constraints.iter().position(|l| l.name == constraint.name);
        match by_name {
            Some(i) if live_constraints[i].same_definition(constraint) => {
                claimed[i] = true;
                if goes_with_column(constraint, cx) {
                    changes.push(Change::AddConstraint {
                        table: table.clone(),
                        constraint: constraint.clone(),
                        replaces: None,
                    });
                } else {
                    // A constraint declared `not_valid` is satisfied by a validated one.
                    if !live_constraints[i].validated && constraint.validated {
                        changes
                            .push(Change::ValidateConstraint { table: table.clone(), constraint: constraint.clone() });
                    }
                    in_place::kept_constraint(table, &live_constraints[i], constraint, changes);
                }
            }
            // Only the deferral of a foreign key changed: PostgreSQL alters that in place.
            Some(i)
                if matches!(constraint.kind, ConstraintKind::ForeignKey(_))
                    && live_constraints[i].kind == constraint.kind
                    && !goes_with_column(constraint, cx) =>
            {
                claimed[i] = true;
                changes.push(Change::AlterConstraint {
                    table: table.clone(),
                    from: live.constraints[i].clone(),
                    to: constraint.clone(),
                });
                if !live_constraints[i].validated && constraint.validated {
                    changes.push(Change::ValidateConstraint { table: table.clone(), constraint: constraint.clone() });
                }
                in_place::kept_constraint(table, &live_constraints[i], constraint, changes);
            }
            Some(i) => {
                claimed[i] = true;
                replace(table, &live.constraints[i], constraint, changes);
            }
            None => unmatched.push(constraint),
        }
    }
    for constraint in unmatched {
        let same = (!constraint.named)
            .then(|| {
                (0..live_constraints.len()).find(|&i| !claimed[i] && live_constraints[i].same_definition(constraint))
            })
            .flatten();
        match same {
            Some(_) if goes_with_column(constraint, cx) => {
                changes.push(Change::AddConstraint {
                    table: table.clone(),
                    constraint: constraint.clone(),
                    replaces: None,
                });
            }
            Some(i) => {
                claimed[i] = true;
                if !live_constraints[i].validated && constraint.validated {
                    let mut validated = live_constraints[i].clone();
                    validated.validated = true;
                    changes.push(Change::ValidateConstraint { table: table.clone(), constraint: validated });
                }
                in_place::kept_constraint(table, &live_constraints[i], constraint, changes);
            }
            None => changes.push(Change::AddConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
                replaces: None,
            }),
        }
    }
    for (i, constraint) in live.constraints.iter().enumerate() {
        if !claimed[i] {
            changes.push(Change::DropConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
                replaced: false,
            });
        }
    }
}

/// Whether a constraint is dropped with a column the plan makes again.
fn goes_with_column(constraint: &Constraint, cx: &TableContext) -> bool {
    match &constraint.kind {
        ConstraintKind::PrimaryKey { columns, include } | ConstraintKind::Unique { columns, include, .. } => {
            cx.touches_recreated(&[columns.as_slice(), include.as_slice()].concat(), "")
        }
        ConstraintKind::ForeignKey(fk) => cx.touches_recreated(&fk.columns, ""),
        ConstraintKind::Check { definition } | ConstraintKind::Exclusion { definition } => {
            cx.touches_recreated(&[], definition)
        }
    }
}

pub(super) fn replace(table: &QualifiedName, live: &Constraint, desired: &Constraint, changes: &mut Vec<Change>) {
    changes.push(Change::DropConstraint { table: table.clone(), constraint: live.clone(), replaced: true });
    changes.push(Change::AddConstraint {
        table: table.clone(),
        constraint: desired.clone(),
        replaces: Some(live.clone()),
    });
}

/// A live constraint as it reads after the declared renames: its columns and the table and
/// columns it references carry their new names.
fn renamed(
    constraint: &Constraint,
    table: &QualifiedName,
    renames: &Renames,
    column_renames: &[(&str, &str)],
) -> Constraint {
    let columns = |names: &[String]| names.iter().map(|c| renames.column(table, c)).collect::<Vec<_>>();
    let kind = match &constraint.kind {
        ConstraintKind::PrimaryKey { columns: c, include } => {
            ConstraintKind::PrimaryKey { columns: columns(c), include: columns(include) }
        }
        ConstraintKind::Unique { columns: c, include, nulls_not_distinct } => ConstraintKind::Unique {
            columns: columns(c),
            include: columns(include),
            nulls_not_distinct: *nulls_not_distinct,
        },
        ConstraintKind::ForeignKey(fk) => {
            let references = renames.table(&fk.references);
            let ref_columns = fk.ref_columns.iter().map(|c| renames.column(&references, c)).collect();
            ConstraintKind::ForeignKey(ForeignKey {
                columns: columns(&fk.columns),
                references,
                ref_columns,
                ..fk.clone()
            })
        }
        ConstraintKind::Check { definition } if !column_renames.is_empty() => {
            ConstraintKind::Check { definition: sqltext::rename_columns(definition, column_renames) }
        }
        ConstraintKind::Exclusion { definition } if !column_renames.is_empty() => {
            ConstraintKind::Exclusion { definition: sqltext::rename_columns(definition, column_renames) }
        }
        other => other.clone(),
    };
    Constraint { kind, ..constraint.clone() }
}

/// A live foreign key of `table` (by its new name) as it reads after the declared renames.
pub(super) fn renamed_foreign_key(constraint: &Constraint, table: &QualifiedName, renames: &Renames) -> Constraint {
    renamed(constraint, table, renames, &[])
}

fn indexes(live: &Table, desired: &Table, cx: &TableContext, changes: &mut Vec<Change>) {
    let table = cx.table;
    let column_renames = cx.column_renames();
    let mut claimed = vec![false; live.indexes.len()];
    for index in &desired.indexes {
        let position = |name: &str| live.indexes.iter().position(|l| l.name == name);
        let by_old_name = index.renamed_from.as_ref().and_then(|old| position(old).map(|i| (i, old)));
        let found = match (position(&index.name), by_old_name) {
            (Some(i), None) => Some(i),
            (None, Some((i, old))) => {
                changes.push(Change::RenameIndex {
                    schema: table.schema.clone(),
                    from: old.clone(),
                    to: index.name.clone(),
                });
                Some(i)
            }
            // Both names exist: handled as an error by `pair_indexes`.
            (Some(i), Some(_)) => Some(i),
            (None, None) => None,
        };
        let Some(i) = found else {
            changes.push(Change::AddIndex { table: table.clone(), index: index.clone() });
            continue;
        };
        claimed[i] = true;
        let mut found = live.indexes[i].clone();
        found.name = index.name.clone();
        if !column_renames.is_empty() {
            found.body = sqltext::rename_columns(&found.body, &column_renames);
        }
        if cx.touches_recreated(&[], &found.body) {
            // Dropped with the column: built again.
            changes.push(Change::AddIndex { table: table.clone(), index: index.clone() });
        } else if !same_index(&found, index) {
            changes.push(Change::ReplaceIndex { table: table.clone(), from: found, to: index.clone() });
        } else {
            in_place::kept_index(table, &found, index, changes);
        }
    }
    for (i, index) in live.indexes.iter().enumerate() {
        if !claimed[i] {
            changes.push(Change::DropIndex { table: table.clone(), index: index.clone() });
        }
    }
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique && a.body == b.body
}
