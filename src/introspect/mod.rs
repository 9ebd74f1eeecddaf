//! Reading a live database into the model: the only reader of `pg_catalog`.
//!
//! One query per object kind for the whole managed scope, never one per table, so the number
//! of round trips is the same for 10 tables and for 5,000. Types, defaults, constraints and
//! indexes are read as PostgreSQL prints them (`format_type`, `pg_get_expr`,
//! `pg_get_constraintdef`, `pg_get_indexdef`) in a session whose printing settings are pinned
//! (see [`Db::pin_settings`]), so the desired side (a shadow database) and the live side read
//! the same way.

mod enum_type;
mod prerequisites;
mod queries;
mod reports;
mod rows;

use serde::Serialize;

use crate::db::Db;
use crate::error::Error;
use crate::model::{Catalog, QualifiedName, Table};

/// What introspection found: the modeled objects, and what it saw but does not model.
#[derive(Clone, Debug, Default)]
pub struct Live {
    pub catalog: Catalog,
    /// Objects in managed schemas that ogel does not model: never dropped, never drift.
    pub unmodeled: Vec<Unmodeled>,
    /// Unmodeled objects that depend on tables and columns (a view over a column).
    pub dependents: Vec<Dependent>,
    /// What ogel does not carry over, grouped: grants, default privileges, other owners (and,
    /// once the declaration's `ignore` lists are applied, a note per pattern).
    pub reports: Vec<Report>,
    /// The names of the objects the declaration ignores, taken out of `catalog` (see
    /// [`crate::ignore::apply`]): left alone like `unmodeled`, without a note each.
    pub ignored: Vec<crate::ignore::Ignored>,
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

/// Something of the managed schemas that ogel does not carry over (grants, default privileges,
/// owners), for `inspect` (`listing`) and as a note of plans and drift (`note`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Report {
    pub listing: String,
    pub note: String,
}

impl Report {
    fn plural(listing: String) -> Report {
        let note = format!("{listing} are not managed by ogel and are left as they are");
        Report { listing, note }
    }
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
    let read = |what: &'static str| move |e: tokio_postgres::Error| db.fail(&format!("reading {what}"), &e);
    let server_version = db.server_version().await?;
    let mut catalog = Catalog::default();
    for row in db.query(queries::EXTENSIONS, &[]).await.map_err(read("extensions"))? {
        let extension = rows::extension(&row);
        catalog.extensions.insert(extension.name.clone(), extension);
    }
    for row in db.query(queries::SCHEMAS, &[&schemas]).await.map_err(read("schemas"))? {
        let schema = rows::schema(&row);
        catalog.schemas.insert(schema.name.clone(), schema);
    }
    for row in db.query(queries::TABLES, &[&schemas]).await.map_err(read("tables"))? {
        let table = rows::table(&row);
        if let Some(schema) = catalog.schemas.get_mut(&table.name.schema) {
            schema.tables.insert(table.name.name.clone(), table);
        }
    }
    for row in db.query(queries::COLUMNS, &[&schemas]).await.map_err(read("columns"))? {
        if let Some(table) = table_mut(&mut catalog, row.get(0), row.get(1)) {
            table.columns.push(rows::column(&row));
        }
    }
    let constraints = queries::constraints(server_version);
    for row in db.query(&constraints, &[&schemas]).await.map_err(read("constraints"))? {
        if let Some(table) = table_mut(&mut catalog, row.get(0), row.get(1)) {
            table.constraints.push(rows::constraint(&row));
        }
    }
    for row in db.query(queries::INDEXES, &[&schemas]).await.map_err(read("indexes"))? {
        let index = rows::index(&row).map_err(|e| Error::failed(format!("{}: {e}", db.target())))?;
        if let Some(table) = table_mut(&mut catalog, row.get(0), row.get(1)) {
            table.indexes.push(index);
        }
    }
    enum_type::read(db, schemas, &mut catalog).await?;
    let unmodeled = db.query(queries::UNMODELED, &[&schemas]).await.map_err(read("other objects"))?;
    let mut unmodeled: Vec<Unmodeled> =
        unmodeled.iter().map(|row| Unmodeled { kind: row.get(0), name: row.get(1) }).collect();
    let (reports, others) = reports::read(db, schemas, server_version).await?;
    unmodeled.extend(others);
    unmodeled.sort();
    let dependents = db.query(queries::DEPENDENTS, &[&schemas]).await.map_err(read("dependencies"))?;
    let dependents = dependents.iter().map(rows::dependent).collect();
    for table in catalog.schemas.values_mut().flat_map(|s| s.tables.values_mut()) {
        table.constraints.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(Live { catalog, unmodeled, dependents, reports, ignored: Vec::new(), server_version })
}

fn table_mut(catalog: &mut Catalog, schema: String, table: String) -> Option<&mut Table> {
    catalog.schemas.get_mut(&schema)?.tables.get_mut(&table)
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

/// An object of a managed schema that ogel does not manage but a declaration may use, as the
/// statement that recreates it in a shadow database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prerequisite {
    /// "collation musicbrainz.musicbrainz", "function app.slug(text)", ...
    pub object: String,
    pub sql: String,
    /// The object, when it is of a kind ogel models: then the declaration holds it, unless it
    /// ignores it.
    pub modeled: Option<QualifiedName>,
}

/// The prerequisites of the managed `schemas`, in the order to create them (collations, types,
/// sequences, functions, text search objects).
pub async fn prerequisites(db: &Db, schemas: &[String]) -> Result<Vec<Prerequisite>, Error> {
    let query = prerequisites::query(db.server_version().await?);
    let rows = db.query(&query, &[&schemas]).await.map_err(|e| db.fail("reading types and functions", &e))?;
    let modeled = |names: Option<Vec<String>>| match names?.as_slice() {
        [schema, name] => Some(QualifiedName::new(schema, name)),
        _ => None,
    };
    Ok(rows.iter().map(|r| Prerequisite { object: r.get(1), sql: r.get(2), modeled: modeled(r.get(3)) }).collect())
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
