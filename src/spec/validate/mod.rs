//! Semantic checks of a declaration that need no database: every problem at once, each pointing
//! at the YAML that caused it.

use std::collections::{BTreeMap, BTreeSet};

mod enum_type;
mod facets;
mod ignore;
mod keys;
mod sequence;
mod table_view;

use super::diagnostic::{FileId, Origin, Problem};
use super::fragment::{self, Fragment};
use super::node::{Loc, Node};
use super::{Document, IndexSpec, SchemaSpec, sqlexpr, types};
use crate::model::names::NAME_MAX_BYTES;
use table_view::TableView;
pub(crate) use table_view::closest;

/// Schemas of the server itself: `pg_catalog`, `information_schema`, and the `pg_toast`,
/// `pg_temp_N` and `pg_toast_temp_N` schemas (PostgreSQL reserves every name starting `pg_`).
fn is_system_schema(name: &str) -> bool {
    name == "information_schema" || name.to_ascii_lowercase().starts_with("pg_")
}

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
            } else if is_system_schema(&name.value) {
                self.report(
                    name.loc,
                    format!("schema `{}` is PostgreSQL's own and cannot be managed", name.value),
                    "system schema",
                    "declare your tables in a schema of your own; pg_catalog, information_schema, pg_toast and pg_temp schemas belong to the server",
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
        self.ignore(schema_name, schema);
        self.enums(schema);
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
                .help("tables, sequences, indexes, and the indexes behind primary keys, unique and exclusion constraints share one namespace per schema; rename one of them");
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
            let column_what = |field: &str| format!("the {field} of column `{}`", name.value);
            self.fragment(&c.data_type.value, c.data_type.loc, column.loc, Fragment::TypeName, &column_what("type"));
            if let Some(default) = &c.default
                && self.fragment(
                    &default.value.0,
                    default.loc,
                    column.loc,
                    Fragment::Expression,
                    &column_what("default"),
                )
            {
                self.bare_default(&default.value.0, default.loc, column.loc, &c.data_type.value);
            }
            if let Some(using) = &c.using {
                self.fragment(&using.value, using.loc, column.loc, Fragment::Expression, &column_what("`using`"));
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
            if let Some(sequence) = &c.sequence {
                self.sequence(name, c, sequence, relations);
            }
            if let Some(generated) = &c.generated
                && self.fragment(
                    &generated.value,
                    generated.loc,
                    column.loc,
                    Fragment::Expression,
                    &column_what("generated expression"),
                )
            {
                self.expression_columns(&generated.value, generated.loc, t, "generated expression");
            }
            if let Some(check_node) = &c.check {
                let check = &check_node.value.0;
                self.optional_name(&check.name, "check");
                let loc = if check.expression.loc == Loc::default() { check_node.loc } else { check.expression.loc };
                if self.fragment(&check.expression.value, loc, loc, Fragment::Expression, "a check") {
                    self.expression_columns(&check.expression.value, loc, t, "check");
                }
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
            if self.fragment(&c.expression.value, loc, loc, Fragment::Expression, "a check") {
                self.expression_columns(&c.expression.value, loc, t, "check");
            }
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
                self.fragment(
                    &e.with.value,
                    e.with.loc,
                    element.loc,
                    Fragment::Operator,
                    "the operator of an exclusion element",
                );
                columns.extend(e.column.iter().map(|c| c.value.as_str()));
            }
            self.columns_exist(&x.include, t, "exclusion constraint", exclusion.loc);
            if let Some(p) = &x.predicate
                && self.fragment(
                    &p.value,
                    p.loc,
                    exclusion.loc,
                    Fragment::Expression,
                    "the `where` of an exclusion constraint",
                )
            {
                self.expression_columns(&p.value, p.loc, t, "predicate");
            }
            self.constraint_index(relations, x.name.as_ref(), table_name, &columns, "excl", exclusion.loc);
        }
        for (_, index) in spec.indexes.iter() {
            self.index(&index.value, index.loc, t);
        }
        self.constraint_names(t);
        self.facets(t);
    }

    /// Whether a declared SQL fragment is one `kind`; reports it at `loc` (else `fallback`) when
    /// not. A warning (an expression ogel's parser does not read) does not make it fail.
    fn fragment(&mut self, text: &str, loc: Loc, fallback: Loc, kind: Fragment, what: &str) -> bool {
        let loc = if loc == Loc::default() { fallback } else { loc };
        match fragment::problem(text, kind, what, self.at(loc)) {
            Some(problem) => {
                let warning = problem.warning;
                self.problems.push(problem);
                warning
            }
            None => true,
        }
    }

    /// `default: gold`: a bare word, which SQL reads as a column, and a default cannot name one.
    /// The YAML looks like text, so the fix is spelled out.
    fn bare_default(&mut self, text: &str, loc: Loc, fallback: Loc, data_type: &str) {
        let Some(word) = sqlexpr::bare_name(text) else { return };
        let loc = if loc == Loc::default() { fallback } else { loc };
        let what = if types::is_text(data_type) { "for the text" } else { "for a value of the type, as a literal," };
        self.report(
            loc,
            format!("`{word}` is read as SQL, where it names a column, and a default cannot refer to a column"),
            "a column name in SQL",
            &format!(
                "{what} write `default: \"'{word}'\"` (SQL's quotes inside YAML's); a default is an SQL expression"
            ),
        );
    }

    fn optional_name(&mut self, name: &Option<Node<String>>, what: &str) {
        if let Some(name) = name {
            self.name(name, what);
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
            (None, Some(e)) => {
                if self.fragment(&e.value, e.loc, loc, Fragment::Expression, &format!("the expression of an {what}")) {
                    self.expression_columns(&e.value, e.loc, t, what);
                }
            }
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
        if let Some(p) = &index.predicate
            && self.fragment(&p.value, p.loc, loc, Fragment::Expression, "the `where` of an index")
        {
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
            if !transition.when.value.trim().is_empty() {
                let what = format!("the `when` of transition `{}`", name.value);
                self.fragment(&transition.when.value, transition.when.loc, name.loc, Fragment::Expression, &what);
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
