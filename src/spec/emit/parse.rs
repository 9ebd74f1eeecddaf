//! Reading back the definitions PostgreSQL prints (`pg_get_indexdef` after `USING`, exclusion
//! constraints) into the parts of the format. PostgreSQL prints them in one fixed grammar, so
//! this reads that grammar, and gives up (`None`) on anything else: the caller then reports
//! the object as one it cannot express.

/// One key of an index or exclusion constraint.
#[derive(Debug, Default, PartialEq)]
pub struct Key {
    pub column: Option<String>,
    pub expression: Option<String>,
    pub collation: Option<String>,
    pub opclass: Option<String>,
    pub desc: bool,
    /// `Some(true)` NULLS FIRST, `Some(false)` NULLS LAST, when not the default for the order.
    pub nulls_first: Option<bool>,
}

#[derive(Debug, Default, PartialEq)]
pub struct IndexBody {
    pub method: String,
    pub keys: Vec<Key>,
    pub include: Vec<String>,
    pub nulls_not_distinct: bool,
    pub predicate: Option<String>,
}

/// `btree (a, lower(b) text_pattern_ops DESC) INCLUDE (c) NULLS NOT DISTINCT WHERE (d > 0)`
pub fn index_body(body: &str) -> Option<IndexBody> {
    let (method, rest) = body.split_once(" (")?;
    let (keys, mut rest) = balanced(rest)?;
    let mut parsed = IndexBody { method: unquote(method)?, ..Default::default() };
    parsed.keys = split_top(keys, ',').into_iter().map(|k| key(k.trim())).collect::<Option<_>>()?;
    if let Some(after) = rest.strip_prefix(" INCLUDE (") {
        let (columns, after) = balanced(after)?;
        parsed.include = split_top(columns, ',').into_iter().map(|c| unquote(c.trim())).collect::<Option<_>>()?;
        rest = after;
    }
    if let Some(after) = rest.strip_prefix(" NULLS NOT DISTINCT") {
        parsed.nulls_not_distinct = true;
        rest = after;
    }
    if let Some(after) = rest.strip_prefix(" WHERE ") {
        parsed.predicate = Some(predicate(after)?);
        rest = "";
    }
    // Storage parameters (WITH (...)) and anything else are not in the format.
    rest.is_empty().then_some(parsed)
}

/// Where the storage parameters (` WITH (...)`) stand in an index body or an exclusion
/// definition as PostgreSQL prints them: after the keys, INCLUDE and NULLS NOT DISTINCT, before
/// WHERE. Their byte range, empty (at the place they would go) when there are none; `None` when
/// the text is not in that grammar.
pub fn storage_clause(text: &str) -> Option<std::ops::Range<usize>> {
    let open = text.find(" (")? + 2;
    let (_, rest) = balanced(&text[open..])?;
    let mut at = text.len() - rest.len();
    if let Some(after) = text[at..].strip_prefix(" INCLUDE (") {
        at = text.len() - balanced(after)?.1.len();
    }
    if text[at..].starts_with(" NULLS NOT DISTINCT") {
        at += " NULLS NOT DISTINCT".len();
    }
    match text[at..].strip_prefix(" WITH (") {
        Some(after) => Some(at..text.len() - balanced(after)?.1.len()),
        None => Some(at..at),
    }
}

pub struct Exclusion {
    pub method: String,
    /// Each key and its operator.
    pub elements: Vec<(Key, String)>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
}

/// `EXCLUDE USING gist (room WITH =, during WITH &&) INCLUDE (x) WHERE (...)`, without the
/// DEFERRABLE words (those are read from the catalog).
pub fn exclusion(definition: &str) -> Option<Exclusion> {
    let definition = definition.strip_suffix(" INITIALLY DEFERRED").unwrap_or(definition);
    let definition = definition.strip_suffix(" DEFERRABLE").unwrap_or(definition);
    let rest = definition.strip_prefix("EXCLUDE USING ")?;
    let (method, rest) = rest.split_once(" (")?;
    let (elements, mut rest) = balanced(rest)?;
    let elements = split_top(elements, ',')
        .into_iter()
        .map(|e| {
            let (k, op) = e.trim().rsplit_once(" WITH ")?;
            Some((key(k)?, op.to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    let mut include = Vec::new();
    if let Some(after) = rest.strip_prefix(" INCLUDE (") {
        let (columns, after) = balanced(after)?;
        include = split_top(columns, ',').into_iter().map(|c| unquote(c.trim())).collect::<Option<_>>()?;
        rest = after;
    }
    let mut where_ = None;
    if let Some(after) = rest.strip_prefix(" WHERE ") {
        where_ = Some(predicate(after)?);
        rest = "";
    }
    rest.is_empty().then_some(Exclusion { method: unquote(method)?, elements, include, predicate: where_ })
}

/// A predicate, the last clause of an index or exclusion constraint: PostgreSQL prints it in
/// parentheses, except a bare boolean column or function call (`WHERE deleted`).
fn predicate(text: &str) -> Option<String> {
    if let Some(inner) = text.strip_prefix('(')
        && let Some((enclosed, "")) = balanced(inner)
    {
        return Some(enclosed.to_owned());
    }
    (!text.trim().is_empty()).then(|| text.to_owned())
}

/// One key: a column or an expression, then COLLATE, opclass, DESC, NULLS.
fn key(text: &str) -> Option<Key> {
    let mut parsed = Key::default();
    let rest = if let Some(inner) = text.strip_prefix('(') {
        let (expression, rest) = balanced(inner)?;
        parsed.expression = Some(expression.to_owned());
        rest
    } else {
        let (name, rest) = identifier_prefix(text)?;
        match rest.chars().next() {
            // A function call, printed without parentheses around it: `lower(email)`.
            Some('(') | Some('.') => {
                let open = rest.find('(')?;
                let (_, after) = balanced(&rest[open + 1..])?;
                let end = text.len() - after.len();
                parsed.expression = Some(text[..end].to_owned());
                after
            }
            _ => {
                parsed.column = Some(name);
                rest
            }
        }
    };
    let words = split_top(rest.trim(), ' ');
    let mut words = words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        match word {
            "COLLATE" => parsed.collation = Some(unquote_qualified(words.next()?)?),
            "DESC" => parsed.desc = true,
            "ASC" => {}
            "NULLS" => parsed.nulls_first = Some(words.next()? == "FIRST"),
            opclass if parsed.opclass.is_none() && !opclass.contains('(') => {
                parsed.opclass = Some(unquote_qualified(opclass)?)
            }
            _ => return None,
        }
    }
    Some(parsed)
}

/// The text up to the parenthesis that closes an opening one already consumed, and the rest
/// after it. Quotes (`'...'`, `"..."`) are skipped whole.
fn balanced(text: &str) -> Option<(&str, &str)> {
    let mut depth = 1;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[..i], &text[i + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits on `separator` outside parentheses and quotes.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, c) if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// An identifier at the start of `text` (bare or quoted) and the rest.
fn identifier_prefix(text: &str) -> Option<(String, &str)> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().map(|(_, n)| *n) == Some('"') {
                    name.push('"');
                    chars.next();
                } else {
                    return Some((name, &quoted[i + 1..]));
                }
            } else {
                name.push(c);
            }
        }
        None
    } else {
        let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(text.len());
        (end > 0).then(|| (text[..end].to_owned(), &text[end..]))
    }
}

/// A whole identifier as PostgreSQL prints it, unquoted: `"Mixed"` → `Mixed`.
pub fn unquote(text: &str) -> Option<String> {
    let (name, rest) = identifier_prefix(text)?;
    rest.is_empty().then_some(name)
}

/// A possibly qualified name, unquoted part by part: `public."My Coll"` → `public.My Coll`.
pub fn unquote_qualified(text: &str) -> Option<String> {
    let (first, rest) = identifier_prefix(text)?;
    match rest.strip_prefix('.') {
        Some(second) => Some(format!("{first}.{}", unquote(second)?)),
        None => rest.is_empty().then_some(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_bodies_read_back() {
        let body =
            index_body(r#"btree (project_id, "timestamp" DESC) INCLUDE (a) WHERE (deleted_at IS NULL)"#).unwrap();
        assert_eq!(body.method, "btree");
        assert_eq!(body.keys[0].column.as_deref(), Some("project_id"));
        assert_eq!(body.keys[1].column.as_deref(), Some("timestamp"));
        assert!(body.keys[1].desc);
        assert_eq!(body.include, ["a"]);
        assert_eq!(body.predicate.as_deref(), Some("deleted_at IS NULL"));

        let body = index_body(
            r#"btree (lower(email) COLLATE "C" text_pattern_ops NULLS FIRST, ((a + b))) NULLS NOT DISTINCT"#,
        )
        .unwrap();
        assert_eq!(body.keys[0].expression.as_deref(), Some("lower(email)"));
        assert_eq!(body.keys[0].collation.as_deref(), Some("C"));
        assert_eq!(body.keys[0].opclass.as_deref(), Some("text_pattern_ops"));
        assert_eq!(body.keys[0].nulls_first, Some(true));
        assert_eq!(body.keys[1].expression.as_deref(), Some("(a + b)"));
        assert!(body.nulls_not_distinct);

        assert!(index_body("btree (a) WITH (fillfactor='70')").is_none());
        let with = "btree (a, (f(')'))) INCLUDE (b) WITH (fillfactor='70') WHERE (a > 0)";
        assert_eq!(&with[storage_clause(with).unwrap()], " WITH (fillfactor='70')");
        let none = "btree (a) NULLS NOT DISTINCT WHERE (a > 0)";
        assert_eq!(storage_clause(none), Some(28..28));
        let x = "EXCLUDE USING gist (room WITH =) WITH (fillfactor='70') WHERE ((a > 0))";
        assert_eq!(&x[storage_clause(x).unwrap()], " WITH (fillfactor='70')");
        assert_eq!(
            index_body(r#"gin (doc jsonb_path_ops)"#).unwrap().keys[0].opclass.as_deref(),
            Some("jsonb_path_ops")
        );
    }

    #[test]
    fn exclusions_read_back() {
        let bare = index_body("btree (id) WHERE deleted").unwrap();
        assert_eq!(bare.predicate.as_deref(), Some("deleted"));
        let two = index_body("btree (id) WHERE (a) OR (b)").unwrap();
        assert_eq!(two.predicate.as_deref(), Some("(a) OR (b)"));
        let x = exclusion("EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((cancelled IS FALSE)) DEFERRABLE")
            .unwrap();
        assert_eq!(x.method, "gist");
        assert_eq!(x.elements.len(), 2);
        assert_eq!(x.elements[1].1, "&&");
        assert_eq!(x.predicate.as_deref(), Some("(cancelled IS FALSE)"));
    }
}
