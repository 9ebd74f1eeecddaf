//! Writing a live catalog as a declaration (`ogel inspect`): the same format a person writes,
//! short forms where they say everything, every constraint with its live name so that applying
//! the declaration to an empty database gives the same schema. The output types mirror the
//! spec types field by field, which is why they stand together in this (long) file.

mod enum_type;
mod facets;
pub(crate) mod parse;
mod sequence;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_saphyr::{FlowMap, FlowSeq, LitString};

use crate::introspect::Live;
use crate::model::{Column, Constraint, ConstraintKind, Identity, Index, MatchType, QualifiedName, RefAction, Table};
use facets::{ParametersOut, ReplicaIdentityOut};

/// The declaration, and what it could not express.
pub struct Inspection {
    pub yaml: String,
    /// Objects and properties the format cannot express, for stderr.
    pub unexpressed: Vec<String>,
}

/// A map serialized in the order of its entries.
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Document {
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    extensions: Ordered<FlowMap<Extension>>,
    schemas: Ordered<SchemaOut>,
}

impl<V> Ordered<V> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Serialize)]
struct Extension {
    schema: String,
    version: Option<String>,
}

#[derive(Serialize)]
struct SchemaOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<Text>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    enums: Ordered<enum_type::EnumOut>,
    tables: Ordered<TableOut>,
}

#[derive(Serialize)]
struct TableOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<Text>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unlogged: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: ParametersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    replica_identity: Option<ReplicaIdentityOut>,
    columns: Ordered<ColumnOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_key: Option<FlowMap<KeyOut>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unique: Vec<FlowMap<KeyOut>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<FlowMap<CheckOut>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<FlowMap<ForeignKeyOut>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    exclusions: Vec<ExclusionOut>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    indexes: Ordered<IndexOut>,
}

/// A column: its type alone, or a one-line map, or (with a comment) a block.
#[derive(Serialize)]
#[serde(untagged)]
enum ColumnOut {
    Type(String),
    Line(FlowMap<ColumnLong>),
    Block(ColumnLong),
}

#[derive(Serialize, Default)]
struct ColumnLong {
    #[serde(rename = "type")]
    data_type: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_null: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<Identity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<FlowMap<sequence::SequenceOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: ParametersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<Text>,
}

/// Text that may run over several lines: a literal block then.
#[derive(Serialize)]
#[serde(untagged)]
enum Text {
    Line(String),
    Block(LitString),
}

fn text(value: &str) -> Text {
    if value.contains('\n') { Text::Block(LitString(value.to_owned())) } else { Text::Line(value.to_owned()) }
}

#[derive(Serialize)]
struct KeyOut {
    name: String,
    columns: FlowSeq<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    include: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    nulls_not_distinct: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deferrable: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    initially_deferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: ParametersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Serialize)]
struct CheckOut {
    name: String,
    expression: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    no_inherit: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Serialize)]
struct ForeignKeyOut {
    name: String,
    columns: FlowSeq<Vec<String>>,
    references: FlowMap<ReferencesOut>,
    #[serde(skip_serializing_if = "is_no_action")]
    on_delete: RefAction,
    #[serde(skip_serializing_if = "is_no_action")]
    on_update: RefAction,
    #[serde(rename = "match", skip_serializing_if = "is_simple")]
    match_type: MatchType,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deferrable: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    initially_deferred: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

fn is_no_action(a: &RefAction) -> bool {
    *a == RefAction::NoAction
}

fn is_simple(m: &MatchType) -> bool {
    *m == MatchType::Simple
}

#[derive(Serialize)]
struct ReferencesOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    table: String,
    columns: FlowSeq<Vec<String>>,
}

#[derive(Serialize)]
struct ExclusionOut {
    name: String,
    using: String,
    elements: Vec<FlowMap<KeyOutFull>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    include: Vec<String>,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    predicate: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deferrable: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    initially_deferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: ParametersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Serialize)]
struct IndexOut {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unique: bool,
    columns: FlowSeq<Vec<IndexKeyOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    include: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    nulls_not_distinct: bool,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    predicate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: ParametersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<Text>,
}

/// An index key: a column name, or a map (in flow style already, inside the flow list).
#[derive(Serialize)]
#[serde(untagged)]
enum IndexKeyOut {
    Column(String),
    Full(KeyOutFull),
}

#[derive(Serialize, Default)]
struct KeyOutFull {
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nulls: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opclass: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    with: Option<String>,
}

impl KeyOutFull {
    fn from(key: parse::Key) -> KeyOutFull {
        // The default NULLS order (last for ascending, first for descending) is not written.
        let nulls = match (key.desc, key.nulls_first) {
            (false, Some(true)) => Some("first"),
            (true, Some(false)) => Some("last"),
            _ => None,
        };
        KeyOutFull {
            column: key.column,
            expression: key.expression,
            order: key.desc.then_some("desc"),
            nulls,
            opclass: key.opclass,
            collation: key.collation,
            with: None,
        }
    }
}

/// Writes the managed schemas of `live` as a declaration. `source` names the database in the
/// header comment.
pub fn inspect(live: &Live, source: &str) -> Inspection {
    let mut unexpressed: Vec<String> = live.unmodeled.iter().map(|u| format!("{} {}", u.kind, u.name)).collect();
    unexpressed.extend(live.reports.iter().map(|r| r.listing.clone()));
    let extensions = live
        .catalog
        .extensions
        .values()
        .filter(|e| e.name != "plpgsql")
        .map(|e| {
            let extension = Extension { schema: e.schema.clone().unwrap_or_default(), version: e.version.clone() };
            (e.name.clone(), FlowMap(extension))
        })
        .collect();
    let schemas = live
        .catalog
        .schemas
        .values()
        .map(|schema| {
            let tables = schema.tables.values().map(|t| (t.name.name.clone(), table(t, &mut unexpressed))).collect();
            let enums = schema.enums.values().map(|e| (e.name.name.clone(), enum_type::enum_out(e))).collect();
            let comment = schema.comment.as_deref().map(text);
            (schema.name.clone(), SchemaOut { comment, enums: Ordered(enums), tables: Ordered(tables) })
        })
        .collect();
    let document = Document { extensions: Ordered(extensions), schemas: Ordered(schemas) };
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    let body = serde_saphyr::to_string_with_options(&document, options).expect("a declaration serializes");
    let yaml = format!(
        "# yaml-language-server: $schema=./ogel.schema.json\n# Written by `ogel inspect` from {source}.\n\
         # For completion and checks in your editor, run `ogel json-schema --out ogel.schema.json` beside this file.\n\
         {body}"
    );
    unexpressed.sort();
    unexpressed.dedup();
    Inspection { yaml, unexpressed }
}

fn table(t: &Table, unexpressed: &mut Vec<String>) -> TableOut {
    let columns = t.columns.iter().map(|c| (c.name.clone(), column(&t.name, c))).collect();
    let mut out = TableOut {
        comment: t.comment.as_deref().map(text),
        unlogged: t.options.unlogged,
        with: facets::parameters(&t.options.parameters),
        replica_identity: facets::replica_identity(&t.options.replica_identity),
        columns: Ordered(columns),
        primary_key: None,
        unique: Vec::new(),
        checks: Vec::new(),
        foreign_keys: Vec::new(),
        exclusions: Vec::new(),
        indexes: Ordered(Vec::new()),
    };
    for constraint in &t.constraints {
        constraint_out(constraint, t, &mut out, unexpressed);
    }
    for index in &t.indexes {
        match index_out(index) {
            Some(i) => out.indexes.0.push((index.name.clone(), i)),
            None => unexpressed.push(format!("index {}.{} ({})", t.name.schema, index.name, index.body)),
        }
    }
    out
}

fn column(table: &QualifiedName, c: &Column) -> ColumnOut {
    let data_type = match (&c.owned_sequence, c.data_type.as_str()) {
        (Some(_), "bigint") => "bigserial".to_owned(),
        (Some(_), "smallint") => "smallserial".to_owned(),
        (Some(_), _) => "serial".to_owned(),
        (None, t) => t.to_owned(),
    };
    let long = ColumnLong {
        not_null: c.not_null && c.owned_sequence.is_none() && c.identity.is_none(),
        default: c.default.clone(),
        identity: c.identity,
        sequence: sequence::sequence(table, c).map(FlowMap),
        generated: c.generated.clone(),
        collation: c.collation.as_deref().and_then(parse::unquote_qualified),
        statistics: c.statistics.target,
        options: facets::parameters(&c.statistics.options),
        comment: c.comment.as_deref().map(text),
        data_type,
    };
    let plain = !long.not_null
        && long.default.is_none()
        && long.identity.is_none()
        && long.sequence.is_none()
        && long.generated.is_none()
        && long.collation.is_none()
        && long.statistics.is_none()
        && long.options.is_none();
    match (&long.comment, plain) {
        (None, true) => ColumnOut::Type(long.data_type),
        (None, false) => ColumnOut::Line(FlowMap(long)),
        (Some(_), _) => ColumnOut::Block(long),
    }
}

fn constraint_out(c: &Constraint, t: &Table, out: &mut TableOut, unexpressed: &mut Vec<String>) {
    let key = |columns: &[String], include: &[String], nulls_not_distinct: bool| KeyOut {
        name: c.name().to_owned(),
        columns: FlowSeq(columns.to_vec()),
        include: include.to_vec(),
        nulls_not_distinct,
        deferrable: c.deferrable,
        initially_deferred: c.initially_deferred,
        with: facets::parameters(&c.parameters),
        comment: c.comment.clone(),
    };
    let not_valid = !c.validated;
    match &c.kind {
        ConstraintKind::PrimaryKey { columns, include } => {
            out.primary_key = Some(FlowMap(key(columns, include, false)))
        }
        ConstraintKind::Unique { columns, include, nulls_not_distinct } => {
            out.unique.push(FlowMap(key(columns, include, *nulls_not_distinct)));
        }
        ConstraintKind::Check { definition } => {
            let (definition, no_inherit) = match definition.strip_suffix(" NO INHERIT") {
                Some(d) => (d, true),
                None => (definition.as_str(), false),
            };
            // `CHECK ((a > 0))` is written `(a > 0)`.
            let expression = definition.strip_prefix("CHECK (").and_then(|d| d.strip_suffix(')')).unwrap_or(definition);
            out.checks.push(FlowMap(CheckOut {
                name: c.name().to_owned(),
                expression: expression.to_owned(),
                no_inherit,
                not_valid,
                comment: c.comment.clone(),
            }));
        }
        ConstraintKind::ForeignKey(fk) => {
            let schema = (fk.references.schema != t.name.schema).then(|| fk.references.schema.clone());
            out.foreign_keys.push(FlowMap(ForeignKeyOut {
                name: c.name().to_owned(),
                columns: FlowSeq(fk.columns.clone()),
                references: FlowMap(ReferencesOut {
                    schema,
                    table: fk.references.name.clone(),
                    columns: FlowSeq(fk.ref_columns.clone()),
                }),
                on_delete: fk.on_delete,
                on_update: fk.on_update,
                match_type: fk.match_type,
                deferrable: c.deferrable,
                initially_deferred: c.initially_deferred,
                not_valid,
                comment: c.comment.clone(),
            }));
        }
        ConstraintKind::Exclusion { definition } => match parse::exclusion(definition) {
            Some(x) => out.exclusions.push(ExclusionOut {
                name: c.name().to_owned(),
                using: x.method,
                elements: x
                    .elements
                    .into_iter()
                    .map(|(k, op)| FlowMap(KeyOutFull { with: Some(op), ..KeyOutFull::from(k) }))
                    .collect(),
                include: x.include,
                predicate: x.predicate,
                deferrable: c.deferrable,
                initially_deferred: c.initially_deferred,
                with: facets::parameters(&c.parameters),
                comment: c.comment.clone(),
            }),
            None => unexpressed.push(format!("exclusion constraint {} on {} ({definition})", c.name(), t.name)),
        },
    }
}

fn index_out(index: &Index) -> Option<IndexOut> {
    let body = parse::index_body(&index.body)?;
    let columns = body
        .keys
        .into_iter()
        .map(|k| {
            let plain = k.expression.is_none()
                && !k.desc
                && k.nulls_first.is_none()
                && k.opclass.is_none()
                && k.collation.is_none();
            match (&k.column, plain) {
                (Some(column), true) => IndexKeyOut::Column(column.clone()),
                _ => IndexKeyOut::Full(KeyOutFull::from(k)),
            }
        })
        .collect();
    Some(IndexOut {
        unique: index.unique,
        columns: FlowSeq(columns),
        method: (body.method != "btree").then_some(body.method),
        include: body.include,
        nulls_not_distinct: body.nulls_not_distinct,
        predicate: body.predicate,
        with: facets::parameters(&index.parameters),
        comment: index.comment.as_deref().map(text),
    })
}
