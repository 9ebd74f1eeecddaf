//! Before anything runs: would existing rows break a constraint the plan adds?
//!
//! A foreign key, check, NOT NULL or unique constraint added to a table that has rows fails on
//! the first row that breaks it, after everything before it in the transaction ran. This looks
//! first, read-only, against the state at that step as far as it can be known: the live rows
//! under their declared names (renamed columns under their new names, added columns holding
//! their default), and for a foreign key the keys the referenced table will hold (its live rows
//! and its declared seed rows; a referenced table the plan creates holds only its seed rows).
//! Tables written by a transition are not judged, since its effect is unknown until it runs.
//! A check the server cannot run is a note of the plan, never a silent pass.

use tokio_postgres::types::ToSql;

use crate::db::{Db, error_text};
use crate::diff::{Change, Facet, Renames};
use crate::introspect::Live;
use crate::model::ident::quote_ident;
use crate::model::seed::SeedSet;
use crate::model::{Catalog, ConstraintKind, ForeignKey, MatchType, QualifiedName, Table};
use crate::plan::{Plan, Step};
use crate::seeds::cell_sql;

/// A step that would fail on existing rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub step: String,
    pub message: String,
}

/// What the rows say about the plan's steps.
#[derive(Debug, Default)]
pub struct Verdict {
    pub violations: Vec<Violation>,
    /// Steps that could not be judged, and why.
    pub unchecked: Vec<String>,
}

/// How many examples a violation shows.
const EXAMPLES: usize = 5;

/// The state the rows are judged against.
pub struct State<'a> {
    pub live: &'a Live,
    pub desired: &'a Catalog,
    pub renames: &'a Renames,
    pub seeds: &'a [SeedSet],
}

pub async fn check(db: &Db, plan: &Plan, state: &State<'_>) -> Verdict {
    let transition_writes: Vec<&QualifiedName> = plan
        .steps
        .iter()
        .filter_map(|s| if let Change::RunTransition(t) = &s.change { Some(&t.writes) } else { None })
        .flatten()
        .collect();
    let mut verdict = Verdict::default();
    let queries = plan.steps.iter().flat_map(|step| {
        let rows = query(step, state, &transition_writes);
        rows.into_iter().chain(sequence_position(step, state)).map(move |q| (step, q))
    });
    for (step, query) in queries {
        let params: Vec<&(dyn ToSql + Sync)> = query.params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let row = match db.query_guarded(&query.sql, &params).await.map(|mut rows| rows.pop()) {
            Ok(Some(row)) => row,
            Ok(None) => continue,
            Err(e) => {
                let why = crate::seeds::redact(&error_text(&e), &query.params);
                verdict.unchecked.push(format!("{} was not checked against the existing rows: {why}", step.title()));
                continue;
            }
        };
        let count: i64 = row.get(0);
        if count > 0 {
            let examples: Vec<String> = row.get::<_, Option<Vec<String>>>(1).unwrap_or_default();
            let examples = if examples.is_empty() { String::new() } else { format!(" (e.g. {})", examples.join(", ")) };
            verdict
                .violations
                .push(Violation { step: step.title(), message: format!("{count} {}{examples}", query.what) });
        }
    }
    verdict
}

struct Query {
    sql: String,
    /// Secrets of seed rows, bound as parameters.
    params: Vec<String>,
    /// "rows of platform.t have plan_id values that platform.billing_plans will not hold"
    what: String,
}

fn query(step: &Step, state: &State<'_>, transition_writes: &[&QualifiedName]) -> Option<Query> {
    let (table, check) = match &step.change {
        Change::AddConstraint { table, constraint, .. } if constraint.validated || constraint.has_index() => {
            (table, Check::Constraint(&constraint.kind))
        }
        Change::AlterColumn { table, to, facets, .. } if facets.contains(&Facet::Nullability) && to.not_null => {
            (table, Check::NotNull(&to.name))
        }
        Change::AddColumn { table, column }
            if column.not_null
                && column.default.is_none()
                && column.identity.is_none()
                && column.generated.is_none()
                && column.owned_sequence.is_none() =>
        {
            (table, Check::Rows)
        }
        _ => return None,
    };
    if transition_writes.contains(&table) {
        return None;
    }
    let existing = state.live.catalog.table(&state.renames.live_table(table))?;
    let t = rows_as_declared(table, existing, state, "t");
    let sample = sample_key(table, existing, state.renames);
    let limit = EXAMPLES;
    let mut params = Vec::new();
    let (sql, what) = match check {
        Check::Rows => (
            format!("SELECT count(*), (array_agg({sample}))[1:{limit}] FROM {t}"),
            format!("rows of {table} would get NULL in a NOT NULL column without a default"),
        ),
        Check::NotNull(column) => (
            format!(
                "SELECT count(*), (array_agg({sample}))[1:{limit}] FROM {t} WHERE t.{} IS NULL",
                quote_ident(column)
            ),
            format!("rows of {table} hold NULL in column {column}"),
        ),
        Check::Constraint(ConstraintKind::Check { definition }) => {
            let expression = definition.trim_end_matches(" NO INHERIT").strip_prefix("CHECK ")?;
            (
                format!("SELECT count(*), (array_agg({sample}))[1:{limit}] FROM {t} WHERE NOT {expression}"),
                format!("rows of {table} break `{definition}`"),
            )
        }
        Check::Constraint(ConstraintKind::PrimaryKey { columns, .. }) => {
            let list = qualified_list("t", columns);
            let any_null: Vec<String> = columns.iter().map(|c| format!("t.{} IS NULL", quote_ident(c))).collect();
            (
                format!(
                    "SELECT count(*), (array_agg(k))[1:{limit}] FROM (SELECT ROW({list})::text AS k FROM {t} GROUP BY {list} HAVING count(*) > 1 OR bool_or({})) AS d",
                    any_null.join(" OR ")
                ),
                format!("values of ({}) are NULL or occur more than once in {table}", columns.join(", ")),
            )
        }
        Check::Constraint(ConstraintKind::Unique { columns, nulls_not_distinct, .. }) => {
            let list = qualified_list("t", columns);
            // NULLs are distinct from each other unless the constraint says otherwise.
            let considered = if *nulls_not_distinct {
                String::new()
            } else {
                let not_null: Vec<String> =
                    columns.iter().map(|c| format!("t.{} IS NOT NULL", quote_ident(c))).collect();
                format!(" WHERE {}", not_null.join(" AND "))
            };
            (
                format!(
                    "SELECT count(*), (array_agg(k))[1:{limit}] FROM (SELECT ROW({list})::text AS k FROM {t}{considered} GROUP BY {list} HAVING count(*) > 1) AS d"
                ),
                format!("values of ({}) occur more than once in {table}", columns.join(", ")),
            )
        }
        Check::Constraint(ConstraintKind::ForeignKey(fk)) => {
            if transition_writes.contains(&&fk.references) {
                return None;
            }
            let mut bindings = crate::seeds::Bindings::default();
            let found = foreign_key(table, &t, fk, state, &mut bindings)?;
            params = bindings.values;
            found
        }
        Check::Constraint(ConstraintKind::Exclusion { .. }) => return None,
    };
    Some(Query { sql, params, what })
}

/// A sequence whose options change: PostgreSQL refuses a range (a narrower `AS` type, a new
/// MINVALUE or MAXVALUE) that leaves out the sequence's current value, and ogel never moves a
/// live sequence to make it fit.
fn sequence_position(step: &Step, state: &State<'_>) -> Option<Query> {
    let Change::AlterColumn { table, from, to, facets } = &step.change else { return None };
    if !facets.contains(&Facet::Sequence) {
        return None;
    }
    let name = from.sequence.as_ref()?.name.as_ref()?;
    let wanted = to.sequence.as_ref()?.options()?;
    let sequence = QualifiedName::new(state.renames.live_table(table).schema, name);
    let (min, max) = (wanted.min_value, wanted.max_value);
    Some(Query {
        sql: format!(
            "SELECT count(*), array_agg(last_value::text) FROM {} WHERE last_value < {min} OR last_value > {max}",
            sequence.sql()
        ),
        params: Vec::new(),
        what: format!(
            "sequence {sequence} stands outside the declared range {min} to {max} (its current value is kept, never moved); declare a type and range that hold it, or move the sequence with setval() first"
        ),
    })
}

enum Check<'a> {
    Constraint(&'a ConstraintKind),
    NotNull(&'a str),
    Rows,
}

/// `t.a, t.b`
fn qualified_list(alias: &str, columns: &[String]) -> String {
    columns.iter().map(|c| format!("{alias}.{}", quote_ident(c))).collect::<Vec<_>>().join(", ")
}

/// The live rows of `table` as the step before the check sees them, as `... AS alias`: live columns
/// under their declared names, and columns the plan adds holding their default (NULL without
/// one; left out when the server makes their values: identity, serial, generated).
fn rows_as_declared(table: &QualifiedName, existing: &Table, state: &State<'_>, alias: &str) -> String {
    let mut columns = vec!["t.ctid".to_owned()];
    let mut declared_names = Vec::new();
    for c in &existing.columns {
        let name = state.renames.column(table, &c.name);
        columns.push(format!("t.{} AS {}", quote_ident(&c.name), quote_ident(&name)));
        declared_names.push(name);
    }
    for c in state.desired.table(table).map(|t| t.columns.as_slice()).unwrap_or_default() {
        if declared_names.contains(&c.name)
            || c.identity.is_some()
            || c.owned_sequence.is_some()
            || c.generated.is_some()
        {
            continue;
        }
        let value = c.default.as_deref().unwrap_or("NULL");
        columns.push(format!("({value})::{} AS {}", c.data_type, quote_ident(&c.name)));
    }
    format!("(SELECT {} FROM {} AS t) AS {alias}", columns.join(", "), state.renames.live_table(table).sql())
}

/// An expression naming a row in examples: its primary key, else its physical place.
fn sample_key(table: &QualifiedName, existing: &Table, renames: &Renames) -> String {
    match existing.primary_key().map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { columns, .. }) => {
            let declared: Vec<String> = columns.iter().map(|c| renames.column(table, c)).collect();
            match declared.as_slice() {
                [one] => format!("t.{}::text", quote_ident(one)),
                _ => format!("ROW({})::text", qualified_list("t", &declared)),
            }
        }
        _ => "t.ctid::text".to_owned(),
    }
}

/// The query of a foreign key: rows whose key the referenced table will not hold.
fn foreign_key(
    table: &QualifiedName,
    t: &str,
    fk: &ForeignKey,
    state: &State<'_>,
    params: &mut crate::seeds::Bindings,
) -> Option<(String, String)> {
    let referenced = state.live.catalog.table(&state.renames.live_table(&fk.references));
    let local: Vec<String> = fk.columns.iter().map(|c| format!("t.{}", quote_ident(c))).collect();
    // MATCH SIMPLE ignores a key with any NULL in it; MATCH FULL only an all-NULL one.
    let considered = match fk.match_type {
        MatchType::Simple => local.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
        MatchType::Full => {
            format!("NOT ({})", local.iter().map(|c| format!("{c} IS NULL")).collect::<Vec<_>>().join(" AND "))
        }
    };
    let mut held = Vec::new();
    if let Some(existing) = referenced {
        let r = rows_as_declared(&fk.references, existing, state, "r");
        let matches: Vec<String> =
            fk.ref_columns.iter().zip(&local).map(|(c, l)| format!("r.{} = {l}", quote_ident(c))).collect();
        held.push(format!("EXISTS (SELECT 1 FROM {r} WHERE {})", matches.join(" AND ")));
    }
    // The keys the referenced table's seed rows will add, as values of their columns' types.
    let types = state.desired.table(&fk.references)?;
    let type_of = |c: &str| types.columns.iter().find(|col| col.name == c).map(|col| col.data_type.clone());
    let seeded: Vec<String> = state
        .seeds
        .iter()
        .filter(|s| s.table == fk.references)
        .flat_map(|s| &s.rows)
        .map(|row| {
            let values: Option<Vec<String>> =
                fk.ref_columns.iter().map(|c| Some(cell_sql(row.cell(c)?, &type_of(c)?, params))).collect();
            values.map(|v| format!("({})", v.join(", ")))
        })
        .collect::<Option<_>>()?;
    if !seeded.is_empty() {
        held.push(format!("({}) IN ({})", local.join(", "), seeded.join(", ")));
    }
    let held = if held.is_empty() { "false".to_owned() } else { held.join(" OR ") };
    let shown =
        if local.len() == 1 { format!("{}::text", local[0]) } else { format!("ROW({})::text", local.join(", ")) };
    Some((
        format!(
            "SELECT count(*), (array_agg(DISTINCT {shown}))[1:{EXAMPLES}] FROM {t} WHERE {considered} AND NOT ({held})"
        ),
        format!("rows of {table} have {} values that {} will not hold", fk.columns.join(", "), fk.references),
    ))
}

/// Whether PostgreSQL converts a value of the first type to the second without `USING`: the
/// same type, an assignment or implicit cast, a string target (I/O conversion), a domain over
/// the source, element by element for arrays.
const CONVERTIBLE: &str = "
WITH t AS (SELECT $1::text::regtype::oid AS src, $2::text::regtype::oid AS dst),
e AS (SELECT coalesce((SELECT typelem FROM pg_type WHERE oid = src AND typcategory = 'A'), src) AS s,
             coalesce((SELECT typelem FROM pg_type WHERE oid = dst AND typcategory = 'A'), dst) AS d
        FROM t)
SELECT s = d
    OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = s AND c.casttarget = d AND c.castcontext IN ('a', 'i'))
    OR (SELECT typcategory = 'S' FROM pg_type WHERE oid = d)
    OR (SELECT typbasetype = s FROM pg_type WHERE oid = d)
  FROM e";

/// Type changes that PostgreSQL cannot make without a conversion, where the declaration gives
/// none (`using:`): problems at the column's place in the declaration.
pub async fn conversions(db: &Db, plan: &Plan) -> Vec<crate::spec::diagnostic::Problem> {
    use crate::spec::diagnostic::Problem;
    let mut problems = Vec::new();
    for step in &plan.steps {
        let Change::AlterColumn { table, from, to, facets } = &step.change else { continue };
        if !facets.contains(&Facet::Type) || to.using.is_some() {
            continue;
        }
        let Ok(Some(row)) =
            db.query_guarded(CONVERTIBLE, &[&from.data_type, &to.data_type]).await.map(|mut rows| rows.pop())
        else {
            continue;
        };
        if row.get::<_, Option<bool>>(0) != Some(false) {
            continue;
        }
        let message = format!(
            "column {}: PostgreSQL has no automatic conversion from {} to {}",
            crate::diff::column_name(table, &to.name),
            from.data_type,
            to.data_type
        );
        let help = format!(
            "declare how to convert the existing values, e.g. `using: {}::{}` (with the column's new name if it is renamed)",
            quote_ident(&to.name),
            to.data_type
        );
        problems.push(Problem::at_or_unplaced(to.origin, message, "type changed here").help(help));
    }
    problems
}
