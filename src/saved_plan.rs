//! Saved plans (`ogel plan --out plan.json`, `ogel apply --plan plan.json`).
//!
//! A saved plan is reviewed on a pull request and applied later. It holds the steps as they
//! were shown, and the fingerprint of the live catalog they were computed from. Apply never
//! runs the file's SQL: it plans again under its lock and applies only if the catalog still
//! has the saved fingerprint and the steps it derives are the saved ones, so a stale, edited or
//! tampered file is refused.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::plan::{Hazard, Plan, Summary, describe};

const FORMAT: &str = "ogel.saved-plan";
const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    pub format: String,
    pub format_version: u32,
    pub ogel_version: String,
    /// `user@host:port/database` it was planned against (never a password).
    pub target: String,
    pub fingerprint: Fingerprint,
    /// Made with `plan --untrusted`: no declared SQL was evaluated; apply plans the same way.
    #[serde(default)]
    pub untrusted: bool,
    pub summary: Summary,
    pub steps: Vec<SavedStep>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedStep {
    pub number: usize,
    pub description: String,
    /// Statements with `$1`... where secrets are bound; their values are never saved.
    pub sql: Vec<String>,
    pub hazards: Vec<Hazard>,
    /// The rows a `sync` delete removes, by key. Its SQL deletes whatever is not declared, so
    /// these say which rows were reviewed: a plan applies only if they are still the ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deletes: Vec<String>,
    /// Rows an untrusted plan left for apply to compare, by key as declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_at_apply: Vec<String>,
}

impl SavedPlan {
    pub fn new(plan: &Plan, fingerprint: Fingerprint, target: &str, untrusted: bool) -> SavedPlan {
        SavedPlan {
            untrusted,
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            ogel_version: env!("CARGO_PKG_VERSION").to_owned(),
            target: target.to_owned(),
            fingerprint,
            summary: plan.summary(),
            steps: steps(plan),
            notes: plan.notes.clone(),
        }
    }

    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let mut json = serde_json::to_string_pretty(self).expect("a plan serializes");
        json.push('\n');
        std::fs::write(path, json).map_err(|e| Error::failed(format!("{}: cannot write the plan: {e}", path.display())))
    }

    pub fn read(path: &Path) -> Result<SavedPlan, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::failed(format!("{}: cannot read the plan: {e}", path.display())))?;
        let saved: SavedPlan = serde_json::from_str(&text).map_err(|e| {
            Error::with_help(
                format!("{}: not a plan saved by ogel: {e}", path.display()),
                "make it with `ogel plan --out FILE`; a saved plan is not edited by hand",
            )
        })?;
        if saved.format != FORMAT || saved.format_version != FORMAT_VERSION {
            return Err(Error::failed(format!(
                "{}: a plan of format {} version {}; this ogel reads {FORMAT} version {FORMAT_VERSION}",
                path.display(),
                saved.format,
                saved.format_version
            )));
        }
        if saved.ogel_version != env!("CARGO_PKG_VERSION") {
            return Err(Error::with_help(
                format!(
                    "{}: planned by ogel {}, this is ogel {}",
                    path.display(),
                    saved.ogel_version,
                    env!("CARGO_PKG_VERSION")
                ),
                "plan again with this version of ogel",
            ));
        }
        Ok(saved)
    }

    /// Refuses to apply `plan` (derived now, against a catalog with `fingerprint`) unless it is
    /// what was saved.
    pub fn check(&self, path: &Path, plan: &Plan, fingerprint: &Fingerprint) -> Result<(), Error> {
        if fingerprint.hash != self.fingerprint.hash {
            let changes = fingerprint.changes_since(&self.fingerprint);
            return Err(Error::with_help(
                format!(
                    "{}: the database changed since this plan was made:\n  {}\nNothing was applied.",
                    path.display(),
                    changes.join("\n  ")
                ),
                "plan again (and review the new plan) against the database as it is now",
            ));
        }
        let derived = steps(plan);
        if derived != self.steps {
            let first = derived
                .iter()
                .zip(&self.steps)
                .position(|(a, b)| a != b)
                .unwrap_or(derived.len().min(self.steps.len()));
            return Err(Error::with_help(
                format!(
                    "{}: the plan's steps are not the ones ogel derives from the declaration and the database (first difference at step {}); it was edited, or the declaration changed since.\nNothing was applied.",
                    path.display(),
                    first + 1
                ),
                "plan again with `ogel plan --out FILE`; a saved plan is not edited by hand",
            ));
        }
        Ok(())
    }
}

fn steps(plan: &Plan) -> Vec<SavedStep> {
    plan.steps
        .iter()
        .map(|s| SavedStep {
            number: s.number,
            description: describe(&s.change),
            sql: s.statements.iter().map(|st| st.shown()).collect(),
            hazards: s.hazards.clone(),
            deletes: match &s.change {
                crate::diff::Change::DeleteRows(seed) => {
                    seed.deletes.iter().map(|key| seed.deleted_row_name(key)).collect()
                }
                _ => Vec::new(),
            },
            decided_at_apply: match &s.change {
                crate::diff::Change::SeedRows(seed) | crate::diff::Change::DeleteRows(seed) => {
                    seed.decided_at_apply.iter().map(|&i| seed.seeds.row_name(i, &seed.key)).collect()
                }
                _ => Vec::new(),
            },
        })
        .collect()
}
