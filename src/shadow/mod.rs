//! Normalization through PostgreSQL: the declaration is built in a scratch ("shadow") database
//! and read back with the same introspection as the live side, so that `int4` and `integer`,
//! `now()` and `NOW()`, `role IN (...)` and `role = ANY (ARRAY[...])` compare equal without a
//! single rewriting rule of ours.
//!
//! The shadow is a temporary database created from `template0` on the target's server (or on
//! `--shadow-url`'s, of the same major version) and dropped afterwards, on errors too; an
//! interrupted run drops it from the signal handler (see [`cleanup`]).

mod cache;
mod lifecycle;
mod prerequisites;
mod reprint;

use std::sync::Mutex;

use crate::db::{Db, Given, Target, error_text};
use crate::diff;
use crate::error::Error;
use crate::introspect::{self, Live, Prerequisite};
use crate::model::{Catalog, ConstraintKind};
use crate::plan::{self, sql};
use crate::spec::diagnostic::{Problem, Problems, Sources};

/// Shadow databases created and not yet dropped, for the signal handler.
static PENDING: Mutex<Vec<(Target, String)>> = Mutex::new(Vec::new());

/// The declaration as PostgreSQL reads it back: the normalized desired catalog.
/// With `reuse`, a normalization of the same declaration on the same server, cached by an
/// earlier run, is taken instead (see [`cache`]).
pub async fn normalize(
    target: &Target,
    target_db: &Db,
    shadow_url: Option<&Given>,
    raw: &Catalog,
    live: &Live,
    sources: &Sources,
    reuse: bool,
) -> Result<Catalog, Error> {
    let prerequisites = prerequisites::statements(target_db, raw).await?;
    let key = cache::key(raw, live, &prerequisites);
    // A cached normalization serves only if it re-printed every live definition that differs
    // from it (see [`reprint`]): those depend on the live catalog, which the key leaves out.
    let cached = reuse.then(|| cache::load(&key)).flatten().and_then(|mut entry| {
        let probes = reprint::probes(&live.catalog, &entry.catalog);
        reprint::adopt(&mut entry.catalog, &probes, &entry.reprints).then_some(entry.catalog)
    });
    let mut normalized = match cached {
        Some(normalized) => normalized,
        None => {
            let entry = build_in_shadow(target, shadow_url, raw, live, prerequisites, sources).await?;
            cache::store(&key, &entry);
            let mut normalized = entry.catalog;
            let probes = reprint::probes(&live.catalog, &normalized);
            reprint::adopt(&mut normalized, &probes, &entry.reprints);
            normalized
        }
    };
    merge_declaration(&mut normalized, raw);
    Ok(normalized)
}

/// Builds the declaration in a new shadow database, reads it back, and drops the shadow. The
/// shadow is created and dropped over a connection of its own: the target's session only reads.
async fn build_in_shadow(
    target: &Target,
    shadow_url: Option<&Given>,
    raw: &Catalog,
    live: &Live,
    prerequisites: Vec<Prerequisite>,
    sources: &Sources,
) -> Result<cache::Entry, Error> {
    let server = match shadow_url {
        Some(given) => Target::resolve_shadow(given)?,
        None => target.clone(),
    };
    let admin = server.connect().await?;
    crate::session::start(&admin, &crate::session::Limits::default()).await?;
    if shadow_url.is_some() {
        let version = admin.server_version().await?;
        if version / 10000 != live.server_version / 10000 {
            return Err(Error::with_help(
                format!(
                    "the shadow server {} runs PostgreSQL {} but the target runs {}",
                    admin.target(),
                    version / 10000,
                    live.server_version / 10000
                ),
                "--shadow-url must point at a server of the target's major version, which prints types and expressions the same way",
            ));
        }
    }
    lifecycle::drop_leftovers(&admin).await;
    // Registered before it exists: a signal at any moment from here on drops it (if it is there).
    let name = lifecycle::new_name();
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).push((server.clone(), name.clone()));
    let created = lifecycle::create(&admin, &name).await;
    if created.is_err() {
        PENDING.lock().unwrap_or_else(|e| e.into_inner()).retain(|(_, n)| n != &name);
    }
    created?;
    let result = match lifecycle::mark(&admin, &name).await {
        Ok(()) => build_and_read(&server.with_dbname(&name), raw, live, prerequisites, sources).await,
        Err(e) => Err(e),
    };
    let dropped = lifecycle::drop_database(&admin, &name).await;
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).retain(|(_, n)| n != &name);
    let normalized = result?;
    dropped?;
    Ok(normalized)
}

/// Drops every shadow database still there (called on Ctrl-C / SIGTERM).
pub async fn cleanup() {
    let pending: Vec<(Target, String)> = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    for (server, name) in pending {
        if let Ok(admin) = server.connect().await {
            let _ = lifecycle::drop_database(&admin, &name).await;
        }
    }
}

/// Builds `raw` in the empty shadow database and reads it back, with the shadow's print of the
/// live definitions that differ from it.
async fn build_and_read(
    shadow: &Target,
    raw: &Catalog,
    live: &Live,
    prerequisites: Vec<Prerequisite>,
    sources: &Sources,
) -> Result<cache::Entry, Error> {
    let db = shadow.connect().await?;
    let mut raw = raw.clone();
    enclose_declared_text(&mut raw);
    // An extension goes where the declaration says, else where the target has it, else public.
    for extension in raw.extensions.values_mut() {
        if extension.schema.is_none() {
            let installed = live.catalog.extensions.get(&extension.name).and_then(|e| e.schema.clone());
            extension.schema = Some(installed.unwrap_or_else(|| "public".to_owned()));
        }
    }
    // A fresh database is not empty (template0 has schema public): build the declaration on
    // what is there.
    let schemas: Vec<String> = raw.schemas.keys().cloned().collect();
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    let fresh = introspect::introspect(&db, &schemas).await?;
    db.pin_settings(&render_search_path(&raw)).await.map_err(|e| db.fail("setting up the session", &e))?;
    let changes = diff::diff(&fresh.catalog, &raw, live.server_version)
        .map_err(|problems| Problems { sources: sources.clone(), problems })?;
    let cx = sql::Context { server_version: live.server_version };
    let plan = plan::build(changes, &fresh, &raw, cx)?;
    // Schemas and extensions first, then what the declaration may use, then the rest.
    let setup = |c: &diff::Change| {
        matches!(
            c,
            diff::Change::AddSchema { .. } | diff::Change::AddExtension(_) | diff::Change::AlterExtension { .. }
        )
    };
    let (first, rest): (Vec<_>, Vec<_>) = plan.steps.iter().partition(|s| setup(&s.change));
    let mut unbuilt = Vec::new();
    run_steps(&db, &first, &mut unbuilt, sources).await?;
    unbuilt = prerequisites::create(&db, &prerequisites).await?;
    run_steps(&db, &rest, &mut unbuilt, sources).await?;
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    let mut normalized = introspect::introspect(&db, &schemas).await?.catalog;
    // The stand-ins of ignored tables that declared foreign keys reference are not declared.
    crate::ignore::take(&raw, &mut normalized);
    let reprints = reprint::reprint(&db, &reprint::probes(&live.catalog, &normalized), &schemas).await?;
    normalized.extensions = raw.extensions.clone();
    Ok(cache::Entry { catalog: normalized, reprints })
}

/// Puts declared expressions that the generated SQL does not already enclose in parentheses,
/// so that whatever a default holds, it cannot leave its place in the statement (validate has
/// checked it is one expression; this holds even if that check missed something). PostgreSQL
/// prints the normalized expression without them.
fn enclose_declared_text(raw: &mut Catalog) {
    for schema in raw.schemas.values_mut() {
        for table in schema.tables.values_mut() {
            for column in &mut table.columns {
                if let Some(default) = &column.default {
                    column.default = Some(format!("({default})"));
                }
            }
        }
    }
}

/// Runs the statements of `steps`, one round trip each: batching them into transactions is
/// slower (DDL holding thousands of locks until commit costs more than the round trips).
/// A statement that fails while some prerequisites are not built runs again once those that
/// can be are (they may have needed a declared table); if it fails all the same, the error
/// names what the shadow could not build.
async fn run_steps(
    db: &Db,
    steps: &[&plan::Step],
    unbuilt: &mut Vec<(Prerequisite, prerequisites::Unbuilt)>,
    sources: &Sources,
) -> Result<(), Error> {
    for step in steps {
        let statements: Vec<(String, sql::Clauses)> = match &step.change {
            diff::Change::AddTable(table) => {
                let mut all = vec![sql::create_table_text(table)];
                all.extend(step.statements.iter().skip(1).map(|s| (s.sql.clone(), Vec::new())));
                all
            }
            _ => step.statements.iter().map(|s| (s.sql.clone(), Vec::new())).collect(),
        };
        for (text, items) in statements {
            let mut outcome = db.run(&text, &[]).await;
            if outcome.is_err() && prerequisites::retry(db, unbuilt).await? {
                outcome = db.run(&text, &[]).await;
            }
            if let Err(e) = outcome {
                let unbuilt: Vec<_> = unbuilt.iter().map(|(_, u)| u.clone()).collect();
                return Err(rejected(db, &e, &text, &items, &step.change, &unbuilt, sources));
            }
        }
    }
    Ok(())
}

/// The search path that DDL and data steps run with: where unqualified names in the
/// declaration's expressions (`uuid_generate_v4()`) are found.
pub fn render_search_path(raw: &Catalog) -> String {
    let mut schemas: Vec<String> = vec!["public".to_owned()];
    for extension in raw.extensions.values() {
        if let Some(schema) = &extension.schema
            && !schemas.contains(schema)
        {
            schemas.push(schema.clone());
        }
    }
    schemas.iter().map(|s| crate::model::ident::quote_ident(s)).collect::<Vec<_>>().join(", ")
}

/// The server rejected part of the declaration: PostgreSQL's message at the YAML place.
fn rejected(
    shadow: &Db,
    e: &tokio_postgres::Error,
    text: &str,
    items: &sql::Clauses,
    change: &diff::Change,
    unbuilt: &[prerequisites::Unbuilt],
    sources: &Sources,
) -> Error {
    let message = error_text(e);
    // The connection ended (the backend was terminated, the server shut down, the network
    // failed): not the server's verdict on the declaration.
    let connection_lost =
        e.is_closed() || e.code().is_some_and(|c| c.code().starts_with("08") || c.code().starts_with("57P"));
    let Some(db) = e.as_db_error().filter(|_| !connection_lost) else {
        // Not the server's verdict on the declaration: the connection failed.
        return Error::with_help(
            format!(
                "{}: the connection to the shadow database failed while building the declaration: {message}",
                shadow.target()
            ),
            "check the server and the network, and run again; nothing was changed on the target database",
        );
    };
    let db = Some(db);
    // The server may say where in the statement it stopped; else a quoted name may say which
    // column or constraint; else the object of the step.
    let by_position = db.and_then(|d| match d.position() {
        Some(tokio_postgres::error::ErrorPosition::Original(p)) => {
            let byte = text.char_indices().nth((*p as usize).saturating_sub(1)).map(|(b, _)| b)?;
            items.iter().find(|(range, _)| range.contains(&byte)).and_then(|(_, o)| *o)
        }
        _ => None,
    });
    let by_name = || {
        let quoted = |name: &str| db.is_some_and(|d| d.message().contains(&format!("\"{name}\"")));
        match change {
            diff::Change::AddTable(table) => {
                table.columns.iter().find(|c| quoted(&c.name)).and_then(|c| c.origin).or_else(|| {
                    table.constraints.iter().find(|c| c.name.as_deref().is_some_and(quoted)).and_then(|c| c.origin)
                })
            }
            _ => None,
        }
    };
    let by_part = || match change {
        diff::Change::AddIndex { index, .. } if db.is_some_and(|d| d.message().contains("index predicate")) => {
            index.predicate_origin
        }
        _ => None,
    };
    let origin = by_position.or_else(by_part).or_else(by_name).or_else(|| change.origin());
    let object = plan::describe(change).split_once(' ').map_or("", |(_, o)| o).to_owned();
    let (headline, help) = verdict(&object, &message, unbuilt);
    match origin {
        Some(at) => Error::Declaration(Problems {
            sources: sources.clone(),
            problems: vec![Problem::at(at, headline, "rejected here").help(help)],
        }),
        None => Error::with_help(headline, help),
    }
}

/// The headline and help of a rejected declared statement: the declaration's fault, unless
/// the shadow lacks something it copies from the target.
fn verdict(object: &str, message: &str, unbuilt: &[prerequisites::Unbuilt]) -> (String, String) {
    match unbuilt {
        [] => (
            format!("PostgreSQL rejects the declaration of {object}: {message}"),
            "fix the declaration here; nothing was changed on the target database".to_owned(),
        ),
        _ => (
            format!("{}\nso the declaration of {object} cannot be built there: {message}", cannot_build(unbuilt)),
            "ogel copies into the shadow database what the declared schemas hold and ogel does not manage \
             (types, functions, collations, text search objects); these could not be built there, often \
             because they need an object of a schema that is not declared. Nothing was changed on the \
             target database"
                .to_owned(),
        ),
    }
}

/// "the shadow database cannot build …", naming each object and PostgreSQL's reason.
fn cannot_build(unbuilt: &[prerequisites::Unbuilt]) -> String {
    let lines: Vec<String> = unbuilt.iter().map(|u| format!("  {}: {}", u.object, u.reason)).collect();
    format!("the shadow database cannot build what the target has:\n{}", lines.join("\n"))
}

/// Carries what only the declaration knows (renames, conversions, whether a constraint was
/// named, where each object was written) onto the normalized catalog.
fn merge_declaration(normalized: &mut Catalog, raw: &Catalog) {
    for (name, schema) in &mut normalized.schemas {
        let Some(declared) = raw.schemas.get(name) else { continue };
        schema.renamed_from = declared.renamed_from.clone();
        schema.origin = declared.origin;
        for (enum_name, enum_type) in &mut schema.enums {
            let Some(declared) = declared.enums.get(enum_name) else { continue };
            enum_type.renamed_from = declared.renamed_from.clone();
            enum_type.renamed_values = declared.renamed_values.clone();
            enum_type.origin = declared.origin;
        }
        for (table_name, table) in &mut schema.tables {
            let Some(declared) = declared.tables.get(table_name) else { continue };
            table.renamed_from = declared.renamed_from.clone();
            table.origin = declared.origin;
            for column in &mut table.columns {
                if let Some(d) = declared.column(&column.name) {
                    column.renamed_from = d.renamed_from.clone();
                    column.using = d.using.clone();
                    column.origin = d.origin;
                    if let Some(sequence) = &mut column.sequence {
                        sequence.named = d.sequence.as_ref().is_some_and(|s| s.named);
                    }
                }
            }
            for constraint in &mut table.constraints {
                let named = declared.constraints.iter().find(|d| d.name == constraint.name);
                constraint.named = named.is_some();
                // An unnamed constraint: the declared one of the same kind on the same columns.
                let found = named.or_else(|| {
                    declared
                        .constraints
                        .iter()
                        .filter(|d| d.name.is_none())
                        .find(|d| same_target(&d.kind, &constraint.kind))
                });
                constraint.origin = found.and_then(|d| d.origin).or(table.origin);
                // `not_valid` is what the declaration asks for (the shadow adds such constraints
                // NOT VALID too; this holds for a cached normalization as well).
                if let Some(declared) = named {
                    constraint.validated = declared.validated;
                }
            }
            for index in &mut table.indexes {
                if let Some(d) = declared.indexes.iter().find(|d| d.name == index.name) {
                    index.renamed_from = d.renamed_from.clone();
                    index.origin = d.origin;
                }
            }
        }
    }
}

/// Whether two constraints are of one kind over the same columns (checks: of one kind).
fn same_target(a: &ConstraintKind, b: &ConstraintKind) -> bool {
    match (a, b) {
        (ConstraintKind::PrimaryKey { .. }, ConstraintKind::PrimaryKey { .. }) => true,
        (ConstraintKind::Unique { columns: x, .. }, ConstraintKind::Unique { columns: y, .. }) => x == y,
        (ConstraintKind::ForeignKey(x), ConstraintKind::ForeignKey(y)) => x.columns == y.columns,
        (ConstraintKind::Check { .. }, ConstraintKind::Check { .. }) => true,
        (ConstraintKind::Exclusion { .. }, ConstraintKind::Exclusion { .. }) => true,
        _ => false,
    }
}
