//! The canonical schema, in which a declaration and a live database are compared.
//!
//! A declaration is lowered into this model ("raw": types and expressions as written), rendered
//! into a shadow database, and read back by the same introspection as the live database
//! ("normalized": every type, expression and definition as PostgreSQL prints it). Only
//! normalized models are ever compared.
//!
//! Names are plain (unquoted) strings; SQL fragments (`data_type`, `default`, check and index
//! definitions) are SQL text. Collections that reach output are sorted, so everything derived
//! from a model is deterministic.

pub mod enum_type;
pub mod ident;
pub mod names;
pub mod seed;
pub mod sequence;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::spec::diagnostic::Origin;
pub use crate::spec::{Identity, MatchType, RefAction};
pub use enum_type::EnumType;
pub use ident::QualifiedName;
pub use sequence::Sequence;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub extensions: BTreeMap<String, Extension>,
    pub schemas: BTreeMap<String, Schema>,
}

impl Catalog {
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.schemas.get(&name.schema)?.tables.get(&name.name)
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.schemas.values().flat_map(|s| s.tables.values())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    /// Declared: where it must be (`None`: anywhere). Live: where it is.
    pub schema: Option<String>,
    /// Declared: the version wanted (`None`: any). Live: the installed one.
    pub version: Option<String>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub name: String,
    pub comment: Option<String>,
    pub tables: BTreeMap<String, Table>,
    /// Enum types by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Declared: glob patterns of the names of objects ogel leaves alone (see [`crate::ignore`]).
    /// A catalog read from a database holds none of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualifiedName,
    /// In column order: declaration order, or `attnum` order for a live table.
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    #[serde(default)]
    pub options: TableOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// Storage parameters (`WITH (...)`, `SET (...)`, `SET (n_distinct = ...)`): name → value as
/// PostgreSQL stores it (`fillfactor` → `70`), sorted by name.
pub type Parameters = BTreeMap<String, String>;

/// The physical facets of a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TableOptions {
    /// `WITH (...)`; those of its TOAST table as `toast.name`.
    pub parameters: Parameters,
    /// `CREATE UNLOGGED TABLE`.
    pub unlogged: bool,
    pub replica_identity: ReplicaIdentity,
}

/// `ALTER TABLE ... REPLICA IDENTITY ...`: what logical decoding records of a changed row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentity {
    #[default]
    Default,
    Full,
    Nothing,
    /// `USING INDEX name`: an index (or a key's index) of the table.
    Index(String),
}

impl ReplicaIdentity {
    /// What follows `REPLICA IDENTITY`: `FULL`, `USING INDEX name`, ...
    pub fn sql(&self) -> String {
        match self {
            ReplicaIdentity::Default => "DEFAULT".to_owned(),
            ReplicaIdentity::Full => "FULL".to_owned(),
            ReplicaIdentity::Nothing => "NOTHING".to_owned(),
            ReplicaIdentity::Index(index) => format!("USING INDEX {}", ident::quote_ident(index)),
        }
    }
}

/// What the planner is told about a column besides what ANALYZE finds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnStatistics {
    /// `SET STATISTICS n`; `None` for the server's default.
    pub target: Option<i32>,
    /// `SET (n_distinct = ..., n_distinct_inherited = ...)`.
    pub options: Parameters,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.iter().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The type as SQL text (`format_type` output once normalized).
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// Expression of a stored generated column.
    pub generated: Option<String>,
    /// Collation as SQL text, when it is not the type's default.
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// The sequence this column owns (a `serial`), in the table's schema.
    pub owned_sequence: Option<String>,
    #[serde(default)]
    pub statistics: ColumnStatistics,
    /// The options of the sequence behind a serial or identity column.
    pub sequence: Option<Sequence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Declared conversion for a type change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    #[serde(skip)]
    pub origin: Option<Origin>,
    /// Where the declaration wrote the default, for errors about it.
    #[serde(skip)]
    pub default_origin: Option<Origin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    /// `None` only in a raw model, for constraints PostgreSQL will name.
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// Live constraints added `NOT VALID` and not validated since; declared `not_valid`.
    pub validated: bool,
    pub comment: Option<String>,
    /// Storage parameters of the index behind a primary key, unique or exclusion constraint.
    #[serde(default)]
    pub parameters: Parameters,
    /// A live foreign key: the index of the referenced key it depends on
    /// (`pg_constraint.conindid`), which cannot be dropped while the foreign key exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_index: Option<String>,
    /// Whether the declaration gave the name (a live constraint of the same definition under
    /// another name satisfies a constraint the declaration did not name).
    #[serde(skip)]
    pub named: bool,
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl Constraint {
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// The parts that make two constraints the same, whatever their names.
    pub fn same_definition(&self, other: &Constraint) -> bool {
        self.kind == other.kind
            && self.deferrable == other.deferrable
            && self.initially_deferred == other.initially_deferred
    }

    /// Whether the constraint has an index behind it (named in the schema's relation namespace).
    pub fn has_index(&self) -> bool {
        matches!(
            self.kind,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } | ConstraintKind::Exclusion { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
        include: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
        include: Vec<String>,
        nulls_not_distinct: bool,
    },
    /// `CHECK (expr)` with ` NO INHERIT` when so.
    Check {
        definition: String,
    },
    ForeignKey(ForeignKey),
    /// `EXCLUDE USING method (...)` as PostgreSQL prints it.
    Exclusion {
        definition: String,
    },
}

impl ConstraintKind {
    /// The word for messages: "primary key", "foreign key", ...
    pub fn noun(&self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey { .. } => "primary key",
            ConstraintKind::Unique { .. } => "unique constraint",
            ConstraintKind::Check { .. } => "check",
            ConstraintKind::ForeignKey(_) => "foreign key",
            ConstraintKind::Exclusion { .. } => "exclusion constraint",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub references: QualifiedName,
    /// Empty only in a raw model: the referenced table's primary key.
    pub ref_columns: Vec<String>,
    pub on_delete: RefAction,
    pub on_update: RefAction,
    pub match_type: MatchType,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// Everything after `USING` but the storage parameters: method, keys, INCLUDE, NULLS NOT
    /// DISTINCT, WHERE.
    pub body: String,
    pub comment: Option<String>,
    /// `WITH (...)`: not part of `body`, so that a change sets them in place.
    #[serde(default)]
    pub parameters: Parameters,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub origin: Option<Origin>,
    /// Where the declaration wrote the predicate of a partial index, for errors about it.
    #[serde(skip)]
    pub predicate_origin: Option<Origin>,
}

/// A one-time data step of the declaration, run while its condition holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transition {
    pub name: String,
    pub comment: Option<String>,
    /// SQL boolean evaluated against the live database at plan time.
    pub when: String,
    pub reads: Vec<QualifiedName>,
    pub writes: Vec<QualifiedName>,
    pub sql: String,
    /// Whether `when` was left for apply to evaluate, just before the step (an untrusted plan).
    pub deferred: bool,
    #[serde(skip)]
    pub origin: Option<Origin>,
}
