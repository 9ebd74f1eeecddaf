//! The plan as Markdown, for a pull-request comment: summary, changes, hazards, notes, and
//! the SQL in a collapsible block.

use std::io::{self, Write};

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
    if !plan.notes.is_empty() {
        writeln!(w, "\n<details><summary>Notes ({})</summary>\n", plan.notes.len())?;
        for note in &plan.notes {
            writeln!(w, "- {}", cell(note))?;
        }
        writeln!(w, "\n</details>")?;
    }
    if !plan.is_empty() {
        let statements: usize = plan.steps.iter().map(|s| s.statements.len()).sum();
        writeln!(w, "\n<details><summary>SQL ({statements} statements)</summary>\n\n```sql")?;
        w.write_all(sql_script.as_bytes())?;
        writeln!(w, "```\n\n</details>")?;
    }
    Ok(())
}
