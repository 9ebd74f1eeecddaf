//! A managed schema's `ignore:` list: glob patterns of the names of objects ogel leaves alone.
//!
//! One filter, applied to a catalog right after it is read (the live one in
//! [`crate::reconcile`], the shadow's read-back of the declaration in [`crate::shadow`]): the
//! objects whose names match are taken out of the model, so nothing after it (diff, plan,
//! drift, fingerprint) ever sees them. It goes through [`Schema::take_objects`], which visits
//! every kind of object a schema holds in the model; a new kind adds a variant to [`Object`]
//! and its names there, and is ignored like the rest. What belongs to an object (a table's
//! columns, keys, indexes and the sequences of its serial columns) goes with it, never matched
//! by its own name.
//!
//! What is taken out stays known in three ways: each pattern becomes a note with the number of
//! objects it matches; the names an ignored object takes in its schema are left alone (no step
//! may touch or create under them, see `plan::left_alone`); and a foreign key of an ignored
//! table on a managed one is a dependent of that table, which blocks dropping or retyping what
//! it references, as any foreign key from a table ogel does not manage does.

use crate::introspect::{Dependent, Live, Report};
use crate::model::{Catalog, ConstraintKind, EnumType, QualifiedName, Schema, Table};

/// How many names a pattern's note shows before "and N more".
const SHOWN: usize = 5;

/// Whether `name` matches `pattern`: `*` stands for any run of characters (none too), `?` for
/// exactly one; every other character for itself, case included (as in PostgreSQL's names).
pub fn matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // The last `*` seen, and where in the name its run would end if the rest fails.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                // Let the last `*` take one more character, and go on from there.
                Some((star_p, star_n)) => {
                    star = Some((star_p, star_n + 1));
                    p = star_p + 1;
                    n = star_n + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// An object of a schema as the filter sees it: every kind of object the model holds in a
/// schema.
#[derive(Clone, Debug)]
pub enum Object {
    /// A table, with its columns, keys, indexes and the sequences of its serial columns.
    Table(Table),
    Enum(EnumType),
}

impl Object {
    /// "table"
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Table(_) => "table",
            Object::Enum(_) => "enum",
        }
    }

    pub fn name(&self) -> &QualifiedName {
        match self {
            Object::Table(t) => &t.name,
            Object::Enum(e) => &e.name,
        }
    }

    /// The other names it takes in its schema's namespace of relations, each with its kind: a
    /// table's indexes (its keys' too) and the sequences behind its columns.
    pub fn parts(&self) -> Vec<(&'static str, String)> {
        match self {
            Object::Table(t) => {
                let mut parts: Vec<(&'static str, String)> = Vec::new();
                parts.extend(t.indexes.iter().map(|i| ("index", i.name.clone())));
                parts.extend(t.constraints.iter().filter(|c| c.has_index()).map(|c| ("index", c.name().to_owned())));
                for column in &t.columns {
                    let sequence = column.sequence.as_ref().and_then(|s| s.name.clone());
                    parts.extend(column.owned_sequence.iter().chain(&sequence).map(|s| ("sequence", s.clone())));
                }
                parts.sort();
                parts.dedup();
                parts
            }
            // Types have a namespace of their own.
            Object::Enum(_) => Vec::new(),
        }
    }
}

impl Schema {
    /// Takes out the objects whose (unqualified) names `take` says, of every kind.
    pub fn take_objects(&mut self, mut take: impl FnMut(&str) -> bool) -> Vec<Object> {
        let tables: Vec<String> = self.tables.keys().filter(|name| take(name)).cloned().collect();
        let enums: Vec<String> = self.enums.keys().filter(|name| take(name)).cloned().collect();
        let mut taken: Vec<Object> =
            tables.into_iter().filter_map(|name| self.tables.remove(&name)).map(Object::Table).collect();
        taken.extend(enums.into_iter().filter_map(|name| self.enums.remove(&name)).map(Object::Enum));
        taken
    }
}

impl Catalog {
    /// The declared schema whose `ignore` list holds for a schema read from a database: the
    /// one of that name, else the one renamed from it (the objects move along with the rename).
    pub fn declared_schema(&self, schema: &str) -> Option<&Schema> {
        self.schemas.get(schema).or_else(|| self.schemas.values().find(|s| s.renamed_from.as_deref() == Some(schema)))
    }

    /// The first pattern of the declaration that ignores the object `name`, if one does.
    pub fn ignored_by(&self, name: &QualifiedName) -> Option<&str> {
        let schema = self.declared_schema(&name.schema)?;
        schema.ignore.iter().find(|p| matches(p, &name.name)).map(String::as_str)
    }
}

/// Takes the objects `declared` ignores out of `catalog` (a database's, or the shadow's).
pub fn take(declared: &Catalog, catalog: &mut Catalog) -> Vec<Object> {
    let mut taken = Vec::new();
    for (name, schema) in &mut catalog.schemas {
        let Some(patterns) = declared.declared_schema(name).map(|s| &s.ignore).filter(|p| !p.is_empty()) else {
            continue;
        };
        taken.extend(schema.take_objects(|object| patterns.iter().any(|p| matches(p, object))));
    }
    taken
}

/// A name in a managed schema that belongs to an ignored object: no step may act on it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ignored {
    /// As PostgreSQL prints it, qualified and quoted: `app.schema_migrations`.
    pub name: String,
    /// "table app.schema_migrations", "index app.schema_migrations_pkey of table app.schema_migrations"
    pub what: String,
    /// "`ignore: schema_migrations` of schema app"
    pub by: String,
}

/// Takes the objects the declaration ignores out of what was read of the live database, and
/// records what the rest must know of them: a note per pattern, the names they stand under, and
/// their foreign keys on the tables that stay.
pub fn apply(declared: &Catalog, live: &mut Live) {
    let taken = take(declared, &mut live.catalog);
    for schema in declared.schemas.values() {
        for pattern in &schema.ignore {
            let mut matched: Vec<String> = taken
                .iter()
                .filter(|o| {
                    declared.declared_schema(&o.name().schema).is_some_and(|s| s.name == schema.name)
                        && matches(pattern, &o.name().name)
                })
                .map(|o| format!("{} {}", o.kind(), o.name()))
                .collect();
            matched.sort();
            let note = note(&schema.name, pattern, &matched);
            live.reports.push(Report { listing: note.clone(), note });
        }
    }
    for object in &taken {
        let by = declared.ignored_by(object.name()).unwrap_or_default();
        let schema = declared.declared_schema(&object.name().schema).map_or("", |s| s.name.as_str());
        let by = format!("`ignore: {by}` of schema {}", crate::model::ident::quote_ident(schema));
        let what = format!("{} {}", object.kind(), object.name());
        live.ignored.push(Ignored { name: object.name().sql(), what: what.clone(), by: by.clone() });
        for (kind, part) in object.parts() {
            let name = QualifiedName::new(&object.name().schema, part).sql();
            live.ignored.push(Ignored { what: format!("{kind} {name} of {what}"), name, by: by.clone() });
        }
        let Object::Table(table) = object else { continue };
        for constraint in &table.constraints {
            let ConstraintKind::ForeignKey(fk) = &constraint.kind else { continue };
            if live.catalog.table(&fk.references).is_none() {
                continue;
            }
            let object = format!(
                "foreign key {} on ignored table {}",
                crate::model::ident::quote_ident(constraint.name()),
                table.name
            );
            live.dependents.extend(fk.ref_columns.iter().map(|c| Dependent {
                table: fk.references.clone(),
                column: Some(c.clone()),
                object: object.clone(),
            }));
        }
    }
    // What depends on an ignored table is no one's concern: that table is never dropped.
    live.dependents.retain(|d| live.catalog.table(&d.table).is_some());
    live.dependents.sort();
    live.dependents.dedup();
    live.ignored.sort();
    live.ignored.dedup();
}

/// "ignore pattern tmp_* of schema app matches 2 objects, which ogel leaves as they are: table
/// app.tmp_a, table app.tmp_b"
fn note(schema: &str, pattern: &str, matched: &[String]) -> String {
    let schema = crate::model::ident::quote_ident(schema);
    let head = format!("`ignore: {pattern}` of schema {schema} matches");
    match matched {
        [] => format!("{head} 0 objects"),
        [one] => format!("{head} 1 object, which ogel leaves as it is: {one}"),
        _ => {
            let more = matched.len().saturating_sub(SHOWN);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            let shown = matched[..matched.len().min(SHOWN)].join(", ");
            format!("{head} {} objects, which ogel leaves as they are: {shown}{more}", matched.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        for (pattern, name) in [
            ("schema_migrations", "schema_migrations"),
            ("tmp_*", "tmp_"),
            ("tmp_*", "tmp_abc"),
            ("*", ""),
            ("*", "anything"),
            ("*_old", "users_old"),
            ("a*b*c", "aXXbYYc"),
            ("a*b*c", "abc"),
            ("a*bc", "abcbc"),
            ("t?p", "tmp"),
            ("t?p", "töp"),
            ("??", "ab"),
            ("*x*", "x"),
            ("**", "a"),
            ("Mixed*", "Mixed Case"),
        ] {
            assert!(matches(pattern, name), "{pattern} should match {name}");
        }
        for (pattern, name) in [
            ("schema_migrations", "schema_migrations2"),
            ("schema_migrations", "Schema_migrations"),
            ("tmp_*", "tmp"),
            ("tmp_*", "xtmp_a"),
            ("t?p", "tp"),
            ("t?p", "tmmp"),
            ("a*b*c", "aXXbYY"),
            ("??", "a"),
            ("", "a"),
            ("*_old", "users_older"),
        ] {
            assert!(!matches(pattern, name), "{pattern} should not match {name}");
        }
    }

    #[test]
    fn notes_name_the_pattern_and_count() {
        assert_eq!(note("app", "old_*", &[]), "`ignore: old_*` of schema app matches 0 objects");
        let seven: Vec<String> = (1..=7).map(|i| format!("table app.t{i}")).collect();
        assert_eq!(
            note("app", "t*", &seven),
            "`ignore: t*` of schema app matches 7 objects, which ogel leaves as they are: table app.t1, table app.t2, table app.t3, table app.t4, table app.t5 and 2 more"
        );
    }
}
