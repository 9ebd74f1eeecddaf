//! `sequence:` of a column: only where a sequence is behind the column, and options that
//! PostgreSQL would accept for its type (the shadow database would refuse the rest, but could
//! not point at the option).

use super::{Seen, Validator};
use crate::model::sequence::{column_sequence_type, type_max, type_min};
use crate::spec::node::Node;
use crate::spec::{ColumnSpec, SequenceSpec, types};

impl Validator<'_> {
    pub(super) fn sequence(
        &mut self,
        column: &Node<String>,
        c: &ColumnSpec,
        node: &Node<SequenceSpec>,
        relations: &mut Seen,
    ) {
        let spec = &node.value;
        let serial = types::is_serial(&c.data_type.value);
        if !serial && c.identity.is_none() {
            self.report(
                node.loc,
                format!("column `{}` has `sequence` but no sequence behind it", column.value),
                "no sequence",
                "declare the column as serial, bigserial or smallserial, or give it `identity`; else remove `sequence`",
            );
            return;
        }
        if let Some(name) = &spec.name {
            self.name(name, "sequence");
            // A sequence shares its schema's namespace with tables and indexes.
            self.relation(relations, &name.value, name.loc, "sequence");
        }
        if let Some(increment) = spec.increment.as_ref().filter(|i| i.value == 0) {
            self.report(
                increment.loc,
                "a sequence's `increment` cannot be 0".into(),
                "zero",
                "count by 1, -1 or any other step",
            );
        }
        if let Some(cache) = spec.cache.as_ref().filter(|c| c.value < 1) {
            self.report(
                cache.loc,
                format!("a sequence's `cache` is at least 1, not {}", cache.value),
                "below 1",
                "remove it (1, no cache) or give a larger number",
            );
        }
        // The type the sequence will have: declared, or the column's (an identity column's
        // type as written, when it is one of the integer types).
        let canonical = types::canonical(&c.data_type.value);
        let column_type =
            matches!(canonical.as_str(), "smallint" | "integer" | "bigint").then(|| column_sequence_type(&canonical));
        let data_type = spec.data_type.as_ref().map(|t| t.value.sql()).or(column_type);
        let bounds = [("start", &spec.start), ("min_value", &spec.min_value), ("max_value", &spec.max_value)];
        if let Some(data_type) = data_type {
            for (field, value) in bounds {
                if let Some(value) =
                    value.as_ref().filter(|v| v.value < type_min(data_type) || v.value > type_max(data_type))
                {
                    self.report(
                        value.loc,
                        format!("`{field}` {} is out of range for a sequence of type {data_type}", value.value),
                        "out of range",
                        &format!(
                            "give a value from {} to {}, or a wider type",
                            type_min(data_type),
                            type_max(data_type)
                        ),
                    );
                }
            }
        }
        self.sequence_range(spec);
    }

    /// MINVALUE below MAXVALUE, START between them (where both are declared).
    fn sequence_range(&mut self, spec: &SequenceSpec) {
        if let (Some(min), Some(max)) = (&spec.min_value, &spec.max_value)
            && min.value >= max.value
        {
            self.report(
                max.loc,
                format!("`max_value` {} is not above `min_value` {}", max.value, min.value),
                "not above min_value",
                "a sequence's range runs from min_value up to a larger max_value",
            );
        }
        let Some(start) = &spec.start else { return };
        let below = spec.min_value.as_ref().filter(|m| start.value < m.value).map(|m| ("below `min_value`", m.value));
        let above = spec.max_value.as_ref().filter(|m| start.value > m.value).map(|m| ("above `max_value`", m.value));
        if let Some((label, bound)) = below.or(above) {
            self.report(
                start.loc,
                format!("`start` {} is {label} {bound}", start.value),
                label,
                "a sequence starts inside its range: move `start`, or widen the range",
            );
        }
    }
}
