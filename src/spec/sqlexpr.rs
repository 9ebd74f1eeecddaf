//! A look inside SQL expressions without a database: whether they parse, which columns they
//! name.
//!
//! `ogel validate` needs no server, yet should catch `check: stauts IN (...)`. The expression is
//! parsed with sqlparser's PostgreSQL dialect; when it cannot parse one (PostgreSQL accepts more
//! than any parser but its own), that is a warning at most, and the server judges it later.

use sqlparser::ast::{Array, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, InTarget};
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
/// the expression could not be parsed here or holds a form this walk does not know (a subquery,
/// a window): then the server judges it, and no name is reported that might not be a column.
pub fn column_refs(expression: &str) -> Option<Vec<String>> {
    let expr = Parser::new(&PostgreSqlDialect {}).try_with_sql(expression).ok()?.parse_expr().ok()?;
    let mut names = Vec::new();
    walk(&expr, &mut names)?;
    names.retain(|n| !VALUE_KEYWORDS.contains(&n.as_str()));
    Some(names)
}

/// Collects the column names of `expr` in reading order; `None` for a form it does not know.
/// Written by hand over the forms a check, default or index expression uses, rather than with
/// sqlparser's `visitor` feature, whose derived code cost 15 s of a release build.
fn walk(expr: &Expr, names: &mut Vec<String>) -> Option<()> {
    let all = |exprs: &[&Expr], names: &mut Vec<String>| exprs.iter().try_for_each(|e| walk(e, names));
    match expr {
        Expr::Identifier(ident) => names.push(fold(ident)),
        // `t.col` or `schema.t.col`: the column is the last part.
        Expr::CompoundIdentifier(parts) => names.extend(parts.last().map(fold)),
        Expr::Value(_) | Expr::TypedString(_) => {}
        Expr::IsFalse(e)
        | Expr::IsNotFalse(e)
        | Expr::IsTrue(e)
        | Expr::IsNotTrue(e)
        | Expr::IsNull(e)
        | Expr::IsNotNull(e)
        | Expr::IsUnknown(e)
        | Expr::IsNotUnknown(e)
        | Expr::Nested(e)
        | Expr::UnaryOp { expr: e, .. }
        | Expr::Cast { expr: e, .. }
        | Expr::Collate { expr: e, .. }
        | Expr::Extract { expr: e, .. }
        | Expr::Ceil { expr: e, .. }
        | Expr::Floor { expr: e, .. }
        | Expr::IsNormalized { expr: e, .. }
        | Expr::IsJson { expr: e, .. } => walk(e, names)?,
        Expr::Interval(i) => walk(&i.value, names)?,
        Expr::IsDistinctFrom(a, b)
        | Expr::IsNotDistinctFrom(a, b)
        | Expr::BinaryOp { left: a, right: b, .. }
        | Expr::AnyOp { left: a, right: b, .. }
        | Expr::AllOp { left: a, right: b, .. }
        | Expr::AtTimeZone { timestamp: a, time_zone: b }
        | Expr::Position { expr: a, r#in: b }
        | Expr::RLike { expr: a, pattern: b, .. } => all(&[a, b], names)?,
        Expr::Like { expr, pattern, escape_char, .. }
        | Expr::ILike { expr, pattern, escape_char, .. }
        | Expr::SimilarTo { expr, pattern, escape_char, .. } => {
            all(&[expr, pattern], names)?;
            escape_char.iter().try_for_each(|e| walk(e, names))?;
        }
        Expr::Between { expr, low, high, .. } => all(&[expr, low, high], names)?,
        Expr::In { expr, target: InTarget::List(list), .. } => {
            walk(expr, names)?;
            list.iter().try_for_each(|e| walk(e, names))?;
        }
        Expr::Substring { expr, substring_from, substring_for, .. } => {
            walk(expr, names)?;
            substring_from.iter().chain(substring_for).try_for_each(|e| walk(e, names))?;
        }
        Expr::Trim { expr, trim_what, trim_characters, .. } => {
            trim_what.iter().try_for_each(|e| walk(e, names))?;
            walk(expr, names)?;
            trim_characters.iter().flatten().try_for_each(|e| walk(e, names))?;
        }
        Expr::Overlay { expr, overlay_what, overlay_from, overlay_for } => {
            all(&[expr, overlay_what, overlay_from], names)?;
            overlay_for.iter().try_for_each(|e| walk(e, names))?;
        }
        Expr::Case { operand, conditions, else_result, .. } => {
            operand.iter().try_for_each(|e| walk(e, names))?;
            conditions.iter().try_for_each(|w| all(&[&w.condition, &w.result], names))?;
            else_result.iter().try_for_each(|e| walk(e, names))?;
        }
        Expr::Tuple(list) | Expr::Array(Array { elem: list, .. }) => list.iter().try_for_each(|e| walk(e, names))?,
        Expr::Function(call) => function(call, names)?,
        _ => return None,
    }
    Some(())
}

/// A call's arguments; `None` for a call with a window, filter, ordered set or subquery.
fn function(call: &Function, names: &mut Vec<String>) -> Option<()> {
    if call.over.is_some() || call.filter.is_some() || !call.within_group.is_empty() {
        return None;
    }
    let args = match &call.args {
        FunctionArguments::None => return Some(()),
        FunctionArguments::List(list) if list.clauses.is_empty() => &list.args,
        _ => return None,
    };
    let keyword = keyword_argument(call);
    for arg in args {
        let (FunctionArg::Unnamed(arg) | FunctionArg::Named { arg, .. }) = arg else { return None };
        match arg {
            FunctionArgExpr::Expr(e) if keyword.is_some_and(|k| std::ptr::eq(k, e)) => {}
            FunctionArgExpr::Expr(e) => walk(e, names)?,
            _ => return None,
        }
    }
    Some(())
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
        assert_eq!(
            column_refs("CASE WHEN a BETWEEN lo AND hi THEN x ELSE coalesce(y, 0) END IS NOT NULL").unwrap(),
            ["a", "lo", "hi", "x", "y"]
        );
        assert_eq!(
            column_refs("name ILIKE pattern OR tags @> ARRAY[tag] OR k IN (1, j)").unwrap(),
            ["name", "pattern", "tags", "tag", "k", "j"]
        );
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
        // Forms the walk does not know are left to the server too, never half-read.
        assert_eq!(column_refs("a > (SELECT max(b) FROM t)"), None);
        assert_eq!(column_refs("count(*) OVER (PARTITION BY a) > 0"), None);
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
