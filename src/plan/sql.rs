//! The SQL of each change. Names go through `quote_ident`, text through `quote_literal`;
//! types, expressions and definitions are SQL text already (as written, or as PostgreSQL
//! printed them). One match arm per change kind keeps it one file; the facets set in place
//! have theirs in `facet_sql.rs`.

use std::ops::Range;

pub use super::constraint_sql::{constraint_clause, constraint_definition};
use super::{Statement, constraint_sql, facet_sql, sequence_sql};
use crate::diff::{Change, CommentTarget, Facet, Move};
use crate::model::ident::{quote_ident, quote_literal};
use crate::model::{Column, Extension, Identity, Index, QualifiedName, Table};
use crate::spec::diagnostic::Origin;

/// What the SQL of a change depends on besides the change.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// `server_version_num` of the target.
    pub server_version: i32,
}

/// The statements of a change, in the order they run.
pub fn statements(change: &Change, cx: Context) -> Vec<Statement> {
    match change {
        Change::SeedRows(seed) => super::seed_sql::writes(seed),
        Change::DeleteRows(seed) => super::seed_sql::deletes(seed),
        other => ddl(other, cx).into_iter().map(Statement::new).collect(),
    }
}

fn ddl(change: &Change, cx: Context) -> Vec<String> {
    match change {
        Change::AddSchema { name, comment: text } => add_schema(name, text.as_deref()),
        Change::RenameSchema { from, to } => {
            vec![format!("ALTER SCHEMA {} RENAME TO {}", quote_ident(from), quote_ident(to))]
        }
        Change::AddExtension(e) => add_extension(e),
        Change::AlterExtension { name, schema, version } => alter_extension(name, schema.as_ref(), version.as_ref()),
        Change::AddTable(table) => create_table(table),
        Change::DropTable(table) => vec![format!("DROP TABLE {}", table.name.sql())],
        Change::RenameTable { table, to } => vec![format!("ALTER TABLE {} RENAME TO {}", table.sql(), quote_ident(to))],
        Change::AddColumn { table, column } => add_column(table, column),
        Change::DropColumn { table, column } => {
            vec![format!("ALTER TABLE {} DROP COLUMN {}", table.sql(), quote_ident(&column.name))]
        }
        Change::AlterColumn { table, from, to, facets } => alter_column_and_statistics(table, from, to, facets, cx),
        Change::AlterTable { table, from, to, facets } => facet_sql::alter_table(table, from, to, facets),
        Change::AlterIndex { table, name, from, to } => facet_sql::alter_index(table, name, from, to),
        Change::RenameColumn { table, from, to } => {
            vec![format!("ALTER TABLE {} RENAME COLUMN {} TO {}", table.sql(), quote_ident(from), quote_ident(to))]
        }
        Change::AddConstraint { table, constraint, .. } => constraint_sql::add(table, constraint),
        Change::DropConstraint { table, constraint, .. } => {
            vec![format!("ALTER TABLE {} DROP CONSTRAINT {}", table.sql(), quote_ident(constraint.name()))]
        }
        Change::AlterConstraint { table, to, .. } => vec![constraint_sql::alter(table, to)],
        Change::ValidateConstraint { table, constraint } => {
            vec![format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", table.sql(), quote_ident(constraint.name()))]
        }
        Change::AddIndex { table, index } => create_index(table, index),
        Change::DropIndex { table, index } => vec![drop_index(table, index)],
        Change::ReplaceIndex { table, from, to } => {
            let mut sql = vec![drop_index(table, from)];
            sql.extend(create_index(table, to));
            sql
        }
        Change::RenameIndex { schema, from, to } => {
            vec![format!("ALTER INDEX {} RENAME TO {}", QualifiedName::new(schema, from).sql(), quote_ident(to))]
        }
        Change::SetComment { target, to, .. } => vec![comment(target, to.as_deref())],
        Change::RunTransition(transition) => vec![transition.sql.trim_end().to_owned()],
        Change::SeedRows(_) | Change::DeleteRows(_) => Vec::new(),
        Change::Enum(e) => super::enum_sql::statements(e),
    }
}

fn add_schema(name: &str, text: Option<&str>) -> Vec<String> {
    let mut sql = vec![format!("CREATE SCHEMA {}", quote_ident(name))];
    if let Some(text) = text {
        sql.push(comment(&CommentTarget::Schema { name: name.to_owned() }, Some(text)));
    }
    sql
}

fn add_extension(e: &Extension) -> Vec<String> {
    let schema = e.schema.as_deref().unwrap_or("public");
    let mut create = format!("CREATE EXTENSION IF NOT EXISTS {} SCHEMA {}", quote_ident(&e.name), quote_ident(schema));
    if let Some(version) = &e.version {
        create.push_str(&format!(" VERSION {}", quote_literal(version)));
    }
    // An extension's schema that the declaration does not create may be missing.
    let mut sql: Vec<String> = (schema != "public")
        .then(|| format!("CREATE SCHEMA IF NOT EXISTS {}", quote_ident(schema)))
        .into_iter()
        .collect();
    sql.push(create);
    sql
}

fn alter_extension(name: &str, schema: Option<&Move>, version: Option<&Move>) -> Vec<String> {
    let mut sql = Vec::new();
    if let Some(schema) = schema {
        sql.push(format!("CREATE SCHEMA IF NOT EXISTS {}", quote_ident(&schema.to)));
        sql.push(format!("ALTER EXTENSION {} SET SCHEMA {}", quote_ident(name), quote_ident(&schema.to)));
    }
    if let Some(version) = version {
        sql.push(format!("ALTER EXTENSION {} UPDATE TO {}", quote_ident(name), quote_literal(&version.to)));
    }
    sql
}

fn add_column(table: &QualifiedName, column: &Column) -> Vec<String> {
    let mut sql = Vec::new();
    let add = |c: &Column| format!("ALTER TABLE {} ADD COLUMN {}", table.sql(), column_definition(table, c));
    match sequence_sql::serial_added(table, column) {
        Some(serial) => {
            sql.push(serial.create);
            sql.push(add(&serial.column));
            sql.push(serial.own);
        }
        None => {
            sql.push(add(column));
            sql.extend(sequence_sql::identity_created(table, column));
        }
    }
    sql.extend(column.comment.as_ref().map(|c| comment_on_column(table, &column.name, Some(c))));
    sql.extend(facet_sql::new_column_statistics(table, column));
    sql
}

fn alter_column_and_statistics(
    table: &QualifiedName,
    from: &Column,
    to: &Column,
    facets: &[Facet],
    cx: Context,
) -> Vec<String> {
    let mut sql = alter_column(table, from, to, facets, cx);
    // A column made again has the server's defaults: its statistics are set anew.
    if crate::diff::recreates(from, to, cx.server_version) {
        sql.extend(facet_sql::new_column_statistics(table, to));
    } else if facets.contains(&Facet::Statistics) || facets.contains(&Facet::Options) {
        sql.extend(facet_sql::column_statistics(table, from, to));
    }
    sql
}

fn create_table(table: &Table) -> Vec<String> {
    let mut sql = vec![create_table_text(table).0];
    if let Some(comment) = &table.comment {
        sql.push(format!("COMMENT ON TABLE {} IS {}", table.name.sql(), quote_literal(comment)));
    }
    for column in &table.columns {
        sql.extend(sequence_sql::created(&table.name, column));
        sql.extend(column.comment.as_ref().map(|c| comment_on_column(&table.name, &column.name, Some(c))));
        sql.extend(facet_sql::new_column_statistics(&table.name, column));
    }
    for constraint in &table.constraints {
        sql.extend(constraint_sql::comment_of_new(&table.name, constraint));
    }
    sql
}

/// Where each clause of a statement stands, and where it was declared.
pub type Clauses = Vec<(Range<usize>, Option<Origin>)>;

/// `CREATE TABLE` of a table, and where in it each column and constraint stands (with the place
/// it was declared), so that an error the server reports at a position can point at the YAML.
pub fn create_table_text(table: &Table) -> (String, Clauses) {
    let unlogged = if table.options.unlogged { "UNLOGGED " } else { "" };
    let mut sql = format!("CREATE {unlogged}TABLE {} (", table.name.sql());
    let mut items = Vec::new();
    let clauses = table
        .columns
        .iter()
        .map(|c| (column_definition(&table.name, c), c.origin))
        .chain(table.constraints.iter().map(|c| (constraint_clause(c), c.origin)));
    let defaults = table.columns.iter().map(|c| c.default_origin).chain(table.constraints.iter().map(|_| None));
    for (i, ((clause, origin), default_origin)) in clauses.zip(defaults).enumerate() {
        sql.push_str(if i == 0 { "\n    " } else { ",\n    " });
        // The default of a column, more precisely than the column (its text is ours).
        if let (Some(at), Some(offset)) = (default_origin, clause.find(" DEFAULT ")) {
            items.push((sql.len() + offset..sql.len() + clause.len(), Some(at)));
        }
        items.push((sql.len()..sql.len() + clause.len(), origin));
        sql.push_str(&clause);
    }
    sql.push_str("\n)");
    sql.push_str(&facet_sql::with_clause(&table.options.parameters));
    (sql, items)
}

/// A column that owns its sequence is a serial: PostgreSQL creates, names and owns the
/// sequence (introspection reports owned sequences of integer columns only).
fn serial_type(column: &Column) -> Option<&'static str> {
    column.owned_sequence.as_ref()?;
    match column.data_type.as_str() {
        "smallint" => Some("smallserial"),
        "bigint" => Some("bigserial"),
        _ => Some("serial"),
    }
}

fn column_definition(table: &QualifiedName, column: &Column) -> String {
    let data_type = serial_type(column).unwrap_or(&column.data_type);
    let mut sql = format!("{} {data_type}", quote_ident(&column.name));
    if let Some(collation) = &column.collation {
        sql.push_str(&format!(" COLLATE {collation}"));
    }
    if let Some(generated) = &column.generated {
        sql.push_str(&format!(" GENERATED ALWAYS AS ({generated}) STORED"));
    }
    if let Some(identity) = column.identity {
        sql.push_str(&format!(
            " GENERATED {} AS IDENTITY{}",
            identity_words(identity),
            sequence_sql::identity_options(table, column)
        ));
    }
    if let Some(default) = &column.default {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if column.not_null && column.identity.is_none() && serial_type(column).is_none() {
        sql.push_str(" NOT NULL");
    }
    sql
}

fn identity_words(identity: Identity) -> &'static str {
    match identity {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// `ALTER COLUMN` statements for the facets that changed, in an order that always works:
/// what goes away first, the type, then what comes. It stays one function so that this order
/// reads top to bottom.
fn alter_column(table: &QualifiedName, from: &Column, to: &Column, facets: &[Facet], cx: Context) -> Vec<String> {
    let alter = |action: String| format!("ALTER TABLE {} ALTER COLUMN {} {action}", table.sql(), quote_ident(&to.name));
    let has = |f: Facet| facets.contains(&f);
    let mut sql = Vec::new();
    if has(Facet::Generated) {
        // Before PostgreSQL 17 a generation expression cannot be changed in place, and a
        // column cannot become generated: the column is made again (the diff adds its
        // constraints and indexes again).
        if let (Some(_), None) = (&from.generated, &to.generated) {
            sql.push(alter("DROP EXPRESSION".into()));
        } else if crate::diff::recreates(from, to, cx.server_version) {
            sql.push(format!("ALTER TABLE {} DROP COLUMN {}", table.sql(), quote_ident(&to.name)));
            sql.push(format!("ALTER TABLE {} ADD COLUMN {}", table.sql(), column_definition(table, to)));
            sql.extend(to.comment.as_ref().map(|c| comment_on_column(table, &to.name, Some(c))));
            return sql;
        }
    }
    if has(Facet::Identity) && from.identity.is_some() && to.identity.is_none() {
        sql.push(alter("DROP IDENTITY".into()));
    }
    let type_changes = has(Facet::Type) || has(Facet::Collation);
    let live_default = from.default.is_some() || from.owned_sequence.is_some();
    let wanted_default = to.default.is_some() || to.owned_sequence.is_some();
    // A default that may not survive the new type is set again after it.
    let reset_default = has(Facet::Default) || (type_changes && live_default);
    if live_default && (type_changes || (has(Facet::Default) && !wanted_default)) {
        sql.push(alter("DROP DEFAULT".into()));
    }
    if has(Facet::Nullability) && !to.not_null {
        sql.push(alter("DROP NOT NULL".into()));
    }
    if type_changes {
        let mut action = format!("TYPE {}", to.data_type);
        if let Some(collation) = &to.collation {
            action.push_str(&format!(" COLLATE {collation}"));
        }
        if let Some(using) = &to.using {
            action.push_str(&format!(" USING {using}"));
        }
        sql.push(alter(action));
    }
    if has(Facet::Sequence) {
        sql.extend(sequence_sql::altered(table, from, to));
    }
    if has(Facet::Generated)
        && from.generated.is_some()
        && let Some(generated) = &to.generated
    {
        sql.push(alter(format!("SET EXPRESSION AS ({generated})")));
    }
    if reset_default && let Some(default) = &to.default {
        sql.push(alter(format!("SET DEFAULT {default}")));
    }
    if reset_default && to.owned_sequence.is_some() {
        sql.extend(sequence_sql::owned(table, from, to));
    }
    if has(Facet::Default)
        && to.owned_sequence.is_none()
        && let Some(sequence) = &from.owned_sequence
    {
        sql.push(format!("DROP SEQUENCE {}", QualifiedName::new(&table.schema, sequence).sql()));
    }
    if has(Facet::Nullability) && to.not_null && !(to.identity.is_some() && from.identity.is_none()) {
        sql.push(alter("SET NOT NULL".into()));
    }
    if has(Facet::Identity) {
        sql.extend(identity_change(table, from, to));
    }
    sql
}

/// A column becomes an identity column (continuing after the values already there), or
/// switches between ALWAYS and BY DEFAULT. (Dropping one is done before the type changes.)
fn identity_change(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let alter = |action: String| format!("ALTER TABLE {} ALTER COLUMN {} {action}", table.sql(), quote_ident(&to.name));
    match (from.identity, to.identity) {
        (None, Some(identity)) => {
            let mut sql = Vec::new();
            if !from.not_null {
                sql.push(alter("SET NOT NULL".into()));
            }
            sql.push(alter(format!(
                "ADD GENERATED {} AS IDENTITY{}",
                identity_words(identity),
                sequence_sql::identity_options(table, to)
            )));
            sql.extend(sequence_sql::identity_created(table, to));
            sql.push(format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), max({col})) FROM {} HAVING max({col}) IS NOT NULL",
                quote_literal(&table.sql()),
                quote_literal(&to.name),
                table.sql(),
                col = quote_ident(&to.name)
            ));
            sql
        }
        (Some(_), Some(identity)) => vec![alter(format!("SET GENERATED {}", identity_words(identity)))],
        _ => Vec::new(),
    }
}

fn create_index(table: &QualifiedName, index: &Index) -> Vec<String> {
    let mut sql = vec![format!(
        "CREATE {}INDEX {} ON {} USING {}",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&index.name),
        table.sql(),
        facet_sql::with_parameters(&index.body, &index.parameters)
    )];
    if let Some(text) = &index.comment {
        let target = CommentTarget::Index { schema: table.schema.clone(), name: index.name.clone() };
        sql.push(comment(&target, Some(text)));
    }
    sql
}

fn drop_index(table: &QualifiedName, index: &Index) -> String {
    format!("DROP INDEX {}", QualifiedName::new(&table.schema, &index.name).sql())
}

fn comment_on_column(table: &QualifiedName, column: &str, text: Option<&str>) -> String {
    comment(&CommentTarget::Column { table: table.clone(), column: column.to_owned() }, text)
}

pub(super) fn comment(target: &CommentTarget, text: Option<&str>) -> String {
    let object = match target {
        CommentTarget::Schema { name } => format!("SCHEMA {}", quote_ident(name)),
        CommentTarget::Table { table } => format!("TABLE {}", table.sql()),
        CommentTarget::Column { table, column } => format!("COLUMN {}.{}", table.sql(), quote_ident(column)),
        CommentTarget::Index { schema, name } => format!("INDEX {}", QualifiedName::new(schema, name).sql()),
        CommentTarget::Constraint { table, name } => format!("CONSTRAINT {} ON {}", quote_ident(name), table.sql()),
        CommentTarget::Type { name } => format!("TYPE {}", name.sql()),
    };
    format!("COMMENT ON {object} IS {}", text.map_or_else(|| "NULL".to_owned(), quote_literal))
}
