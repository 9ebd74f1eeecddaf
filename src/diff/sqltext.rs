//! Column names inside SQL text that PostgreSQL printed (check and index definitions).
//!
//! PostgreSQL follows a column rename everywhere: after `RENAME COLUMN qty TO quantity` the
//! check `CHECK ((qty > 0))` prints as `CHECK ((quantity > 0))`. To compare a live definition
//! with the declared one before the rename has run, the rename is applied to the live text:
//! identifier by identifier, skipping string literals, function names (followed by `(`), type
//! names (after `::`) and the parts of qualified names. This is not a normalizer: it only
//! replays a rename the declaration asks for.

use crate::model::ident::quote_ident;

/// A piece of SQL text: an identifier (unquoted name, and whether it may be a column) or
/// anything else.
enum Token<'a> {
    Identifier { name: String, text: &'a str, column: bool },
    Other(&'a str),
}

fn tokens(sql: &str) -> Vec<Token<'_>> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut previous_significant = String::new();
    while i < bytes.len() {
        let c = bytes[i] as char;
        let start = i;
        if c == '\'' {
            // A string literal; '' inside it is a quote.
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'\'' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            tokens.push(Token::Other(&sql[start..i]));
            previous_significant = "'".into();
            continue;
        }
        let identifier = if c == '"' {
            let mut name = String::new();
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'"' {
                        name.push('"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                let ch = sql[i..].chars().next().unwrap();
                name.push(ch);
                i += ch.len_utf8();
            }
            Some(name)
        } else if c.is_ascii_alphabetic() || c == '_' || !c.is_ascii() {
            while i < bytes.len() {
                let ch = sql[i..].chars().next().unwrap();
                if ch.is_alphanumeric() || ch == '_' || ch == '$' {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            Some(sql[start..i].to_lowercase())
        } else {
            None
        };
        match identifier {
            Some(name) => {
                let rest = sql[i..].trim_start();
                let call = rest.starts_with('(');
                let qualified_part = rest.starts_with('.') || previous_significant == ".";
                let type_name = previous_significant == "::";
                tokens.push(Token::Identifier {
                    name,
                    text: &sql[start..i],
                    column: !call && !qualified_part && !type_name,
                });
                previous_significant = "identifier".into();
            }
            None => {
                let ch = sql[i..].chars().next().unwrap();
                i += ch.len_utf8();
                if sql[start..].starts_with("::") {
                    i = start + 2;
                    previous_significant = "::".into();
                } else if !ch.is_whitespace() {
                    previous_significant = ch.to_string();
                }
                tokens.push(Token::Other(&sql[start..i]));
            }
        }
    }
    tokens
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
}
