//! What the shadow database needs before the declaration: the objects the declaration may use
//! that ogel does not manage. Collations, types, sequences, functions and text search objects
//! of the managed schemas are copied from the target; tables of other schemas (or ignored ones,
//! see [`crate::ignore`]) that declared foreign keys reference get a stand-in with the same
//! columns and keys. Without them a declaration that uses a domain type, calls
//! its own function in an index, or references `auth.users` could not be built.

use std::collections::BTreeMap;

use crate::db::Db;
use crate::db::error_text;
use crate::error::Error;
use crate::introspect::{self, Prerequisite};
use crate::model::ident::{column_list, quote_ident};
use crate::model::{Catalog, ConstraintKind, QualifiedName};
use crate::reconcile::managed_schemas;

/// Statements to run in the shadow once its schemas and extensions exist.
pub async fn statements(target: &Db, raw: &Catalog) -> Result<Vec<Prerequisite>, Error> {
    let mut statements = introspect::prerequisites(target, &managed_schemas(raw)).await?;
    // An object of a modeled kind comes from the declaration, unless the declaration ignores it.
    statements.retain(|p| p.modeled.as_ref().is_none_or(|name| raw.ignored_by(name).is_some()));
    statements.extend(stand_ins(target, raw).await?);
    Ok(statements)
}

/// Stand-ins for the tables that declared foreign keys reference and the declaration does not
/// hold: those outside the declared schemas, and ignored ones (the shadow's read-back leaves
/// them out again).
async fn stand_ins(target: &Db, raw: &Catalog) -> Result<Vec<Prerequisite>, Error> {
    // Referenced table → the column lists referenced (empty: its primary key).
    let mut referenced: BTreeMap<QualifiedName, Vec<Vec<String>>> = BTreeMap::new();
    for table in raw.tables() {
        for constraint in &table.constraints {
            if let ConstraintKind::ForeignKey(fk) = &constraint.kind
                && (!raw.schemas.contains_key(&fk.references.schema) || raw.ignored_by(&fk.references).is_some())
            {
                let keys = referenced.entry(fk.references.clone()).or_default();
                if !keys.contains(&fk.ref_columns) {
                    keys.push(fk.ref_columns.clone());
                }
            }
        }
    }
    if referenced.is_empty() {
        return Ok(Vec::new());
    }
    // An ignored table of a renamed schema may still stand under the schema's old name.
    let old_name = |t: &QualifiedName| {
        let old = raw.schemas.get(&t.schema)?.renamed_from.as_ref()?;
        Some(QualifiedName::new(old, &t.name))
    };
    let mut names: Vec<QualifiedName> = referenced.keys().cloned().collect();
    names.extend(referenced.keys().filter_map(old_name));
    let mut statements = Vec::new();
    let mut made = Vec::new();
    for (found, columns) in introspect::external_tables(target, &names).await? {
        let Some(table) = referenced.keys().find(|t| **t == found || old_name(t).as_ref() == Some(&found)) else {
            continue;
        };
        if made.contains(table) {
            continue;
        }
        made.push(table.clone());
        let mut statements = Stand(&mut statements, format!("stand-in for table {}", table.sql()));
        statements.push(format!("CREATE SCHEMA IF NOT EXISTS {}", quote_ident(&table.schema)));
        let definitions: Vec<String> =
            columns.iter().map(|(name, data_type, _)| format!("{} {data_type}", quote_ident(name))).collect();
        statements.push(format!("CREATE TABLE {} ({})", table.sql(), definitions.join(", ")));
        let primary_key: Vec<String> =
            columns.iter().filter(|(_, _, pk)| *pk).map(|(name, _, _)| name.clone()).collect();
        if !primary_key.is_empty() {
            statements.push(format!("ALTER TABLE {} ADD PRIMARY KEY ({})", table.sql(), column_list(&primary_key)));
        }
        for key in &referenced[table] {
            if !key.is_empty() && *key != primary_key {
                statements.push(format!("ALTER TABLE {} ADD UNIQUE ({})", table.sql(), column_list(key)));
            }
        }
    }
    Ok(statements)
}

/// The statements of one stand-in, each under its name.
struct Stand<'a>(&'a mut Vec<Prerequisite>, String);

impl Stand<'_> {
    fn push(&mut self, sql: String) {
        self.0.push(Prerequisite { object: self.1.clone(), sql, modeled: None });
    }
}

/// A prerequisite the shadow could not create, and PostgreSQL's reason.
#[derive(Clone, Debug)]
pub struct Unbuilt {
    pub object: String,
    pub reason: String,
}

/// Runs the statements, in as many rounds as their order needs (a domain over an enum, a
/// function over a domain), and returns what could not be created. Running them again after
/// the declaration (see [`retry`]) creates those that need its tables.
pub async fn create(shadow: &Db, statements: &[Prerequisite]) -> Result<Vec<(Prerequisite, Unbuilt)>, Error> {
    shadow.batch("SET check_function_bodies = off").await.map_err(|e| shadow.fail("setting up the session", &e))?;
    let mut pending: Vec<&Prerequisite> = statements.iter().collect();
    let mut failed: Vec<(Prerequisite, Unbuilt)>;
    loop {
        failed = Vec::new();
        for prerequisite in &pending {
            if let Err(e) = shadow.run(&prerequisite.sql, &[]).await {
                let unbuilt = Unbuilt { object: prerequisite.object.clone(), reason: error_text(&e) };
                failed.push(((*prerequisite).clone(), unbuilt));
            }
        }
        if failed.is_empty() || failed.len() == pending.len() {
            break;
        }
        pending = statements.iter().filter(|p| failed.iter().any(|(f, _)| f == *p)).collect();
    }
    shadow.batch("SET check_function_bodies = on").await.map_err(|e| shadow.fail("setting up the session", &e))?;
    Ok(failed)
}

/// Tries the prerequisites not yet built once more (after a declared step failed: what they
/// needed may exist now, a function over a declared table); keeps those that still fail in
/// `pending` and says whether any was built.
pub async fn retry(shadow: &Db, pending: &mut Vec<(Prerequisite, Unbuilt)>) -> Result<bool, Error> {
    if pending.is_empty() {
        return Ok(false);
    }
    let statements: Vec<Prerequisite> = pending.iter().map(|(p, _)| p.clone()).collect();
    let still = create(shadow, &statements).await?;
    let built = still.len() < pending.len();
    *pending = still;
    Ok(built)
}
