//! The sequence facet of a column: the options (and the declared name) of the sequence behind
//! a serial or identity column. Both sides are read from `pg_sequence`, so PostgreSQL has
//! already filled in what the declaration left to its defaults.

use crate::model::Column;

/// Whether the sequence behind `live` differs from the one `desired` declares. Only a sequence
/// that stays is compared: a serial that becomes an identity (or the reverse) gets a new one.
pub fn differs(live: &Column, desired: &Column) -> bool {
    let (Some(from), Some(to)) = (&live.sequence, &desired.sequence) else { return false };
    if live.identity.is_some() != desired.identity.is_some()
        || live.owned_sequence.is_some() != desired.owned_sequence.is_some()
    {
        return false;
    }
    (to.named && to.name != from.name) || from.data_type != to.data_type || from.options() != to.options()
}

/// The sequence as text for messages, in the words of CREATE SEQUENCE:
/// `orders_id_seq AS integer START 10000000 INCREMENT 1 ...`.
pub fn describe(column: &Column) -> Option<String> {
    let s = column.sequence.as_ref()?;
    let o = s.options()?;
    Some(format!(
        "{} AS {} START {} INCREMENT {} MINVALUE {} MAXVALUE {} CACHE {}{}",
        s.name.as_deref().unwrap_or("?"),
        s.data_type.as_deref().unwrap_or("?"),
        o.start,
        o.increment,
        o.min_value,
        o.max_value,
        o.cache,
        if o.cycle { " CYCLE" } else { "" }
    ))
}
