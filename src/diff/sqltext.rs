//! Column names inside SQL text that PostgreSQL printed (check and index definitions).
//!
//! PostgreSQL follows a column rename everywhere: after `RENAME COLUMN qty TO quantity` the
//! check `CHECK ((qty > 0))` prints as `CHECK ((quantity > 0))`. To compare a live definition
//! with the declared one before the rename has run, the rename is applied to the live text:
//! identifier by identifier, skipping literals (`'…'`, `E'…'`, `$tag$…$tag$`, numbers),
//! comments, function names (followed by `(`), type names (after `::`) and the parts of
//! qualified names. This is not a normalizer: it only replays a rename the declaration asks for.
//!
//! The tokens are sqlparser's, in its PostgreSQL dialect; each keeps its exact source text, so
//! the text between renamed identifiers is copied unchanged.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Location, Token as SqlToken, TokenWithSpan, Tokenizer};

use crate::model::ident::quote_ident;

/// A piece of SQL text: an identifier (unquoted name, and whether it may be a column) or
/// anything else.
enum Token<'a> {
    Identifier { name: String, text: &'a str, column: bool },
    Other(&'a str),
}

/// The tokens of `sql`. Text the tokenizer cannot read (an unterminated string or quoted name:
/// PostgreSQL never prints one) is one `Other` token: it names no column.
fn tokens(sql: &str) -> Vec<Token<'_>> {
    let Some(spanned) = spanned(sql) else { return vec![Token::Other(sql)] };
    let significant = |t: &SqlToken| !matches!(t, SqlToken::Whitespace(_));
    let mut tokens = Vec::with_capacity(spanned.len());
    let mut previous: Option<&SqlToken> = None;
    for (i, (token, text)) in spanned.iter().enumerate() {
        let SqlToken::Word(word) = token else {
            tokens.push(Token::Other(text));
            if significant(token) {
                previous = Some(token);
            }
            continue;
        };
        let next = spanned[i + 1..].iter().map(|(t, _)| t).find(|t| significant(t));
        let call = matches!(next, Some(SqlToken::LParen));
        let qualified_part = matches!(next, Some(SqlToken::Period)) || matches!(previous, Some(SqlToken::Period));
        let type_name = matches!(previous, Some(SqlToken::DoubleColon));
        let name = match word.quote_style {
            // With unescaping off the value is the text between the quotes as written.
            Some(_) => word.value.replace("\"\"", "\""),
            None => text.to_lowercase(),
        };
        tokens.push(Token::Identifier { name, text, column: !call && !qualified_part && !type_name });
        previous = Some(token);
    }
    tokens
}

/// sqlparser's tokens of `sql`, each with its source text; `None` when the tokenizer refuses
/// the text or its spans do not cover it exactly.
fn spanned(sql: &str) -> Option<Vec<(SqlToken, &str)>> {
    let tokens = Tokenizer::new(&PostgreSqlDialect {}, sql).with_unescape(false).tokenize_with_location().ok()?;
    let mut cursor = Cursor { sql, offset: 0, at: Location::new(1, 1) };
    let mut spanned = Vec::with_capacity(tokens.len());
    for TokenWithSpan { token, span } in tokens {
        let start = cursor.offset;
        if span.start != cursor.at || !cursor.advance_to(span.end) {
            return None;
        }
        spanned.push((token, &sql[start..cursor.offset]));
    }
    (cursor.offset == sql.len()).then_some(spanned)
}

/// A byte offset into SQL text with the line and column sqlparser gives it (1-based, counted
/// in characters, a newline starting the next line).
struct Cursor<'a> {
    sql: &'a str,
    offset: usize,
    at: Location,
}

impl Cursor<'_> {
    fn advance_to(&mut self, end: Location) -> bool {
        while self.at != end {
            let Some(ch) = self.sql[self.offset..].chars().next() else { return false };
            self.offset += ch.len_utf8();
            self.at = if ch == '\n' {
                Location::new(self.at.line + 1, 1)
            } else {
                Location::new(self.at.line, self.at.column + 1)
            };
        }
        true
    }
}

/// `sql` with the columns renamed (old → new).
pub fn rename_columns(sql: &str, renames: &[(&str, &str)]) -> String {
    tokens(sql)
        .into_iter()
        .map(|t| match t {
            Token::Identifier { name, column: true, text } => renames
                .iter()
                .find(|(old, _)| *old == name)
                .map_or_else(|| text.to_owned(), |(_, new)| quote_ident(new)),
            Token::Identifier { text, .. } | Token::Other(text) => text.to_owned(),
        })
        .collect()
}

/// Whether `sql` names the column.
pub fn mentions(sql: &str, column: &str) -> bool {
    tokens(sql).iter().any(|t| matches!(t, Token::Identifier { name, column: true, .. } if name == column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_columns_and_nothing_else() {
        assert_eq!(rename_columns("CHECK ((qty > 0))", &[("qty", "quantity")]), "CHECK ((quantity > 0))");
        assert_eq!(
            rename_columns("btree (lower(email)) WHERE (email <> 'email'::text)", &[("email", "Mail"), ("text", "x")]),
            "btree (lower(\"Mail\")) WHERE (\"Mail\" <> 'email'::text)"
        );
        assert_eq!(
            rename_columns("(lower = public.lower(x))", &[("lower", "l"), ("public", "p")]),
            "(l = public.lower(x))"
        );
        assert_eq!(rename_columns(r#"("it's" > 1)"#, &[("it's", "value")]), "(value > 1)");
    }

    #[test]
    fn finds_mentions() {
        assert!(mentions("CHECK ((total >= 0))", "total"));
        assert!(!mentions("CHECK ((subtotal >= 0))", "total"));
        assert!(!mentions("CHECK ((x = 'total'::text))", "total"));
    }

    #[test]
    fn skips_every_kind_of_literal_and_comment() {
        let r = &[("qty", "n"), ("e5", "x"), ("tag", "t")];
        // E'' strings, where \' does not end the literal.
        assert_eq!(rename_columns(r"(qty <> E'a\' qty')", r), r"(n <> E'a\' qty')");
        // Dollar-quoted strings, tagged or not.
        assert_eq!(rename_columns("(qty = $tag$ qty $tag$ || $$qty$$)", r), "(n = $tag$ qty $tag$ || $$qty$$)");
        // Comments, and a number with an exponent.
        assert_eq!(rename_columns("qty -- qty\n/* qty */ > 1e5", r), "n -- qty\n/* qty */ > 1e5");
        // A standard string keeps its backslash: it does not escape the quote.
        assert_eq!(rename_columns(r"('a\' || qty)", r), r"('a\' || n)");
        // Bit, hex and Unicode strings.
        assert_eq!(rename_columns("(B'01' = X'ff' AND U&'qty' = qty)", r), "(B'01' = X'ff' AND U&'qty' = n)");
    }

    #[test]
    fn keeps_postgresql_operators_and_text_exactly() {
        let sql = "((tags @> ARRAY['a'::text]) AND (r && '[1,2)'::int4range) AND (doc #>> '{a}'::text[]) \
                   ~~* 'x%' AND (ts <-> 'y'::tsvector) IS NOT NULL AND (\"Ünï\"\"q\" >= -1.5e-3) AND ($1 ?| b))";
        assert_eq!(rename_columns(sql, &[]), sql);
        assert_eq!(
            rename_columns(sql, &[("Ünï\"q", "u"), ("tags", "t")]),
            sql.replace("tags", "t").replace("\"Ünï\"\"q\"", "u")
        );
        assert!(mentions(sql, "doc") && mentions(sql, "r") && !mentions(sql, "text") && !mentions(sql, "x%"));
    }

    #[test]
    fn text_it_cannot_read_names_no_column() {
        // PostgreSQL prints no unterminated literal or name; such text is left as it is.
        for sql in ["(qty > 'open", "(\"qty > 0)", "qty /* open", "$a$ qty"] {
            assert_eq!(rename_columns(sql, &[("qty", "n")]), sql);
            assert!(!mentions(sql, "qty"), "{sql}");
        }
    }
}
