//! `sequence:` of a serial or identity column: the options of the sequence behind it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Node;

/// The sequence behind a serial or identity column. Every option left out is PostgreSQL's
/// default for the sequence's type and direction. For an existing sequence, a changed option is
/// altered in place; its current position never moves (`start` is what a RESTART would go back
/// to, not where the next value comes from).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SequenceSpec {
    /// Name of the sequence, in the table's schema. Left out: PostgreSQL names a new one
    /// `<table>_<column>_seq`, and an existing one of any name is kept as it is.
    pub name: Option<Node<String>>,
    /// `AS` type. Left out, it follows the column's type (the usual case); given, the sequence
    /// keeps this type whatever the column's.
    #[serde(rename = "type")]
    pub data_type: Option<Node<SequenceType>>,
    /// START WITH: the first value of a new sequence (for an existing one, what RESTART goes back to).
    pub start: Option<Node<i64>>,
    /// INCREMENT BY: negative for a descending sequence (never 0).
    pub increment: Option<Node<i64>>,
    /// MINVALUE.
    pub min_value: Option<Node<i64>>,
    /// MAXVALUE.
    pub max_value: Option<Node<i64>>,
    /// CACHE: how many values each session takes at once (at least 1).
    pub cache: Option<Node<i64>>,
    /// CYCLE: after the last value, start again at the other end.
    pub cycle: Option<Node<bool>>,
}

/// The integer types a sequence can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SequenceType {
    Smallint,
    Integer,
    Bigint,
}

impl SequenceType {
    pub fn sql(self) -> &'static str {
        match self {
            SequenceType::Smallint => "smallint",
            SequenceType::Integer => "integer",
            SequenceType::Bigint => "bigint",
        }
    }

    pub fn from_sql(sql: &str) -> Option<SequenceType> {
        match sql {
            "smallint" => Some(SequenceType::Smallint),
            "integer" => Some(SequenceType::Integer),
            "bigint" => Some(SequenceType::Bigint),
            _ => None,
        }
    }
}

impl SequenceSpec {
    /// The declared options, as a raw model: what was not written stays unset.
    pub fn lower(&self) -> crate::model::Sequence {
        let number = |n: &Option<Node<i64>>| n.as_ref().map(|n| n.value);
        crate::model::Sequence {
            name: self.name.as_ref().map(|n| n.value.clone()),
            named: self.name.is_some(),
            data_type: self.data_type.as_ref().map(|t| t.value.sql().to_owned()),
            start: number(&self.start),
            increment: number(&self.increment),
            min_value: number(&self.min_value),
            max_value: number(&self.max_value),
            cache: number(&self.cache),
            cycle: self.cycle.as_ref().map(|c| c.value),
        }
    }
}
