//! `ogel diff FROM TO`: what would turn one schema into another, each a database or a
//! declaration. Nothing is changed: databases are read in read-only transactions, and a
//! declaration is normalized in a shadow database, dropped afterwards, as `plan` does.

use std::io::Write;
use std::path::PathBuf;

use super::project::{Flags, Setup};
use super::{LimitArgs, Outcome, ViewArgs};
use crate::config::Project;
use crate::db::{Db, Given, Target};
use crate::error::Error;
use crate::introspect::{self, Live};
use crate::model::Catalog;
use crate::plan::{self, Plan, sql};
use crate::render::{self, Format};
use crate::spec::Checked;
use crate::spec::load::Paths;

/// Show what would turn FROM into TO: each a database (`env:NAME` of ogel.toml, or a URL) or a
/// declaration (`file:PATH`, its schema file).
///
/// Compares schemas (tables, columns, keys, indexes, extensions, comments), not seed rows or
/// transitions. A declaration is normalized in a shadow database on the server of a database
/// side, or on --shadow-url, required when both sides are declarations. Two databases may be
/// on different servers of the same major version. Exit 0 on success (with
/// --detailed-exitcode: 0 no differences, 2 differences), 1 on error.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema as it is: `env:NAME`, `file:PATH` or a database URL.
    #[arg(value_name = "FROM")]
    from: String,
    /// The schema as it should be: `env:NAME`, `file:PATH` or a database URL.
    #[arg(value_name = "TO")]
    to: String,
    /// The schemas to compare when both sides are databases [default: every schema of either].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    schemas: Vec<String>,
    /// A server where ogel may create its temporary shadow database [default: the server of a
    /// database side].
    #[arg(long, value_name = "URL")]
    shadow_url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    view: ViewArgs,
    /// Exit 2 when the sides differ, 0 when they do not.
    #[arg(long)]
    detailed_exitcode: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// One side as written.
enum Side {
    /// An environment of ogel.toml.
    Env(String),
    /// A connection string.
    Url(String),
    /// A declaration's schema file.
    File(PathBuf),
}

impl Side {
    fn parse(text: &str, which: &str) -> Result<Side, Error> {
        if let Some(name) = text.strip_prefix("env:") {
            return Ok(Side::Env(name.to_owned()));
        }
        if let Some(path) = text.strip_prefix("file:") {
            return Ok(Side::File(PathBuf::from(path)));
        }
        if text.contains("://") || text.contains('=') {
            return Ok(Side::Url(text.to_owned()));
        }
        Err(Error::with_help(
            format!("{which} is neither env:NAME, file:PATH nor a database URL"),
            format!(
                "write file:{} for a declaration, env:NAME for an environment of ogel.toml, or postgres://...",
                crate::db::hide_passwords(text)
            ),
        ))
    }
}

/// A side read: the schema, and how the output names it.
struct Read {
    live: Live,
    name: String,
}

/// A database side, connected.
struct Connected {
    target: Target,
    db: Db,
    name: String,
}

pub async fn run(args: &Args, project: &Project) -> Result<Outcome, Error> {
    let from = Side::parse(&args.from, "FROM")?;
    let to = Side::parse(&args.to, "TO")?;
    let declared_from = declaration(&from)?;
    let declared_to = declaration(&to)?;
    let flags =
        Flags { database_url: None, shadow_url: args.shadow_url.as_deref(), limits: &args.limits, lock_wait: None };
    let from_db = connect(&from, &flags, project).await?;
    let to_db = connect(&to, &flags, project).await?;
    if let (Some(a), Some(b)) = (&from_db, &to_db) {
        same_major(a, b).await?;
    }
    let shadow = args.shadow_url.as_deref().map(|url| Given::url(url, "--shadow-url"));
    // The declarations' schemas, else those asked for, else every schema of either database.
    let mut schemas: Vec<String> =
        declared_from.iter().chain(&declared_to).flat_map(|d| crate::reconcile::managed_schemas(&d.catalog)).collect();
    schemas.extend(args.schemas.iter().cloned());
    schemas.sort();
    schemas.dedup();
    let setup_limits = Setup::with_environment(&flags, project, None, false)?.limits;
    let (from_read, to_read) = {
        let stand_in = match (&from_db, &to_db, &shadow) {
            (Some(_), _, _) | (_, Some(_), _) => None,
            (None, None, Some(given)) => Some(stand_in(given, &setup_limits).await?),
            (None, None, None) => {
                return Err(Error::with_help(
                    "both sides of ogel diff are declarations, and a declaration is read through a shadow database",
                    "pass --shadow-url: a server where this role may create databases, of the major version the declarations are for",
                ));
            }
        };
        let anchor = from_db.as_ref().or(to_db.as_ref()).or(stand_in.as_ref()).expect("a database to work on");
        let ignoring: Vec<&Checked> = declared_from.iter().chain(&declared_to).collect();
        let work =
            Work { anchor, schemas: &schemas, shadow: shadow.as_ref(), limits: &setup_limits, ignoring: &ignoring };
        let from_read = read_side(&from_db, &declared_from, &args.from, &work).await?;
        let to_read = read_side(&to_db, &declared_to, &args.to, &work).await?;
        (from_read, to_read)
    };
    let plan = compare(&from_read.live, &to_read.live.catalog, &declared_to)?;
    print(args, &plan, &from_read, &to_read, &to_read.live.catalog, &setup_limits)?;
    Ok(if args.detailed_exitcode && !plan.is_empty() { Outcome::Changes } else { Outcome::Success })
}

/// A declaration side, checked.
fn declaration(side: &Side) -> Result<Option<Checked>, Error> {
    match side {
        Side::File(path) => Ok(Some(crate::spec::check(&Paths { schema: path.clone(), seeds: None })?)),
        Side::Env(_) | Side::Url(_) => Ok(None),
    }
}

/// A database side, connected for reading.
async fn connect(side: &Side, flags: &Flags<'_>, project: &Project) -> Result<Option<Connected>, Error> {
    let setup = match side {
        Side::File(_) => return Ok(None),
        Side::Env(name) => {
            let environment = project.environment(name)?;
            if environment.url.is_none() {
                return Err(Error::with_help(
                    format!("env:{name}: {} gives no url or url_env", project.label(&environment)),
                    "give the environment a url_env (or url), or name the database by its URL",
                ));
            }
            let flags = Flags { shadow_url: None, ..*flags };
            Setup::with_environment(&flags, project, Some(&environment), false)?
        }
        Side::Url(text) => {
            let flags = Flags { database_url: Some(text), shadow_url: None, ..*flags };
            Setup::with_environment(&flags, project, None, false)?
        }
    };
    let (target, db) = setup.connect().await?;
    let name = match side {
        Side::Env(name) => format!("env:{name} ({})", db.target()),
        _ => db.target().to_owned(),
    };
    Ok(Some(Connected { target, db, name }))
}

/// Two databases are compared only when their servers print types and expressions alike.
async fn same_major(a: &Connected, b: &Connected) -> Result<(), Error> {
    let (va, vb) = (a.db.server_version().await?, b.db.server_version().await?);
    if va / 10000 == vb / 10000 {
        return Ok(());
    }
    Err(Error::with_help(
        format!("{} runs PostgreSQL {} and {} runs PostgreSQL {}", a.name, va / 10000, b.name, vb / 10000),
        "compare databases of one major version: each prints types and expressions its own way",
    ))
}

/// With two declarations, the shadow server's own database stands in for the target: the
/// declarations are normalized there, and read nothing else of it.
async fn stand_in(shadow: &Given, limits: &crate::session::Limits) -> Result<Connected, Error> {
    let target = Target::resolve_shadow(shadow)?;
    let db = target.connect().await?;
    crate::session::start(&db, limits).await?;
    let name = db.target().to_owned();
    Ok(Connected { target, db, name })
}

/// What reading either side needs.
struct Work<'a> {
    /// The database a declaration is normalized against (its server hosts the shadow unless
    /// `shadow` is given).
    anchor: &'a Connected,
    /// The schemas to read of a database side.
    schemas: &'a [String],
    shadow: Option<&'a Given>,
    limits: &'a crate::session::Limits,
    /// The declarations among the sides, whose `ignore` lists hold for both.
    ignoring: &'a [&'a Checked],
}

/// A side's schema: the database's as it is, or the declaration's as PostgreSQL reads it back.
async fn read_side(
    db: &Option<Connected>,
    declared: &Option<Checked>,
    written: &str,
    work: &Work<'_>,
) -> Result<Read, Error> {
    let Work { anchor, schemas, shadow, limits, ignoring } = *work;
    if let Some(side) = db {
        let mut live = read_database(&side.db, schemas, limits).await?;
        // In every database since PostgreSQL 9.0, and never declared (`inspect` leaves it out).
        live.catalog.extensions.remove("plpgsql");
        // What a declaration ignores is compared on neither side.
        for declared in ignoring {
            crate::ignore::apply(&declared.catalog, &mut live);
        }
        return Ok(Read { live, name: side.name.clone() });
    }
    let declared = declared.as_ref().expect("a side is a database or a declaration");
    let mut live = read_database(&anchor.db, &crate::reconcile::managed_schemas(&declared.catalog), limits).await?;
    crate::ignore::apply(&declared.catalog, &mut live);
    anchor.db.pin_settings("''").await.map_err(|e| anchor.db.fail("setting up the session", &e))?;
    anchor.db.begin_read(limits).await?;
    let normalized = crate::shadow::normalize(
        &anchor.target,
        &anchor.db,
        shadow,
        &declared.catalog,
        &live,
        &declared.sources,
        false,
    )
    .await;
    let ended = anchor.db.end_read().await;
    let catalog = normalized?;
    ended?;
    let server_version = live.server_version;
    let live = Live {
        catalog,
        unmodeled: Vec::new(),
        dependents: Vec::new(),
        reports: Vec::new(),
        ignored: Vec::new(),
        server_version,
    };
    Ok(Read { live, name: written.to_owned() })
}

/// The schemas of a database, in one read-only transaction.
async fn read_database(db: &Db, schemas: &[String], limits: &crate::session::Limits) -> Result<Live, Error> {
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    db.begin_read(limits).await?;
    let read = async {
        let schemas = if schemas.is_empty() { introspect::user_schemas(db).await? } else { schemas.to_vec() };
        introspect::introspect(db, &schemas).await
    }
    .await;
    let ended = db.end_read().await;
    let live = read?;
    ended?;
    Ok(live)
}

/// The steps that turn `from` into `to`.
fn compare(from: &Live, to: &Catalog, declared_to: &Option<Checked>) -> Result<Plan, Error> {
    let sources = declared_to.as_ref().map(|d| d.sources.clone()).unwrap_or_default();
    let diff = crate::diff::diff(&from.catalog, to, from.server_version)
        .map_err(|problems| crate::spec::diagnostic::Problems { sources, problems })?;
    plan::build(diff, from, to, sql::Context { server_version: from.server_version })
}

fn print(
    args: &Args,
    plan: &Plan,
    from: &Read,
    to: &Read,
    desired: &Catalog,
    limits: &crate::session::Limits,
) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let search_path = crate::shadow::render_search_path(desired);
    let mut script = Vec::new();
    render::plan_sql(plan, &search_path, limits.lock_timeout, &mut script).map_err(super::io_error)?;
    let script = String::from_utf8_lossy(&script);
    let header = format!("{} → {}", from.name, to.name);
    match args.format {
        Format::Human if plan.is_empty() => writeln!(out, "Diff: {header}\nNo differences."),
        Format::Human => {
            let view = render::HumanView {
                sql: args.view.show_sql.then_some(&*script),
                paint: args.view.paint(),
                title: Some("Diff"),
            };
            render::plan_human(plan, &header, view, &mut out)
        }
        Format::Sql => out.write_all(script.as_bytes()),
        Format::Json => render::plan_json(plan, &mut out),
        Format::Markdown if plan.is_empty() => writeln!(out, "### ogel diff `{header}`\n\nNo differences."),
        Format::Markdown => render::plan_markdown(plan, &script, &format!("{header} (diff)"), &mut out),
    }
    .map_err(super::io_error)
}
