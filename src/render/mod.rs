//! Plans and drift reports as text for people, SQL, and JSON for machines. Every renderer
//! writes to an `impl Write`; nothing here decides anything.

mod drift;
mod human;
mod json;
mod markdown;
mod script;

pub use drift::{Difference, differences, drift_human, drift_json};
pub use human::plan_human;
pub use json::plan_json;
pub use markdown::plan_markdown;
pub use script::{plan_sql, transaction_settings};

/// `--format` of `ogel plan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary, each change with what differs, the hazards, then the SQL.
    Human,
    /// Exactly the script `ogel apply` runs.
    Sql,
    /// Stable JSON for machines (docs/json.md).
    Json,
    /// For a pull-request comment: summary, hazards, the SQL in a collapsible block.
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
