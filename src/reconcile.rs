//! One reconciliation: read the live database, normalize the declaration, compare, and plan.
//! `plan`, `apply` and `drift` all start here.

use crate::db::{Db, Target};
use crate::diff;
use crate::error::Error;
use crate::introspect::{self, Live};
use crate::model::Catalog;
use crate::plan::{self, Plan, sql};
use crate::shadow;
use crate::spec::Checked;
use crate::spec::diagnostic::Problems;

/// A plan and what it was computed from.
pub struct Reconciliation {
    pub plan: Plan,
    pub live: Live,
    pub desired: Catalog,
    /// The search path DDL and data steps run with.
    pub search_path: String,
}

/// Computes the plan that brings the database `db` is connected to to the declaration.
pub async fn reconcile(
    db: &Db,
    target: &Target,
    declared: &Checked,
    shadow_url: Option<&str>,
) -> Result<Reconciliation, Error> {
    db.pin_settings("''").await.map_err(|e| db.fail("setting up the session", &e))?;
    let live = introspect::introspect(db, &managed_schemas(&declared.catalog)).await?;
    let desired = shadow::normalize(target, db, shadow_url, &declared.catalog, &live, &declared.sources).await?;
    let diff = diff::diff(&live.catalog, &desired)
        .map_err(|problems| Problems { sources: declared.sources.clone(), problems })?;
    let cx = sql::Context { server_version: live.server_version };
    let plan = plan::build(diff, &live, &desired, cx)?;
    let search_path = shadow::render_search_path(&desired);
    Ok(Reconciliation { plan, live, desired, search_path })
}

/// The schemas ogel reads: the declared ones and their former names.
pub fn managed_schemas(declared: &Catalog) -> Vec<String> {
    let mut schemas: Vec<String> = declared.schemas.keys().cloned().collect();
    schemas.extend(declared.schemas.values().filter_map(|s| s.renamed_from.clone()));
    schemas.sort();
    schemas.dedup();
    schemas
}
