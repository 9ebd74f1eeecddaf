//! The SQL of the sequence behind a serial or identity column: its options when it is made, and
//! `ALTER SEQUENCE` when they change.
//!
//! Options are altered with `ALTER SEQUENCE`, also for an identity column's sequence: it takes a
//! lock on the sequence only, where `ALTER TABLE … ALTER COLUMN … SET INCREMENT BY` would take
//! an ACCESS EXCLUSIVE lock on the table. A changed `start` is altered as the parameter
//! (`START WITH`: what a RESTART goes back to); an existing sequence never restarts, so its
//! position never moves backwards and no value is handed out twice.

use crate::model::ident::{quote_ident, quote_literal};
use crate::model::names::default_constraint_name;
use crate::model::sequence::{Options, column_sequence_type};
use crate::model::{Column, QualifiedName, Sequence};

/// Whether the column is a serial: one that owns its sequence (read from a database), or one
/// declared as `serial`, `bigserial`, ... (a raw model).
pub fn is_serial(column: &Column) -> bool {
    column.owned_sequence.is_some() || crate::spec::types::is_serial(&column.data_type)
}

/// The name PostgreSQL gives the sequence of a new serial or identity column.
pub fn default_name(table: &QualifiedName, column: &str) -> String {
    default_constraint_name(&table.name, &[column], "seq")
}

/// The names a new column's sequence may take: PostgreSQL's and the declared one. Empty for a
/// column without a sequence.
pub fn new_sequence_names(table: &QualifiedName, column: &Column) -> Vec<String> {
    if !is_serial(column) && column.identity.is_none() {
        return Vec::new();
    }
    let mut names = vec![default_name(table, &column.name)];
    names.extend(chosen_name(table, column));
    names
}

/// The name the column's sequence is to have, when the declaration gave one that is not the
/// name PostgreSQL would choose.
fn chosen_name(table: &QualifiedName, column: &Column) -> Option<String> {
    let sequence = column.sequence.as_ref().filter(|s| s.named)?;
    sequence.name.clone().filter(|n| *n != default_name(table, &column.name))
}

/// The sequence's `AS` type when it is declared and not the column's own.
pub fn declared_type(column: &Column) -> Option<&str> {
    let declared = column.sequence.as_ref()?.data_type.as_deref()?;
    (declared != column_sequence_type(&column.data_type)).then_some(declared)
}

/// The `AS` type a new sequence of the column gets.
pub fn sequence_type(column: &Column) -> &str {
    declared_type(column).unwrap_or_else(|| column_sequence_type(&column.data_type))
}

/// The option clauses of a new sequence (`CREATE SEQUENCE`, an identity's `( … )`), for the
/// options that differ from PostgreSQL's defaults for its type and direction. Without `AS`:
/// an identity's sequence takes the column's type, and refuses another in its `( … )`.
pub fn creation_options(column: &Column) -> Vec<String> {
    let Some(sequence) = &column.sequence else { return Vec::new() };
    let defaults = Options::defaults(sequence_type(column), sequence.increment.unwrap_or(1));
    let mut clauses = Vec::new();
    let mut option = |value: Option<i64>, default: i64, words: &str| {
        if let Some(value) = value.filter(|v| *v != default) {
            clauses.push(format!("{words} {value}"));
        }
    };
    option(sequence.increment, defaults.increment, "INCREMENT BY");
    option(sequence.min_value, defaults.min_value, "MINVALUE");
    option(sequence.max_value, defaults.max_value, "MAXVALUE");
    option(sequence.start, defaults.start, "START WITH");
    option(sequence.cache, defaults.cache, "CACHE");
    if sequence.cycle == Some(true) {
        clauses.push("CYCLE".to_owned());
    }
    clauses
}

/// The clauses that take a sequence `CREATE TABLE` just made (ascending, PostgreSQL's defaults
/// for its type) to the declared options. Unlike `CREATE SEQUENCE`, `ALTER SEQUENCE` keeps what
/// it is not told: a declared descending sequence, or a `min_value` without a `start`, needs
/// its range and start spelled out, or it keeps the ascending ones.
fn options_after_create(column: &Column) -> Vec<String> {
    let Some(sequence) = &column.sequence else { return Vec::new() };
    let data_type = sequence_type(column);
    let increment = sequence.increment.unwrap_or(1);
    let direction = Options::defaults(data_type, increment);
    let created = Options::defaults(data_type, 1);
    let min_value = sequence.min_value.unwrap_or(direction.min_value);
    let max_value = sequence.max_value.unwrap_or(direction.max_value);
    let start = sequence.start.unwrap_or(if increment < 0 { max_value } else { min_value });
    let mut clauses = Vec::new();
    for (value, made, words) in [
        (increment, created.increment, "INCREMENT BY"),
        (min_value, created.min_value, "MINVALUE"),
        (max_value, created.max_value, "MAXVALUE"),
        (start, created.start, "START WITH"),
        (sequence.cache.unwrap_or(created.cache), created.cache, "CACHE"),
    ] {
        if value != made {
            clauses.push(format!("{words} {value}"));
        }
    }
    if sequence.cycle == Some(true) {
        clauses.push("CYCLE".to_owned());
    }
    clauses
}

/// `GENERATED … AS IDENTITY`'s sequence options: ` (SEQUENCE NAME … START WITH …)`, or nothing.
pub fn identity_options(table: &QualifiedName, column: &Column) -> String {
    let mut clauses = Vec::new();
    if let Some(name) = chosen_name(table, column) {
        clauses.push(format!("SEQUENCE NAME {}", QualifiedName::new(&table.schema, name).sql()));
    }
    clauses.extend(creation_options(column));
    if clauses.is_empty() { String::new() } else { format!(" ({})", clauses.join(" ")) }
}

/// After an identity column was made: its sequence's declared `AS` type, when it is not the
/// column's (`ALTER SEQUENCE … AS` moves a bound that was the old type's extreme, as it did
/// when the sequence was read).
pub fn identity_created(table: &QualifiedName, column: &Column) -> Option<String> {
    column.identity?;
    let data_type = declared_type(column)?;
    let name = chosen_name(table, column).unwrap_or_else(|| default_name(table, &column.name));
    Some(format!("ALTER SEQUENCE {} AS {data_type}", QualifiedName::new(&table.schema, name).sql()))
}

/// After `CREATE TABLE` made a column's sequence (under PostgreSQL's name, with its defaults):
/// a serial's declared type and options, from the first value on, and its declared name.
pub fn created(table: &QualifiedName, column: &Column) -> Vec<String> {
    if !is_serial(column) {
        return identity_created(table, column).into_iter().collect();
    }
    let made = QualifiedName::new(&table.schema, default_name(table, &column.name)).sql();
    let mut sql = Vec::new();
    let mut options: Vec<String> = declared_type(column).map(|t| format!("AS {t}")).into_iter().collect();
    options.extend(options_after_create(column));
    if !options.is_empty() {
        // The sequence is new and unused: RESTART only puts its first value at the declared start.
        sql.push(format!("ALTER SEQUENCE {made} {} RESTART", options.join(" ")));
    }
    if let Some(name) = chosen_name(table, column) {
        sql.push(format!("ALTER SEQUENCE {made} RENAME TO {}", quote_ident(&name)));
    }
    sql
}

/// How a serial column whose sequence is not PostgreSQL's default is added: what `serial`
/// expands to, with the declared sequence.
pub struct AddedSerial {
    /// `CREATE SEQUENCE`, before the column.
    pub create: String,
    /// The column as an integer whose default is `nextval` of that sequence.
    pub column: Column,
    /// `ALTER SEQUENCE … OWNED BY`, after the column.
    pub own: String,
}

/// A serial column added to an existing table whose sequence is not PostgreSQL's default: the
/// sequence is made first, so that the existing rows are numbered by it. `None` when
/// `ADD COLUMN … serial` makes what is declared.
pub fn serial_added(table: &QualifiedName, column: &Column) -> Option<AddedSerial> {
    if !is_serial(column) {
        return None;
    }
    let options = creation_options(column);
    let chosen = chosen_name(table, column);
    if options.is_empty() && chosen.is_none() && declared_type(column).is_none() {
        return None;
    }
    let name = chosen.unwrap_or_else(|| default_name(table, &column.name));
    let sequence = QualifiedName::new(&table.schema, &name).sql();
    let create = format!("CREATE SEQUENCE {sequence} AS {}{}", sequence_type(column), prefixed(&options));
    let plain_column = Column {
        data_type: column_sequence_type(&column.data_type).to_owned(),
        not_null: true,
        default: Some(format!("nextval({}::regclass)", quote_literal(&sequence))),
        owned_sequence: None,
        sequence: None,
        ..column.clone()
    };
    let own = format!("ALTER SEQUENCE {sequence} OWNED BY {}.{}", table.sql(), quote_ident(&column.name));
    Some(AddedSerial { create, column: plain_column, own })
}

fn prefixed(clauses: &[String]) -> String {
    clauses.iter().map(|c| format!(" {c}")).collect()
}

/// A column becomes (or stays, under a new type) a serial: the sequence it owns, continuing
/// after the values already there, is its default.
pub fn owned(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let alter = |action: String| format!("ALTER TABLE {} ALTER COLUMN {} {action}", table.sql(), quote_ident(&to.name));
    let mut sql = Vec::new();
    let declared = to.sequence.as_ref().filter(|s| s.named).and_then(|s| s.name.clone());
    let sequence = match &from.owned_sequence {
        // Under its declared name: the sequence facet renames it before this runs.
        Some(existing) => declared.unwrap_or_else(|| existing.clone()),
        None => {
            let name = declared.unwrap_or_else(|| default_name(table, &to.name));
            let qualified = QualifiedName::new(&table.schema, &name);
            let options: String = creation_options(to).iter().map(|o| format!(" {o}")).collect();
            sql.push(format!(
                "CREATE SEQUENCE {} AS {}{options} OWNED BY {}.{}",
                qualified.sql(),
                sequence_type(to),
                table.sql(),
                quote_ident(&to.name)
            ));
            sql.push(format!(
                "SELECT setval({}, max({col})) FROM {} HAVING max({col}) IS NOT NULL",
                quote_literal(&qualified.sql()),
                table.sql(),
                col = quote_ident(&to.name)
            ));
            name
        }
    };
    let text = QualifiedName::new(&table.schema, &sequence).sql();
    sql.push(alter(format!("SET DEFAULT nextval({}::regclass)", quote_literal(&text))));
    sql
}

/// `ALTER SEQUENCE` of a sequence that stays: the options that differ, then the declared name.
/// Runs after the column's type changed; an identity's sequence then has the new type already.
pub fn altered(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let (Some(live), Some(wanted)) = (&from.sequence, &to.sequence) else { return Vec::new() };
    let Some(live_name) = &live.name else { return Vec::new() };
    let sequence = QualifiedName::new(&table.schema, live_name).sql();
    let mut before: Sequence = live.clone();
    if from.identity.is_some() && from.data_type != to.data_type {
        before = before.retyped(column_sequence_type(&to.data_type));
    }
    let mut clauses = Vec::new();
    if let Some(data_type) = wanted.data_type.as_deref().filter(|t| before.data_type.as_deref() != Some(*t)) {
        clauses.push(format!("AS {data_type}"));
        before = before.retyped(data_type);
    }
    if let (Some(was), Some(now)) = (before.options(), wanted.options()) {
        let mut option = |was: i64, now: i64, words: &str| {
            if was != now {
                clauses.push(format!("{words} {now}"));
            }
        };
        option(was.increment, now.increment, "INCREMENT BY");
        option(was.min_value, now.min_value, "MINVALUE");
        option(was.max_value, now.max_value, "MAXVALUE");
        option(was.start, now.start, "START WITH");
        option(was.cache, now.cache, "CACHE");
        if was.cycle != now.cycle {
            clauses.push(if now.cycle { "CYCLE" } else { "NO CYCLE" }.to_owned());
        }
    }
    let mut sql = Vec::new();
    if !clauses.is_empty() {
        sql.push(format!("ALTER SEQUENCE {sequence} {}", clauses.join(" ")));
    }
    if wanted.named
        && let Some(name) = wanted.name.as_ref().filter(|n| *n != live_name)
    {
        sql.push(format!("ALTER SEQUENCE {sequence} RENAME TO {}", quote_ident(name)));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::altered;
    use crate::model::{Column, Identity, QualifiedName, Sequence};

    fn column(data_type: &str, identity: Option<Identity>, sequence: Sequence) -> Column {
        let mut c: Column = serde_json::from_value(serde_json::json!({
            "name": "id", "data_type": data_type, "not_null": true, "default": null, "identity": null,
            "generated": null, "collation": null, "comment": null, "owned_sequence": null, "sequence": null
        }))
        .unwrap();
        c.identity = identity;
        if identity.is_none() {
            c.owned_sequence = sequence.name.clone();
        }
        c.sequence = Some(sequence);
        c
    }

    fn sequence(name: &str, data_type: &str, max_value: i64) -> Sequence {
        Sequence {
            name: Some(name.into()),
            named: false,
            data_type: Some(data_type.into()),
            start: Some(1),
            increment: Some(1),
            min_value: Some(1),
            max_value: Some(max_value),
            cache: Some(1),
            cycle: Some(false),
        }
    }

    #[test]
    fn a_retyped_serial_says_only_as_when_its_bounds_were_the_types() {
        let table = QualifiedName::new("app", "t");
        let from = column("integer", None, sequence("t_id_seq", "integer", i32::MAX.into()));
        let to = column("bigint", None, sequence("t_id_seq", "bigint", i64::MAX));
        assert_eq!(altered(&table, &from, &to), ["ALTER SEQUENCE app.t_id_seq AS bigint"]);
        let back = column("smallint", None, sequence("t_id_seq", "smallint", i16::MAX.into()));
        assert_eq!(altered(&table, &to, &back), ["ALTER SEQUENCE app.t_id_seq AS smallint"]);
    }

    #[test]
    fn an_identity_follows_its_column_and_keeps_a_chosen_maximum() {
        let table = QualifiedName::new("app", "t");
        let from = column("bigint", Some(Identity::Always), sequence("t_id_seq", "bigint", 5000));
        let to = column("integer", Some(Identity::Always), sequence("t_id_seq", "integer", 5000));
        assert!(altered(&table, &from, &to).is_empty());
    }

    #[test]
    fn only_a_declared_name_renames() {
        let table = QualifiedName::new("app", "t");
        let from = column("integer", None, sequence("old_seq", "integer", i32::MAX.into()));
        let unnamed = column("integer", None, sequence("t_id_seq", "integer", i32::MAX.into()));
        assert!(altered(&table, &from, &unnamed).is_empty());
        let mut named = unnamed.clone();
        named.sequence.as_mut().unwrap().named = true;
        assert_eq!(altered(&table, &from, &named), ["ALTER SEQUENCE app.old_seq RENAME TO t_id_seq"]);
    }
}
