//! Keys and references: primary keys, the index names behind constraints, constraint names,
//! deferral, and foreign keys (to a declared table and columns, of a comparable type).

use std::collections::BTreeSet;

use super::table_view::{TableView, closest};
use super::{Seen, Validator};
use crate::model::names::default_constraint_name;
use crate::spec::diagnostic::Problem;
use crate::spec::node::{Loc, Node};
use crate::spec::{ForeignKeySpec, types};

impl Validator<'_> {
    pub(super) fn primary_key(&mut self, t: &TableView, table_name: &str, relations: &mut Seen) {
        let spec = t.spec;
        let column_keys: Vec<&Node<String>> = spec
            .columns
            .iter()
            .filter(|(_, c)| c.value.0.primary_key.as_ref().is_some_and(|p| p.value))
            .map(|(n, _)| n)
            .collect();
        if column_keys.len() > 1 {
            self.report(
                column_keys[1].loc,
                format!(
                    "columns `{}` and `{}` are each marked `primary_key`",
                    column_keys[0].value, column_keys[1].value
                ),
                "second primary key",
                "a table has one primary key; for a key of several columns write `primary_key: [a, b]` on the table",
            );
        }
        if let (Some(pk), Some(first)) = (&spec.primary_key, column_keys.first()) {
            let problem = Problem::at(self.at(pk.loc), "the table declares its primary key twice", "table-level key")
                .related(self.at(first.loc), "column-level key")
                .help("keep one of them");
            self.problems.push(problem);
        }
        if let Some(pk) = &spec.primary_key {
            let p = &pk.value.0;
            self.optional_name(&p.name, "primary key");
            if p.columns.is_empty() {
                self.report(pk.loc, "the primary key has no columns".into(), "empty", "list its columns");
            }
            self.columns_exist(&p.columns, t, "primary key", pk.loc);
            self.columns_exist(&p.include, t, "primary key", pk.loc);
            self.deferral(p.deferrable.as_ref(), p.initially_deferred.as_ref());
            self.constraint_index(relations, p.name.as_ref(), table_name, &[], "pkey", pk.loc);
        } else if let Some(first) = column_keys.first() {
            self.constraint_index(relations, None, table_name, &[], "pkey", first.loc);
        }
    }

    /// The index behind a primary key, unique or exclusion constraint takes a relation name:
    /// the declared one, or the one PostgreSQL will choose.
    pub(super) fn constraint_index(
        &mut self,
        relations: &mut Seen,
        name: Option<&Node<String>>,
        table: &str,
        columns: &[&str],
        label: &str,
        loc: Loc,
    ) {
        match name {
            Some(name) => self.relation(relations, &name.value, name.loc, "constraint"),
            None => {
                // PostgreSQL picks another name when its default is taken by a constraint, but
                // an index declared later under that name would then fail: report it.
                let default = default_constraint_name(table, columns, label);
                if let Some(first) = relations.get(&default) {
                    let problem = Problem::at(
                        self.at(loc),
                        format!(
                            "this constraint's index would be named `{default}`, which is already used in this schema"
                        ),
                        "unnamed constraint",
                    )
                    .related(self.at(*first), "name used here")
                    .help("give the constraint a `name`, or rename the other object");
                    self.problems.push(problem);
                } else {
                    relations.insert(default, loc);
                }
            }
        }
    }

    /// Check and foreign-key (and every other constraint) names are unique per table.
    pub(super) fn constraint_names(&mut self, t: &TableView) {
        let spec = t.spec;
        let mut names: Vec<&Node<String>> = Vec::new();
        names.extend(spec.primary_key.as_ref().and_then(|p| p.value.0.name.as_ref()));
        names.extend(spec.unique.iter().filter_map(|u| u.value.name.as_ref()));
        names.extend(spec.checks.iter().filter_map(|c| c.value.0.name.as_ref()));
        names.extend(spec.foreign_keys.iter().filter_map(|f| f.value.name.as_ref()));
        names.extend(spec.exclusions.iter().filter_map(|x| x.value.name.as_ref()));
        for (_, column) in spec.columns.iter() {
            let c = &column.value.0;
            names.extend(c.check.as_ref().and_then(|k| k.value.0.name.as_ref()));
            names.extend(c.references.as_ref().and_then(|r| r.value.name.as_ref()));
        }
        names.sort_by_key(|n| n.loc);
        let mut seen = Seen::new();
        for name in names {
            if let Some(first) = seen.get(&name.value) {
                let problem = Problem::at(
                    self.at(name.loc),
                    format!("constraint name `{}` is used twice in this table", name.value),
                    "second use",
                )
                .related(self.at(*first), "first used here")
                .help("constraint names are unique per table; rename one of them");
                self.problems.push(problem);
            } else {
                seen.insert(name.value.clone(), name.loc);
            }
        }
    }

    pub(super) fn deferral(&mut self, deferrable: Option<&Node<bool>>, initially_deferred: Option<&Node<bool>>) {
        if let Some(deferred) = initially_deferred.filter(|d| d.value)
            && !deferrable.is_some_and(|d| d.value)
        {
            self.report(
                deferred.loc,
                "`initially_deferred` needs `deferrable: true`".into(),
                "not deferrable",
                "add `deferrable: true`, or remove `initially_deferred`",
            );
        }
    }

    pub(super) fn table_foreign_key(&mut self, schema: &str, t: &TableView, fk: &Node<ForeignKeySpec>) {
        let f = &fk.value;
        self.optional_name(&f.name, "foreign key");
        self.deferral(f.deferrable.as_ref(), f.initially_deferred.as_ref());
        if f.columns.is_empty() {
            self.report(
                fk.loc,
                "the foreign key has no columns".into(),
                "no columns",
                "list the referencing columns under `columns`",
            );
            return;
        }
        let r = &f.references.value;
        self.foreign_key(schema, t, &f.columns, r.schema.as_ref(), &r.table, &r.columns, fk.loc);
    }

    /// A foreign key: local columns exist, the referenced table and columns are declared, form a
    /// primary key or unique constraint, and have the same types.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn foreign_key(
        &mut self,
        schema: &str,
        t: &TableView,
        local: &[Node<String>],
        ref_schema: Option<&Node<String>>,
        ref_table: &Node<String>,
        ref_columns: &[Node<String>],
        loc: Loc,
    ) {
        let local_ok = local.iter().all(|c| self.column_exists(&c.value, c.loc, t, "foreign key"));
        let target_schema = ref_schema.map_or(schema, |s| s.value.as_str());
        let Some(schema_spec) = self.doc.schemas.get(target_schema) else {
            // A schema ogel does not manage (auth.users, say): the server checks the reference.
            return;
        };
        let Some(target) = schema_spec.tables.get(&ref_table.value) else {
            if super::ignore::ignores(schema_spec, &ref_table.value) {
                // An ignored table, like one of a schema ogel does not manage: the server checks
                // the reference (the shadow database builds a stand-in of it).
                return;
            }
            let help = match closest(&ref_table.value, schema_spec.tables.iter().map(|(n, _)| n.value.as_str())) {
                Some(close) => format!(
                    "did you mean `{close}`? A foreign key must reference a table declared in schema `{target_schema}`"
                ),
                None => format!("declare the table in schema `{target_schema}`, or fix the name"),
            };
            self.report(
                ref_table.loc,
                format!("foreign key references unknown table `{target_schema}.{}`", ref_table.value),
                "unknown table",
                &help,
            );
            return;
        };
        let target = TableView::new(target);
        let referenced: Vec<(String, Loc)> = if ref_columns.is_empty() {
            match target.primary_key() {
                Some(pk) => pk.into_iter().map(|c| (c, ref_table.loc)).collect(),
                None => {
                    self.report(
                        ref_table.loc,
                        format!("foreign key references `{target_schema}.{}` without naming columns, and that table has no primary key", ref_table.value),
                        "no primary key",
                        "name the referenced columns, or give the referenced table a primary key",
                    );
                    return;
                }
            }
        } else {
            ref_columns
                .iter()
                .map(|c| (c.value.clone(), if c.loc == Loc::default() { ref_table.loc } else { c.loc }))
                .collect()
        };
        let mut target_ok = true;
        for (column, column_loc) in &referenced {
            target_ok &= self.column_exists(column, *column_loc, &target, "foreign key");
        }
        if !(local_ok && target_ok) {
            return;
        }
        if referenced.len() != local.len() {
            self.report(
                loc,
                format!("foreign key has {} columns but references {}", local.len(), referenced.len()),
                "column count differs",
                "reference as many columns as the key has",
            );
            return;
        }
        let referenced_set: BTreeSet<&str> = referenced.iter().map(|(c, _)| c.as_str()).collect();
        if !target.keys().iter().any(|key| key.iter().map(String::as_str).collect::<BTreeSet<_>>() == referenced_set) {
            let columns: Vec<&str> = referenced.iter().map(|(c, _)| c.as_str()).collect();
            self.report(
                ref_table.loc,
                format!(
                    "`{target_schema}.{}` has no primary key or unique constraint on ({})",
                    ref_table.value,
                    columns.join(", ")
                ),
                "not a key",
                "a foreign key must reference a primary key or unique constraint: declare one on those columns",
            );
            return;
        }
        for (column, (ref_column, _)) in local.iter().zip(&referenced) {
            let (Some(local_type), Some(ref_type)) =
                (t.columns.get(column.value.as_str()), target.columns.get(ref_column.as_str()))
            else {
                continue;
            };
            if types::key_family(&types::canonical(local_type)) != types::key_family(&types::canonical(ref_type)) {
                self.report(
                    column.loc,
                    format!("foreign key column `{}` is `{local_type}` but references `{}.{ref_column}`, which is `{ref_type}`", column.value, ref_table.value),
                    "type differs",
                    &format!("declare `{}` as `{}`, the type of the column it references", column.value, types::canonical(ref_type)),
                );
            }
        }
    }
}
