//! One reconciliation: read the live database, normalize the declaration, compare, and plan.
//! `plan`, `apply` and `drift` all start here.

use std::collections::BTreeMap;

use crate::db::{Db, Given, Target};
use crate::diff;
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::introspect::{self, Live};
use crate::model::Catalog;
use crate::plan::{self, Plan, sql};
use crate::preflight::{self, Violation};
use crate::session::{Limits, Trust};
use crate::spec::Checked;
use crate::spec::diagnostic::Problems;
use crate::{seeds, shadow, transitions};

/// A plan and what it was computed from.
pub struct Reconciliation {
    pub plan: Plan,
    pub live: Live,
    pub desired: Catalog,
    /// The search path DDL and data steps run with.
    pub search_path: String,
    /// Type changes the declaration gives no conversion for.
    pub conversions: Problems,
    /// Steps that existing rows would make fail.
    pub violations: Vec<Violation>,
    /// The live rows the plan's data steps were computed from (see [`seeds::Rows`]).
    pub seen: BTreeMap<String, serde_json::Value>,
}

impl Reconciliation {
    /// The fingerprint of what this plan was computed from: the catalog, and the rows its data
    /// steps read or write.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.live.catalog, &self.seen)
    }
}

/// What a reconciliation is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A plan to show or apply: normalized afresh, and judged against the rows.
    Plan,
    /// A drift report: it may reuse a cached normalization and applies nothing, so the rows
    /// are not judged.
    Drift,
}

/// How to reconcile.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Where to build the shadow database (default: the target's server).
    pub shadow_url: Option<&'a Given>,
    pub purpose: Purpose,
    pub limits: Limits,
    pub trust: Trust,
}

/// Computes the plan that brings the database `db` is connected to to the declaration. Every
/// read of the target runs in one read-only transaction, rolled back at the end.
pub async fn reconcile(
    db: &Db,
    target: &Target,
    declared: &Checked,
    options: &Options<'_>,
) -> Result<Reconciliation, Error> {
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    db.begin_read(&options.limits).await?;
    let result = read_and_plan(db, target, declared, options).await;
    // After an error the connection may be gone: that error is the one to report.
    let ended = db.end_read().await;
    let reconciliation = match result {
        Ok(r) => r,
        Err(e) => return Err(crate::session::explain_lock_timeout(db, e, &options.limits).await),
    };
    ended?;
    Ok(reconciliation)
}

async fn read_and_plan(
    db: &Db,
    target: &Target,
    declared: &Checked,
    options: &Options<'_>,
) -> Result<Reconciliation, Error> {
    let mut live = introspect::introspect(db, &managed_schemas(&declared.catalog)).await?;
    crate::ignore::apply(&declared.catalog, &mut live);
    let desired = shadow::normalize(
        target,
        db,
        options.shadow_url,
        &declared.catalog,
        &live,
        &declared.sources,
        options.purpose == Purpose::Drift,
    )
    .await?;
    let mut diff = diff::diff(&live.catalog, &desired, live.server_version)
        .map_err(|problems| Problems { sources: declared.sources.clone(), problems })?;
    let search_path = shadow::render_search_path(&desired);
    let defer = options.trust.defers();
    diff.changes.extend(transitions::pending(db, &declared.transitions, &search_path, &declared.sources, defer).await?);
    let scope = seeds::Scope {
        live: &live,
        desired: &desired,
        diff: &diff,
        sources: &declared.sources,
        search_path: &search_path,
        trust: options.trust,
    };
    let rows = seeds::changes(db, &declared.seeds, &scope).await?;
    diff.changes.extend(rows.changes);
    let mut seen = rows.seen;
    seen.extend(transitions::seen(db, &diff, &live).await?);
    if defer {
        // A plan that left declared SQL for apply is applied only as such.
        seen.insert("plan mode".to_owned(), serde_json::json!("untrusted: declared SQL evaluated at apply"));
    }
    let renames = diff.renames.clone();
    let cx = sql::Context { server_version: live.server_version };
    let mut plan = plan::build(diff, &live, &desired, cx)?;
    let mut conversions = Problems { sources: declared.sources.clone(), problems: Vec::new() };
    let mut violations = Vec::new();
    if options.purpose == Purpose::Plan && options.trust == Trust::Untrusted {
        plan.notes.push(
            "untrusted plan: no `when` or `!sql` was evaluated and no secret read, and the existing rows were not checked against new constraints; apply does both before it changes anything".to_owned(),
        );
    } else if options.purpose == Purpose::Plan {
        conversions.problems = preflight::conversions(db, &plan).await;
        let state = preflight::State { live: &live, desired: &desired, renames: &renames, seeds: &declared.seeds };
        let verdict = preflight::check(db, &plan, &state).await;
        plan.notes.extend(verdict.unchecked);
        violations = verdict.violations;
    }
    Ok(Reconciliation { plan, live, desired, search_path, conversions, violations, seen })
}

impl Reconciliation {
    /// Why the plan cannot be applied as it stands, if it cannot: a type change without a
    /// conversion, or steps that existing rows would make fail.
    pub fn refusal(&self) -> Option<Error> {
        if !self.conversions.problems.is_empty() {
            return Some(Error::Declaration(self.conversions.clone()));
        }
        if self.violations.is_empty() {
            return None;
        }
        let lines: Vec<String> =
            self.violations.iter().map(|v| format!("{} would fail: {}", v.step, v.message)).collect();
        Some(Error::with_help(
            format!("the plan cannot be applied as the data stands:\n  {}\nNothing was applied.", lines.join("\n  ")),
            "fix those rows, seed the missing keys, or declare the constraint differently, then plan again",
        ))
    }
}

/// The schemas ogel reads: the declared ones and their former names.
pub fn managed_schemas(declared: &Catalog) -> Vec<String> {
    let mut schemas: Vec<String> = declared.schemas.keys().cloned().collect();
    schemas.extend(declared.schemas.values().filter_map(|s| s.renamed_from.clone()));
    schemas.sort();
    schemas.dedup();
    schemas
}
