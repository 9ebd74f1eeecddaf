//! The SQL of constraints: their definitions (as `pg_get_constraintdef` prints them), adding
//! one, changing its deferral, and the comment of a new one.

use super::facet_sql;
use super::sql::comment;
use crate::diff::CommentTarget;
use crate::model::ident::{column_list, quote_ident};
use crate::model::{Constraint, ConstraintKind, MatchType, QualifiedName, RefAction};

/// `ALTER TABLE … ADD` of a constraint, and its comment.
pub fn add(table: &QualifiedName, constraint: &Constraint) -> Vec<String> {
    // `NOT VALID`: existing rows are not checked (declared `not_valid`, or a live constraint
    // added again as it was).
    let not_valid = !constraint.validated
        && matches!(constraint.kind, ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_));
    let mut sql = vec![format!(
        "ALTER TABLE {} ADD {}{}",
        table.sql(),
        constraint_clause(constraint),
        if not_valid { " NOT VALID" } else { "" }
    )];
    sql.extend(comment_of_new(table, constraint));
    sql
}

/// `ALTER CONSTRAINT` to the deferral of `to`.
pub fn alter(table: &QualifiedName, to: &Constraint) -> String {
    format!(
        "ALTER TABLE {} ALTER CONSTRAINT {} {}DEFERRABLE INITIALLY {}",
        table.sql(),
        quote_ident(to.name()),
        if to.deferrable { "" } else { "NOT " },
        if to.initially_deferred { "DEFERRED" } else { "IMMEDIATE" }
    )
}

/// `COMMENT ON CONSTRAINT` of a new constraint that has one (validation requires its name).
pub fn comment_of_new(table: &QualifiedName, constraint: &Constraint) -> Option<String> {
    let (name, text) = (constraint.name.as_ref()?, constraint.comment.as_deref()?);
    Some(comment(&CommentTarget::Constraint { table: table.clone(), name: name.clone() }, Some(text)))
}

/// `CONSTRAINT name definition`, or the bare definition for a constraint PostgreSQL names.
pub fn constraint_clause(constraint: &Constraint) -> String {
    let definition = constraint_definition(constraint);
    match &constraint.name {
        Some(name) => format!("CONSTRAINT {} {definition}", quote_ident(name)),
        None => definition,
    }
}

/// The constraint's definition as SQL, as `pg_get_constraintdef` would print it.
pub fn constraint_definition(constraint: &Constraint) -> String {
    let mut sql = match &constraint.kind {
        ConstraintKind::PrimaryKey { columns, include } => format!(
            "PRIMARY KEY ({}){}{}",
            column_list(columns),
            include_clause(include),
            facet_sql::with_clause(&constraint.parameters)
        ),
        ConstraintKind::Unique { columns, include, nulls_not_distinct } => format!(
            "UNIQUE {}({}){}{}",
            if *nulls_not_distinct { "NULLS NOT DISTINCT " } else { "" },
            column_list(columns),
            include_clause(include),
            facet_sql::with_clause(&constraint.parameters)
        ),
        ConstraintKind::Check { definition } => definition.clone(),
        ConstraintKind::Exclusion { definition } => facet_sql::with_parameters(definition, &constraint.parameters),
        ConstraintKind::ForeignKey(fk) => {
            let mut sql = format!("FOREIGN KEY ({}) REFERENCES {}", column_list(&fk.columns), fk.references.sql());
            if !fk.ref_columns.is_empty() {
                sql.push_str(&format!("({})", column_list(&fk.ref_columns)));
            }
            if fk.match_type == MatchType::Full {
                sql.push_str(" MATCH FULL");
            }
            for (event, action) in [("UPDATE", fk.on_update), ("DELETE", fk.on_delete)] {
                if let Some(words) = action_words(action) {
                    sql.push_str(&format!(" ON {event} {words}"));
                }
            }
            sql
        }
    };
    if constraint.deferrable {
        sql.push_str(" DEFERRABLE");
    }
    if constraint.initially_deferred {
        sql.push_str(" INITIALLY DEFERRED");
    }
    sql
}

fn include_clause(include: &[String]) -> String {
    if include.is_empty() { String::new() } else { format!(" INCLUDE ({})", column_list(include)) }
}

fn action_words(action: RefAction) -> Option<&'static str> {
    match action {
        RefAction::NoAction => None,
        RefAction::Restrict => Some("RESTRICT"),
        RefAction::Cascade => Some("CASCADE"),
        RefAction::SetNull => Some("SET NULL"),
        RefAction::SetDefault => Some("SET DEFAULT"),
    }
}
