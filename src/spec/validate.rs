//! Semantic checks of a declaration that need no database: every problem at once, each pointing
//! at the YAML that caused it.

use std::collections::{BTreeMap, BTreeSet};

use super::diagnostic::{FileId, Origin, Problem};
use super::node::{Loc, Node};
use super::{Document, ForeignKeySpec, IndexSpec, SchemaSpec, TableSpec, sqlexpr, types};
use crate::model::names::{NAME_MAX_BYTES, default_constraint_name};

/// Checks the schema file; returns every problem found.
pub fn validate(doc: &Document, file: FileId) -> Vec<Problem> {
    let mut v = Validator { file, problems: Vec::new(), doc };
    v.run();
    v.problems
}

struct Validator<'a> {
    file: FileId,
    problems: Vec<Problem>,
    doc: &'a Document,
}

/// Where an object is declared, for "first declared here" labels.
type Seen = BTreeMap<String, Loc>;

impl Validator<'_> {
    fn at(&self, loc: Loc) -> Origin {
        Origin { file: self.file, loc }
    }

    fn report(&mut self, loc: Loc, message: String, label: &str, help: &str) {
        let problem = Problem::at(self.at(loc), message, label).help(help);
        self.problems.push(problem);
    }

    fn run(&mut self) {
        for (name, _) in self.doc.extensions.iter() {
            self.name(name, "extension");
        }
        let schema_names: BTreeSet<&str> = self.doc.schemas.iter().map(|(n, _)| n.value.as_str()).collect();
        let mut renamed_schemas = Seen::new();
        for (name, schema) in self.doc.schemas.iter() {
            self.name(name, "schema");
            if name.value == "ogel" {
                self.report(
                    name.loc,
                    "schema `ogel` is ogel's own: it holds the apply history".into(),
                    "reserved",
                    "declare your tables in a schema of another name",
                );
            }
            if let Some(old) = &schema.renamed_from {
                self.renamed_from(
                    old,
                    &name.value,
                    "schema",
                    schema_names.contains(old.value.as_str()),
                    &mut renamed_schemas,
                );
            }
            self.schema(&name.value, schema);
        }
        self.transitions();
    }

    /// An identifier: not empty, and short enough that PostgreSQL keeps all of it.
    fn name(&mut self, name: &Node<String>, what: &str) {
        let len = name.value.len();
        if name.value.is_empty() {
            self.report(name.loc, format!("empty {what} name"), "empty name", "give it a name");
        } else if len > NAME_MAX_BYTES {
            self.report(
                name.loc,
                format!("{what} name `{}` is {len} bytes long; PostgreSQL keeps only the first {NAME_MAX_BYTES}", name.value),
                "too long",
                &format!("shorten it to {NAME_MAX_BYTES} bytes or fewer; PostgreSQL would silently truncate it, and ogel would then see a different name than you declared"),
            );
        } else if name.value.contains('\0') {
            self.report(name.loc, format!("{what} name contains a NUL character"), "NUL here", "remove it");
        }
    }

    fn renamed_from(&mut self, old: &Node<String>, new: &str, what: &str, old_declared: bool, seen: &mut Seen) {
        self.name(old, what);
        if old.value == new {
            self.report(
                old.loc,
                format!("{what} `{new}` is renamed from itself"),
                "same name",
                "remove `renamed_from`",
            );
        } else if old_declared {
            self.report(
                old.loc,
                format!("{what} `{new}` is renamed from `{}`, which is declared as well", old.value),
                "also declared",
                &format!(
                    "a {what} cannot be both renamed and kept: remove `renamed_from`, or the declaration of `{}`",
                    old.value
                ),
            );
        }
        if let Some(first) = seen.insert(old.value.clone(), old.loc) {
            let problem =
                Problem::at(self.at(old.loc), format!("two {what}s are renamed from `{}`", old.value), "second rename")
                    .related(self.at(first), "first rename")
                    .help("only one object can take over the old name");
            self.problems.push(problem);
        }
    }

    fn schema(&mut self, schema_name: &str, schema: &SchemaSpec) {
        // Tables, indexes, sequences and the indexes behind keys share one namespace per schema.
        let mut relations = Seen::new();
        let table_names: BTreeSet<&str> = schema.tables.iter().map(|(n, _)| n.value.as_str()).collect();
        let mut renamed_tables = Seen::new();
        let mut renamed_indexes = Seen::new();
        let index_names: BTreeSet<&str> =
            schema.tables.iter().flat_map(|(_, t)| t.indexes.iter().map(|(n, _)| n.value.as_str())).collect();
        for (name, table) in schema.tables.iter() {
            self.name(name, "table");
            self.relation(&mut relations, &name.value, name.loc, "table");
            if let Some(old) = &table.renamed_from {
                self.renamed_from(
                    old,
                    &name.value,
                    "table",
                    table_names.contains(old.value.as_str()),
                    &mut renamed_tables,
                );
            }
            for (index_name, index) in table.indexes.iter() {
                self.name(index_name, "index");
                self.relation(&mut relations, &index_name.value, index_name.loc, "index");
                if let Some(old) = &index.renamed_from {
                    self.renamed_from(
                        old,
                        &index_name.value,
                        "index",
                        index_names.contains(old.value.as_str()),
                        &mut renamed_indexes,
                    );
                }
            }
        }
        for (name, table) in schema.tables.iter() {
            let table = TableView::new(table);
            self.table(schema_name, &name.value, &table, &mut relations);
        }
    }

    /// Registers a relation name of a schema; reports a clash with an earlier one.
    fn relation(&mut self, relations: &mut Seen, name: &str, loc: Loc, what: &str) {
        if let Some(first) = relations.get(name) {
            let problem = Problem::at(self.at(loc), format!("{what} name `{name}` is already used in this schema"), "second use")
                .related(self.at(*first), "first used here")
                .help("tables, indexes, and the indexes behind primary keys, unique and exclusion constraints share one namespace per schema; rename one of them");
            self.problems.push(problem);
        } else {
            relations.insert(name.to_owned(), loc);
        }
    }

    fn table(&mut self, schema: &str, table_name: &str, t: &TableView, relations: &mut Seen) {
        let spec = t.spec;
        let mut renamed_columns = Seen::new();
        for (name, column) in spec.columns.iter() {
            self.name(name, "column");
            let c = &column.value.0;
            if let Some(old) = &c.renamed_from {
                self.renamed_from(
                    old,
                    &name.value,
                    "column",
                    t.columns.contains_key(old.value.as_str()),
                    &mut renamed_columns,
                );
            }
            let exclusive = [
                ("default", c.default.as_ref().map(|d| d.loc)),
                ("identity", c.identity.as_ref().map(|d| d.loc)),
                ("generated", c.generated.as_ref().map(|d| d.loc)),
            ];
            let given: Vec<_> = exclusive.iter().filter_map(|(k, l)| l.map(|l| (*k, l))).collect();
            if given.len() > 1 {
                self.report(
                    given[1].1,
                    format!("column `{}` has both `{}` and `{}`", name.value, given[0].0, given[1].0),
                    "conflicting",
                    "a column takes its value from at most one of `default`, `identity` and `generated`",
                );
            }
            if types::is_serial(&c.data_type.value) && given.iter().any(|(k, _)| *k != "generated") {
                self.report(
                    given[0].1,
                    format!("column `{}` is `{}`, which has its own default", name.value, c.data_type.value),
                    "conflicting",
                    "remove the default, or declare the column as an integer type",
                );
            }
            if let Some(generated) = &c.generated {
                self.expression_columns(&generated.value, generated.loc, t, "generated expression");
            }
            if let Some(check_node) = &c.check {
                let check = &check_node.value.0;
                self.optional_name(&check.name, "check");
                let loc = if check.expression.loc == Loc::default() { check_node.loc } else { check.expression.loc };
                self.expression_columns(&check.expression.value, loc, t, "check");
            }
            if let Some(reference) = &c.references {
                let r = &reference.value;
                self.optional_name(&r.name, "foreign key");
                self.deferral(r.deferrable.as_ref(), r.initially_deferred.as_ref());
                // Problems with this key are shown at `references:`, where it is written.
                let local = [Node::new(name.value.clone(), reference.loc)];
                let referenced: Vec<Node<String>> = r.column.iter().cloned().collect();
                self.foreign_key(schema, t, &local, r.schema.as_ref(), &r.table, &referenced, column.loc);
            }
        }
        self.primary_key(t, table_name, relations);
        for unique in &spec.unique {
            let u = &unique.value;
            self.optional_name(&u.name, "unique constraint");
            self.columns_exist(&u.columns, t, "unique constraint", unique.loc);
            self.columns_exist(&u.include, t, "unique constraint", unique.loc);
            self.deferral(u.deferrable.as_ref(), u.initially_deferred.as_ref());
            let columns: Vec<&str> = u.columns.iter().map(|c| c.value.as_str()).collect();
            self.constraint_index(relations, u.name.as_ref(), table_name, &columns, "key", unique.loc);
        }
        for (column, _) in spec.columns.iter().filter(|(_, c)| c.value.0.unique.as_ref().is_some_and(|u| u.value)) {
            self.constraint_index(relations, None, table_name, &[column.value.as_str()], "key", column.loc);
        }
        for check in &spec.checks {
            let c = &check.value.0;
            self.optional_name(&c.name, "check");
            let loc = if c.expression.loc == Loc::default() { check.loc } else { c.expression.loc };
            self.expression_columns(&c.expression.value, loc, t, "check");
        }
        for fk in &spec.foreign_keys {
            self.table_foreign_key(schema, t, fk);
        }
        for exclusion in &spec.exclusions {
            let x = &exclusion.value;
            self.optional_name(&x.name, "exclusion constraint");
            self.deferral(x.deferrable.as_ref(), x.initially_deferred.as_ref());
            if x.elements.is_empty() {
                self.report(
                    exclusion.loc,
                    "an exclusion constraint needs elements".into(),
                    "no elements",
                    "list `elements: [{column, with}]`",
                );
            }
            let mut columns = Vec::new();
            for element in &x.elements {
                let e = &element.value;
                self.key_source(e.column.as_ref(), e.expression.as_ref(), element.loc, t, "exclusion element");
                columns.extend(e.column.iter().map(|c| c.value.as_str()));
            }
            self.columns_exist(&x.include, t, "exclusion constraint", exclusion.loc);
            if let Some(p) = &x.predicate {
                self.expression_columns(&p.value, p.loc, t, "predicate");
            }
            self.constraint_index(relations, x.name.as_ref(), table_name, &columns, "excl", exclusion.loc);
        }
        for (_, index) in spec.indexes.iter() {
            self.index(&index.value, index.loc, t);
        }
        self.constraint_names(t);
    }

    fn primary_key(&mut self, t: &TableView, table_name: &str, relations: &mut Seen) {
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
    fn constraint_index(
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
    fn constraint_names(&mut self, t: &TableView) {
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

    fn optional_name(&mut self, name: &Option<Node<String>>, what: &str) {
        if let Some(name) = name {
            self.name(name, what);
        }
    }

    fn deferral(&mut self, deferrable: Option<&Node<bool>>, initially_deferred: Option<&Node<bool>>) {
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

    fn columns_exist(&mut self, columns: &[Node<String>], t: &TableView, what: &str, fallback: Loc) {
        for column in columns {
            let loc = if column.loc == Loc::default() { fallback } else { column.loc };
            self.column_exists(&column.value, loc, t, what);
        }
    }

    fn column_exists(&mut self, column: &str, loc: Loc, t: &TableView, what: &str) -> bool {
        if t.columns.contains_key(column) {
            return true;
        }
        let help = match closest(column, t.columns.keys().copied()) {
            Some(close) => format!("did you mean `{close}`? The table's columns are: {}", t.column_list()),
            None => format!("the table's columns are: {}", t.column_list()),
        };
        self.report(loc, format!("{what} refers to unknown column `{column}`"), "unknown column", &help);
        false
    }

    fn expression_columns(&mut self, expression: &str, loc: Loc, t: &TableView, what: &str) {
        let Some(refs) = sqlexpr::column_refs(expression) else { return };
        let mut reported = BTreeSet::new();
        for column in refs {
            if !t.columns.contains_key(column.as_str()) && reported.insert(column.clone()) {
                self.column_exists(&column, loc, t, what);
            }
        }
    }

    fn key_source(
        &mut self,
        column: Option<&Node<String>>,
        expression: Option<&Node<String>>,
        loc: Loc,
        t: &TableView,
        what: &str,
    ) {
        match (column, expression) {
            (Some(c), None) => {
                let loc = if c.loc == Loc::default() { loc } else { c.loc };
                self.column_exists(&c.value, loc, t, what);
            }
            (None, Some(e)) => self.expression_columns(&e.value, e.loc, t, what),
            _ => self.report(
                loc,
                format!("an {what} names either a `column` or an `expression`"),
                "here",
                "give exactly one of `column` and `expression`",
            ),
        }
    }

    fn index(&mut self, index: &IndexSpec, loc: Loc, t: &TableView) {
        if index.columns.is_empty() {
            self.report(
                loc,
                "the index has no columns".into(),
                "no columns",
                "list its key columns or expressions under `columns`",
            );
        }
        for key in &index.columns {
            let k = &key.value.0;
            self.key_source(k.column.as_ref(), k.expression.as_ref(), key.loc, t, "index key");
        }
        self.columns_exist(&index.include, t, "index", loc);
        if let Some(p) = &index.predicate {
            self.expression_columns(&p.value, p.loc, t, "index predicate");
        }
        if let Some(nnd) = index.nulls_not_distinct.as_ref().filter(|n| n.value)
            && !index.unique.as_ref().is_some_and(|u| u.value)
        {
            self.report(
                nnd.loc,
                "`nulls_not_distinct` needs `unique: true`".into(),
                "not unique",
                "add `unique: true`, or remove `nulls_not_distinct`",
            );
        }
    }

    fn table_foreign_key(&mut self, schema: &str, t: &TableView, fk: &Node<ForeignKeySpec>) {
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
    fn foreign_key(
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

    fn transitions(&mut self) {
        for (name, transition) in self.doc.transitions.iter() {
            self.name(name, "transition");
            for table in transition.reads.iter().chain(&transition.writes) {
                let declared = table.value.split_once('.').is_some_and(|(schema, table)| {
                    self.doc.schemas.get(schema).is_some_and(|s| s.tables.get(table).is_some())
                });
                if !declared {
                    self.report(
                        table.loc,
                        format!("transition `{}` names `{}`, which is not a declared table", name.value, table.value),
                        "unknown table",
                        "write `schema.table` of a table the declaration names (its new name, if it is renamed)",
                    );
                }
            }
            for (what, text) in [("when", &transition.when), ("sql", &transition.sql)] {
                if text.value.trim().is_empty() {
                    self.report(
                        text.loc,
                        format!("transition `{}` has an empty `{what}`", name.value),
                        "empty",
                        "write the SQL",
                    );
                }
            }
        }
    }
}

/// What validation needs to know about a table: its columns by name and its keys.
struct TableView<'a> {
    spec: &'a TableSpec,
    /// Column name → declared type.
    columns: BTreeMap<&'a str, &'a str>,
}

impl<'a> TableView<'a> {
    fn new(spec: &'a TableSpec) -> Self {
        let columns =
            spec.columns.iter().map(|(n, c)| (n.value.as_str(), c.value.0.data_type.value.as_str())).collect();
        TableView { spec, columns }
    }

    fn column_list(&self) -> String {
        let names: Vec<&str> = self.spec.columns.iter().map(|(n, _)| n.value.as_str()).collect();
        if names.is_empty() { "(none)".into() } else { names.join(", ") }
    }

    fn primary_key(&self) -> Option<Vec<String>> {
        if let Some(pk) = &self.spec.primary_key {
            return Some(pk.value.0.columns.iter().map(|c| c.value.clone()).collect());
        }
        self.spec
            .columns
            .iter()
            .find(|(_, c)| c.value.0.primary_key.as_ref().is_some_and(|p| p.value))
            .map(|(n, _)| vec![n.value.clone()])
    }

    /// Column sets of the primary key and unique constraints (a foreign key needs one of them).
    fn keys(&self) -> Vec<Vec<String>> {
        let mut keys: Vec<Vec<String>> = self.primary_key().into_iter().collect();
        keys.extend(self.spec.unique.iter().map(|u| u.value.columns.iter().map(|c| c.value.clone()).collect()));
        keys.extend(
            self.spec
                .columns
                .iter()
                .filter(|(_, c)| c.value.0.unique.as_ref().is_some_and(|u| u.value))
                .map(|(n, _)| vec![n.value.clone()]),
        );
        keys.extend(
            self.spec
                .indexes
                .iter()
                .filter(|(_, i)| i.value.unique.as_ref().is_some_and(|u| u.value) && i.value.predicate.is_none())
                .filter_map(|(_, i)| {
                    i.value.columns.iter().map(|k| k.value.0.column.as_ref().map(|c| c.value.clone())).collect()
                }),
        );
        keys
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.map(|c| (edit_distance(name, c), c)).filter(|(d, c)| *d <= 2.max(c.len() / 4)).min().map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
