//! From changes to an ordered plan of steps, each with its SQL and its hazards.
//!
//! Pure: changes and the two catalogs in, a plan out. A step keeps the change it came from, so
//! every message can say "step 7 (add foreign key ...)".

mod constraint_sql;
mod enum_sql;
mod facet_sql;
mod hazard;
mod left_alone;
mod order;
mod phase;
mod seed_sql;
mod sequence_sql;
pub mod sql;
mod toposort;

use serde::Serialize;

pub use hazard::{APPROVAL_KINDS, Hazard, HazardKind, lossless};
pub use left_alone::named_objects;
pub use phase::Phase;
pub use sql::Context;

use crate::diff::enum_type::EnumChange;
use crate::diff::{Change, Diff, Facet, Op, Renames};
use crate::error::Error;
use crate::introspect::Live;
use crate::model::{Catalog, QualifiedName};

#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Things worth knowing that are not changes: objects ogel does not manage, column order.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// 1-based position in the plan.
    pub number: usize,
    /// The transaction it runs in (see [`Phase`]).
    pub phase: Phase,
    pub change: Change,
    pub statements: Vec<Statement>,
    pub hazards: Vec<Hazard>,
}

/// One SQL statement; values of secrets are bound as parameters `$1`, `$2`, ... and never
/// shown or saved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    pub sql: String,
    #[serde(skip)]
    pub secrets: Vec<String>,
    /// Parameters whose value a query of declared SQL (`!sql`) gives, run read-only just before
    /// the statement: parameter number → query. Their place in `secrets` is empty.
    #[serde(skip)]
    pub evaluated: Vec<(usize, String)>,
}

impl Statement {
    pub fn new(sql: String) -> Self {
        Statement { sql, secrets: Vec::new(), evaluated: Vec::new() }
    }

    /// The statement as plans show it: each `!sql` parameter written as the query apply
    /// evaluates for it, so a script runs as it stands (apply binds the value instead);
    /// secrets stay `$n`.
    pub fn shown(&self) -> String {
        let mut sql = self.sql.clone();
        for (n, query) in &self.evaluated {
            // `$1::` is no prefix of `$10::`.
            sql = sql.replace(&format!("${n}::"), &format!("({query})::"));
        }
        sql
    }
}

impl Plan {
    /// `text` (a server's error message, say) with the value of every secret of the plan
    /// replaced by `(secret)`: PostgreSQL quotes offending values in its messages
    /// (`Key (token)=(...) already exists`), also values that were bound as parameters.
    pub fn redact(&self, text: &str) -> String {
        let mut secrets: Vec<&str> = self
            .steps
            .iter()
            .flat_map(|s| &s.statements)
            .flat_map(|s| &s.secrets)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        // Longest first, so a secret that contains another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.iter().fold(text.to_owned(), |text, secret| text.replace(secret, "(secret)"))
    }
}

impl Step {
    /// "step 7 (add foreign key fk_x on platform.t)"
    pub fn title(&self) -> String {
        format!("step {} ({})", self.number, describe(&self.change))
    }

    pub fn destructive(&self) -> bool {
        self.hazards.iter().any(|h| h.kind == HazardKind::DeletesData)
    }
}

/// "add table platform.users", "change column platform.t.c", ...
pub fn describe(change: &Change) -> String {
    let verb = match change {
        Change::RenameSchema { .. }
        | Change::RenameTable { .. }
        | Change::RenameColumn { .. }
        | Change::RenameIndex { .. }
        | Change::Enum(EnumChange::Rename { .. } | EnumChange::RenameValue { .. }) => "rename",
        Change::AddConstraint { replaces: Some(_), .. } | Change::ReplaceIndex { .. } => "replace",
        Change::DropConstraint { replaced: true, .. } => "drop, to replace,",
        Change::ValidateConstraint { .. } => "validate",
        Change::SetComment { .. } => "set",
        Change::RunTransition(_) => "run",
        Change::SeedRows(_) => "seed",
        Change::DeleteRows(_) => "delete",
        _ => match change.op() {
            Op::Add => "add",
            Op::Change => "change",
            Op::Drop => "drop",
        },
    };
    format!("{verb} {} {}", change.kind(), change.object())
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub drop: usize,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for step in self.steps.iter().filter(|s| s.change.counted()) {
            match step.change.op() {
                Op::Add => summary.add += 1,
                Op::Change => summary.change += 1,
                Op::Drop => summary.drop += 1,
            }
        }
        summary
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps of each phase, in the order they run (steps are ordered by phase first).
    pub fn phases(&self) -> Vec<(Phase, &[Step])> {
        let mut phases = Vec::new();
        let mut rest = self.steps.as_slice();
        while let Some(first) = rest.first() {
            let end = rest.iter().position(|s| s.phase != first.phase).unwrap_or(rest.len());
            phases.push((first.phase, &rest[..end]));
            rest = &rest[end..];
        }
        phases
    }
}

/// Orders the changes of `diff` into steps. Fails when an object ogel does not manage depends
/// on something the plan drops or retypes (a view over a column), or when the changes depend
/// on each other in a cycle.
pub fn build(diff: Diff, live: &Live, desired: &Catalog, cx: Context) -> Result<Plan, Error> {
    let blocked = blocked(&diff.changes, live, &diff.renames);
    let changes = order::order(diff.changes, desired, &live.catalog, &diff.renames)
        .map_err(|cycle| Error::failed(format!("the changes depend on each other in a cycle: {cycle}")))?;
    // Building an index or checking the rows of a table created in the same plan costs nothing.
    let created: Vec<QualifiedName> =
        changes.iter().filter_map(|c| if let Change::AddTable(t) = c { Some(t.name.clone()) } else { None }).collect();
    let steps: Vec<Step> = changes
        .into_iter()
        .enumerate()
        .map(|(i, change)| {
            let mut hazards = hazard::hazards(&change);
            if on_table(&change).is_some_and(|t| created.contains(t)) {
                hazards.retain(|h| !matches!(h.kind, HazardKind::BuildsIndex | HazardKind::ScansTable));
            }
            Step { number: i + 1, phase: Phase::of(&change), statements: sql::statements(&change, cx), hazards, change }
        })
        .collect();
    if !blocked.is_empty() {
        let lines: Vec<String> = blocked
            .iter()
            .map(|(change, object)| {
                let step = steps.iter().find(|s| s.change == *change).map(Step::title).unwrap_or_default();
                format!("{step} is blocked by {object}, which depends on it")
            })
            .collect();
        return Err(Error::with_help(
            format!("the plan cannot run:\n  {}", lines.join("\n  ")),
            "ogel does not manage these objects yet and will not drop them: change or drop them by hand first, or keep what they depend on",
        ));
    }
    left_alone::check(&steps, live)?;
    let mut notes: Vec<String> = live
        .unmodeled
        .iter()
        .map(|u| format!("{} {} is not managed by ogel and is left as it is", u.kind, u.name))
        .collect();
    notes.extend(live.reports.iter().map(|r| r.note.clone()));
    notes.extend(diff.notes);
    notes.sort();
    notes.dedup();
    Ok(Plan { steps, notes })
}

/// The table an index or constraint change is on.
fn on_table(change: &Change) -> Option<&QualifiedName> {
    match change {
        Change::AddIndex { table, .. }
        | Change::AddConstraint { table, .. }
        | Change::ValidateConstraint { table, .. } => Some(table),
        _ => None,
    }
}

/// Changes that an unmodeled object depends on: dropping a table or column, or changing a
/// column's type, under a view (or rule, policy, trigger, function) fails.
fn blocked(changes: &[Change], live: &Live, renames: &Renames) -> Vec<(Change, String)> {
    let mut blocked = Vec::new();
    for dependent in &live.dependents {
        let table = renames.table(&dependent.table);
        let column = dependent.column.as_ref().map(|c| renames.column(&table, c));
        for change in changes {
            let hit = match change {
                Change::DropTable(t) => t.name == table,
                Change::DropColumn { table: t, column: c } => *t == table && column.as_deref() == Some(c.name.as_str()),
                Change::AlterColumn { table: t, to, facets, .. } => {
                    *t == table
                        && column.as_deref() == Some(to.name.as_str())
                        && (facets.contains(&Facet::Type)
                            || facets.contains(&Facet::Collation)
                            || facets.contains(&Facet::Generated))
                }
                _ => false,
            };
            if hit {
                blocked.push((change.clone(), dependent.object.clone()));
            }
        }
    }
    blocked
}
