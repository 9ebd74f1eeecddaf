//! `sequence:` of an inspected serial or identity column: only what differs from what
//! PostgreSQL would choose for a new column of that type.

use serde::Serialize;

use crate::model::sequence::{Options, column_sequence_type};
use crate::model::{Column, QualifiedName};
use crate::spec::SequenceType;

#[derive(Serialize, Default, PartialEq)]
pub(super) struct SequenceOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    data_type: Option<SequenceType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    increment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cycle: Option<bool>,
}

/// The sequence of a live serial or identity column, `None` when PostgreSQL's defaults say it all.
pub(super) fn sequence(table: &QualifiedName, column: &Column) -> Option<SequenceOut> {
    let sequence = column.sequence.as_ref()?;
    let options = sequence.options()?;
    let column_type = column_sequence_type(&column.data_type);
    let data_type = sequence.data_type.as_deref().unwrap_or(column_type);
    let defaults = Options::defaults(data_type, options.increment);
    let differing = |value: i64, default: i64| (value != default).then_some(value);
    let default_name = crate::model::names::default_constraint_name(&table.name, &[&column.name], "seq");
    let out = SequenceOut {
        name: sequence.name.clone().filter(|n| *n != default_name),
        data_type: (data_type != column_type).then(|| SequenceType::from_sql(data_type)).flatten(),
        start: differing(options.start, defaults.start),
        increment: differing(options.increment, defaults.increment),
        min_value: differing(options.min_value, defaults.min_value),
        max_value: differing(options.max_value, defaults.max_value),
        cache: differing(options.cache, defaults.cache),
        cycle: options.cycle.then_some(true),
    };
    (out != SequenceOut::default()).then_some(out)
}
