//! Rows of the catalog queries as model objects. The column positions are those of the
//! queries in `queries.rs`.

use std::collections::BTreeMap;

use tokio_postgres::Row;

use super::Dependent;
use crate::model::{
    Column, ColumnStatistics, Constraint, ConstraintKind, Extension, ForeignKey, Identity, Index, MatchType,
    Parameters, QualifiedName, RefAction, ReplicaIdentity, Schema, Sequence, Table, TableOptions,
};
use crate::spec::emit::parse::storage_clause;

pub fn extension(row: &Row) -> Extension {
    Extension { name: row.get(0), schema: row.get(1), version: row.get(2), origin: None }
}

pub fn schema(row: &Row) -> Schema {
    Schema {
        name: row.get(0),
        comment: row.get(1),
        tables: BTreeMap::new(),
        enums: BTreeMap::new(),
        renamed_from: None,
        ignore: Vec::new(),
        origin: None,
    }
}

pub fn table(row: &Row) -> Table {
    Table {
        name: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
        columns: Vec::new(),
        constraints: Vec::new(),
        indexes: Vec::new(),
        comment: row.get(2),
        options: TableOptions {
            parameters: parameters(row.get(3)),
            unlogged: row.get(4),
            // An index-based identity whose index is gone acts as NOTHING.
            replica_identity: match (row.get::<_, i8>(5) as u8, row.get::<_, Option<String>>(6)) {
                (b'f', _) => ReplicaIdentity::Full,
                (b'n', _) | (b'i', None) => ReplicaIdentity::Nothing,
                (b'i', Some(index)) => ReplicaIdentity::Index(index),
                _ => ReplicaIdentity::Default,
            },
        },
        renamed_from: None,
        origin: None,
    }
}

/// `reloptions` / `attoptions` entries, `name=value` each.
fn parameters(entries: Vec<String>) -> Parameters {
    entries
        .into_iter()
        .map(|entry| match entry.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (entry, String::new()),
        })
        .collect()
}

/// A definition without its ` WITH (...)` (read from the catalog as parameters instead).
fn without_storage_clause(definition: String) -> String {
    match storage_clause(&definition) {
        Some(range) if !range.is_empty() => {
            let mut rest = definition;
            rest.replace_range(range, "");
            rest
        }
        _ => definition,
    }
}

pub fn column(row: &Row) -> Column {
    let serial_sequence: Option<String> = row.get(10);
    Column {
        name: row.get(2),
        data_type: row.get(3),
        not_null: row.get(4),
        default: if serial_sequence.is_some() { None } else { row.get(5) },
        identity: match row.get::<_, i8>(6) as u8 {
            b'a' => Some(Identity::Always),
            b'd' => Some(Identity::ByDefault),
            _ => None,
        },
        generated: row.get(7),
        collation: row.get(8),
        comment: row.get(9),
        owned_sequence: serial_sequence,
        statistics: ColumnStatistics { target: row.get(19), options: parameters(row.get(20)) },
        sequence: sequence(row),
        renamed_from: None,
        using: None,
        origin: None,
        default_origin: None,
    }
}

/// The sequence behind a serial or identity column (columns 11 to 18 of `COLUMNS`).
fn sequence(row: &Row) -> Option<Sequence> {
    let name: String = row.get::<_, Option<String>>(11)?;
    Some(Sequence {
        name: Some(name),
        named: true,
        data_type: row.get(12),
        start: row.get(13),
        increment: row.get(14),
        min_value: row.get(15),
        max_value: row.get(16),
        cache: row.get(17),
        cycle: row.get(18),
    })
}

pub fn constraint(row: &Row) -> Constraint {
    let validated: bool = row.get(6);
    let definition: String = row.get(7);
    let columns: Vec<String> = row.get(8);
    let include: Vec<String> = row.get(14);
    let kind = match row.get::<_, i8>(3) as u8 {
        b'p' => ConstraintKind::PrimaryKey { columns, include },
        b'u' => ConstraintKind::Unique { columns, include, nulls_not_distinct: row.get(15) },
        b'c' => ConstraintKind::Check { definition: without_not_valid(definition, validated) },
        b'f' => ConstraintKind::ForeignKey(ForeignKey {
            columns,
            references: QualifiedName::new(row.get::<_, String>(9), row.get::<_, String>(10)),
            ref_columns: row.get(11),
            on_update: ref_action(row.get(12)),
            on_delete: ref_action(row.get(13)),
            match_type: if row.get::<_, i8>(16) as u8 == b'f' { MatchType::Full } else { MatchType::Simple },
        }),
        // The deferral words are the constraint's flags, not part of its definition.
        _ => {
            let definition = without_not_valid(definition, validated);
            let definition = definition.strip_suffix(" INITIALLY DEFERRED").unwrap_or(&definition);
            let definition = definition.strip_suffix(" DEFERRABLE").unwrap_or(definition);
            ConstraintKind::Exclusion { definition: without_storage_clause(definition.to_owned()) }
        }
    };
    Constraint {
        name: Some(row.get(2)),
        kind,
        deferrable: row.get(4),
        initially_deferred: row.get(5),
        validated,
        comment: row.get(17),
        parameters: parameters(row.get(18)),
        key_index: row.get(19),
        named: true,
        origin: None,
    }
}

/// An index; its definition without the part that names it and its table (see `INDEXES`).
pub fn index(row: &Row) -> Result<Index, String> {
    let name: String = row.get(2);
    let definition: String = row.get(4);
    let prefix: String = row.get(5);
    let Some(body) = definition.strip_prefix(&prefix) else {
        return Err(format!(
            "cannot read the definition of index {name}: `{definition}` does not start with `{prefix}`"
        ));
    };
    let valid: bool = row.get(7);
    let body = without_storage_clause(body.to_owned());
    Ok(Index {
        name,
        unique: row.get(3),
        // An invalid index (a failed CREATE INDEX CONCURRENTLY) is as good as none: marked so
        // that it never compares equal, and is built again.
        body: if valid { body } else { format!("{body} -- INVALID") },
        comment: row.get(6),
        parameters: parameters(row.get(8)),
        renamed_from: None,
        origin: None,
        predicate_origin: None,
    })
}

pub fn dependent(row: &Row) -> Dependent {
    Dependent {
        table: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
        column: row.get(2),
        object: row.get(3),
    }
}

/// `pg_get_constraintdef` appends ` NOT VALID` to a constraint not yet validated; that is a
/// state of the constraint (see [`Constraint::validated`]), not part of its definition.
fn without_not_valid(definition: String, validated: bool) -> String {
    match definition.strip_suffix(" NOT VALID") {
        Some(stripped) if !validated => stripped.to_owned(),
        _ => definition,
    }
}

fn ref_action(code: i8) -> RefAction {
    match code as u8 {
        b'r' => RefAction::Restrict,
        b'c' => RefAction::Cascade,
        b'n' => RefAction::SetNull,
        b'd' => RefAction::SetDefault,
        _ => RefAction::NoAction,
    }
}
