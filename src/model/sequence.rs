//! The sequence behind a serial or identity column, and PostgreSQL's defaults for its options.
//!
//! Both sides of a comparison read every option from `pg_sequence` (the desired side from the
//! shadow database, which built the declaration), so PostgreSQL fills in what the declaration
//! left out. The defaults here serve only to write less: `inspect` leaves out, and generated SQL
//! does not repeat, what PostgreSQL would choose by itself. They are PostgreSQL's documented
//! rules (CREATE SEQUENCE): the range is the `AS` type's, cut at 1 (ascending) or -1
//! (descending); START is the low end of an ascending range, the high end of a descending one.

use serde::{Deserialize, Serialize};

/// A sequence's options. In a declaration (a raw model) only what was written is set; read from
/// a database everything is, as `pg_sequence` holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// In the column's table's schema. `None` only in a raw model that leaves the name to
    /// PostgreSQL (`<table>_<column>_seq`).
    pub name: Option<String>,
    /// Whether the declaration gave the name: else any name satisfies it (a table renamed by
    /// hand keeps its sequence's old name, and that is no difference).
    #[serde(skip)]
    pub named: bool,
    /// The `AS` type: `smallint`, `integer` or `bigint`. Declared only to keep a type other
    /// than the column's; otherwise it follows the column.
    pub data_type: Option<String>,
    pub start: Option<i64>,
    pub increment: Option<i64>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub cache: Option<i64>,
    pub cycle: Option<bool>,
}

/// The concrete options of a sequence read from a database (every option known).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl Sequence {
    /// The options, when all are known (a sequence read from a database).
    pub fn options(&self) -> Option<Options> {
        Some(Options {
            start: self.start?,
            increment: self.increment?,
            min_value: self.min_value?,
            max_value: self.max_value?,
            cache: self.cache?,
            cycle: self.cycle?,
        })
    }

    /// The same sequence under another `AS` type, as `ALTER SEQUENCE … AS` leaves it: a bound
    /// that was the old type's extreme becomes the new type's (PostgreSQL's `init_params`);
    /// a bound the user chose stays.
    pub fn retyped(&self, data_type: &str) -> Sequence {
        let old = self.data_type.as_deref().unwrap_or(data_type);
        let mut out = self.clone();
        if self.max_value == Some(type_max(old)) {
            out.max_value = Some(type_max(data_type));
        }
        if self.min_value == Some(type_min(old)) {
            out.min_value = Some(type_min(data_type));
        }
        out.data_type = Some(data_type.to_owned());
        out
    }
}

impl Options {
    /// PostgreSQL's defaults for a sequence of type `data_type` counting by `increment` (which
    /// decides the direction; the default increment itself is 1).
    pub fn defaults(data_type: &str, increment: i64) -> Options {
        let (min_value, max_value) = if increment < 0 { (type_min(data_type), -1) } else { (1, type_max(data_type)) };
        Options {
            start: if increment < 0 { max_value } else { min_value },
            increment: 1,
            min_value,
            max_value,
            cache: 1,
            cycle: false,
        }
    }
}

/// The largest value of an integer type (`bigint`'s for anything else).
pub fn type_max(data_type: &str) -> i64 {
    match data_type {
        "smallint" => i16::MAX.into(),
        "integer" => i32::MAX.into(),
        _ => i64::MAX,
    }
}

/// The smallest value of an integer type (`bigint`'s for anything else).
pub fn type_min(data_type: &str) -> i64 {
    match data_type {
        "smallint" => i16::MIN.into(),
        "integer" => i32::MIN.into(),
        _ => i64::MIN,
    }
}

/// The `AS` type a column's sequence has by default: the column's own integer type.
pub fn column_sequence_type(column_type: &str) -> &'static str {
    match column_type {
        "smallint" | "smallserial" | "serial2" | "int2" => "smallint",
        "bigint" | "bigserial" | "serial8" | "int8" => "bigint",
        _ => "integer",
    }
}

#[cfg(test)]
mod tests {
    use super::{Options, Sequence};

    #[test]
    fn defaults_follow_type_and_direction() {
        let up = Options::defaults("integer", 1);
        assert_eq!((up.start, up.min_value, up.max_value), (1, 1, i32::MAX.into()));
        let down = Options::defaults("smallint", -1);
        assert_eq!((down.start, down.min_value, down.max_value), (-1, i16::MIN.into(), -1));
    }

    #[test]
    fn retyping_moves_only_the_type_extremes() {
        let s = Sequence {
            data_type: Some("integer".into()),
            min_value: Some(1),
            max_value: Some(i32::MAX.into()),
            ..Default::default()
        };
        let wide = s.retyped("bigint");
        assert_eq!((wide.min_value, wide.max_value), (Some(1), Some(i64::MAX)));
        let chosen = Sequence { max_value: Some(200), ..s }.retyped("bigint");
        assert_eq!(chosen.max_value, Some(200));
    }
}
