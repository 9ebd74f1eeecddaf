//! Lowering of the facets that change in place: storage parameters, persistence, replica
//! identity, and what a constraint spec says besides its kind.

use super::flag;
use crate::model::{Constraint, Parameters, ReplicaIdentity, TableOptions};
use crate::spec::{NamedMap, Node, ReplicaIdentitySpec, Setting, TableSpec};

pub(super) fn parameters(map: &NamedMap<Node<Setting>>) -> Parameters {
    map.iter().map(|(name, value)| (name.value.clone(), value.value.0.clone())).collect()
}

fn text(node: &Option<Node<String>>) -> Option<String> {
    node.as_ref().map(|n| n.value.clone())
}

/// What a constraint spec says besides its kind: its comment, its index's storage parameters,
/// and whether it is added `NOT VALID`.
pub(super) fn with_extras(
    mut constraint: Constraint,
    comment: &Option<Node<String>>,
    with: Option<&NamedMap<Node<Setting>>>,
    not_valid: &Option<Node<bool>>,
) -> Constraint {
    constraint.comment = text(comment);
    constraint.parameters = with.map(parameters).unwrap_or_default();
    constraint.validated = !flag(not_valid);
    constraint
}

pub(super) fn table_options(spec: &TableSpec) -> TableOptions {
    TableOptions {
        parameters: parameters(&spec.with),
        unlogged: flag(&spec.unlogged),
        replica_identity: match spec.replica_identity.as_ref().map(|r| &r.value) {
            None | Some(ReplicaIdentitySpec::Default) => ReplicaIdentity::Default,
            Some(ReplicaIdentitySpec::Full) => ReplicaIdentity::Full,
            Some(ReplicaIdentitySpec::Nothing) => ReplicaIdentity::Nothing,
            Some(ReplicaIdentitySpec::Index(index)) => ReplicaIdentity::Index(index.value.clone()),
        },
    }
}
