//! Live definitions read once more through the shadow, so that a definition PostgreSQL prints
//! differently after a round trip is not a change.
//!
//! PostgreSQL's deparsing is not idempotent: `CHECK (c IN ('a','b'))` on a `varchar` column
//! prints as `((c)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))`, and that text,
//! parsed again (which is what building an inspected declaration in the shadow does), prints as
//! `((c)::text = ANY (ARRAY[('a'::character varying)::text, ...]))`. Same meaning, other text.
//! No rewriting rule of ours decides that they are the same: where a live definition (check,
//! exclusion, index, default, generated expression) differs from the desired one, the live text
//! is parsed in the shadow, on the desired table, and printed again. When that print equals
//! the desired definition, the two mean the same thing on that table, and the desired side
//! takes the live spelling (so nothing changes). Otherwise the change stands.
//!
//! Both directions hold: a declaration written by hand (`c IN ('a','b')`) normalizes to the
//! same first print as the live object made from the same text; a declaration written by
//! `inspect` normalizes to the second print, which is what the live text prints as once
//! re-parsed. A real change re-prints as the old definition, never as the new one.
//!
//! Only definitions that differ are probed, on tables whose common columns have the same types
//! and collations (so that the live text means on the shadow table what it means on the live
//! one), in one transaction that is rolled back: each probe adds an object named
//! `ogel_probe_<n>` (a check, an index, a generated column) or sets a default, and one
//! introspection of the shadow reads them all back. A probe PostgreSQL refuses (the text names
//! a column the declaration drops) proves nothing, and the change stands.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::Db;
use crate::error::Error;
use crate::introspect;
use crate::model::ident::quote_ident;
use crate::model::{Catalog, ConstraintKind, QualifiedName, Table};

/// The shadow's print of live definitions: [`Probe::key`] → text, `None` for a probe the
/// server refused.
pub type Reprints = BTreeMap<String, Option<String>>;

/// A live definition that differs from the desired one: both texts are printed again by the
/// shadow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub table: QualifiedName,
    pub what: Definition,
    pub live: String,
    pub desired: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Definition {
    /// A check or exclusion constraint by name (the text is all of `pg_get_constraintdef`).
    Constraint(String),
    /// An index by name (the text follows `USING`).
    Index { name: String, unique: bool },
    /// The default of a column.
    Default(String),
    /// The expression of a generated column, of that type.
    Generated { column: String, data_type: String },
}

impl Probe {
    /// Everything the shadow's print of `text` depends on besides the declaration: which
    /// object, and the text.
    pub fn key(&self, text: &str) -> String {
        let what = match &self.what {
            Definition::Constraint(name) => format!("constraint {}", quote_ident(name)),
            Definition::Index { name, .. } => format!("index {}", quote_ident(name)),
            Definition::Default(column) => format!("default {}", quote_ident(column)),
            Definition::Generated { column, .. } => format!("generated {}", quote_ident(column)),
        };
        format!("{} {what}\n{text}", self.table.sql())
    }

    /// The statement that makes the shadow parse `text`; `n` names the probe object.
    fn statement(&self, n: usize, text: &str) -> String {
        let table = self.table.sql();
        let probe = quote_ident(&format!("ogel_probe_{n}"));
        match &self.what {
            Definition::Constraint(_) => format!("ALTER TABLE {table} ADD CONSTRAINT {probe} {text}"),
            Definition::Index { unique, .. } => {
                let unique = if *unique { "UNIQUE " } else { "" };
                format!("CREATE {unique}INDEX {probe} ON {table} USING {text}")
            }
            Definition::Default(column) => {
                format!("ALTER TABLE {table} ALTER COLUMN {} SET DEFAULT ({text})", quote_ident(column))
            }
            Definition::Generated { data_type, .. } => {
                format!("ALTER TABLE {table} ADD COLUMN {probe} {data_type} GENERATED ALWAYS AS ({text}) STORED")
            }
        }
    }

    /// What the shadow printed for probe `n`, read from the shadow's table.
    fn reprint(&self, n: usize, table: &Table) -> Option<String> {
        let probe = format!("ogel_probe_{n}");
        match &self.what {
            Definition::Constraint(_) => {
                table.constraints.iter().find(|c| c.name() == probe).and_then(|c| match &c.kind {
                    ConstraintKind::Check { definition } | ConstraintKind::Exclusion { definition } => {
                        Some(definition.clone())
                    }
                    _ => None,
                })
            }
            Definition::Index { .. } => table.indexes.iter().find(|i| i.name == probe).map(|i| i.body.clone()),
            Definition::Default(column) => table.column(column).and_then(|c| c.default.clone()),
            Definition::Generated { .. } => table.column(&probe).and_then(|c| c.generated.clone()),
        }
    }
}

/// The definitions of `live` that differ from those of `desired` and may be spelled
/// differently only: checks, exclusions, indexes, defaults and generated expressions of the
/// same name on a table of the same name whose common columns have the same types.
pub fn probes(live: &Catalog, desired: &Catalog) -> Vec<Probe> {
    let mut probes = Vec::new();
    for table in desired.tables() {
        let Some(found) = live.table(&table.name) else { continue };
        let same_columns = table
            .columns
            .iter()
            .all(|c| found.column(&c.name).is_none_or(|l| l.data_type == c.data_type && l.collation == c.collation));
        if !same_columns {
            continue;
        }
        let mut probe = |what: Definition, live: &str, desired: &str| {
            probes.push(Probe { table: table.name.clone(), what, live: live.to_owned(), desired: desired.to_owned() });
        };
        for constraint in &table.constraints {
            let Some(l) = found.constraints.iter().find(|l| l.name == constraint.name) else { continue };
            match (&l.kind, &constraint.kind) {
                (ConstraintKind::Check { definition: a }, ConstraintKind::Check { definition: b })
                | (ConstraintKind::Exclusion { definition: a }, ConstraintKind::Exclusion { definition: b })
                    if a != b =>
                {
                    probe(Definition::Constraint(constraint.name().to_owned()), a, b)
                }
                _ => {}
            }
        }
        for index in &table.indexes {
            let Some(l) = found.indexes.iter().find(|l| l.name == index.name) else { continue };
            // An invalid live index is built again whatever its text.
            if l.unique == index.unique && l.body != index.body && !l.body.ends_with(" -- INVALID") {
                probe(Definition::Index { name: index.name.clone(), unique: index.unique }, &l.body, &index.body);
            }
        }
        for column in &table.columns {
            let Some(l) = found.column(&column.name) else { continue };
            if let (Some(a), Some(b)) = (&l.default, &column.default)
                && a != b
            {
                probe(Definition::Default(column.name.clone()), a, b);
            }
            if let (Some(a), Some(b)) = (&l.generated, &column.generated)
                && a != b
            {
                let what = Definition::Generated { column: column.name.clone(), data_type: column.data_type.clone() };
                probe(what, a, b);
            }
        }
    }
    probes
}

/// Has the shadow (`db`, holding the declaration, its printing settings pinned) print the live
/// and the desired text of each probe again, in one transaction rolled back at the end. Each
/// default is set twice, so the two texts of a default are read in two rounds.
pub async fn reprint(db: &Db, probes: &[Probe], schemas: &[String]) -> Result<Reprints, Error> {
    let mut reprints = Reprints::new();
    if probes.is_empty() {
        return Ok(reprints);
    }
    for live in [true, false] {
        let texts: Vec<&str> = probes.iter().map(|p| if live { p.live.as_str() } else { p.desired.as_str() }).collect();
        for (n, text) in round(db, probes, &texts, schemas).await? {
            reprints.insert(probes[n].key(texts[n]), text);
        }
    }
    Ok(reprints)
}

/// One round: probe `n` parses `texts[n]`; its print, or `None` if the server refused it.
async fn round(
    db: &Db,
    probes: &[Probe],
    texts: &[&str],
    schemas: &[String],
) -> Result<Vec<(usize, Option<String>)>, Error> {
    let fail = |e: tokio_postgres::Error| db.fail("re-reading live definitions in the shadow database", &e);
    db.batch("BEGIN").await.map_err(fail)?;
    let mut made = Vec::new();
    for (n, probe) in probes.iter().enumerate() {
        db.batch("SAVEPOINT ogel_probe").await.map_err(fail)?;
        match db.run(&probe.statement(n, texts[n]), &[]).await {
            Ok(_) => made.push(n),
            Err(_) => db.batch("ROLLBACK TO SAVEPOINT ogel_probe").await.map_err(fail)?,
        }
    }
    let read = introspect::introspect(db, schemas).await;
    db.batch("ROLLBACK").await.map_err(fail)?;
    let read = read?.catalog;
    Ok((0..probes.len())
        .map(|n| {
            let table = read.table(&probes[n].table);
            (n, made.contains(&n).then(|| table.and_then(|t| probes[n].reprint(n, t))).flatten())
        })
        .collect())
}

/// Gives `desired` the live spelling of every probed definition that means the same as the
/// desired one. Returns false when a probe has no entry in `reprints` at all (a cached
/// normalization made for another live catalog), so the caller knows to probe afresh.
pub fn adopt(desired: &mut Catalog, probes: &[Probe], reprints: &Reprints) -> bool {
    let mut complete = true;
    for probe in probes {
        let prints = (reprints.get(&probe.key(&probe.live)), reprints.get(&probe.key(&probe.desired)));
        let (Some(live_print), Some(desired_print)) = prints else {
            complete = false;
            continue;
        };
        // The live text means what the desired one does if it prints as the desired text, or
        // as the desired text itself prints once parsed again.
        let same = live_print.is_some()
            && (live_print.as_deref() == Some(probe.desired.as_str()) || live_print == desired_print);
        if !same {
            continue;
        }
        let Some(table) =
            desired.schemas.get_mut(&probe.table.schema).and_then(|s| s.tables.get_mut(&probe.table.name))
        else {
            continue;
        };
        let text = match &probe.what {
            Definition::Constraint(name) => {
                table.constraints.iter_mut().find(|c| c.name() == name).and_then(|c| match &mut c.kind {
                    ConstraintKind::Check { definition } | ConstraintKind::Exclusion { definition } => Some(definition),
                    _ => None,
                })
            }
            Definition::Index { name, .. } => table.indexes.iter_mut().find(|i| &i.name == name).map(|i| &mut i.body),
            Definition::Default(column) => {
                table.columns.iter_mut().find(|c| &c.name == column).and_then(|c| c.default.as_mut())
            }
            Definition::Generated { column, .. } => {
                table.columns.iter_mut().find(|c| &c.name == column).and_then(|c| c.generated.as_mut())
            }
        };
        if let Some(text) = text {
            *text = probe.live.clone();
        }
    }
    complete
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Constraint, Schema};

    const FIRST: &str = "CHECK (((c)::text = ANY ((ARRAY['a'::character varying])::text[])))";
    const SECOND: &str = "CHECK (((c)::text = ANY (ARRAY[('a'::character varying)::text])))";

    fn catalog(check: &str) -> Catalog {
        let constraint = Constraint {
            name: Some("t_c_check".into()),
            kind: ConstraintKind::Check { definition: check.into() },
            deferrable: false,
            initially_deferred: false,
            validated: true,
            comment: None,
            parameters: Default::default(),
            key_index: None,
            named: true,
            origin: None,
        };
        let table = Table {
            name: QualifiedName::new("public", "t"),
            columns: Vec::new(),
            constraints: vec![constraint],
            indexes: Vec::new(),
            comment: None,
            options: Default::default(),
            renamed_from: None,
            origin: None,
        };
        let tables = [("t".to_owned(), table)].into_iter().collect();
        let schema = Schema {
            name: "public".into(),
            comment: None,
            tables,
            enums: Default::default(),
            renamed_from: None,
            ignore: Vec::new(),
            origin: None,
        };
        Catalog { extensions: BTreeMap::new(), schemas: [("public".to_owned(), schema)].into_iter().collect() }
    }

    fn check(catalog: &Catalog) -> &str {
        match &catalog.table(&QualifiedName::new("public", "t")).unwrap().constraints[0].kind {
            ConstraintKind::Check { definition } => definition,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_definition_that_prints_as_the_desired_one_takes_the_live_spelling() {
        // The live first print, an inspected declaration normalized to the second print.
        let (live, mut desired) = (catalog(FIRST), catalog(SECOND));
        let probes = probes(&live, &desired);
        assert_eq!(probes.len(), 1);
        let reprints: Reprints =
            [(probes[0].key(FIRST), Some(SECOND.into())), (probes[0].key(SECOND), Some(SECOND.into()))].into();
        assert!(adopt(&mut desired, &probes, &reprints));
        assert_eq!(check(&desired), FIRST);
    }

    #[test]
    fn two_texts_that_print_alike_once_parsed_again_are_the_same() {
        // Applied from the normalized first print, the live check holds the second print.
        let (live, mut desired) = (catalog(SECOND), catalog(FIRST));
        let probes = probes(&live, &desired);
        let reprints: Reprints =
            [(probes[0].key(SECOND), Some(SECOND.into())), (probes[0].key(FIRST), Some(SECOND.into()))].into();
        assert!(adopt(&mut desired, &probes, &reprints));
        assert_eq!(check(&desired), SECOND);
    }

    #[test]
    fn a_real_change_or_a_refused_probe_stays_a_change_and_a_missing_print_asks_for_probing() {
        let (live, mut desired) = (catalog(FIRST), catalog("CHECK ((c IS NOT NULL))"));
        let probes = probes(&live, &desired);
        let other: Reprints = [
            (probes[0].key(FIRST), Some(SECOND.into())),
            (probes[0].key("CHECK ((c IS NOT NULL))"), Some("CHECK ((c IS NOT NULL))".into())),
        ]
        .into();
        assert!(adopt(&mut desired, &probes, &other));
        assert_eq!(check(&desired), "CHECK ((c IS NOT NULL))");
        let refused: Reprints = [(probes[0].key(FIRST), None), (probes[0].key("CHECK ((c IS NOT NULL))"), None)].into();
        assert!(adopt(&mut desired, &probes, &refused));
        assert_eq!(check(&desired), "CHECK ((c IS NOT NULL))");
        assert!(!adopt(&mut desired, &probes, &Reprints::new()));
    }
}
