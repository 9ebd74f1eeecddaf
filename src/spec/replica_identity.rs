//! `replica_identity:` of a table: a word, or the index whose columns identify a row.

use schemars::JsonSchema;
use serde::Deserialize;

use super::node::{self, DeserializeLong, Node, Shorthand};

/// A table's replica identity: a word, or `{index: name}`.
#[derive(Debug)]
pub enum ReplicaIdentitySpec {
    Default,
    Full,
    Nothing,
    Index(Node<String>),
}

impl Shorthand for ReplicaIdentitySpec {
    const SHORT: &'static str = "`default`, `full`, `nothing`";
    fn from_str(word: String) -> Option<Self> {
        match word.as_str() {
            "default" => Some(ReplicaIdentitySpec::Default),
            "full" => Some(ReplicaIdentitySpec::Full),
            "nothing" => Some(ReplicaIdentitySpec::Nothing),
            _ => None,
        }
    }
}

/// `replica_identity: {index: name}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplicaIdentityIndex {
    index: Node<String>,
}

impl<'de> DeserializeLong<'de> for ReplicaIdentitySpec {
    fn deserialize_long<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ReplicaIdentityIndex::deserialize(d).map(|i| ReplicaIdentitySpec::Index(i.index))
    }
}

impl<'de> Deserialize<'de> for ReplicaIdentitySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        node::short_or_long(d)
    }
}

impl JsonSchema for ReplicaIdentitySpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReplicaIdentity".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                {"type": "string", "enum": ["default", "full", "nothing"]},
                {
                    "type": "object",
                    "properties": {"index": {"type": "string", "description": "A unique index of the table on NOT NULL columns."}},
                    "required": ["index"],
                    "additionalProperties": false
                }
            ]
        })
    }
}
