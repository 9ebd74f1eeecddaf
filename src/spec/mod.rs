//! The YAML declaration format: what the user wrote, with the place each value was written.
//!
//! These types mirror `docs/format.md`. They are only ever read (and, for `ogel inspect`, written
//! through [`emit`]); validation and lowering to the canonical model live beside them. They stay
//! in one file (past 400 lines) so that the format reads top to bottom like its documentation.

pub mod diagnostic;
pub mod emit;
pub mod enum_type;
pub mod fragment;
pub mod load;
pub mod lower;
mod node;
mod replica_identity;
pub mod seed;
mod sequence;
mod sqlexpr;
pub(crate) mod types;
pub mod validate;

use schemars::JsonSchema;
use serde::Deserialize;

pub use enum_type::EnumDecl;
pub use node::{Loc, NamedMap, Node, Setting, SqlText};
use node::{Shorthand, shorthand};
pub use replica_identity::ReplicaIdentitySpec;
pub use sequence::{SequenceSpec, SequenceType};

/// The schema declaration, `schema.yaml` (see docs/format.md).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ogel schema declaration")]
pub struct Document {
    /// Extensions the schema needs: name → options (`{}` for none). Created when missing;
    /// extensions that are not declared are left alone.
    #[serde(default)]
    pub extensions: NamedMap<Option<ExtensionSpec>>,
    /// Managed schemas: name → schema. Tables in a managed schema that are neither declared nor
    /// ignored are dropped.
    #[serde(default)]
    pub schemas: NamedMap<SchemaSpec>,
    /// One-time data steps that run inside an apply while the live database calls for them.
    #[serde(default)]
    pub transitions: NamedMap<TransitionSpec>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionSpec {
    /// Schema the extension is installed into (default: where it already is, else `public`).
    pub schema: Option<Node<String>>,
    /// Version to install or update to (default: any).
    pub version: Option<Node<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    pub comment: Option<Node<String>>,
    /// Former name of the schema, renamed when only that name exists.
    pub renamed_from: Option<Node<String>>,
    /// Objects of this schema that ogel leaves alone, by name: `schema_migrations`, `tmp_*`
    /// (`*` any run of characters, `?` one). They are never created, changed or dropped, and
    /// are no drift; a table's indexes, keys and sequences go with it.
    #[serde(default)]
    pub ignore: Vec<Node<String>>,
    /// Tables: name → table, in order.
    #[serde(default)]
    pub tables: NamedMap<TableSpec>,
    /// Enum types: name → its labels in order, or `{values, comment, renamed_from}`. Enum types
    /// of the schema that are neither declared nor ignored are dropped.
    #[serde(default)]
    pub enums: NamedMap<Node<EnumDecl>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub comment: Option<Node<String>>,
    /// Former name of the table, renamed when only that name exists.
    pub renamed_from: Option<Node<String>>,
    /// Storage parameters: `{fillfactor: 70, autovacuum_enabled: off, toast.autovacuum_enabled: off}`.
    #[serde(default)]
    pub with: NamedMap<Node<Setting>>,
    /// `true`: an UNLOGGED table (not written to the WAL, emptied after a crash).
    pub unlogged: Option<Node<bool>>,
    /// What logical replication records of a changed row: `default`, `full`, `nothing`, or
    /// `{index: name}`.
    pub replica_identity: Option<Node<ReplicaIdentitySpec>>,
    /// Columns: name → column (or just its type). Their order is the order of a created table.
    #[serde(default)]
    pub columns: NamedMap<Node<Column>>,
    pub primary_key: Option<Node<PrimaryKey>>,
    #[serde(default)]
    pub unique: Vec<Node<UniqueSpec>>,
    #[serde(default)]
    pub checks: Vec<Node<Check>>,
    #[serde(default)]
    pub foreign_keys: Vec<Node<ForeignKeySpec>>,
    #[serde(default)]
    pub exclusions: Vec<Node<ExclusionSpec>>,
    /// Indexes: name → index.
    #[serde(default)]
    pub indexes: NamedMap<Node<IndexSpec>>,
}

/// A column: its full description, or just its type.
#[derive(Debug)]
pub struct Column(pub ColumnSpec);
shorthand!(Column, ColumnSpec, {"type": "string", "description": "The column's type."});
impl Shorthand for Column {
    const SHORT: &'static str = "a column type";
    fn from_str(data_type: String) -> Option<Self> {
        Some(Column(ColumnSpec { data_type: Node::new(data_type, Loc::default()), ..Default::default() }))
    }
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// Any PostgreSQL type: `text`, `numeric(10,2)`, `timestamptz`, `text[]`, `serial`, ...
    #[serde(rename = "type")]
    pub data_type: Node<String>,
    /// `true` for NOT NULL.
    pub not_null: Option<Node<bool>>,
    /// Default expression (SQL). String literals keep their SQL quotes: `"'active'"`.
    pub default: Option<Node<SqlText>>,
    /// `GENERATED ... AS IDENTITY`.
    pub identity: Option<Node<Identity>>,
    /// Options of the sequence behind a serial or identity column.
    pub sequence: Option<Node<SequenceSpec>>,
    /// Expression of a stored generated column.
    pub generated: Option<Node<String>>,
    /// Collation of the column.
    pub collation: Option<Node<String>>,
    /// This column alone is the primary key.
    pub primary_key: Option<Node<bool>>,
    /// A unique constraint on this column alone.
    pub unique: Option<Node<bool>>,
    /// A check on this column: an expression, or `{name, expression}`.
    pub check: Option<Node<Check>>,
    /// A foreign key from this column.
    pub references: Option<Node<ColumnReference>>,
    pub comment: Option<Node<String>>,
    /// Former name of the column, renamed when only that name exists.
    pub renamed_from: Option<Node<String>>,
    /// Conversion of existing values when the type changes and no implicit cast exists.
    pub using: Option<Node<String>>,
    /// `SET STATISTICS n`: how much ANALYZE samples of this column (0 to 10000).
    pub statistics: Option<Node<i64>>,
    /// Planner options of the column: `{n_distinct: -0.5, n_distinct_inherited: 100}`.
    #[serde(default)]
    pub options: NamedMap<Node<Setting>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

/// A primary key: its columns, or its full description.
#[derive(Debug)]
pub struct PrimaryKey(pub PrimaryKeySpec);
shorthand!(PrimaryKey, PrimaryKeySpec, {"type": "array", "items": {"type": "string"}, "minItems": 1});
impl Shorthand for PrimaryKey {
    const SHORT: &'static str = "a list of columns";
    fn from_seq(columns: Vec<Node<String>>) -> Option<Self> {
        Some(PrimaryKey(PrimaryKeySpec {
            name: None,
            columns,
            include: Vec::new(),
            deferrable: None,
            initially_deferred: None,
            with: NamedMap::default(),
            comment: None,
        }))
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKeySpec {
    pub name: Option<Node<String>>,
    pub columns: Vec<Node<String>>,
    #[serde(default)]
    pub include: Vec<Node<String>>,
    pub deferrable: Option<Node<bool>>,
    pub initially_deferred: Option<Node<bool>>,
    /// Storage parameters of its index: `{fillfactor: 90}`.
    #[serde(default)]
    pub with: NamedMap<Node<Setting>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueSpec {
    pub name: Option<Node<String>>,
    pub columns: Vec<Node<String>>,
    #[serde(default)]
    pub include: Vec<Node<String>>,
    /// NULLs conflict with each other (PostgreSQL 15+).
    pub nulls_not_distinct: Option<Node<bool>>,
    pub deferrable: Option<Node<bool>>,
    pub initially_deferred: Option<Node<bool>>,
    /// Storage parameters of its index: `{fillfactor: 90}`.
    #[serde(default)]
    pub with: NamedMap<Node<Setting>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

/// A check constraint: its expression, or `{name, expression, no_inherit}`.
#[derive(Debug)]
pub struct Check(pub CheckSpec);
shorthand!(Check, CheckSpec, {"type": "string", "description": "A boolean SQL expression."});
impl Shorthand for Check {
    const SHORT: &'static str = "a boolean expression";
    fn from_str(expression: String) -> Option<Self> {
        Some(Check(CheckSpec {
            name: None,
            expression: Node::new(expression, Loc::default()),
            no_inherit: None,
            not_valid: None,
            comment: None,
        }))
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub name: Option<Node<String>>,
    pub expression: Node<String>,
    pub no_inherit: Option<Node<bool>>,
    /// `true`: added `NOT VALID` (existing rows are not checked); see docs/format.md.
    pub not_valid: Option<Node<bool>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchType {
    #[default]
    Simple,
    Full,
}

/// `references:` on a column.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnReference {
    pub name: Option<Node<String>>,
    /// Schema of the referenced table (default: this table's schema).
    pub schema: Option<Node<String>>,
    pub table: Node<String>,
    /// Referenced column (default: the referenced table's primary key).
    pub column: Option<Node<String>>,
    pub on_delete: Option<Node<RefAction>>,
    pub on_update: Option<Node<RefAction>>,
    #[serde(rename = "match")]
    pub match_type: Option<Node<MatchType>>,
    pub deferrable: Option<Node<bool>>,
    pub initially_deferred: Option<Node<bool>>,
    /// `true`: added `NOT VALID` (existing rows are not checked); see docs/format.md.
    pub not_valid: Option<Node<bool>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeySpec {
    pub name: Option<Node<String>>,
    pub columns: Vec<Node<String>>,
    pub references: Node<ReferencedKey>,
    pub on_delete: Option<Node<RefAction>>,
    pub on_update: Option<Node<RefAction>>,
    #[serde(rename = "match")]
    pub match_type: Option<Node<MatchType>>,
    pub deferrable: Option<Node<bool>>,
    pub initially_deferred: Option<Node<bool>>,
    /// `true`: added `NOT VALID` (existing rows are not checked); see docs/format.md.
    pub not_valid: Option<Node<bool>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferencedKey {
    /// Schema of the referenced table (default: this table's schema).
    pub schema: Option<Node<String>>,
    pub table: Node<String>,
    /// Referenced columns (default: the referenced table's primary key).
    #[serde(default)]
    pub columns: Vec<Node<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionSpec {
    pub name: Option<Node<String>>,
    /// Index method (default: gist).
    pub using: Option<Node<String>>,
    pub elements: Vec<Node<ExclusionElement>>,
    #[serde(default)]
    pub include: Vec<Node<String>>,
    #[serde(rename = "where")]
    pub predicate: Option<Node<String>>,
    pub deferrable: Option<Node<bool>>,
    pub initially_deferred: Option<Node<bool>>,
    /// Storage parameters of its index: `{fillfactor: 90}`.
    #[serde(default)]
    pub with: NamedMap<Node<Setting>>,
    /// `COMMENT ON CONSTRAINT` (needs `name`).
    pub comment: Option<Node<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionElement {
    pub column: Option<Node<String>>,
    pub expression: Option<Node<String>>,
    pub opclass: Option<Node<String>>,
    /// The operator: `=`, `&&`, ...
    pub with: Node<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    /// Key columns or expressions, in order.
    pub columns: Vec<Node<IndexKey>>,
    pub unique: Option<Node<bool>>,
    /// With `unique`: NULLs conflict with each other (PostgreSQL 15+).
    pub nulls_not_distinct: Option<Node<bool>>,
    /// Index method (default: btree).
    pub method: Option<Node<String>>,
    /// Non-key columns stored in the index.
    #[serde(default)]
    pub include: Vec<Node<String>>,
    /// Predicate of a partial index. Functions in it must be IMMUTABLE.
    #[serde(rename = "where")]
    pub predicate: Option<Node<String>>,
    /// Storage parameters: `{fillfactor: 70, deduplicate_items: off}`.
    #[serde(default)]
    pub with: NamedMap<Node<Setting>>,
    pub comment: Option<Node<String>>,
    /// Former name of the index, renamed when only that name exists.
    pub renamed_from: Option<Node<String>>,
}

/// An index key: a column name, or its full description.
#[derive(Debug)]
pub struct IndexKey(pub IndexKeySpec);
shorthand!(IndexKey, IndexKeySpec, {"type": "string", "description": "A column, ascending."});
impl Shorthand for IndexKey {
    const SHORT: &'static str = "a column name";
    fn from_str(column: String) -> Option<Self> {
        Some(IndexKey(IndexKeySpec { column: Some(Node::new(column, Loc::default())), ..Default::default() }))
    }
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexKeySpec {
    pub column: Option<Node<String>>,
    pub expression: Option<Node<String>>,
    pub order: Option<Node<SortOrder>>,
    pub nulls: Option<Node<NullsOrder>>,
    pub opclass: Option<Node<String>>,
    pub collation: Option<Node<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    First,
    Last,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionSpec {
    pub comment: Option<Node<String>>,
    /// SQL boolean evaluated against the live database at plan time; the step runs when it holds.
    pub when: Node<String>,
    /// Tables it reads (`schema.table`), by their declared names.
    #[serde(default)]
    pub reads: Vec<Node<String>>,
    /// Tables it writes (`schema.table`), by their declared names.
    #[serde(default)]
    pub writes: Vec<Node<String>>,
    /// The statements to run.
    pub sql: Node<String>,
}

use diagnostic::{Problems, Sources};

/// A declaration that passed every check that needs no database.
#[derive(Debug)]
pub struct Checked {
    pub sources: Sources,
    /// The declared schema, raw (types and expressions as written).
    pub catalog: crate::model::Catalog,
    pub seeds: Vec<crate::model::seed::SeedSet>,
    pub transitions: Vec<crate::model::Transition>,
    /// What looks wrong but only the server can judge; `ogel validate` shows it.
    pub warnings: Problems,
}

/// Loads the declaration files, checks them, and lowers them into the model.
pub fn check(paths: &load::Paths) -> Result<Checked, Problems> {
    let declaration = load::load(paths)?;
    let mut problems = validate::validate(&declaration.document, declaration.schema_file);
    problems.extend(seed::validate(&declaration.document, &declaration.seeds));
    problems.sort_by_key(|p| p.at);
    // Warnings are shown beside errors, and alone never stop a command.
    if problems.iter().any(|p| !p.warning) {
        return Err(Problems { sources: declaration.sources, problems });
    }
    let catalog = lower::lower(&declaration.document, declaration.schema_file);
    let seeds = seed::lower(&declaration.seeds);
    let transitions = lower::transitions(&declaration.document, declaration.schema_file);
    let warnings = Problems { sources: declaration.sources.clone(), problems };
    Ok(Checked { sources: declaration.sources, catalog, seeds, transitions, warnings })
}

/// The JSON Schema of `schema.yaml`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    serde_json::to_string_pretty(&schema).expect("a JSON Schema serializes")
}

/// The JSON Schema of seed files.
pub fn json_schema_of_seeds() -> String {
    let schema = schemars::schema_for!(seed::SeedFile);
    serde_json::to_string_pretty(&schema).expect("a JSON Schema serializes")
}
