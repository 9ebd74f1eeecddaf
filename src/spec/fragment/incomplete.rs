//! Expressions that are one fragment but that sqlparser does not read: certainly incomplete
//! by PostgreSQL's grammar (an error), or only beyond sqlparser (a warning quoting it).

use super::{Kind, Token, tokenize};
use crate::spec::diagnostic::{Origin, Problem};

/// An expression sqlparser does not read: an error where it is certainly incomplete, else a
/// warning quoting sqlparser.
pub(super) fn syntax_problem(text: &str, what: &str, at: Origin) -> Option<Problem> {
    let complaint = crate::spec::sqlexpr::parse_error(text)?;
    if let Some(flaw) = incomplete(text) {
        return Some(
            Problem::at(at, format!("{what} is not a complete SQL expression: it has {}", flaw.found), "incomplete")
                .help(flaw.help),
        );
    }
    let complaint: String =
        complaint.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect();
    Some(
        Problem::at(at, format!("{what} may not be valid SQL: ogel's parser {}", parser_says(&complaint)), "not understood here")
            .help("PostgreSQL's grammar is wider than ogel's parser, so this can still be right: `ogel plan` has the server check it in a shadow database. If it is a mistake, fix it here")
            .warning(),
    )
}

/// sqlparser's complaint in the words of a message: `Expected: AND, found: 1 at Line: 1,
/// Column: 25` is "expected AND, found 1 (at character 25 of the expression)"; its line and
/// column are within the expression, not the file.
fn parser_says(complaint: &str) -> String {
    let (text, place) = match complaint.rsplit_once(" at Line: ") {
        Some((text, place)) => match place.split_once(", Column: ") {
            Some(("1", column)) => (text, format!(" (at character {column} of the expression)")),
            Some((line, column)) => (text, format!(" (at line {line}, character {column} of the expression)")),
            None => (complaint, String::new()),
        },
        None => (complaint, String::new()),
    };
    let text = match text.strip_prefix("Expected: ") {
        Some(rest) => format!("expected {}", rest.replacen(", found: ", ", found ", 1)),
        None => format!("says: {text}"),
    };
    format!("{text}{place}")
}

/// Why an expression that is one fragment is certainly not a whole expression, by PostgreSQL's
/// grammar: the first item that needs an operand and has none, an empty item in a list, or a
/// `CASE` without `END`. `None` when none of these holds (which does not make it valid).
pub fn incomplete(text: &str) -> Option<Incomplete> {
    let (tokens, lexical) = tokenize(text);
    if lexical.is_some() || tokens.is_empty() {
        return None;
    }
    // The `CASE`s not yet ended, and the brackets open (with whether they follow `OPERATOR`,
    // where `OPERATOR(pg_catalog.+)` names an operator without operands).
    let mut cases: Vec<Token<'_>> = Vec::new();
    let mut open: Vec<bool> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| tokens[j]);
        match t.kind {
            Kind::Word if !qualified(&tokens, i) && t.text.eq_ignore_ascii_case("case") => cases.push(*t),
            Kind::Word if !qualified(&tokens, i) && t.text.eq_ignore_ascii_case("end") => {
                cases.pop();
            }
            Kind::Punct('(' | '[') => {
                open.push(prev.is_some_and(|p| p.kind == Kind::Word && p.text.eq_ignore_ascii_case("operator")))
            }
            Kind::Punct(c @ (')' | ']' | ',')) => {
                let operator_name = (if c == ',' { open.last().copied() } else { open.pop() }) == Some(true);
                match prev {
                    Some(p)
                        if matches!(p.kind, Kind::Punct(',' | '(' | '['))
                            && (c == ',' || p.kind == Kind::Punct(',')) =>
                    {
                        return Some(Incomplete::new(
                            format!("an empty item in a list (`{}{c}`)", p.text),
                            "remove the extra `,`, or write the missing item; SQL has no trailing commas",
                        ));
                    }
                    Some(p) if !operator_name && needs_operand(&tokens, i - 1) => {
                        return Some(Incomplete::operand(p.text, &format!("before `{c}`")));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let last = tokens.len() - 1;
    if needs_operand(&tokens, last) {
        return Some(Incomplete::operand(tokens[last].text, "at the end"));
    }
    if last > 0 && tokens[last].kind == Kind::Punct(':') && tokens[last - 1].kind == Kind::Punct(':') {
        return Some(Incomplete::new("a `::` at the end, with no type after it", "name the type: `x::integer`"));
    }
    if let Some(case) = cases.first() {
        return Some(Incomplete::new(
            format!("a `{}` without its `END`", case.text),
            "end it: `CASE WHEN ... THEN ... ELSE ... END`",
        ));
    }
    None
}

/// What [`incomplete`] found, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incomplete {
    pub found: String,
    pub help: String,
}

impl Incomplete {
    fn new(found: impl Into<String>, help: impl Into<String>) -> Self {
        Incomplete { found: found.into(), help: help.into() }
    }

    fn operand(token: &str, place: &str) -> Self {
        Incomplete::new(
            format!("`{token}` {place}, which needs an operand after it"),
            format!("complete the expression after `{token}` (e.g. `total > 0`), or remove `{token}`"),
        )
    }
}

/// PostgreSQL has no postfix operators (since 14, the oldest server ogel supports): an operator
/// with nothing after it is missing its right operand. `*` is the exception, as it also stands
/// for all columns (`count(*)`, `t.*`).
fn needs_right_operand(op: &str) -> bool {
    op != "*"
}

/// Reserved words that PostgreSQL's grammar always follows with an operand or more words, and
/// that cannot be column names unquoted.
const NEEDS_MORE: &[&str] = &[
    "and", "or", "not", "is", "in", "like", "ilike", "similar", "between", "case", "when", "then", "else", "collate",
    "from",
];

/// Whether the token at `i` is an operator or keyword that cannot end an expression.
fn needs_operand(tokens: &[Token<'_>], i: usize) -> bool {
    let t = tokens[i];
    match t.kind {
        // `array_agg(x ORDER BY y USING >)`: an operator named as a sort order.
        Kind::Op => {
            needs_right_operand(t.text)
                && !(i > 0 && tokens[i - 1].kind == Kind::Word && tokens[i - 1].text.eq_ignore_ascii_case("using"))
        }
        Kind::Word => !qualified(tokens, i) && NEEDS_MORE.iter().any(|w| t.text.eq_ignore_ascii_case(w)),
        _ => false,
    }
}

/// Whether the word at `i` follows a `.` or `::`, where it is a name (`t.end`, `x::"in"`) and
/// not a keyword.
fn qualified(tokens: &[Token<'_>], i: usize) -> bool {
    i > 0 && matches!(tokens[i - 1].kind, Kind::Punct('.' | ':'))
}
