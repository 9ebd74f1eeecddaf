//! Declared rows against live rows: which to insert, update or delete.
//!
//! Every declared value is cast to its column's type by PostgreSQL and compared there, so `0`
//! and `0.00` are the same numeric and a YAML map is the same jsonb whatever its key order.
//! One query per seeded table, for all its rows.

mod compare;
mod values;

use std::collections::BTreeMap;

pub use values::{Bindings, Values, cell_sql, comparable, key_match, redact, undeclared, v, value_text};

use crate::db::Db;
use crate::diff::{Change, Diff, RowUpdate, SeedChange};
use crate::error::Error;
use crate::introspect::Live;
use crate::model::Catalog;
use crate::model::seed::{Cell, SeedMode, SeedSet};
use crate::session::Trust;
use crate::spec::diagnostic::{Problem, Problems, Sources};
use compare::{RowState, WAITED, check_values, compare, extra_rows};

/// The seed changes of a plan, and the live rows they were computed from.
pub struct Rows {
    pub changes: Vec<Change>,
    /// "rows of platform.organizations (slug = lancio)" → what the live row held when compared
    /// (null: no such row), for a saved plan's fingerprint.
    pub seen: BTreeMap<String, serde_json::Value>,
}

/// What the seeds are compared against.
pub struct Scope<'a> {
    pub live: &'a Live,
    pub desired: &'a Catalog,
    /// The schema changes (a seed of a renamed table is compared with the table under its old
    /// name).
    pub diff: &'a Diff,
    pub sources: &'a Sources,
    /// The search path `!sql` values are evaluated with.
    pub search_path: &'a str,
    pub trust: Trust,
}

/// The seed changes of a plan.
pub async fn changes(db: &Db, seeds: &[SeedSet], scope: &Scope<'_>) -> Result<Rows, Error> {
    let mut problems = Vec::new();
    let mut rows = Rows { changes: Vec::new(), seen: BTreeMap::new() };
    for set in seeds {
        let Some(prepared) = prepare(set, scope, &mut problems) else { continue };
        rows.changes.extend(set_changes(db, prepared, scope, &mut problems, &mut rows.seen).await?);
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Declaration(Problems { sources: scope.sources.clone(), problems }))
    }
}

/// A seed set ready to compare: secrets read, its key and column types known.
struct Prepared {
    set: SeedSet,
    key: Vec<String>,
    types: BTreeMap<String, String>,
}

/// Reads the set's secrets and checks its key and values; `None` (with the problems recorded)
/// when it cannot be compared, or its table is not declared.
fn prepare(set: &SeedSet, scope: &Scope<'_>, problems: &mut Vec<Problem>) -> Option<Prepared> {
    let table = scope.desired.table(&set.table)?;
    let types: BTreeMap<String, String> = table.columns.iter().map(|c| (c.name.clone(), c.data_type.clone())).collect();
    let key = if set.key.is_empty() {
        match table.primary_key().map(|c| &c.kind) {
            Some(crate::model::ConstraintKind::PrimaryKey { columns, .. }) => columns.clone(),
            _ => Vec::new(),
        }
    } else {
        set.key.clone()
    };
    let before = problems.len();
    if !key.is_empty() && !unique_key(table, &key) {
        // Rows are matched on the key: if two live rows could share it, which one a declared
        // row stands for would be anyone's guess.
        problems.push(
            Problem::at_or_unplaced(
                set.origin,
                format!("the seeds of {} match rows on ({}), which is not unique in the table", set.table, key.join(", ")),
                "this key",
            )
            .help("declare a primary key, unique constraint or unique index on exactly these columns, or match on one that is"),
        );
    }
    let env = |name: &str| std::env::var(name).ok();
    let mut set = set.clone();
    for row in &mut set.rows {
        for (column, cell) in &mut row.cells {
            let type_ = types.get(column).map(String::as_str).unwrap_or("text");
            if let Cell::Secret(secret) = cell
                && scope.trust.reads_secrets()
                && let Err(name) = secret.resolve(&env)
            {
                problems.push(located(
                    row.origin,
                    format!(
                        "this row of {} takes column {column} from the environment variable {name}, which is not set",
                        set.table
                    ),
                    format!("set {name}, or declare the value in the seed file"),
                ));
            }
            if let Cell::Value(value) = cell
                && let Err(message) = value_text(value, type_)
            {
                problems.push(located(
                    row.origin,
                    format!("column {column} of {}: {message}", set.table),
                    "write a value of the column's type",
                ));
            }
        }
    }
    (problems.len() == before).then_some(Prepared { set, key, types })
}

/// The steps of one seed set: its writes, and a `sync` table's deletes.
async fn set_changes(
    db: &Db,
    prepared: Prepared,
    scope: &Scope<'_>,
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, serde_json::Value>,
) -> Result<Vec<Change>, Error> {
    let Prepared { set, key, types } = prepared;
    // An untrusted plan compares only the rows it can without declared SQL or secrets.
    let declared_sql = |i: &usize| set.rows[*i].cells.iter().any(|(_, c)| !matches!(c, Cell::Value(_)));
    let deferred: Vec<usize> =
        if scope.trust.defers() { (0..set.rows.len()).filter(declared_sql).collect() } else { Vec::new() };
    let kept: Vec<usize> = (0..set.rows.len()).filter(|i| !deferred.contains(i)).collect();
    let keys_deferred =
        deferred.iter().any(|&i| key.iter().any(|k| !matches!(set.rows[i].cell(k), Some(Cell::Value(_)) | None)));
    let comparable = SeedSet { rows: kept.iter().map(|&i| set.rows[i].clone()).collect(), ..set.clone() };
    let compared = match compare(db, scope.search_path, &comparable, &key, &types, scope.live, scope.diff).await {
        Ok(None) => check_values(db, &comparable, &types).await.map(|()| None),
        other => other,
    };
    let compared = match compared {
        Ok(compared) => compared,
        Err(message) if message.starts_with(WAITED) => {
            return Err(Error::failed(format!("{}: the seed rows of {}: {message}", db.target(), set.table)));
        }
        Err(message) => {
            problems.push(
                Problem::at_or_unplaced(set.origin, format!("the seed rows of {}: {message}", set.table), "these rows")
                    .help("fix the values in the seed file"),
            );
            return Ok(Vec::new());
        }
    };
    let writes_by_transition =
        scope.diff.changes.iter().any(|c| matches!(c, Change::RunTransition(t) if t.writes.contains(&set.table)));
    let mut change = SeedChange {
        seeds: set,
        key,
        types,
        inserts: Vec::new(),
        updates: Vec::new(),
        deletes: Vec::new(),
        decided_at_apply: deferred,
        written: Vec::new(),
    };
    record(&mut change, compared, &kept, seen);
    change.written = if writes_by_transition {
        (0..change.seeds.rows.len()).collect()
    } else {
        let updated = change.updates.iter().map(|u| u.row);
        let mut written: Vec<usize> =
            change.inserts.iter().copied().chain(updated).chain(change.decided_at_apply.iter().copied()).collect();
        written.sort_unstable();
        written
    };
    // Deletes are a step of their own: the rows of a referencing table are deleted before the
    // rows they reference, the reverse of the order in which rows are written.
    let deletes = if change.seeds.mode == SeedMode::Sync {
        // Keys that declared SQL gives are known only at apply: so are the rows to delete.
        let deletes = if keys_deferred { Vec::new() } else { extra_rows(db, &change, scope.live, scope.diff).await? };
        // Rows a transition writes are only known when it has run: delete then too.
        (!deletes.is_empty() || writes_by_transition || keys_deferred).then(|| SeedChange {
            inserts: Vec::new(),
            updates: Vec::new(),
            written: Vec::new(),
            decided_at_apply: if keys_deferred { change.decided_at_apply.clone() } else { Vec::new() },
            deletes,
            ..change.clone()
        })
    } else {
        None
    };
    let mut changes = Vec::new();
    if !change.written.is_empty() {
        changes.push(Change::SeedRows(change));
    }
    changes.extend(deletes.map(Change::DeleteRows));
    Ok(changes)
}

/// Records what the comparison of the `kept` rows found: inserts, updates, and what each live
/// row held.
fn record(
    change: &mut SeedChange,
    compared: Option<(Vec<RowState>, Vec<serde_json::Value>)>,
    kept: &[usize],
    seen: &mut BTreeMap<String, serde_json::Value>,
) {
    let Some((rows, seen_rows)) = compared else {
        seen.insert(format!("rows of {}", change.seeds.table), serde_json::json!("not read: written whole"));
        change.inserts = kept.to_vec();
        return;
    };
    for (live_row, &i) in seen_rows.into_iter().zip(kept) {
        seen.insert(format!("rows of {} ({})", change.seeds.table, change.seeds.row_name(i, &change.key)), live_row);
    }
    for (row, &i) in rows.into_iter().zip(kept) {
        match row {
            RowState::Missing => change.inserts.push(i),
            RowState::Differs(columns) if change.seeds.mode != SeedMode::Insert => {
                change.updates.push(RowUpdate { row: i, columns });
            }
            _ => {}
        }
    }
}

fn located(origin: Option<crate::spec::diagnostic::Origin>, message: String, help: impl Into<String>) -> Problem {
    Problem::at_or_unplaced(origin, message, "this row").help(help)
}

/// Whether `key` is exactly the columns of the table's primary key, of a unique constraint, or
/// of a unique index on plain columns without a predicate.
fn unique_key(table: &crate::model::Table, key: &[String]) -> bool {
    use crate::model::ConstraintKind;
    let same = |columns: &[String]| columns.len() == key.len() && key.iter().all(|k| columns.contains(k));
    let by_constraint = table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns, .. } | ConstraintKind::Unique { columns, .. } => same(columns),
        _ => false,
    });
    by_constraint
        || table.indexes.iter().filter(|i| i.unique).any(|i| {
            crate::spec::emit::parse::index_body(&i.body).is_some_and(|body| {
                let columns: Option<Vec<String>> = body.keys.iter().map(|k| k.column.clone()).collect();
                body.predicate.is_none() && columns.is_some_and(|c| same(&c))
            })
        })
}
