//! How `inspect` writes storage parameters, column options and a replica identity.

use serde::Serialize;
use serde_saphyr::FlowMap;

use super::Ordered;
use crate::model::{Parameters, ReplicaIdentity};

/// A parameter's value: a number where the stored text reads back as the same text (`70`,
/// `-0.5`), else a string (`off`, `0.10`), so that the declaration sets exactly what is stored.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Scalar {
    Integer(i64),
    Float(f64),
    Text(String),
}

fn scalar(value: &str) -> Scalar {
    if let Ok(n) = value.parse::<i64>()
        && n.to_string() == value
    {
        return Scalar::Integer(n);
    }
    if let Ok(x) = value.parse::<f64>()
        && x.is_finite()
        && x.to_string() == value
    {
        return Scalar::Float(x);
    }
    Scalar::Text(value.to_owned())
}

pub(super) type ParametersOut = Option<FlowMap<Ordered<Scalar>>>;

/// `{fillfactor: 70, deduplicate_items: off}`, or nothing when there are none.
pub(super) fn parameters(parameters: &Parameters) -> ParametersOut {
    (!parameters.is_empty()).then(|| FlowMap(Ordered(parameters.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())))
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ReplicaIdentityOut {
    Word(&'static str),
    Index(FlowMap<IndexName>),
}

#[derive(Serialize)]
pub(super) struct IndexName {
    index: String,
}

pub(super) fn replica_identity(identity: &ReplicaIdentity) -> Option<ReplicaIdentityOut> {
    match identity {
        ReplicaIdentity::Default => None,
        ReplicaIdentity::Full => Some(ReplicaIdentityOut::Word("full")),
        ReplicaIdentity::Nothing => Some(ReplicaIdentityOut::Word("nothing")),
        ReplicaIdentity::Index(index) => Some(ReplicaIdentityOut::Index(FlowMap(IndexName { index: index.clone() }))),
    }
}
