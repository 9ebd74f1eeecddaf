//! The plan as the SQL script `ogel apply` runs: one transaction per phase, the session settings
//! apply uses, each step's statements under a comment naming the step.

use std::io::{self, Write};
use std::time::Duration;

use crate::model::ident::quote_literal;
use crate::plan::{Plan, Step, describe};

/// The settings a transaction of `ogel apply` starts with.
pub fn transaction_settings(search_path: &str, lock_timeout: Duration) -> Vec<String> {
    vec![
        format!("SET LOCAL lock_timeout = {}", quote_literal(&format!("{}ms", lock_timeout.as_millis()))),
        format!("SET LOCAL search_path = {search_path}"),
    ]
}

/// Text for a `--` comment of the script: a name or label with a line break in it (hostile
/// declarations have them) must not end the comment and leave the rest of the line as SQL.
fn comment_text(text: &str) -> String {
    text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect()
}

pub fn plan_sql(plan: &Plan, search_path: &str, lock_timeout: Duration, w: &mut impl Write) -> io::Result<()> {
    let s = plan.summary();
    writeln!(w, "-- ogel plan: {} to add, {} to change, {} to drop", s.add, s.change, s.drop)?;
    for note in &plan.notes {
        writeln!(w, "-- note: {}", comment_text(note))?;
    }
    if plan.is_empty() {
        return Ok(());
    }
    let phases = plan.phases();
    for (i, (phase, steps)) in phases.iter().enumerate() {
        if phases.len() > 1 {
            writeln!(w, "\n-- phase {} of {}: {}", i + 1, phases.len(), phase.purpose())?;
        }
        writeln!(w, "BEGIN;")?;
        for setting in transaction_settings(search_path, lock_timeout) {
            writeln!(w, "{setting};")?;
        }
        for step in *steps {
            step_sql(step, w)?;
        }
        writeln!(w, "\nCOMMIT;")?;
    }
    Ok(())
}

fn step_sql(step: &Step, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "\n-- step {}: {}", step.number, comment_text(&describe(&step.change)))?;
    for statement in &step.statements {
        if !statement.secrets.is_empty() {
            let params: Vec<String> = (1..=statement.secrets.len())
                .map(|i| match statement.evaluated.iter().find(|(n, _)| *n == i) {
                    Some(_) => format!("${i}: a `!sql` value, evaluated read-only before the statement"),
                    None => format!("${i} = (secret)"),
                })
                .collect();
            writeln!(w, "-- {}", params.join(", "))?;
        }
        let sql = statement.shown();
        let terminator = if sql.trim_end().ends_with(';') { "" } else { ";" };
        writeln!(w, "{sql}{terminator}")?;
    }
    Ok(())
}
