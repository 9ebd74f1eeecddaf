//! Lowering a validated declaration into the canonical model ("raw": types and expressions as
//! the user wrote them; PostgreSQL normalizes them in the shadow database).

use std::collections::BTreeMap;

use super::diagnostic::{FileId, Origin};
use super::node::{Loc, Node};
use super::{ColumnSpec, Document, IndexSpec, MatchType, NullsOrder, RefAction, SortOrder, TableSpec};
use crate::model::ident::{column_list, quote_ident};
use crate::model::{
    Catalog, Column, ColumnStatistics, Constraint, ConstraintKind, Extension, ForeignKey, Index, Parameters,
    QualifiedName, Schema, Table,
};
use facets::{parameters, table_options, with_extras};

mod facets;

/// The declared schema as a raw model. The document must have passed validation.
pub fn lower(doc: &Document, file: FileId) -> Catalog {
    let at = |loc: Loc| Some(Origin { file, loc });
    let extensions = doc
        .extensions
        .iter()
        .map(|(name, options)| {
            let options = options.as_ref();
            let extension = Extension {
                name: name.value.clone(),
                schema: options.and_then(|o| o.schema.as_ref()).map(|s| s.value.clone()),
                version: options.and_then(|o| o.version.as_ref()).map(|v| v.value.clone()),
                origin: at(name.loc),
            };
            (name.value.clone(), extension)
        })
        .collect();
    let mut schemas = BTreeMap::new();
    for (name, spec) in doc.schemas.iter() {
        let lowering = Lowering { doc, file, schema: &name.value };
        let tables = spec
            .tables
            .iter()
            .map(|(table_name, table)| (table_name.value.clone(), lowering.table(table_name, table)))
            .collect();
        let schema = Schema {
            name: name.value.clone(),
            comment: spec.comment.as_ref().map(|c| c.value.clone()),
            tables,
            enums: spec
                .enums
                .iter()
                .map(|(enum_name, decl)| {
                    (enum_name.value.clone(), super::enum_type::lower(&name.value, enum_name, decl, file))
                })
                .collect(),
            renamed_from: spec.renamed_from.as_ref().map(|r| r.value.clone()),
            ignore: spec.ignore.iter().map(|p| p.value.clone()).collect(),
            origin: at(name.loc),
        };
        schemas.insert(name.value.clone(), schema);
    }
    Catalog { extensions, schemas }
}

/// What a foreign key does, as written wherever it is written.
struct Actions<'a> {
    on_delete: Option<&'a Node<RefAction>>,
    on_update: Option<&'a Node<RefAction>>,
    match_type: Option<&'a Node<MatchType>>,
}

struct Lowering<'a> {
    doc: &'a Document,
    file: FileId,
    schema: &'a str,
}

fn flag(node: &Option<Node<bool>>) -> bool {
    node.as_ref().is_some_and(|n| n.value)
}

fn names(nodes: &[Node<String>]) -> Vec<String> {
    nodes.iter().map(|n| n.value.clone()).collect()
}

impl Lowering<'_> {
    fn at(&self, loc: Loc) -> Option<Origin> {
        Some(Origin { file: self.file, loc })
    }

    /// The place of a value, or of its parent when the value came from a short form.
    fn at_or(&self, loc: Loc, parent: Loc) -> Option<Origin> {
        self.at(if loc == Loc::default() { parent } else { loc })
    }

    fn table(&self, name: &Node<String>, spec: &TableSpec) -> Table {
        let columns = spec.columns.iter().map(|(n, c)| self.column(n, &c.value.0)).collect();
        let mut constraints = Vec::new();
        let column_key = spec.columns.iter().find(|(_, c)| flag(&c.value.0.primary_key));
        if let Some(pk) = &spec.primary_key {
            let p = &pk.value.0;
            let constraint = self.constraint(
                p.name.as_ref(),
                ConstraintKind::PrimaryKey { columns: names(&p.columns), include: names(&p.include) },
                flag(&p.deferrable),
                flag(&p.initially_deferred),
                pk.loc,
            );
            constraints.push(with_extras(constraint, &p.comment, Some(&p.with), &None));
        } else if let Some((column, _)) = column_key {
            let kind = ConstraintKind::PrimaryKey { columns: vec![column.value.clone()], include: Vec::new() };
            constraints.push(self.constraint(None, kind, false, false, column.loc));
        }
        for (column, c) in spec.columns.iter() {
            if flag(&c.value.0.unique) {
                let kind = ConstraintKind::Unique {
                    columns: vec![column.value.clone()],
                    include: Vec::new(),
                    nulls_not_distinct: false,
                };
                constraints.push(self.constraint(None, kind, false, false, column.loc));
            }
        }
        for unique in &spec.unique {
            let u = &unique.value;
            let kind = ConstraintKind::Unique {
                columns: names(&u.columns),
                include: names(&u.include),
                nulls_not_distinct: flag(&u.nulls_not_distinct),
            };
            let constraint =
                self.constraint(u.name.as_ref(), kind, flag(&u.deferrable), flag(&u.initially_deferred), unique.loc);
            constraints.push(with_extras(constraint, &u.comment, Some(&u.with), &None));
        }
        for (_, c) in spec.columns.iter() {
            if let Some(check_node) = &c.value.0.check {
                let check = &check_node.value.0;
                let definition = check_definition(&check.expression.value, flag(&check.no_inherit));
                let loc = if check.expression.loc == Loc::default() { check_node.loc } else { check.expression.loc };
                let constraint =
                    self.constraint(check.name.as_ref(), ConstraintKind::Check { definition }, false, false, loc);
                constraints.push(with_extras(constraint, &check.comment, None, &check.not_valid));
            }
        }
        for check in &spec.checks {
            let c = &check.value.0;
            let definition = check_definition(&c.expression.value, flag(&c.no_inherit));
            let constraint =
                self.constraint(c.name.as_ref(), ConstraintKind::Check { definition }, false, false, check.loc);
            constraints.push(with_extras(constraint, &c.comment, None, &c.not_valid));
        }
        for (column, c) in spec.columns.iter() {
            if let Some(r) = &c.value.0.references {
                let r = &r.value;
                let fk = self.foreign_key(
                    vec![column.value.clone()],
                    r.schema.as_ref(),
                    &r.table.value,
                    r.column.iter().map(|c| c.value.clone()).collect(),
                    Actions {
                        on_delete: r.on_delete.as_ref(),
                        on_update: r.on_update.as_ref(),
                        match_type: r.match_type.as_ref(),
                    },
                );
                let kind = ConstraintKind::ForeignKey(fk);
                let constraint =
                    self.constraint(r.name.as_ref(), kind, flag(&r.deferrable), flag(&r.initially_deferred), c.loc);
                constraints.push(with_extras(constraint, &r.comment, None, &r.not_valid));
            }
        }
        for foreign_key in &spec.foreign_keys {
            let f = &foreign_key.value;
            let r = &f.references.value;
            let fk = self.foreign_key(
                names(&f.columns),
                r.schema.as_ref(),
                &r.table.value,
                names(&r.columns),
                Actions {
                    on_delete: f.on_delete.as_ref(),
                    on_update: f.on_update.as_ref(),
                    match_type: f.match_type.as_ref(),
                },
            );
            let kind = ConstraintKind::ForeignKey(fk);
            let constraint = self.constraint(
                f.name.as_ref(),
                kind,
                flag(&f.deferrable),
                flag(&f.initially_deferred),
                foreign_key.loc,
            );
            constraints.push(with_extras(constraint, &f.comment, None, &f.not_valid));
        }
        for exclusion in &spec.exclusions {
            let x = &exclusion.value;
            let elements: Vec<String> = x
                .elements
                .iter()
                .map(|e| {
                    let e = &e.value;
                    let mut element = key_expression(e.column.as_ref(), e.expression.as_ref());
                    if let Some(opclass) = &e.opclass {
                        element.push(' ');
                        element.push_str(&qualified_sql(&opclass.value));
                    }
                    format!("{element} WITH {}", e.with.value)
                })
                .collect();
            let method = x.using.as_ref().map_or("gist", |u| u.value.as_str());
            let mut definition = format!("EXCLUDE USING {} ({})", quote_ident(method), elements.join(", "));
            if !x.include.is_empty() {
                definition.push_str(&format!(" INCLUDE ({})", column_list(&names(&x.include))));
            }
            if let Some(predicate) = &x.predicate {
                definition.push_str(&format!(" WHERE ({})", predicate.value));
            }
            let kind = ConstraintKind::Exclusion { definition };
            let constraint =
                self.constraint(x.name.as_ref(), kind, flag(&x.deferrable), flag(&x.initially_deferred), exclusion.loc);
            constraints.push(with_extras(constraint, &x.comment, Some(&x.with), &None));
        }
        let indexes = spec.indexes.iter().map(|(n, i)| self.index(n, &i.value, i.loc)).collect();
        Table {
            name: QualifiedName::new(self.schema, &name.value),
            columns,
            constraints,
            indexes,
            comment: spec.comment.as_ref().map(|c| c.value.clone()),
            options: table_options(spec),
            renamed_from: spec.renamed_from.as_ref().map(|r| r.value.clone()),
            origin: self.at(name.loc),
        }
    }

    fn column(&self, name: &Node<String>, c: &ColumnSpec) -> Column {
        Column {
            name: name.value.clone(),
            data_type: c.data_type.value.clone(),
            not_null: flag(&c.not_null) || flag(&c.primary_key),
            default: c.default.as_ref().map(|d| d.value.0.clone()),
            identity: c.identity.as_ref().map(|i| i.value),
            generated: c.generated.as_ref().map(|g| g.value.clone()),
            collation: c.collation.as_ref().map(|c| qualified_sql(&c.value)),
            comment: c.comment.as_ref().map(|c| c.value.clone()),
            owned_sequence: None,
            statistics: ColumnStatistics {
                target: c.statistics.as_ref().and_then(|s| i32::try_from(s.value).ok()),
                options: parameters(&c.options),
            },
            sequence: c.sequence.as_ref().map(|s| s.value.lower()),
            renamed_from: c.renamed_from.as_ref().map(|r| r.value.clone()),
            using: c.using.as_ref().map(|u| u.value.clone()),
            origin: self.at(name.loc),
            default_origin: c.default.as_ref().and_then(|d| self.at(d.loc)),
        }
    }

    fn constraint(
        &self,
        name: Option<&Node<String>>,
        kind: ConstraintKind,
        deferrable: bool,
        initially_deferred: bool,
        loc: Loc,
    ) -> Constraint {
        Constraint {
            name: name.map(|n| n.value.clone()),
            kind,
            deferrable,
            initially_deferred,
            validated: true,
            comment: None,
            parameters: Parameters::new(),
            key_index: None,
            named: name.is_some(),
            origin: self.at(name.map_or(loc, |n| n.loc)),
        }
    }

    fn foreign_key(
        &self,
        columns: Vec<String>,
        schema: Option<&Node<String>>,
        table: &str,
        mut ref_columns: Vec<String>,
        actions: Actions<'_>,
    ) -> ForeignKey {
        let references = QualifiedName::new(schema.map_or(self.schema, |s| s.value.as_str()), table);
        if ref_columns.is_empty() {
            ref_columns = self.primary_key_of(&references).unwrap_or_default();
        }
        ForeignKey {
            columns,
            references,
            ref_columns,
            on_delete: actions.on_delete.map(|a| a.value).unwrap_or_default(),
            on_update: actions.on_update.map(|a| a.value).unwrap_or_default(),
            match_type: actions.match_type.map(|m| m.value).unwrap_or_default(),
        }
    }

    /// The declared primary key columns of a table, when it is declared.
    fn primary_key_of(&self, table: &QualifiedName) -> Option<Vec<String>> {
        let spec = self.doc.schemas.get(&table.schema)?.tables.get(&table.name)?;
        if let Some(pk) = &spec.primary_key {
            return Some(names(&pk.value.0.columns));
        }
        spec.columns.iter().find(|(_, c)| flag(&c.value.0.primary_key)).map(|(n, _)| vec![n.value.clone()])
    }

    fn index(&self, name: &Node<String>, spec: &IndexSpec, loc: Loc) -> Index {
        let keys: Vec<String> = spec
            .columns
            .iter()
            .map(|key| {
                let k = &key.value.0;
                let mut sql = key_expression(k.column.as_ref(), k.expression.as_ref());
                if let Some(collation) = &k.collation {
                    sql.push_str(&format!(" COLLATE {}", qualified_sql(&collation.value)));
                }
                if let Some(opclass) = &k.opclass {
                    sql.push_str(&format!(" {}", qualified_sql(&opclass.value)));
                }
                if k.order.as_ref().is_some_and(|o| o.value == SortOrder::Desc) {
                    sql.push_str(" DESC");
                }
                match k.nulls.as_ref().map(|n| n.value) {
                    Some(NullsOrder::First) => sql.push_str(" NULLS FIRST"),
                    Some(NullsOrder::Last) => sql.push_str(" NULLS LAST"),
                    None => {}
                }
                sql
            })
            .collect();
        let method = spec.method.as_ref().map_or("btree", |m| m.value.as_str());
        let mut body = format!("{} ({})", quote_ident(method), keys.join(", "));
        if !spec.include.is_empty() {
            body.push_str(&format!(" INCLUDE ({})", column_list(&names(&spec.include))));
        }
        if flag(&spec.nulls_not_distinct) {
            body.push_str(" NULLS NOT DISTINCT");
        }
        if let Some(predicate) = &spec.predicate {
            body.push_str(&format!(" WHERE ({})", predicate.value));
        }
        Index {
            name: name.value.clone(),
            unique: flag(&spec.unique),
            body,
            comment: spec.comment.as_ref().map(|c| c.value.clone()),
            parameters: parameters(&spec.with),
            renamed_from: spec.renamed_from.as_ref().map(|r| r.value.clone()),
            origin: self.at_or(name.loc, loc),
            predicate_origin: spec.predicate.as_ref().and_then(|p| self.at(p.loc)),
        }
    }
}

fn check_definition(expression: &str, no_inherit: bool) -> String {
    let mut definition = format!("CHECK ({expression})");
    if no_inherit {
        definition.push_str(" NO INHERIT");
    }
    definition
}

/// An index or exclusion key: a quoted column, or a parenthesized expression.
fn key_expression(column: Option<&Node<String>>, expression: Option<&Node<String>>) -> String {
    match (column, expression) {
        (Some(c), _) => quote_ident(&c.value),
        (None, Some(e)) => format!("({})", e.value),
        (None, None) => String::new(),
    }
}

/// A possibly schema-qualified object name as written in YAML (`C`, `public.my_coll`) as SQL.
fn qualified_sql(name: &str) -> String {
    match name.split_once('.') {
        Some((schema, object)) => format!("{}.{}", quote_ident(schema), quote_ident(object)),
        None => quote_ident(name),
    }
}

/// The declared transitions, in declaration order.
pub fn transitions(doc: &Document, file: FileId) -> Vec<crate::model::Transition> {
    let tables = |nodes: &[Node<String>]| -> Vec<QualifiedName> {
        nodes
            .iter()
            .filter_map(|n| n.value.split_once('.').map(|(schema, table)| QualifiedName::new(schema, table)))
            .collect()
    };
    doc.transitions
        .iter()
        .map(|(name, t)| crate::model::Transition {
            name: name.value.clone(),
            comment: t.comment.as_ref().map(|c| c.value.clone()),
            when: t.when.value.clone(),
            reads: tables(&t.reads),
            writes: tables(&t.writes),
            sql: t.sql.value.clone(),
            deferred: false,
            origin: Some(Origin { file, loc: name.loc }),
        })
        .collect()
}
