//! The plan for people: the target, a summary, a line per change with its hazards and what
//! differs below it (declared SQL in full), hazards, notes, and the SQL when asked for.

use std::io::{self, Write};

use super::{Color, Paint, changed_lines, declared_sql};
use crate::diff::enum_type::{EnumChange, label_list};
use crate::diff::{Change, Op, SeedChange};
use crate::model::ident::{quote_ident, quote_literal};
use crate::plan::{Plan, Step, describe, sql};

/// How the human plan is shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanView<'a> {
    /// The SQL section (the script `--format sql` prints), with `--show-sql`.
    pub sql: Option<&'a str>,
    pub paint: Paint,
    /// What the first line calls `target` [default: `Target`; `ogel diff` says `Diff`].
    pub title: Option<&'a str>,
}

/// Writes the plan; `target` says which database it was made against (`user@host:port/db,
/// PostgreSQL 15.4, TLS`).
pub fn plan_human(plan: &Plan, target: &str, view: HumanView, w: &mut impl Write) -> io::Result<()> {
    let paint = view.paint;
    writeln!(w, "{}: {target}", view.title.unwrap_or("Target"))?;
    let s = plan.summary();
    if plan.is_empty() {
        writeln!(w, "No changes. The database matches the declaration.")?;
    } else {
        let count = |n: usize, what: &str, color| {
            let text = format!("{n} to {what}");
            if n == 0 { text } else { paint.paint(color, &text) }
        };
        let (add, change, drop) = (
            count(s.add, "add", Color::Green),
            count(s.change, "change", Color::Yellow),
            count(s.drop, "drop", Color::Red),
        );
        writeln!(w, "Plan: {add}, {change}, {drop}.")?;
        writeln!(w)?;
        let phases = plan.phases();
        for (i, (phase, steps)) in phases.iter().enumerate() {
            if phases.len() > 1 {
                let heading = format!("Phase {} of {}: {}", i + 1, phases.len(), phase.purpose());
                writeln!(w, "{}{heading}", if i > 0 { "\n" } else { "" })?;
            }
            for step in *steps {
                step_lines(step, paint, w)?;
            }
        }
    }
    let hazardous: Vec<_> = plan.steps.iter().filter(|s| !s.hazards.is_empty()).collect();
    if !hazardous.is_empty() {
        writeln!(w, "\nHazards:")?;
        for step in hazardous {
            for hazard in &step.hazards {
                let kind = paint.paint(Color::Red, hazard.kind.name());
                writeln!(w, "  step {}: {kind}: {}", step.number, hazard.message)?;
            }
        }
    }
    if !plan.notes.is_empty() {
        writeln!(w, "\nNotes:")?;
        for note in &plan.notes {
            writeln!(w, "  - {note}")?;
        }
    }
    if let Some(script) = view.sql.filter(|_| !plan.is_empty()) {
        writeln!(w, "\nSQL:")?;
        w.write_all(script.as_bytes())?;
    }
    Ok(())
}

/// A step's summary line (its sign and title in the colour of its change, its hazards in red),
/// then what it changes, indented; a value of several lines keeps its lines, indented too.
fn step_lines(step: &Step, paint: Paint, w: &mut impl Write) -> io::Result<()> {
    let (sign, color) = match (&step.change, step.change.op()) {
        (Change::DropConstraint { replaced: true, .. }, _) => ('~', Color::Yellow),
        (_, Op::Add) => ('+', Color::Green),
        (_, Op::Change) => ('~', Color::Yellow),
        (_, Op::Drop) => ('-', Color::Red),
    };
    let marks: Vec<&str> = step.hazards.iter().map(|h| h.kind.name()).collect();
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!("   {}", paint.paint(Color::Red, &format!("[{}]", marks.join(", "))))
    };
    let title = paint.paint(color, &format!("{sign} {:>3}. {}", step.number, describe(&step.change)));
    writeln!(w, "  {title}{marks}")?;
    for line in details(&step.change) {
        let mut pieces = line.split('\n');
        writeln!(w, "          {}", pieces.next().unwrap_or_default())?;
        for piece in pieces {
            writeln!(w, "            {piece}")?;
        }
    }
    Ok(())
}

/// Each changed facet of an object: its noun, then its old and new value, indented.
fn facet_lines<'a>(facets: impl Iterator<Item = (&'a str, Option<String>, Option<String>)>) -> Vec<String> {
    let mut lines = Vec::new();
    for (noun, from, to) in facets {
        lines.push(format!("{noun}:"));
        lines.extend(changed_lines(from.as_deref(), to.as_deref()).into_iter().map(|l| format!("  {l}")));
    }
    lines
}

/// What a change changes, below its title line.
fn details(change: &Change) -> Vec<String> {
    match change {
        Change::AlterColumn { from, to, facets, .. } => {
            let mut lines = facet_lines(facets.iter().map(|f| (f.noun(), f.value(from), f.value(to))));
            if facets.contains(&crate::diff::Facet::Type)
                && let Some(using) = &to.using
            {
                lines.push(labelled("using", using));
            }
            lines
        }
        Change::AddConstraint { constraint, replaces: Some(old), .. } => {
            changed_lines(Some(&sql::constraint_definition(old)), Some(&sql::constraint_definition(constraint)))
        }
        Change::AddConstraint { constraint, replaces: None, .. }
            if !constraint.validated && !constraint.has_index() =>
        {
            vec![format!("{} NOT VALID (existing rows are not checked)", sql::constraint_definition(constraint))]
        }
        Change::AddConstraint { constraint, replaces: None, .. } => vec![sql::constraint_definition(constraint)],
        Change::AlterConstraint { from, to, .. } => {
            changed_lines(Some(&sql::constraint_definition(from)), Some(&sql::constraint_definition(to)))
        }
        Change::ReplaceIndex { from, to, .. } => changed_lines(Some(&index_text(from)), Some(&index_text(to))),
        Change::AddIndex { index, .. } => vec![index_text(index)],
        Change::AlterTable { from, to, facets, .. } => {
            facet_lines(facets.iter().map(|f| (f.noun(), f.value(from), f.value(to))))
        }
        Change::AlterIndex { from, to, .. } => {
            changed_lines(crate::diff::parameters_text(from).as_deref(), crate::diff::parameters_text(to).as_deref())
        }
        Change::SetComment { from, to, .. } => changed_lines(from.as_deref(), to.as_deref()),
        Change::Enum(EnumChange::Create(e)) => vec![format!("labels: {}", label_list(&e.values))],
        Change::Enum(EnumChange::AddValue { place, .. }) => {
            place.neighbour().map(|(side, label)| format!("{side} {}", quote_literal(label))).into_iter().collect()
        }
        Change::Enum(EnumChange::Rename { to, .. }) => vec![format!("to {}", quote_ident(to))],
        Change::Enum(EnumChange::RenameValue { to, .. }) => vec![format!("to {}", quote_literal(to))],
        Change::RenameTable { to, .. }
        | Change::RenameColumn { to, .. }
        | Change::RenameIndex { to, .. }
        | Change::RenameSchema { to, .. } => {
            vec![format!("to {}", quote_ident(to))]
        }
        Change::AlterExtension { schema, version, .. } => {
            let mut lines = Vec::new();
            if let Some(m) = schema {
                lines.push(format!("schema: {} → {}", m.from, m.to));
            }
            if let Some(m) = version {
                lines.push(format!("version: {} → {}", m.from, m.to));
            }
            lines
        }
        Change::AddTable(table) => {
            let names: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
            vec![format!("columns: {}", names.join(", "))]
        }
        Change::RunTransition(t) => {
            let mut lines: Vec<String> = t.comment.iter().cloned().collect();
            lines.extend(declared_sql(change).into_iter().map(|(what, sql)| labelled(&what, &sql)));
            lines
        }
        Change::SeedRows(seed) | Change::DeleteRows(seed) => row_lines(seed, matches!(change, Change::DeleteRows(_))),
        _ => Vec::new(),
    }
}

/// `column = value` of a declared row's cells beyond its key.
fn declared_cells(seed: &SeedChange, row: usize) -> Vec<String> {
    let cells = seed.seeds.rows[row].cells.iter().filter(|(c, _)| !seed.key.contains(c));
    cells.map(|(c, v)| format!("{c} = {}", v.display())).collect()
}

/// A line per row a seed step inserts, updates or deletes, or leaves to the apply.
fn row_lines(seed: &SeedChange, deletes: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for &i in &seed.inserts {
        let cells = declared_cells(seed, i);
        lines.push(format!("+ {}: {}", seed.seeds.row_name(i, &seed.key), cells.join(", ")));
    }
    for update in &seed.updates {
        let row = &seed.seeds.rows[update.row];
        let cells: Vec<String> = update
            .columns
            .iter()
            .map(|c| {
                let declared = row.cell(&c.column).map_or_else(String::new, |v| v.display());
                format!("{}: {} → {declared}", c.column, c.live.as_deref().unwrap_or("NULL"))
            })
            .collect();
        lines.push(format!("~ {}: {}", seed.seeds.row_name(update.row, &seed.key), cells.join(", ")));
    }
    for key in &seed.deletes {
        lines.push(format!("- {}", seed.deleted_row_name(key)));
    }
    if deletes && !seed.decided_at_apply.is_empty() {
        lines.push("- the live rows no declared row matches, decided at apply".to_owned());
    } else {
        for &i in &seed.decided_at_apply {
            let cells = declared_cells(seed, i);
            let cells = if cells.is_empty() { String::new() } else { format!(": {}", cells.join(", ")) };
            lines.push(format!("± {}: insert or update, decided at apply{cells}", seed.seeds.row_name(i, &seed.key)));
        }
    }
    lines
}

fn index_text(index: &crate::model::Index) -> String {
    let parameters = crate::diff::parameters_text(&index.parameters).map_or_else(String::new, |p| format!(" ({p})"));
    format!("{}USING {}{parameters}", if index.unique { "UNIQUE " } else { "" }, index.body)
}

/// `what: text` on one line, or `what:` and the text's lines below it, as written (the plan
/// indents them under it).
fn labelled(what: &str, text: &str) -> String {
    let text = text.trim_end();
    if text.contains('\n') { format!("{what}:\n{text}") } else { format!("{what}: {text}") }
}
