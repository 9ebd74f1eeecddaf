//! Drift: the plan read the other way round, as differences between what the database has and
//! what the declaration says.

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::{Change, CommentTarget, Facet, SeedChange};
use crate::plan::{Plan, sql};

/// One way in which the database differs from the declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// "table", "column", "index", "foreign key", "row", ...
    pub kind: String,
    /// The object, qualified: `platform.users.email`.
    pub name: String,
    /// "missing", "not declared", "default", "definition", "name", ...
    pub difference: String,
    /// What the declaration says (when it says something).
    pub expected: Option<String>,
    /// What the database has (when it has something).
    pub actual: Option<String>,
}

fn difference(change: &Change, what: &str, expected: Option<String>, actual: Option<String>) -> Difference {
    Difference { kind: change.kind().to_owned(), name: change.object(), difference: what.to_owned(), expected, actual }
}

/// The differences a plan stands for, in plan order: one arm per kind of change, so that each
/// kind's report reads in one place.
pub fn differences(plan: &Plan) -> Vec<Difference> {
    let mut out = Vec::new();
    for step in &plan.steps {
        let c = &step.change;
        match c {
            Change::AddSchema { .. }
            | Change::AddExtension(_)
            | Change::AddTable(_)
            | Change::AddColumn { .. }
            | Change::AddIndex { .. } => {
                out.push(difference(c, "missing", None, None));
            }
            Change::AddConstraint { constraint, replaces: None, .. } => {
                out.push(difference(c, "missing", Some(sql::constraint_definition(constraint)), None));
            }
            Change::AddConstraint { constraint, replaces: Some(old), .. } => out.push(difference(
                c,
                "definition",
                Some(sql::constraint_definition(constraint)),
                Some(sql::constraint_definition(old)),
            )),
            Change::DropTable(_)
            | Change::DropColumn { .. }
            | Change::DropIndex { .. }
            | Change::DropConstraint { replaced: false, .. } => {
                out.push(difference(c, "not declared", None, None));
            }
            Change::DropConstraint { replaced: true, .. } => {}
            Change::RenameSchema { from, to } => out.push(difference(c, "name", Some(to.clone()), Some(from.clone()))),
            Change::RenameTable { table, to } => {
                out.push(difference(c, "name", Some(to.clone()), Some(table.name.clone())))
            }
            Change::RenameColumn { from, to, .. } | Change::RenameIndex { from, to, .. } => {
                out.push(difference(c, "name", Some(to.clone()), Some(from.clone())));
            }
            Change::AlterExtension { schema, version, .. } => {
                for (what, m) in [("schema", schema), ("version", version)] {
                    if let Some(m) = m {
                        out.push(difference(c, what, Some(m.to.clone()), Some(m.from.clone())));
                    }
                }
            }
            Change::AlterColumn { from, to, facets, .. } => {
                for facet in facets {
                    let what = if *facet == Facet::Nullability { "nullability" } else { facet.noun() };
                    out.push(difference(c, what, facet.value(to), facet.value(from)));
                }
            }
            Change::AlterTable { from, to, facets, .. } => {
                for facet in facets {
                    out.push(difference(c, facet.noun(), facet.value(to), facet.value(from)));
                }
            }
            Change::AlterIndex { from, to, .. } => out.push(difference(
                c,
                "storage parameters",
                crate::diff::parameters_text(to),
                crate::diff::parameters_text(from),
            )),
            Change::ValidateConstraint { .. } => out.push(difference(c, "not validated", None, None)),
            Change::AlterConstraint { from, to, .. } => out.push(difference(
                c,
                "deferral",
                Some(sql::constraint_definition(to)),
                Some(sql::constraint_definition(from)),
            )),
            Change::ReplaceIndex { from, to, .. } => {
                out.push(difference(c, "definition", Some(to.body.clone()), Some(from.body.clone())));
            }
            Change::SetComment { target, from, to } => out.push(comment_difference(target, from, to)),
            Change::RunTransition(_) => out.push(difference(c, "pending", None, None)),
            Change::SeedRows(seed) | Change::DeleteRows(seed) => row_differences(seed, &mut out),
            Change::Enum(e) => {
                let (what, expected, actual) = e.difference();
                out.push(difference(c, what, expected, actual));
            }
        }
    }
    out
}

pub fn drift_human(plan: &Plan, w: &mut impl Write) -> io::Result<()> {
    let found = differences(plan);
    if found.is_empty() {
        writeln!(w, "No drift: the database matches the declaration.")?;
    } else {
        writeln!(
            w,
            "Drift: {} difference{} between the database and the declaration.",
            found.len(),
            if found.len() == 1 { "" } else { "s" }
        )?;
        for d in &found {
            let mut line = format!("  {} {}: {}", d.kind, d.name, d.difference);
            match (&d.expected, &d.actual) {
                (Some(e), Some(a)) => line.push_str(&format!(" (declared: {e}; database: {a})")),
                (Some(e), None) if d.difference != "missing" => line.push_str(&format!(" (declared: {e})")),
                (None, Some(a)) => line.push_str(&format!(" (database: {a})")),
                _ => {}
            }
            writeln!(w, "{line}")?;
        }
        writeln!(w, "\nRun `ogel plan` to see the changes that repair it, `ogel apply` to make them.")?;
    }
    if !plan.notes.is_empty() {
        writeln!(w, "\nNotes:")?;
        for note in &plan.notes {
            writeln!(w, "  - {note}")?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct DriftJson<'a> {
    format: &'static str,
    format_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked_at: Option<&'a str>,
    in_sync: bool,
    differences: Vec<Difference>,
    notes: &'a [String],
}

/// The drift report as JSON: pretty for one check, one line per round (with `checked_at`) on
/// a schedule.
pub fn drift_json(plan: &Plan, checked_at: Option<&str>, w: &mut impl Write) -> io::Result<()> {
    let differences = differences(plan);
    let in_sync = differences.is_empty();
    let json =
        DriftJson { format: "ogel.drift", format_version: 1, checked_at, in_sync, differences, notes: &plan.notes };
    match checked_at {
        None => serde_json::to_writer_pretty(&mut *w, &json)?,
        Some(_) => serde_json::to_writer(&mut *w, &json)?,
    }
    writeln!(w)
}

fn comment_difference(target: &CommentTarget, from: &Option<String>, to: &Option<String>) -> Difference {
    let (kind, object) = match target {
        CommentTarget::Schema { name } => ("schema", name.clone()),
        CommentTarget::Table { table } => ("table", table.to_string()),
        CommentTarget::Column { table, column } => ("column", crate::diff::column_name(table, column)),
        CommentTarget::Index { schema, name } => ("index", crate::model::QualifiedName::new(schema, name).to_string()),
        CommentTarget::Constraint { table, name } => {
            ("constraint", format!("{} on {table}", crate::model::ident::quote_ident(name)))
        }
        CommentTarget::Type { name } => ("type", name.to_string()),
    };
    Difference {
        kind: kind.to_owned(),
        name: object,
        difference: "comment".to_owned(),
        expected: to.clone(),
        actual: from.clone(),
    }
}

/// A difference per missing, changed or undeclared row, and per changed column of a row.
fn row_differences(seed: &SeedChange, out: &mut Vec<Difference>) {
    let row = |name: String, what: &str, expected: Option<String>, actual: Option<String>| Difference {
        kind: "row".to_owned(),
        name: format!("{} ({name})", seed.seeds.table),
        difference: what.to_owned(),
        expected,
        actual,
    };
    for &i in &seed.inserts {
        out.push(row(seed.seeds.row_name(i, &seed.key), "missing", None, None));
    }
    for update in &seed.updates {
        let declared = &seed.seeds.rows[update.row];
        for column in &update.columns {
            out.push(row(
                seed.seeds.row_name(update.row, &seed.key),
                &format!("column {}", column.column),
                declared.cell(&column.column).map(|c| c.display()),
                column.live.clone(),
            ));
        }
    }
    for key in &seed.deletes {
        out.push(row(seed.deleted_row_name(key), "not declared", None, None));
    }
}
