//! The plan as Markdown, for a pull-request comment: summary, changes, hazards, the SQL the
//! declaration wrote (in full, in the open), notes, and the generated SQL in a collapsed block.

use std::io::{self, Write};

use super::declared_sql;
use crate::plan::{HazardKind, Plan, describe};

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn plan_markdown(plan: &Plan, sql_script: &str, target: &str, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "### ogel plan for `{}`\n", cell(target))?;
    if plan.is_empty() {
        writeln!(w, "No changes. The database matches the declaration.")?;
    } else {
        let s = plan.summary();
        writeln!(w, "**Plan: {} to add, {} to change, {} to drop.**\n", s.add, s.change, s.drop)?;
        let phases = plan.phases();
        if phases.len() > 1 {
            writeln!(w, "The plan runs in {} phases, each in a transaction of its own:\n", phases.len())?;
            for (i, (phase, steps)) in phases.iter().enumerate() {
                let (first, last) = (steps[0].number, steps[steps.len() - 1].number);
                writeln!(w, "{}. steps {first} to {last}: {}", i + 1, phase.purpose())?;
            }
            writeln!(w)?;
        }
        writeln!(w, "| step | change | hazards |")?;
        writeln!(w, "|---:|---|---|")?;
        for step in &plan.steps {
            let hazards: Vec<String> = step
                .hazards
                .iter()
                .map(|h| {
                    if h.kind == HazardKind::DeletesData {
                        format!("**{}**", h.kind.name())
                    } else {
                        h.kind.name().to_owned()
                    }
                })
                .collect();
            writeln!(w, "| {} | {} | {} |", step.number, cell(&describe(&step.change)), hazards.join(", "))?;
        }
        let destructive: Vec<_> = plan.steps.iter().filter(|s| s.destructive()).collect();
        if !destructive.is_empty() {
            writeln!(
                w,
                "\n> [!WARNING]\n> This plan deletes data; `ogel apply` needs the flag shown for each step \
                 (or `--allow-destructive` for all):"
            )?;
            for step in destructive {
                for hazard in step.hazards.iter().filter(|h| h.kind == HazardKind::DeletesData) {
                    let flag = hazard
                        .allow
                        .as_deref()
                        .map(|a| format!(" `--allow-drop {}`", crate::apply::shell_word(a).replace('`', "'")))
                        .unwrap_or_default();
                    writeln!(w, "> - step {}: {}{flag}", step.number, cell(&hazard.message))?;
                }
            }
        }
    }
    declared(plan, w)?;
    if !plan.notes.is_empty() {
        writeln!(w, "\n<details><summary>Notes ({})</summary>\n", plan.notes.len())?;
        for note in &plan.notes {
            writeln!(w, "- {}", cell(note))?;
        }
        writeln!(w, "\n</details>")?;
    }
    if !plan.is_empty() {
        let statements: usize = plan.steps.iter().map(|s| s.statements.len()).sum();
        let fence = fence(sql_script);
        writeln!(w, "\n<details><summary>SQL ({statements} statements)</summary>\n\n{fence}sql")?;
        w.write_all(sql_script.as_bytes())?;
        writeln!(w, "{fence}\n\n</details>")?;
    }
    Ok(())
}

/// The SQL the declaration wrote (transitions' `when` and `sql`, `!sql` values), each in a
/// code block of its own: never collapsed, never shortened.
fn declared(plan: &Plan, w: &mut impl Write) -> io::Result<()> {
    let mut first = true;
    for step in &plan.steps {
        for (what, sql) in declared_sql(&step.change) {
            if std::mem::take(&mut first) {
                writeln!(w, "\n#### Declared SQL")?;
            }
            let sql = sql.trim_end();
            let fence = fence(sql);
            writeln!(w, "\nStep {} ({}), {}:\n", step.number, cell(&describe(&step.change)), code(&what))?;
            writeln!(w, "{fence}sql\n{sql}\n{fence}")?;
        }
    }
    Ok(())
}

/// A run of backticks longer than any in `text` (at least three): a code block around `text`
/// that `text` cannot end.
fn fence(text: &str) -> String {
    "`".repeat(longest_backticks(text).max(2) + 1)
}

/// `text` as inline code, whatever backticks it holds.
fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_backticks(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_backticks(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{code, fence};

    #[test]
    fn code_cannot_be_closed_by_its_text() {
        assert_eq!(fence("SELECT 1"), "```");
        assert_eq!(fence("-- ```sql"), "````");
        assert_eq!(code("id = 1: v"), "`id = 1: v`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
    }
}
