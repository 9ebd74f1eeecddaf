//! The closed vocabulary of changes: add / drop / alter / rename × schema, extension, table,
//! column, constraint, index, comment, plus the data steps of a declaration (transitions and
//! seed rows).

use serde::Serialize;

use super::enum_type::EnumChange;
use super::facets::{TableFacet, parameters_text};
use crate::model::seed::SeedSet;
use crate::model::{Column, Constraint, Extension, Index, Parameters, QualifiedName, Table, TableOptions, Transition};

// A plan holds a few hundred changes, made once: boxing the large variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    AddSchema {
        name: String,
        comment: Option<String>,
    },
    RenameSchema {
        from: String,
        to: String,
    },
    AddExtension(Extension),
    AlterExtension {
        name: String,
        schema: Option<Move>,
        version: Option<Move>,
    },
    /// Changes of enum types (see [`super::enum_type`]).
    Enum(EnumChange),
    AddTable(Table),
    DropTable(Table),
    /// A table's storage parameters, persistence or replica identity changed.
    AlterTable {
        table: QualifiedName,
        from: TableOptions,
        to: TableOptions,
        facets: Vec<TableFacet>,
    },
    RenameTable {
        table: QualifiedName,
        to: String,
    },
    AddColumn {
        table: QualifiedName,
        column: Column,
    },
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    AlterColumn {
        table: QualifiedName,
        from: Column,
        to: Column,
        facets: Vec<Facet>,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// A constraint to add; `replaces` when it takes the place of a live constraint whose
    /// definition differs (that one is dropped by its own, earlier step).
    AddConstraint {
        table: QualifiedName,
        constraint: Constraint,
        replaces: Option<Constraint>,
    },
    /// A constraint to drop; `replaced` when an `AddConstraint` puts it back changed.
    DropConstraint {
        table: QualifiedName,
        constraint: Constraint,
        replaced: bool,
    },
    /// A constraint added `NOT VALID` that is still not validated.
    /// A foreign key whose deferral changed: altered in place.
    AlterConstraint {
        table: QualifiedName,
        from: Constraint,
        to: Constraint,
    },
    ValidateConstraint {
        table: QualifiedName,
        constraint: Constraint,
    },
    AddIndex {
        table: QualifiedName,
        index: Index,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
    },
    /// An index whose definition changed: dropped and built again.
    ReplaceIndex {
        table: QualifiedName,
        from: Index,
        to: Index,
    },
    RenameIndex {
        schema: String,
        from: String,
        to: String,
    },
    /// The storage parameters of an index, or of the index behind a key, changed: set in
    /// place, not rebuilt.
    AlterIndex {
        table: QualifiedName,
        name: String,
        from: Parameters,
        to: Parameters,
    },
    SetComment {
        target: CommentTarget,
        from: Option<String>,
        to: Option<String>,
    },
    /// A declared one-time data step whose condition holds.
    RunTransition(Transition),
    /// Declared rows of one table to insert or update.
    SeedRows(SeedChange),
    /// Rows of a `sync` table that the seeds do not declare, to delete.
    DeleteRows(SeedChange),
}

/// Something that moves from one value to another (an extension's schema or version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
}

/// What about a column changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Type,
    Collation,
    Nullability,
    Default,
    Identity,
    Generated,
    /// `SET STATISTICS`.
    Statistics,
    /// `SET (n_distinct = ...)`.
    Options,
    /// The options or the declared name of the sequence behind a serial or identity column.
    Sequence,
}

impl Facet {
    pub fn noun(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::Collation => "collation",
            Facet::Nullability => "nullability",
            Facet::Default => "default",
            Facet::Identity => "identity",
            Facet::Generated => "generated expression",
            Facet::Statistics => "statistics target",
            Facet::Options => "options",
            Facet::Sequence => "sequence",
        }
    }

    /// The facet's value on a column, as text for messages.
    pub fn value(self, column: &Column) -> Option<String> {
        match self {
            Facet::Type => Some(column.data_type.clone()),
            Facet::Collation => column.collation.clone(),
            Facet::Nullability => Some(if column.not_null { "NOT NULL" } else { "NULL" }.to_owned()),
            Facet::Default => match &column.owned_sequence {
                Some(sequence) => Some(format!("nextval of its own sequence ({sequence})")),
                None => column.default.clone(),
            },
            Facet::Identity => column.identity.map(|i| match i {
                crate::model::Identity::Always => "GENERATED ALWAYS AS IDENTITY".to_owned(),
                crate::model::Identity::ByDefault => "GENERATED BY DEFAULT AS IDENTITY".to_owned(),
            }),
            Facet::Generated => column.generated.clone(),
            Facet::Statistics => column.statistics.target.map(|t| t.to_string()),
            Facet::Options => parameters_text(&column.statistics.options),
            Facet::Sequence => super::sequence::describe(column),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "object", rename_all = "snake_case")]
pub enum CommentTarget {
    Schema { name: String },
    Table { table: QualifiedName },
    Column { table: QualifiedName, column: String },
    Index { schema: String, name: String },
    Constraint { table: QualifiedName, name: String },
    Type { name: QualifiedName },
}

/// Row changes of one seeded table, computed against the live rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedChange {
    pub seeds: SeedSet,
    /// The columns rows are matched on: the declared key, else the primary key.
    pub key: Vec<String>,
    /// Declared type of every column of the table, as PostgreSQL prints it.
    #[serde(skip)]
    pub types: std::collections::BTreeMap<String, String>,
    /// Rows (indexes into `seeds.rows`) that the live table lacks.
    pub inserts: Vec<usize>,
    /// Rows whose declared columns differ from the live row.
    pub updates: Vec<RowUpdate>,
    /// Live rows that `sync` deletes, by their key as text.
    pub deletes: Vec<Vec<Option<String>>>,
    /// Rows an untrusted plan did not compare (their `!sql` or secret values are evaluated only
    /// by apply): inserted or updated, as the step finds them when it runs. For a `DeleteRows`
    /// step, non-empty when the rows it deletes are decided at apply.
    pub decided_at_apply: Vec<usize>,
    /// Rows the step writes: the changed ones, or all of them when a transition in the same
    /// plan writes the table first (the rows are then matched again when the step runs).
    #[serde(skip)]
    pub written: Vec<usize>,
}

impl SeedChange {
    /// How a live row the seeds delete is named in messages: `id = tier_old`.
    pub fn deleted_row_name(&self, key: &[Option<String>]) -> String {
        let parts: Vec<String> =
            self.key.iter().zip(key).map(|(k, v)| format!("{k} = {}", v.as_deref().unwrap_or("NULL"))).collect();
        parts.join(", ")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowUpdate {
    /// Index into `seeds.rows`.
    pub row: usize,
    pub columns: Vec<ColumnUpdate>,
}

/// A column of a seed row whose live value differs from the declared one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnUpdate {
    pub column: String,
    /// The live value as text (`(secret)` for a secret column).
    pub live: Option<String>,
}

/// How a change reads in a summary: "Plan: 3 to add, 1 to change, 0 to drop".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Add,
    Change,
    Drop,
}

impl Change {
    /// Whether the change counts in a summary: the drop half of a replaced constraint does not
    /// (its add half counts as the change).
    pub fn counted(&self) -> bool {
        !matches!(self, Change::DropConstraint { replaced: true, .. })
    }

    pub fn op(&self) -> Op {
        match self {
            Change::AddSchema { .. }
            | Change::AddExtension(_)
            | Change::AddTable(_)
            | Change::AddColumn { .. }
            | Change::AddConstraint { replaces: None, .. }
            | Change::AddIndex { .. } => Op::Add,
            Change::DropTable(_)
            | Change::DropColumn { .. }
            | Change::DropConstraint { replaced: false, .. }
            | Change::DropIndex { .. } => Op::Drop,
            Change::DeleteRows(_) => Op::Drop,
            Change::Enum(EnumChange::Create(_) | EnumChange::AddValue { .. }) => Op::Add,
            Change::Enum(EnumChange::Drop(_)) => Op::Drop,
            Change::SeedRows(s) if s.updates.is_empty() => Op::Add,
            _ => Op::Change,
        }
    }

    /// The kind of object the change is about: "table", "column", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Change::AddSchema { .. } | Change::RenameSchema { .. } => "schema",
            Change::AddExtension(_) | Change::AlterExtension { .. } => "extension",
            Change::AddTable(_) | Change::DropTable(_) | Change::RenameTable { .. } | Change::AlterTable { .. } => {
                "table"
            }
            Change::AddColumn { .. }
            | Change::DropColumn { .. }
            | Change::AlterColumn { .. }
            | Change::RenameColumn { .. } => "column",
            Change::AddConstraint { constraint, .. }
            | Change::DropConstraint { constraint, .. }
            | Change::ValidateConstraint { constraint, .. }
            | Change::AlterConstraint { to: constraint, .. } => constraint.kind.noun(),
            Change::AddIndex { .. }
            | Change::DropIndex { .. }
            | Change::ReplaceIndex { .. }
            | Change::RenameIndex { .. }
            | Change::AlterIndex { .. } => "index",
            Change::SetComment { .. } => "comment",
            Change::Enum(_) => "enum",
            Change::RunTransition(_) => "transition",
            Change::SeedRows(_) | Change::DeleteRows(_) => "rows",
        }
    }

    /// The object's name as a user reads it: `platform.users.email`.
    pub fn object(&self) -> String {
        match self {
            Change::AddSchema { name, .. } => crate::model::ident::quote_ident(name),
            Change::RenameSchema { from, .. } => crate::model::ident::quote_ident(from),
            Change::AddExtension(e) => e.name.clone(),
            Change::AlterExtension { name, .. } => name.clone(),
            Change::AddTable(t) | Change::DropTable(t) => t.name.to_string(),
            Change::RenameTable { table, .. } | Change::AlterTable { table, .. } => table.to_string(),
            Change::AddColumn { table, column } | Change::DropColumn { table, column } => {
                column_name(table, &column.name)
            }
            Change::AlterColumn { table, to, .. } => column_name(table, &to.name),
            Change::RenameColumn { table, from, .. } => column_name(table, from),
            Change::AddConstraint { table, constraint, .. }
            | Change::DropConstraint { table, constraint, .. }
            | Change::ValidateConstraint { table, constraint }
            | Change::AlterConstraint { table, to: constraint, .. } => {
                format!("{} on {table}", crate::model::ident::quote_ident(constraint.name()))
            }
            Change::AddIndex { table, index }
            | Change::DropIndex { table, index }
            | Change::ReplaceIndex { table, to: index, .. } => {
                QualifiedName::new(&table.schema, &index.name).to_string()
            }
            Change::RenameIndex { schema, from, .. } => QualifiedName::new(schema, from).to_string(),
            Change::AlterIndex { table, name, .. } => QualifiedName::new(&table.schema, name).to_string(),
            Change::SetComment { target, .. } => match target {
                CommentTarget::Schema { name } => format!("schema {}", crate::model::ident::quote_ident(name)),
                CommentTarget::Table { table } => format!("table {table}"),
                CommentTarget::Column { table, column } => format!("column {}", column_name(table, column)),
                CommentTarget::Index { schema, name } => format!("index {}", QualifiedName::new(schema, name)),
                CommentTarget::Constraint { table, name } => {
                    format!("constraint {} on {table}", crate::model::ident::quote_ident(name))
                }
                CommentTarget::Type { name } => format!("type {name}"),
            },
            Change::Enum(e) => e.object(),
            Change::RunTransition(t) if t.deferred => format!("{} (if its `when` holds at apply)", t.name),
            Change::RunTransition(t) => t.name.clone(),
            Change::SeedRows(s) | Change::DeleteRows(s) => s.seeds.table.to_string(),
        }
    }
}

pub fn column_name(table: &QualifiedName, column: &str) -> String {
    format!("{table}.{}", crate::model::ident::quote_ident(column))
}

impl Change {
    /// Where the declaration wrote the object the change is about, if it did.
    pub fn origin(&self) -> Option<crate::spec::diagnostic::Origin> {
        match self {
            Change::AddExtension(e) => e.origin,
            Change::AddTable(t) => t.origin,
            Change::AddColumn { column, .. } | Change::AlterColumn { to: column, .. } => column.origin,
            Change::AddConstraint { constraint, .. }
            | Change::ValidateConstraint { constraint, .. }
            | Change::AlterConstraint { to: constraint, .. } => constraint.origin,
            Change::AddIndex { index, .. } | Change::ReplaceIndex { to: index, .. } => index.origin,
            Change::RunTransition(t) => t.origin,
            Change::SeedRows(s) | Change::DeleteRows(s) => s.seeds.origin,
            Change::Enum(EnumChange::Create(e)) => e.origin,
            _ => None,
        }
    }
}
