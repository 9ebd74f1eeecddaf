//! A look inside SQL expressions without a database: which columns they name.
//!
//! `ogel validate` needs no server, yet should catch `check: stauts IN (...)`. The expression is
//! parsed with sqlparser's PostgreSQL dialect; when it cannot parse one (PostgreSQL accepts more
//! than any parser but its own), nothing is reported here and the server judges it later.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Ident, visit_expressions};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// Bare words that PostgreSQL reads as values, not as column names.
const VALUE_KEYWORDS: &[&str] = &[
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "localtime",
    "localtimestamp",
    "session_user",
    "system_user",
    "user",
];

/// The column names an expression refers to (folded as PostgreSQL folds them), or `None` when
/// the expression could not be parsed here.
pub fn column_refs(expression: &str) -> Option<Vec<String>> {
    let expr = Parser::new(&PostgreSqlDialect {}).try_with_sql(expression).ok()?.parse_expr().ok()?;
    let mut names = Vec::new();
    let _ = visit_expressions(&expr, |e| {
        match e {
            Expr::Identifier(ident) => names.push(fold(ident)),
            // `t.col` or `schema.t.col`: the column is the last part.
            Expr::CompoundIdentifier(parts) => names.extend(parts.last().map(fold)),
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    names.retain(|n| !VALUE_KEYWORDS.contains(&n.as_str()));
    Some(names)
}

fn fold(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::column_refs;

    #[test]
    fn finds_columns_and_skips_functions_types_and_literals() {
        assert_eq!(column_refs("role IN ('owner', 'admin')").unwrap(), ["role"]);
        assert_eq!(
            column_refs("rollout_percentage >= 0 AND rollout_percentage <= 100").unwrap(),
            ["rollout_percentage", "rollout_percentage"]
        );
        assert_eq!(column_refs("expires_at > now()").unwrap(), ["expires_at"]);
        assert_eq!(column_refs("lower(email)").unwrap(), ["email"]);
        assert_eq!(column_refs("status::text <> 'x'::character varying").unwrap(), ["status"]);
        assert_eq!(column_refs("\"Mixed\" > 0").unwrap(), ["Mixed"]);
        assert_eq!(column_refs("created_at < current_timestamp").unwrap(), ["created_at"]);
        assert!(column_refs("deleted_at IS NULL").unwrap() == ["deleted_at"]);
    }

    #[test]
    fn unparsable_expressions_are_left_to_the_server() {
        assert_eq!(column_refs("this is not ) sql"), None);
    }
}
