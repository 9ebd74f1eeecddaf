//! Declared SQL is exactly what it claims to be: one expression, one type name, one operator.
//!
//! The declaration is untrusted input (pull requests write it), and its SQL fragments are set
//! into statements ogel generates: `CHECK (...)`, `DEFAULT (...)`, `SELECT (...)::boolean`. A
//! fragment that closes the parenthesis around it, ends the statement or comments out the rest
//! could make that statement something else. This is a lexical check, without a database: it
//! follows PostgreSQL's quoting rules (strings with `''`, `E'...'` with backslash escapes,
//! quoted identifiers, dollar quoting) and reports the first token that lets a fragment leave
//! its place. Whether the fragment is valid SQL is the server's to say, in the shadow database.
//! Independently of this check, statements are sent one at a time through the extended
//! protocol, which refuses a second command.
//!
//! An expression that passes is then parsed with sqlparser (see [`super::sqlexpr`]). What it
//! refuses is a warning, since PostgreSQL's grammar is wider than sqlparser's, unless the
//! expression is certainly incomplete by PostgreSQL's rules too ([`incomplete`]): it ends with
//! an operator or a keyword that needs an operand (`total >`, `a AND`), has an empty item
//! between commas (`f(a,)`), or a `CASE` without its `END`. Those are errors.

mod incomplete;

use super::diagnostic::{Origin, Problem};
use incomplete::syntax_problem;

/// What a fragment must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// One SQL expression (a default, check, index key or predicate, `when`, `!sql`).
    Expression,
    /// One type name: `integer`, `numeric(10,2)`, `timestamp(3) with time zone`,
    /// `public.citext[]`, `geometry(Point, 4326)`.
    TypeName,
    /// One operator of an exclusion constraint: `=`, `&&`, `OPERATOR(public.===)`.
    Operator,
}

/// Why a fragment is not what it claims to be: the byte offset of the offending text and
/// what was found there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flaw {
    pub offset: usize,
    pub found: String,
}

impl Flaw {
    fn at(offset: usize, found: impl Into<String>) -> Flaw {
        Flaw { offset, found: found.into() }
    }
}

/// The problem of a declared fragment that is not what it must be, at the YAML value `at`;
/// `what` names the field ("the default of column `status`"). For an expression that is one
/// fragment but not SQL that sqlparser reads, a warning, or an error where it is certainly
/// incomplete.
pub fn problem(text: &str, kind: Fragment, what: &str, at: Origin) -> Option<Problem> {
    let Err(flaw) = check(text, kind) else {
        return if kind == Fragment::Expression { syntax_problem(text, what, at) } else { None };
    };
    let expected = match kind {
        Fragment::Expression => "one SQL expression",
        Fragment::TypeName => "one type name",
        Fragment::Operator => "one operator",
    };
    let excerpt: String = text[flaw.offset..].chars().take(24).collect();
    let shown = if excerpt.is_empty() { String::new() } else { format!(" (from `{excerpt}`)") };
    Some(
        Problem::at(at, format!("{what} must be {expected}, but it has {}{shown}", flaw.found), "not one SQL fragment")
            .help(match kind {
                Fragment::Expression => "write a single expression, without `;` or comments and with balanced parentheses and quotes; several statements belong in a transition's `sql`",
                Fragment::TypeName => "write just the type, e.g. `numeric(10,2)`, `timestamptz`, `public.citext[]`; defaults and constraints have keys of their own",
                Fragment::Operator => "write the operator, e.g. `=` or `&&`, or `OPERATOR(schema.op)`",
            }),
    )
}

/// Checks `text` against what it must be.
pub fn check(text: &str, kind: Fragment) -> Result<(), Flaw> {
    if text.trim().is_empty() {
        return Err(Flaw::at(0, "nothing"));
    }
    // The first flaw in the text wins: a `)` that breaks out comes before the comment that
    // would hide the rest.
    let (tokens, lexical) = tokenize(text);
    let structural = match kind {
        Fragment::Expression => expression(&tokens, lexical.is_none()),
        Fragment::TypeName => type_name(&tokens),
        Fragment::Operator if lexical.is_none() => operator(text, &tokens),
        Fragment::Operator => Ok(()),
    };
    match (structural, lexical) {
        (Err(s), Some(l)) if l.offset < s.offset => Err(l),
        (Err(s), _) => Err(s),
        (Ok(()), Some(l)) => Err(l),
        (Ok(()), None) => Ok(()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A bare word: keyword or identifier.
    Word,
    /// `"..."`
    QuotedIdent,
    /// `'...'`, `E'...'`, `$tag$...$tag$`, `B'...'`, `X'...'`
    Literal,
    Number,
    /// `$1`
    Param,
    /// One punctuation character: `( ) [ ] , . ; :`
    Punct(char),
    /// A run of operator characters.
    Op,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    offset: usize,
}

const OPERATOR_CHARS: &str = "+-*/<>=~!@#%^&|`?";

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// Splits `text` into tokens as PostgreSQL's lexer would: the tokens up to the first comment or
/// string left open, and that flaw.
fn tokenize(text: &str) -> (Vec<Token<'_>>, Option<Flaw>) {
    let mut tokens = Vec::new();
    let flaw = tokens_into(text, &mut tokens).err();
    (tokens, flaw)
}

fn tokens_into<'a>(text: &'a str, tokens: &mut Vec<Token<'a>>) -> Result<(), Flaw> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let next = bytes.get(i + 1).copied().map(char::from);
        let kind = if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        } else if c == '-' && next == Some('-') {
            return Err(Flaw::at(i, "a comment (`--`)"));
        } else if c == '/' && next == Some('*') {
            return Err(Flaw::at(i, "a comment (`/*`)"));
        } else if c == '\'' {
            i = string_end(text, i, false)?;
            Kind::Literal
        } else if matches!(c, 'e' | 'E') && next == Some('\'') {
            i = string_end(text, i + 1, true)?;
            Kind::Literal
        } else if matches!(c, 'b' | 'B' | 'x' | 'X' | 'n' | 'N') && next == Some('\'') {
            i = string_end(text, i + 1, false)?;
            Kind::Literal
        } else if matches!(c, 'u' | 'U') && text[i + 1..].starts_with("&'") {
            i = string_end(text, i + 2, false)?;
            Kind::Literal
        } else if matches!(c, 'u' | 'U') && text[i + 1..].starts_with("&\"") {
            i = quoted_ident_end(text, i + 2)?;
            Kind::QuotedIdent
        } else if c == '"' {
            i = quoted_ident_end(text, i)?;
            Kind::QuotedIdent
        } else if c == '$' && next.is_some_and(|n| n.is_ascii_digit()) {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            Kind::Param
        } else if c == '$' {
            i = dollar_quote_end(text, i)?;
            Kind::Literal
        } else if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            i = number_end(text, i);
            Kind::Number
        } else if is_word_start(c) {
            i += c.len_utf8();
            while let Some(c) = text[i..].chars().next().filter(|c| is_word_char(*c)) {
                i += c.len_utf8();
            }
            Kind::Word
        } else if OPERATOR_CHARS.contains(c) {
            while let Some(c) = text[i..].chars().next().filter(|c| OPERATOR_CHARS.contains(*c)) {
                // A comment start inside an operator run is still a comment.
                if text[i..].starts_with("--") || text[i..].starts_with("/*") {
                    break;
                }
                i += c.len_utf8();
            }
            if i == start {
                continue;
            }
            Kind::Op
        } else if "()[],.;:".contains(c) {
            i += 1;
            Kind::Punct(c)
        } else {
            return Err(Flaw::at(i, format!("the character `{c}`")));
        };
        tokens.push(Token { kind, text: &text[start..i], offset: start });
    }
    Ok(())
}

/// The end of a string literal whose opening quote is at `open`.
fn string_end(text: &str, open: usize, backslash_escapes: bool) -> Result<usize, Flaw> {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash_escapes => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\'' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(Flaw::at(open, "an unterminated string literal"))
}

fn quoted_ident_end(text: &str, open: usize) -> Result<usize, Flaw> {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if bytes.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(Flaw::at(open, "an unterminated quoted identifier"))
}

/// `$tag$ ... $tag$`; a `$` that does not open a dollar quote is refused.
fn dollar_quote_end(text: &str, open: usize) -> Result<usize, Flaw> {
    let rest = &text[open + 1..];
    let tag_len = rest.find('$').filter(|&n| rest[..n].chars().all(|c| c.is_alphanumeric() || c == '_'));
    let Some(tag_len) = tag_len.filter(|&n| !rest[..n].starts_with(|c: char| c.is_ascii_digit())) else {
        return Err(Flaw::at(open, "a `$` that opens no dollar quote"));
    };
    let delimiter = &text[open..open + tag_len + 2];
    let body = open + delimiter.len();
    match text[body..].find(delimiter) {
        Some(end) => Ok(body + end + delimiter.len()),
        None => Err(Flaw::at(open, format!("an unterminated dollar-quoted string (`{delimiter}`)"))),
    }
}

fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_') {
        // An exponent's sign: 1e-5.
        if matches!(bytes[i], b'e' | b'E') && matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
            i += 1;
        }
        i += 1;
    }
    i
}

/// Brackets balance and never close below the level the fragment started at; nothing ends the
/// statement; nothing separates a second item at the outer level. Brackets left open count only
/// when the tokens are `complete`.
fn expression(tokens: &[Token<'_>], complete: bool) -> Result<(), Flaw> {
    let mut open: Vec<Token<'_>> = Vec::new();
    for token in tokens {
        match token.kind {
            Kind::Punct(';') => return Err(Flaw::at(token.offset, "a `;`, which would end the statement")),
            Kind::Punct('(' | '[') => open.push(*token),
            Kind::Punct(c @ (')' | ']')) => {
                let opener = if c == ')' { "(" } else { "[" };
                match open.pop() {
                    Some(o) if o.text == opener => {}
                    Some(o) => {
                        return Err(Flaw::at(
                            token.offset,
                            format!("a `{c}` that does not close the `{}` before it", o.text),
                        ));
                    }
                    None => {
                        return Err(Flaw::at(
                            token.offset,
                            format!("an unbalanced `{c}`, which closes more than the fragment opened"),
                        ));
                    }
                }
            }
            Kind::Punct(',') if open.is_empty() => {
                return Err(Flaw::at(token.offset, "a `,` outside parentheses, which would start a second item"));
            }
            _ => {}
        }
    }
    match open.last() {
        Some(o) if complete => Err(Flaw::at(o.offset, format!("a `{}` that is never closed", o.text))),
        _ => Ok(()),
    }
}

/// Words that may follow the first word of a type name (`double precision`, `character
/// varying`, `timestamp with time zone`, `interval day to second`, `integer array`).
const TYPE_WORDS: &[&str] = &[
    "precision",
    "varying",
    "with",
    "without",
    "time",
    "zone",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "to",
    "array",
    "character",
    "char",
];

/// Names, dots, a parenthesized list of modifiers, array brackets, and the few keywords of
/// multi-word types.
fn type_name(tokens: &[Token<'_>]) -> Result<(), Flaw> {
    let mut i = 0;
    let mut words = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t.kind {
            Kind::Word => {
                let continuation = TYPE_WORDS.iter().any(|w| t.text.eq_ignore_ascii_case(w));
                let after_dot = i > 0 && tokens[i - 1].kind == Kind::Punct('.');
                if words > 0 && !continuation && !after_dot {
                    return Err(Flaw::at(t.offset, format!("`{}`, which is not part of a type name", t.text)));
                }
                words += 1;
            }
            Kind::QuotedIdent => words += 1,
            Kind::Punct('.') if words > 0 => {}
            Kind::Punct('(') if words > 0 => {
                i = modifiers(tokens, i)?;
                continue;
            }
            Kind::Punct('[') if words > 0 => {
                let size = matches!(tokens.get(i + 1), Some(t) if t.kind == Kind::Number);
                let close = i + 1 + usize::from(size);
                if !matches!(tokens.get(close), Some(t) if t.kind == Kind::Punct(']')) {
                    return Err(Flaw::at(t.offset, "a `[` that is not an array bound (`[]` or `[10]`)"));
                }
                i = close + 1;
                continue;
            }
            _ => return Err(Flaw::at(t.offset, format!("`{}`, which is not part of a type name", t.text))),
        }
        i += 1;
    }
    Ok(())
}

/// A type's modifiers `( ... )` starting at `open`: numbers, names and string literals
/// separated by commas. Returns the index after the `)`.
fn modifiers(tokens: &[Token<'_>], open: usize) -> Result<usize, Flaw> {
    let mut i = open + 1;
    loop {
        match tokens.get(i) {
            Some(t) if matches!(t.kind, Kind::Number | Kind::Word | Kind::QuotedIdent | Kind::Literal) => i += 1,
            Some(t) if t.kind == Kind::Op && t.text == "-" => i += 1,
            Some(t) => return Err(Flaw::at(t.offset, format!("`{}`, which is not a type modifier", t.text))),
            None => return Err(Flaw::at(tokens[open].offset, "a `(` that is never closed")),
        }
        match tokens.get(i) {
            Some(t) if t.kind == Kind::Punct(',') => i += 1,
            Some(t) if t.kind == Kind::Punct(')') => return Ok(i + 1),
            Some(t) => return Err(Flaw::at(t.offset, format!("`{}`, which is not a type modifier", t.text))),
            None => return Err(Flaw::at(tokens[open].offset, "a `(` that is never closed")),
        }
    }
}

/// An operator symbol, or `OPERATOR(schema.symbol)`.
fn operator(text: &str, tokens: &[Token<'_>]) -> Result<(), Flaw> {
    match tokens {
        [one] if one.kind == Kind::Op => Ok(()),
        [word, open, rest @ .., close]
            if word.kind == Kind::Word
                && word.text.eq_ignore_ascii_case("operator")
                && open.kind == Kind::Punct('(')
                && close.kind == Kind::Punct(')') =>
        {
            let name_ok = match rest {
                [op] => op.kind == Kind::Op,
                [schema, dot, op] => {
                    matches!(schema.kind, Kind::Word | Kind::QuotedIdent)
                        && dot.kind == Kind::Punct('.')
                        && op.kind == Kind::Op
                }
                _ => false,
            };
            if name_ok { Ok(()) } else { Err(Flaw::at(open.offset, "an `OPERATOR(...)` that names no operator")) }
        }
        _ => {
            let first = tokens.iter().find(|t| t.kind != Kind::Op).map_or(0, |t| t.offset);
            Err(Flaw::at(first, format!("`{}`, which is not an operator", text.trim())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::incomplete::incomplete;
    use super::{Fragment, check};

    fn found(text: &str, kind: Fragment) -> String {
        check(text, kind).unwrap_err().found
    }

    #[test]
    fn real_expressions_pass() {
        for e in [
            "now()",
            "'active'",
            "'it''s'::text",
            "E'a\\'b'",
            "$$x;y$$",
            "$body$ ) $body$",
            "role IN ('owner', 'admin')",
            "uuid_generate_v4()",
            "\"Mixed\" > 0 AND x <> ALL (ARRAY[1, 2])",
            "(a)::numeric(10,2) >= 0.5e-3",
            "lower(NORMALIZE(display_name, NFKC))",
            "deleted",
            "arr[1:2] && '{1}'",
            "U&'d\\0061t'",
            "x ~ '^[a-z]+$'",
            "'{}'::jsonb",
            "-1",
        ] {
            assert_eq!(check(e, Fragment::Expression), Ok(()), "{e}");
        }
    }

    #[test]
    fn expressions_that_leave_their_place_are_refused() {
        assert!(found("1); CREATE ROLE x SUPERUSER LOGIN; SELECT (1", Fragment::Expression).contains("unbalanced `)`"));
        assert!(found("true; COPY (SELECT 1) TO PROGRAM 'x'", Fragment::Expression).contains("`;`"));
        assert!(found("1 -- the rest", Fragment::Expression).contains("comment"));
        assert!(found("1 /* x */", Fragment::Expression).contains("comment"));
        assert!(found("'open", Fragment::Expression).contains("unterminated string"));
        assert!(found("\"open", Fragment::Expression).contains("quoted identifier"));
        assert!(found("$a$ open", Fragment::Expression).contains("dollar-quoted"));
        assert!(found("f((1)", Fragment::Expression).contains("never closed"));
        assert!(found("1, b int", Fragment::Expression).contains("`,` outside"));
        assert!(found("(1]", Fragment::Expression).contains("does not close"));
        assert!(found("   ", Fragment::Expression).contains("nothing"));
        assert!(found("1 \\ 2", Fragment::Expression).contains("character"));
        let flaw = check("x > 0); DROP TABLE t; --", Fragment::Expression).unwrap_err();
        assert_eq!(flaw.offset, 5);
    }

    #[test]
    fn certainly_incomplete_expressions() {
        let found = |e: &str| incomplete(e).unwrap_or_else(|| panic!("{e} is incomplete")).found;
        assert_eq!(found("total >"), "`>` at the end, which needs an operand after it");
        assert!(found("a AND").contains("`AND` at the end"));
        assert!(found("x IS").contains("`IS` at the end"));
        assert!(found("a IS NOT").contains("`NOT` at the end"));
        assert!(found("status in").contains("`in` at the end"));
        assert!(found("f(a >) > 0").contains("`>` before `)`"));
        assert!(found("f(a OR, b)").contains("`OR` before `,`"));
        assert!(found("coalesce(a, b,)").contains("empty item"));
        assert!(found("f(a,, b)").contains("empty item"));
        assert!(found("ARRAY[, 1]").contains("empty item"));
        assert!(found("CASE WHEN a THEN 1 ELSE 2").contains("`CASE` without its `END`"));
        assert!(found("x = CASE WHEN a THEN 1 END + CASE WHEN b THEN 2").contains("without its `END`"));
        assert!(found("CASE WHEN a THEN").contains("`THEN` at the end"));
        assert!(found("x::").contains("`::`"));
        assert!(found("a ||").contains("`||`"));
    }

    #[test]
    fn complete_or_doubtful_expressions_are_not_certainly_incomplete() {
        for e in [
            "total > 0",
            "count(*)",
            "(t.*)",
            "f()",
            "CASE WHEN a THEN 1 ELSE 2 END",
            "CASE x WHEN 1 THEN CASE WHEN y THEN 2 END END",
            "t.end > t.case",
            "x::\"in\"",
            "OPERATOR(pg_catalog.+)",
            "a OPERATOR(pg_catalog.~) b",
            "array_agg(x ORDER BY y USING >)",
            "a[1:] && a[:2]",
            "x ISNULL",
            "x NOTNULL",
            "'a AND'",
            "$$CASE$$",
            "\"and\"",
            "f(VARIADIC a)",
        ] {
            assert_eq!(incomplete(e), None, "{e}");
        }
    }

    #[test]
    fn type_names() {
        for t in [
            "integer",
            "int4",
            "numeric(10,2)",
            "timestamp(3) with time zone",
            "double precision",
            "character varying(20)[]",
            "public.citext",
            "\"My Schema\".\"My Type\"[][]",
            "geometry(Point, 4326)",
            "interval day to second",
            "integer[3]",
            "bit varying(5)",
            "national character varying",
        ] {
            assert_eq!(check(t, Fragment::TypeName), Ok(()), "{t}");
        }
        assert!(found("int DEFAULT pg_read_file('/etc/passwd')", Fragment::TypeName).contains("`DEFAULT`"));
        assert!(found("int, evil text", Fragment::TypeName).contains("`,`"));
        assert!(found("int); DROP TABLE x; --", Fragment::TypeName).contains("`)`"));
        assert!(found("int -- x", Fragment::TypeName).contains("comment"));
        assert!(found("numeric(10, (select 1))", Fragment::TypeName).contains("type modifier"));
        assert!(found("text[x]", Fragment::TypeName).contains("array bound"));
        assert!(found("(int)", Fragment::TypeName).contains("not part of a type name"));
    }

    #[test]
    fn operators() {
        for o in ["=", "&&", "<>", "OPERATOR(public.===)", "operator(&&)"] {
            assert_eq!(check(o, Fragment::Operator), Ok(()), "{o}");
        }
        assert!(check("= ) WHERE (true", Fragment::Operator).is_err());
        assert!(check("OPERATOR(pg_sleep(1))", Fragment::Operator).is_err());
    }
}
