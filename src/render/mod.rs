//! Plans and drift reports as text for people, SQL, and JSON for machines. Every renderer
//! writes to an `impl Write`; nothing here decides anything.

use crate::diff::Change;
use crate::model::seed::Cell;

mod drift;
mod human;
mod json;
mod markdown;
mod paint;
mod script;

pub use drift::{Difference, differences, drift_human, drift_json};
pub use human::{HumanView, plan_human};
pub use json::plan_json;
pub use markdown::plan_markdown;
pub use paint::{Color, Paint};
pub use script::{plan_sql, transaction_settings};

/// `--format` of `ogel plan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary line per change with what differs, the hazards; the SQL with --show-sql.
    Human,
    /// Exactly the script `ogel apply` runs.
    Sql,
    /// Stable JSON for machines (docs/json.md).
    Json,
    /// For a pull-request comment: summary, hazards, declared SQL, the SQL in a collapsed block.
    Markdown,
}

/// Lines of a before/after comparison: `- old` and `+ new`, line by line (similar's diff).
pub fn changed_lines(old: Option<&str>, new: Option<&str>) -> Vec<String> {
    let (old, new) = (old.unwrap_or("(none)"), new.unwrap_or("(none)"));
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| {
            let sign = match c.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => " ",
            };
            format!("{sign} {}", c.value().trim_end_matches('\n'))
        })
        .collect()
}

/// The SQL the declaration itself wrote into a change, as (what it is, the SQL): a transition's
/// `when` and `sql`, and the `!sql` values of the seed rows the step inserts, updates (the
/// changed columns) or leaves to apply. Every format shows it in full and in the open: it is what a reviewer must read.
pub fn declared_sql(change: &Change) -> Vec<(String, String)> {
    match change {
        Change::RunTransition(t) => vec![("when".to_owned(), t.when.clone()), ("sql".to_owned(), t.sql.clone())],
        Change::SeedRows(seed) => {
            // As the human plan lists them: whole rows inserted or left to apply, the changed
            // columns of rows updated.
            let mut cells: Vec<(usize, Option<&str>)> = seed.inserts.iter().map(|&i| (i, None)).collect();
            for update in &seed.updates {
                cells.extend(update.columns.iter().map(|c| (update.row, Some(c.column.as_str()))));
            }
            cells.extend(seed.decided_at_apply.iter().map(|&i| (i, None)));
            let mut out = Vec::new();
            for (i, only) in cells {
                for (column, cell) in &seed.seeds.rows[i].cells {
                    if let Cell::Sql(sql) = cell
                        && only.is_none_or(|c| c == column)
                    {
                        out.push((format!("{}: {column}", seed.seeds.row_name(i, &seed.key)), sql.clone()));
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}
