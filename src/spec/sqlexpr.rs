//! A look inside SQL expressions without a database: whether they parse, which columns they
//! name.
//!
//! `ogel validate` needs no server, yet should catch `check: stauts IN (...)`. The expression is
//! parsed with sqlparser's PostgreSQL dialect; when it cannot parse one (PostgreSQL accepts more
//! than any parser but its own), that is a warning at most, and the server judges it later.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, visit_expressions};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

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

/// Why sqlparser refuses `expression` as one complete expression; `None` when it parses.
pub fn parse_error(expression: &str) -> Option<String> {
    let complaint = |e: ParserError| match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => "the expression is nested too deeply".to_owned(),
    };
    let mut parser = match Parser::new(&PostgreSqlDialect {}).try_with_sql(expression) {
        Ok(parser) => parser,
        Err(e) => return Some(complaint(e)),
    };
    if let Err(e) = parser.parse_expr() {
        return Some(complaint(e));
    }
    let next = parser.peek_token();
    match next.token {
        Token::EOF => None,
        rest => Some(format!(
            "Expected: end of expression, found: {rest} at Line: {}, Column: {}",
            next.span.start.line, next.span.start.column
        )),
    }
}

/// `name` when `expression` is nothing but one unquoted name, such as `gold`: SQL reads it as a
/// column (words such as `current_user`, `true` and `null` are values, not names).
pub fn bare_name(expression: &str) -> Option<&str> {
    let word = expression.trim();
    let mut chars = word.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
        return None;
    }
    let expr = Parser::new(&PostgreSqlDialect {}).try_with_sql(word).ok()?.parse_expr().ok()?;
    match expr {
        Expr::Identifier(ident)
            if ident.quote_style.is_none() && !VALUE_KEYWORDS.contains(&ident.value.to_lowercase().as_str()) =>
        {
            Some(word)
        }
        _ => None,
    }
}

/// The column names an expression refers to (folded as PostgreSQL folds them), or `None` when
/// the expression could not be parsed here.
pub fn column_refs(expression: &str) -> Option<Vec<String>> {
    let expr = Parser::new(&PostgreSqlDialect {}).try_with_sql(expression).ok()?.parse_expr().ok()?;
    let mut names = Vec::new();
    // Bare words in argument places that the SQL-standard syntax reserves for keywords; the
    // visit is pre-order, so a call is seen before its arguments.
    let mut keywords: Vec<*const Expr> = Vec::new();
    let _ = visit_expressions(&expr, |e| {
        match e {
            Expr::Function(call) => keywords.extend(keyword_argument(call).map(|k| k as *const Expr)),
            Expr::Identifier(_) if keywords.contains(&(e as *const Expr)) => {}
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

/// `NORMALIZE(x, NFKC)`: PostgreSQL's grammar takes only a normal form (NFC, NFD, NFKC, NFKD)
/// as the second argument of the unqualified call, never a column. The other SQL-standard forms
/// with keywords (`EXTRACT(epoch FROM ..)`, `TRIM(LEADING ..)`, `IS NFC NORMALIZED`, `CAST .. AS`,
/// `COLLATE`, `AT TIME ZONE`, `SUBSTRING .. FROM .. FOR`) have their own syntax nodes, whose
/// keywords are not expressions.
fn keyword_argument(call: &Function) -> Option<&Expr> {
    let [name] = call.name.0.as_slice() else { return None };
    let unquoted =
        name.as_ident().is_some_and(|i| i.quote_style.is_none() && i.value.eq_ignore_ascii_case("normalize"));
    let FunctionArguments::List(list) = &call.args else { return None };
    match (unquoted, list.args.as_slice()) {
        (true, [_, FunctionArg::Unnamed(FunctionArgExpr::Expr(form @ Expr::Identifier(i)))])
            if i.quote_style.is_none() =>
        {
            Some(form)
        }
        _ => None,
    }
}

fn fold(ident: &Ident) -> String {
    match ident.quote_style {
        Some(_) => ident.value.clone(),
        None => ident.value.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::{bare_name, column_refs, parse_error};

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
    fn keywords_of_sql_standard_forms_are_not_columns() {
        assert_eq!(column_refs("lower(NORMALIZE(display_name, NFKC))").unwrap(), ["display_name"]);
        assert_eq!(column_refs("normalize(a) || normalize(b, nfd)").unwrap(), ["a", "b"]);
        // A function of the user's own called normalize takes columns.
        assert_eq!(column_refs("app.normalize(a, b)").unwrap(), ["a", "b"]);
        assert_eq!(column_refs("a IS NOT NFKD NORMALIZED").unwrap(), ["a"]);
        assert_eq!(column_refs("EXTRACT(epoch FROM ts)").unwrap(), ["ts"]);
        assert_eq!(column_refs("TRIM(LEADING 'x' FROM col)").unwrap(), ["col"]);
        assert_eq!(column_refs("OVERLAY(col PLACING 'x' FROM 2 FOR 3)").unwrap(), ["col"]);
        assert_eq!(column_refs("POSITION('a' IN col)").unwrap(), ["col"]);
        assert_eq!(column_refs("SUBSTRING(col FROM 1 FOR 2)").unwrap(), ["col"]);
        assert_eq!(column_refs("CAST(col AS integer)").unwrap(), ["col"]);
        assert_eq!(column_refs("(ts AT TIME ZONE 'UTC')").unwrap(), ["ts"]);
        assert_eq!(column_refs("(col)::text COLLATE \"C\"").unwrap(), ["col"]);
    }

    #[test]
    fn unparsable_expressions_are_left_to_the_server() {
        assert_eq!(column_refs("this is not ) sql"), None);
    }

    #[test]
    fn parse_errors() {
        for e in ["total > 0", "now()", "'a'::text", "status IN ('a', 'b')", "lower(email)", "x IS NOT NULL"] {
            assert_eq!(parse_error(e), None, "{e}");
        }
        assert!(parse_error("total >").is_some());
        assert!(parse_error("a b").unwrap().contains("end of expression"), "a second expression after the first");
    }

    #[test]
    fn bare_names() {
        assert_eq!(bare_name("gold"), Some("gold"));
        assert_eq!(bare_name(" Gold_2 "), Some("Gold_2"));
        for e in ["'gold'", "\"gold\"", "now()", "current_user", "CURRENT_TIMESTAMP", "true", "null", "0", "a.b", "é"]
        {
            assert_eq!(bare_name(e), None, "{e}");
        }
    }
}
