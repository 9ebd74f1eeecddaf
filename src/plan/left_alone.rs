//! The promise behind every "not managed by ogel and left as it is" note: no step of a plan
//! acts on an object that the plan reports as left alone.
//!
//! The objects a declaration ignores (see [`crate::ignore`]) are held to the same promise.
//!
//! Checked on every plan, after the steps are made: a step that names such an object (drops it,
//! alters it, renames it, builds on it) is a bug of ogel's, and the plan fails rather than break
//! the promise. A step that would create an object under the name of one that is left alone (a
//! declared table where a partitioned table of that name stands) fails too, as the user's to fix.
//! Notes about a property of an object ogel does manage (`row-level security public.t`) are not
//! objects left alone: the object itself is in the model.

use super::{Step, sequence_sql};
use crate::diff::enum_type::EnumChange;
use crate::diff::{Change, CommentTarget};
use crate::error::Error;
use crate::introspect::Live;
use crate::model::QualifiedName;
use crate::model::ident::quote_ident;

/// The objects a change names, as PostgreSQL prints their names (`schema.relation`, qualified
/// and quoted): the tables and indexes it creates, changes, drops or writes, and the schema it
/// renames.
pub fn named_objects(change: &Change) -> Vec<String> {
    let index = |schema: &str, name: &str| QualifiedName::new(schema, name).sql();
    match change {
        Change::AddSchema { name, .. } => vec![quote_ident(name)],
        Change::RenameSchema { from, to } => vec![quote_ident(from), quote_ident(to)],
        Change::AddExtension(_) | Change::AlterExtension { .. } | Change::RunTransition(_) => Vec::new(),
        Change::AddTable(t) => {
            let mut named = vec![t.name.sql()];
            named.extend(t.columns.iter().flat_map(|c| new_sequences(&t.name, c)));
            named
        }
        Change::DropTable(t) => vec![t.name.sql()],
        Change::RenameTable { table, to } => vec![table.sql(), QualifiedName::new(&table.schema, to).sql()],
        Change::AddColumn { table, column } => {
            let mut named = vec![table.sql()];
            named.extend(new_sequences(table, column));
            named
        }
        Change::AlterTable { table, .. }
        | Change::DropColumn { table, .. }
        | Change::AlterColumn { table, .. }
        | Change::RenameColumn { table, .. } => vec![table.sql()],
        Change::AddConstraint { table, constraint, .. }
        | Change::DropConstraint { table, constraint, .. }
        | Change::ValidateConstraint { table, constraint }
        | Change::AlterConstraint { table, to: constraint, .. } => {
            let mut named = vec![table.sql()];
            if constraint.has_index() {
                named.push(index(&table.schema, constraint.name()));
            }
            named
        }
        Change::AddIndex { table, index: i } | Change::DropIndex { table, index: i } => {
            vec![table.sql(), index(&table.schema, &i.name)]
        }
        Change::ReplaceIndex { table, from, to } => {
            vec![table.sql(), index(&table.schema, &from.name), index(&table.schema, &to.name)]
        }
        Change::AlterIndex { table, name, .. } => vec![table.sql(), index(&table.schema, name)],
        Change::RenameIndex { schema, from, to } => vec![index(schema, from), index(schema, to)],
        Change::SetComment { target, .. } => match target {
            CommentTarget::Schema { name } => vec![quote_ident(name)],
            CommentTarget::Table { table }
            | CommentTarget::Column { table, .. }
            | CommentTarget::Constraint { table, .. } => vec![table.sql()],
            CommentTarget::Index { schema, name } => vec![index(schema, name)],
            CommentTarget::Type { name } => vec![name.sql()],
        },
        Change::SeedRows(s) | Change::DeleteRows(s) => vec![s.seeds.table.sql()],
        Change::Enum(e) => e.named(),
    }
}

/// The sequences a new serial or identity column makes (PostgreSQL's name for them is taken
/// for granted by the statements that follow: a relation standing under it must not be touched).
fn new_sequences(table: &QualifiedName, column: &crate::model::Column) -> Vec<String> {
    sequence_sql::new_sequence_names(table, column)
        .into_iter()
        .map(|n| QualifiedName::new(&table.schema, n).sql())
        .collect()
}

/// An object a plan must not act on: its name, what it is, and why it is left alone.
struct LeftAlone<'a> {
    name: &'a str,
    what: String,
    /// "ogel does not manage it", "`ignore: tmp_*` of schema app ignores it"
    why: String,
    help: &'static str,
}

/// Fails when a step names an object that `live` reports as left alone, or that the
/// declaration ignores.
pub fn check(steps: &[Step], live: &Live) -> Result<(), Error> {
    // A note about a schema or table that is in the model is about a property of it.
    let modeled = |name: &str| {
        live.catalog.schemas.keys().any(|s| quote_ident(s) == name)
            || live.catalog.tables().any(|t| t.name.sql() == name)
    };
    let mut left_alone: Vec<LeftAlone> = live
        .unmodeled
        .iter()
        .filter(|u| !modeled(&u.name))
        .map(|u| LeftAlone {
            name: &u.name,
            what: format!("{} {}", u.kind, u.name),
            why: "ogel does not manage it".to_owned(),
            help: "rename the declared object, or drop or rename the existing one by hand",
        })
        .collect();
    left_alone.extend(live.ignored.iter().map(|i| LeftAlone {
        name: &i.name,
        what: i.what.clone(),
        why: format!("{} ignores it", i.by),
        help: "rename the declared object, or change the ignore pattern and let ogel manage (or drop) the existing one",
    }));
    for step in steps {
        let named = named_objects(&step.change);
        let Some(object) = left_alone.iter().find(|u| named.iter().any(|n| n == u.name)) else { continue };
        if created(&step.change).iter().any(|c| c == object.name) {
            return Err(Error::with_help(
                format!(
                    "{} would create {}, but {} stands there and {}",
                    step.title(),
                    object.name,
                    object.what,
                    object.why
                ),
                object.help,
            ));
        }
        return Err(Error::failed(format!(
            "internal: {} touches {}, which is reported as left alone; the plan is refused (please report this)",
            step.title(),
            object.what
        )));
    }
    Ok(())
}

/// The names of the relations or schema a change creates.
fn created(change: &Change) -> Vec<String> {
    match change {
        Change::AddSchema { name, .. } => vec![quote_ident(name)],
        Change::AddTable(_) | Change::Enum(EnumChange::Create(_)) => named_objects(change),
        Change::AddColumn { table, column } => new_sequences(table, column),
        Change::AddIndex { table, index } => vec![QualifiedName::new(&table.schema, &index.name).sql()],
        Change::AddConstraint { table, constraint, .. } if constraint.has_index() => {
            vec![QualifiedName::new(&table.schema, constraint.name()).sql()]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::introspect::Unmodeled;
    use crate::model::{Index, Schema, Table};

    fn table(name: &str) -> Table {
        Table {
            name: QualifiedName::new("public", name),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            options: Default::default(),
            renamed_from: None,
            origin: None,
        }
    }

    fn live(tables: &[&str], unmodeled: &[(&str, &str)]) -> Live {
        let mut live = Live::default();
        let tables = tables.iter().map(|t| (t.to_string(), table(t))).collect();
        let schema = Schema {
            name: "public".into(),
            comment: None,
            tables,
            enums: Default::default(),
            renamed_from: None,
            ignore: Vec::new(),
            origin: None,
        };
        live.catalog.schemas.insert("public".into(), schema);
        live.unmodeled =
            unmodeled.iter().map(|(kind, name)| Unmodeled { kind: kind.to_string(), name: name.to_string() }).collect();
        live
    }

    fn step(change: Change) -> Step {
        Step { number: 1, phase: crate::plan::Phase::of(&change), change, statements: Vec::new(), hazards: Vec::new() }
    }

    fn index(name: &str) -> Index {
        Index {
            name: name.into(),
            unique: false,
            body: "btree (id)".into(),
            comment: None,
            parameters: Default::default(),
            renamed_from: None,
            origin: None,
            predicate_origin: None,
        }
    }

    #[test]
    fn a_step_on_an_object_left_alone_fails_the_plan() {
        let live = live(&["t"], &[("materialized view", "public.\"Totals\"")]);
        let drop = step(Change::DropIndex { table: QualifiedName::new("public", "t"), index: index("Totals") });
        let message = check(&[drop], &live).unwrap_err().to_string();
        assert!(
            message.starts_with(
                "internal: step 1 (drop index public.\"Totals\") touches materialized view public.\"Totals\""
            ),
            "{message}"
        );
    }

    #[test]
    fn creating_under_the_name_of_an_object_left_alone_is_the_users_to_fix() {
        let live = live(&[], &[("partitioned table", "public.events")]);
        let message = check(&[step(Change::AddTable(table("events")))], &live).unwrap_err().to_string();
        assert!(
            message.contains("would create public.events, but partitioned table public.events stands there"),
            "{message}"
        );
    }

    #[test]
    fn notes_on_a_property_of_a_managed_table_are_not_objects_left_alone() {
        let live = live(&["t"], &[("row-level security", "public.t"), ("trigger", "audit on public.t")]);
        let add = step(Change::AddIndex { table: QualifiedName::new("public", "t"), index: index("t_idx") });
        assert!(check(&[add, step(Change::DropTable(table("t")))], &live).is_ok());
    }
}
