//! Reading a live database into the model: the only reader of `pg_catalog`.
//!
//! One query per object kind for the whole managed scope, never one per table, so the number
//! of round trips is the same for 10 tables and for 5,000. Types, defaults, constraints and
//! indexes are read as PostgreSQL prints them (`format_type`, `pg_get_expr`,
//! `pg_get_constraintdef`, `pg_get_indexdef`) in a session whose printing settings are pinned
//! (see [`Db::pin_settings`]), so the desired side (a shadow database) and the live side read
//! the same way.

mod queries;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::db::Db;
use crate::error::Error;
use crate::model::{
    Catalog, Column, Constraint, ConstraintKind, Extension, ForeignKey, Identity, Index, MatchType, QualifiedName,
    RefAction, Schema, Table,
};

/// What introspection found: the modeled objects, and what it saw but does not model.
#[derive(Clone, Debug, Default)]
pub struct Live {
    pub catalog: Catalog,
    /// Objects in managed schemas that ogel does not model: never dropped, never drift.
    pub unmodeled: Vec<Unmodeled>,
    /// Unmodeled objects that depend on tables and columns (a view over a column).
    pub dependents: Vec<Dependent>,
    /// `server_version_num`.
    pub server_version: i32,
}

/// An object ogel saw in a managed schema and does not manage.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unmodeled {
    /// "view", "function", "trigger", ...
    pub kind: String,
    /// Qualified name as PostgreSQL describes it.
    pub name: String,
}

/// An unmodeled object that depends on a table or one of its columns: it blocks dropping the
/// table or column, or changing the column's type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dependent {
    pub table: QualifiedName,
    /// `None` when it depends on the table as a whole.
    pub column: Option<String>,
    /// As `pg_describe_object` names it: "view platform.active_projects".
    pub object: String,
}

/// Reads the managed `schemas` (and every extension) of the database `db` is connected to.
/// The session's printing settings must be pinned.
pub async fn introspect(db: &Db, schemas: &[String]) -> Result<Live, Error> {
    let fail = |what: &str, e: tokio_postgres::Error| db.fail(&format!("reading {what}"), &e);
    let server_version: i32 = db
        .query_one(queries::SERVER_VERSION, &[])
        .await
        .and_then(|r| r.try_get::<_, String>(0))
        .map_err(|e| fail("the server version", e))?
        .parse()
        .unwrap_or(0);
    let mut catalog = Catalog::default();

    for row in db.query(queries::EXTENSIONS, &[]).await.map_err(|e| fail("extensions", e))? {
        let name: String = row.get(0);
        catalog
            .extensions
            .insert(name.clone(), Extension { name, schema: row.get(1), version: row.get(2), origin: None });
    }
    for row in db.query(queries::SCHEMAS, &[&schemas]).await.map_err(|e| fail("schemas", e))? {
        let name: String = row.get(0);
        let schema = Schema {
            name: name.clone(),
            comment: row.get(1),
            tables: BTreeMap::new(),
            renamed_from: None,
            origin: None,
        };
        catalog.schemas.insert(name, schema);
    }
    for row in db.query(queries::TABLES, &[&schemas]).await.map_err(|e| fail("tables", e))? {
        let name = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let table = Table {
            name: name.clone(),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: row.get(2),
            renamed_from: None,
            origin: None,
        };
        if let Some(schema) = catalog.schemas.get_mut(&name.schema) {
            schema.tables.insert(name.name, table);
        }
    }
    for row in db.query(queries::COLUMNS, &[&schemas]).await.map_err(|e| fail("columns", e))? {
        let Some(table) = table_mut(&mut catalog, row.get(0), row.get(1)) else { continue };
        let serial_sequence: Option<String> = row.get(10);
        table.columns.push(Column {
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
            renamed_from: None,
            using: None,
            origin: None,
        });
    }
    let constraints = queries::constraints(server_version);
    for row in db.query(&constraints, &[&schemas]).await.map_err(|e| fail("constraints", e))? {
        let Some(table) = table_mut(&mut catalog, row.get(0), row.get(1)) else { continue };
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
                ConstraintKind::Exclusion { definition: definition.to_owned() }
            }
        };
        table.constraints.push(Constraint {
            name: Some(row.get(2)),
            kind,
            deferrable: row.get(4),
            initially_deferred: row.get(5),
            validated,
            named: true,
            origin: None,
        });
    }
    for row in db.query(queries::INDEXES, &[&schemas]).await.map_err(|e| fail("indexes", e))? {
        let (schema, table_name, name): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        let definition: String = row.get(4);
        let prefix: String = row.get(5);
        let Some(body) = definition.strip_prefix(&prefix) else {
            return Err(Error::failed(format!(
                "{}: cannot read the definition of index {schema}.{name}: `{definition}` does not start with `{prefix}`",
                db.target()
            )));
        };
        let body = body.to_owned();
        let valid: bool = row.get(7);
        let Some(table) = table_mut(&mut catalog, schema, table_name) else { continue };
        table.indexes.push(Index {
            name,
            unique: row.get(3),
            // An invalid index (a failed CREATE INDEX CONCURRENTLY) is as good as none: mark it
            // so that it never compares equal and is rebuilt.
            body: if valid { body } else { format!("{body} -- INVALID") },
            comment: row.get(6),
            renamed_from: None,
            origin: None,
        });
    }
    let unmodeled = db
        .query(queries::UNMODELED, &[&schemas])
        .await
        .map_err(|e| fail("other objects", e))?
        .iter()
        .map(|row| Unmodeled { kind: row.get(0), name: row.get(1) })
        .collect();
    let dependents = db
        .query(queries::DEPENDENTS, &[&schemas])
        .await
        .map_err(|e| fail("dependencies", e))?
        .iter()
        .map(|row| Dependent {
            table: QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)),
            column: row.get(2),
            object: row.get(3),
        })
        .collect();
    for table in catalog.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
        table.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(Live { catalog, unmodeled, dependents, server_version })
}

fn table_mut(catalog: &mut Catalog, schema: String, table: String) -> Option<&mut Table> {
    catalog.schemas.get_mut(&schema)?.tables.get_mut(&table)
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

/// The schemas a database's users made: not PostgreSQL's own, not an extension's, not ogel's.
pub async fn user_schemas(db: &Db) -> Result<Vec<String>, Error> {
    const SQL: &str = "
        SELECT n.nspname FROM pg_namespace n
         WHERE n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'ogel')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                            AND d.objid = n.oid AND d.deptype = 'e')
         ORDER BY 1";
    let rows = db.query(SQL, &[]).await.map_err(|e| db.fail("reading schemas", &e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Statements that recreate, in a shadow database, the objects of the managed schemas that
/// ogel does not manage but a declaration may use (types, sequences, functions).
pub async fn prerequisites(db: &Db, schemas: &[String]) -> Result<Vec<String>, Error> {
    let rows =
        db.query(queries::PREREQUISITES, &[&schemas]).await.map_err(|e| db.fail("reading types and functions", &e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// A table outside the managed schemas: its columns, their types, and whether each is in its
/// primary key.
pub type ExternalTable = (QualifiedName, Vec<(String, String, bool)>);

/// Tables outside the managed schemas, with their columns and types, by name.
pub async fn external_tables(db: &Db, tables: &[QualifiedName]) -> Result<Vec<ExternalTable>, Error> {
    let schemas: Vec<&str> = tables.iter().map(|t| t.schema.as_str()).collect();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let rows = db
        .query(queries::EXTERNAL_COLUMNS, &[&schemas, &names])
        .await
        .map_err(|e| db.fail("reading referenced tables", &e))?;
    let mut found: Vec<ExternalTable> = Vec::new();
    for row in rows {
        let table = QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1));
        let column = (row.get::<_, String>(2), row.get::<_, String>(3), row.get::<_, bool>(4));
        match found.last_mut() {
            Some((last, columns)) if *last == table => columns.push(column),
            _ => found.push((table, vec![column])),
        }
    }
    Ok(found)
}
