//! The facets that change in place, without dropping anything: a table's storage parameters,
//! persistence and replica identity, a column's statistics, a constraint's comment, and the
//! storage parameters of an index or of a key's index.

use serde::Serialize;

use super::{Change, CommentTarget, Facet};
use crate::model::{Column, Constraint, Index, Parameters, QualifiedName, ReplicaIdentity, Table, TableOptions};

/// What about a table itself changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFacet {
    Parameters,
    Persistence,
    ReplicaIdentity,
}

impl TableFacet {
    pub fn noun(self) -> &'static str {
        match self {
            TableFacet::Parameters => "storage parameters",
            TableFacet::Persistence => "persistence",
            TableFacet::ReplicaIdentity => "replica identity",
        }
    }

    /// The facet's value on a table, as text for messages.
    pub fn value(self, options: &TableOptions) -> Option<String> {
        match self {
            TableFacet::Parameters => parameters_text(&options.parameters),
            TableFacet::Persistence => Some(if options.unlogged { "UNLOGGED" } else { "LOGGED" }.to_owned()),
            TableFacet::ReplicaIdentity => Some(options.replica_identity.sql()),
        }
    }
}

/// `fillfactor=70, autovacuum_enabled=off`, or `None` when there are none.
pub fn parameters_text(parameters: &Parameters) -> Option<String> {
    let entries: Vec<String> = parameters.iter().map(|(k, v)| format!("{k}={v}")).collect();
    (!entries.is_empty()).then(|| entries.join(", "))
}

/// The facets in which a live table differs from the declared one: one step for all of them.
/// `changes[first..]` are the table's constraint and index changes: an index that is the
/// replica identity and is built again (replaced) is not the replica identity any more, so it
/// is set again.
pub(super) fn table(live: &Table, desired: &Table, first: usize, changes: &mut Vec<Change>) {
    let (from, to) = (&live.options, &desired.options);
    let rebuilt = |name: &str| {
        changes[first..].iter().any(|c| match c {
            Change::ReplaceIndex { to, .. } => to.name == name,
            Change::AddIndex { index, .. } => index.name == name,
            Change::AddConstraint { constraint, .. } => constraint.name() == name,
            _ => false,
        })
    };
    let identity_rebuilt = matches!(&to.replica_identity, ReplicaIdentity::Index(name) if rebuilt(name));
    let mut facets = Vec::new();
    if from.parameters != to.parameters {
        facets.push(TableFacet::Parameters);
    }
    if from.unlogged != to.unlogged {
        facets.push(TableFacet::Persistence);
    }
    if from.replica_identity != to.replica_identity || identity_rebuilt {
        facets.push(TableFacet::ReplicaIdentity);
    }
    if !facets.is_empty() {
        changes.push(Change::AlterTable { table: desired.name.clone(), from: from.clone(), to: to.clone(), facets });
    }
}

/// A new table's replica identity is set by a step of its own: the index it names is built
/// after the table.
pub(super) fn new_table(table: &Table, changes: &mut Vec<Change>) {
    if table.options.replica_identity != ReplicaIdentity::Default {
        let mut from = table.options.clone();
        from.replica_identity = ReplicaIdentity::Default;
        changes.push(Change::AlterTable {
            table: table.name.clone(),
            from,
            to: table.options.clone(),
            facets: vec![TableFacet::ReplicaIdentity],
        });
    }
}

/// The statistics facets in which two columns differ.
pub(super) fn column(live: &Column, desired: &Column, facets: &mut Vec<Facet>) {
    if live.statistics.target != desired.statistics.target {
        facets.push(Facet::Statistics);
    }
    if live.statistics.options != desired.statistics.options {
        facets.push(Facet::Options);
    }
}

/// A live constraint that stays as it is: its comment and the storage parameters of its index
/// are set in place. It keeps its live name.
pub(super) fn kept_constraint(
    table: &QualifiedName,
    live: &Constraint,
    desired: &Constraint,
    changes: &mut Vec<Change>,
) {
    if live.comment != desired.comment {
        changes.push(Change::SetComment {
            target: CommentTarget::Constraint { table: table.clone(), name: live.name().to_owned() },
            from: live.comment.clone(),
            to: desired.comment.clone(),
        });
    }
    if live.has_index() && live.parameters != desired.parameters {
        changes.push(Change::AlterIndex {
            table: table.clone(),
            name: live.name().to_owned(),
            from: live.parameters.clone(),
            to: desired.parameters.clone(),
        });
    }
}

/// A live index that stays (same definition): its comment and storage parameters.
pub(super) fn kept_index(table: &QualifiedName, live: &Index, desired: &Index, changes: &mut Vec<Change>) {
    if live.comment != desired.comment {
        changes.push(Change::SetComment {
            target: CommentTarget::Index { schema: table.schema.clone(), name: desired.name.clone() },
            from: live.comment.clone(),
            to: desired.comment.clone(),
        });
    }
    if live.parameters != desired.parameters {
        changes.push(Change::AlterIndex {
            table: table.clone(),
            name: desired.name.clone(),
            from: live.parameters.clone(),
            to: desired.parameters.clone(),
        });
    }
}
