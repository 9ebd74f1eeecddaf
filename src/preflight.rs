//! Before anything runs: would existing rows break a constraint the plan adds?
//!
//! A foreign key, check, NOT NULL or unique constraint added to a table that has rows fails on
//! the first row that breaks it, after everything before it in the transaction ran. This looks
//! first, read-only, against the state at that step as far as it can be known: the live rows,
//! and for a foreign key the keys the referenced table will hold (its live rows and its
//! declared seed rows; a referenced table the plan creates holds only its seed rows). Tables
//! written by a transition are not judged, since its effect is unknown until it runs.

use crate::db::Db;
use crate::diff::{Change, Facet, Renames};
use crate::introspect::Live;
use crate::model::ident::quote_ident;
use crate::model::seed::{Cell, SeedSet};
use crate::model::{ConstraintKind, ForeignKey, MatchType, QualifiedName};
use crate::plan::{Plan, Step};
use crate::seeds::value_text;

/// A step that would fail on existing rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub step: String,
    pub message: String,
}

/// How many examples a violation shows.
const EXAMPLES: i32 = 5;

pub async fn check(db: &Db, plan: &Plan, live: &Live, renames: &Renames, seeds: &[SeedSet]) -> Vec<Violation> {
    let transition_writes: Vec<&QualifiedName> = plan
        .steps
        .iter()
        .filter_map(|s| if let Change::RunTransition(t) = &s.change { Some(&t.writes) } else { None })
        .flatten()
        .collect();
    let mut violations = Vec::new();
    for step in &plan.steps {
        let Some(query) = query(step, live, renames, seeds, &transition_writes) else { continue };
        // A query that cannot run (a column the plan renames, say) judges nothing.
        let Ok(row) = db.query_one(&query.sql, &[&EXAMPLES]).await else { continue };
        let count: i64 = row.get(0);
        if count > 0 {
            let examples: Vec<String> = row.get::<_, Option<Vec<String>>>(1).unwrap_or_default();
            let examples = if examples.is_empty() { String::new() } else { format!(" (e.g. {})", examples.join(", ")) };
            violations.push(Violation { step: step.title(), message: format!("{count} {}{examples}", query.what) });
        }
    }
    violations
}

struct Query {
    sql: String,
    /// "rows of platform.t have plan_id values that platform.billing_plans will not hold"
    what: String,
}

fn query(
    step: &Step,
    live: &Live,
    renames: &Renames,
    seeds: &[SeedSet],
    transition_writes: &[&QualifiedName],
) -> Option<Query> {
    let (table, check) = match &step.change {
        Change::AddConstraint { table, constraint, .. } => (table, Check::Constraint(&constraint.kind)),
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
    let name = renames.live_table(table);
    let existing = live.catalog.table(&name)?;
    let t = name.sql();
    let sample = sample_key(existing);
    match check {
        Check::Rows => Some(Query {
            sql: format!("SELECT count(*), (array_agg({sample}))[1:$1] FROM {t} AS t"),
            what: format!("rows of {table} would get NULL in a NOT NULL column without a default"),
        }),
        Check::NotNull(column) => Some(Query {
            sql: format!(
                "SELECT count(*), (array_agg({sample}))[1:$1] FROM {t} AS t WHERE t.{} IS NULL",
                quote_ident(column)
            ),
            what: format!("rows of {table} hold NULL in column {column}"),
        }),
        Check::Constraint(ConstraintKind::Check { definition }) => {
            let expression = definition.trim_end_matches(" NO INHERIT").strip_prefix("CHECK ")?;
            Some(Query {
                sql: format!("SELECT count(*), (array_agg({sample}))[1:$1] FROM {t} AS t WHERE NOT {expression}"),
                what: format!("rows of {table} break `{definition}`"),
            })
        }
        Check::Constraint(ConstraintKind::PrimaryKey { columns, .. } | ConstraintKind::Unique { columns, .. }) => {
            let list: Vec<String> = columns.iter().map(|c| format!("t.{}", quote_ident(c))).collect();
            let list = list.join(", ");
            Some(Query {
                sql: format!(
                    "SELECT count(*), (array_agg(k))[1:$1] FROM (SELECT ROW({list})::text AS k FROM {t} AS t GROUP BY {list} HAVING count(*) > 1) AS d"
                ),
                what: format!("values of ({}) occur more than once in {table}", columns.join(", ")),
            })
        }
        Check::Constraint(ConstraintKind::ForeignKey(fk)) => {
            if transition_writes.contains(&&fk.references) {
                return None;
            }
            foreign_key(table, &t, fk, live, renames, seeds)
        }
        Check::Constraint(ConstraintKind::Exclusion { .. }) => None,
    }
}

enum Check<'a> {
    Constraint(&'a ConstraintKind),
    NotNull(&'a str),
    Rows,
}

/// An expression naming a row in examples: its primary key, else its physical place.
fn sample_key(table: &crate::model::Table) -> String {
    match table.primary_key().map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { columns, .. }) if columns.len() == 1 => {
            format!("t.{}::text", quote_ident(&columns[0]))
        }
        Some(ConstraintKind::PrimaryKey { columns, .. }) => {
            let list: Vec<String> = columns.iter().map(|c| format!("t.{}", quote_ident(c))).collect();
            format!("ROW({})::text", list.join(", "))
        }
        _ => "t.ctid::text".to_owned(),
    }
}

fn foreign_key(
    table: &QualifiedName,
    t: &str,
    fk: &ForeignKey,
    live: &Live,
    renames: &Renames,
    seeds: &[SeedSet],
) -> Option<Query> {
    let referenced = renames.live_table(&fk.references);
    let referenced_live = live.catalog.table(&referenced).is_some();
    let local: Vec<String> = fk.columns.iter().map(|c| format!("t.{}", quote_ident(c))).collect();
    // MATCH SIMPLE ignores a key with any NULL in it; MATCH FULL only an all-NULL one.
    let considered = match fk.match_type {
        MatchType::Simple => local.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
        MatchType::Full => {
            format!("NOT ({})", local.iter().map(|c| format!("{c} IS NULL")).collect::<Vec<_>>().join(" AND "))
        }
    };
    let mut held = Vec::new();
    if referenced_live {
        let matches: Vec<String> =
            fk.ref_columns.iter().zip(&local).map(|(r, l)| format!("r.{} = {l}", quote_ident(r))).collect();
        held.push(format!("EXISTS (SELECT 1 FROM {} AS r WHERE {})", referenced.sql(), matches.join(" AND ")));
    }
    // The keys the referenced table's seed rows will add.
    let seeded: Vec<String> = seeds
        .iter()
        .filter(|s| s.table == fk.references)
        .flat_map(|s| &s.rows)
        .filter_map(|row| {
            let values: Option<Vec<String>> = fk
                .ref_columns
                .iter()
                .map(|c| match row.cell(c)? {
                    Cell::Value(v) => {
                        value_text(v, "text").ok().flatten().map(|text| crate::model::ident::quote_literal(&text))
                    }
                    _ => None,
                })
                .collect();
            values.map(|v| format!("({})", v.join(", ")))
        })
        .collect();
    if !seeded.is_empty() {
        let local_text: Vec<String> = local.iter().map(|l| format!("{l}::text")).collect();
        held.push(format!("({}) IN ({})", local_text.join(", "), seeded.join(", ")));
    }
    let held = if held.is_empty() { "false".to_owned() } else { held.join(" OR ") };
    let shown =
        if local.len() == 1 { format!("{}::text", local[0]) } else { format!("ROW({})::text", local.join(", ")) };
    Some(Query {
        sql: format!(
            "SELECT count(*), (array_agg(DISTINCT {shown}))[1:$1] FROM {t} AS t WHERE {considered} AND NOT ({held})"
        ),
        what: format!("rows of {table} have {} values that {} will not hold", fk.columns.join(", "), fk.references),
    })
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
        let Ok(row) = db.query_one(CONVERTIBLE, &[&from.data_type, &to.data_type]).await else { continue };
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
        problems.push(match to.origin {
            Some(at) => Problem::at(at, message, "type changed here").help(help),
            None => {
                Problem { message, at: None, label: String::new(), help: Some(help), related: Vec::new(), file: None }
            }
        });
    }
    problems
}
