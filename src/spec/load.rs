//! Reading declaration files: the only place that parses YAML.
//!
//! Hostile input is refused early and with a location: files over [`MAX_FILE_BYTES`], invalid
//! UTF-8, several documents, duplicate keys, and anything over the parser budget (depth,
//! aliases, nodes, scalar bytes) become a [`Problem`] instead of a hang, a panic or runaway
//! memory.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::MessageFormatter;

use super::Document;
use super::diagnostic::{FileId, Origin, Problem, Problems, Sources};
use super::node::Loc;
use super::seed::SeedFile;

/// Largest declaration file ogel reads. A schema of 5,000 tables is about 5 MB.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

const FORMAT_HELP: &str =
    "the format is described in docs/format.md; `ogel json-schema` gives editors completion and checks";

/// Everything a command reads before it talks to a database.
#[derive(Debug)]
pub struct Declaration {
    pub sources: Sources,
    pub schema_file: FileId,
    pub document: Document,
    pub seeds: Vec<(FileId, SeedFile)>,
}

/// Where the declaration is: `--schema` and `--seeds`.
#[derive(Clone, Debug)]
pub struct Paths {
    pub schema: PathBuf,
    /// `None`: `seeds/` beside the schema file, skipped when absent.
    pub seeds: Option<PathBuf>,
}

impl Paths {
    fn seeds_dir(&self) -> (PathBuf, bool) {
        match &self.seeds {
            Some(dir) => (dir.clone(), true),
            None => (self.schema.parent().unwrap_or(Path::new(".")).join("seeds"), false),
        }
    }
}

/// Reads and parses the schema file and the seed files; checks nothing beyond their shape.
pub fn load(paths: &Paths) -> Result<Declaration, Problems> {
    let mut sources = Sources::default();
    let parsed = parse_file::<Document>(&mut sources, &paths.schema);
    let mut problems = Vec::new();
    let (schema_file, document) = match parsed {
        Ok(parsed) => parsed,
        Err(problem) => {
            problems.push(problem);
            (FileId(0), Document::default())
        }
    };
    let mut seeds = Vec::new();
    match seed_files(paths) {
        Ok(files) => {
            for path in files {
                match parse_file::<SeedFile>(&mut sources, &path) {
                    Ok(seed) => seeds.push(seed),
                    Err(problem) => problems.push(problem),
                }
            }
        }
        Err(problem) => problems.push(problem),
    }
    if problems.is_empty() {
        Ok(Declaration { sources, schema_file, document, seeds })
    } else {
        Err(Problems { sources, problems })
    }
}

/// The `*.yaml` / `*.yml` files of the seeds directory, sorted by name.
fn seed_files(paths: &Paths) -> Result<Vec<PathBuf>, Problem> {
    let (dir, explicit) = paths.seeds_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(Vec::new()),
        Err(e) => {
            return Err(Problem::file(&dir, format!("cannot read the seeds directory: {e}")).help(
                "pass an existing directory with --seeds, or leave --seeds out to use seeds/ beside the schema file",
            ));
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Problem::file(&dir, format!("cannot read the seeds directory: {e}")))?.path();
        let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn parse_file<T: DeserializeOwned>(sources: &mut Sources, path: &Path) -> Result<(FileId, T), Problem> {
    let size = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(Problem::file(
            path,
            format!(
                "the file is {:.1} MB; ogel reads declaration files of up to {} MiB",
                size as f64 / 1e6,
                MAX_FILE_BYTES >> 20
            ),
        )
        .help("a declaration this large is almost certainly not a schema; check the path"));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let file = sources.add(path, text);
    if let Some(offset) = bad_utf8 {
        let at = Origin { file, loc: Loc { offset, len: 1 } };
        return Err(Problem::at(at, "the file is not valid UTF-8", "invalid byte here").help("save the file as UTF-8"));
    }
    parse_text(&sources.get(file).text, file).map(|value| (file, value))
}

fn unreadable(path: &Path, e: &std::io::Error) -> Problem {
    Problem::file(path, format!("cannot read the file: {e}")).help("check the path given with --schema or --seeds")
}

/// Parses one YAML document into `T`, within ogel's budget.
pub fn parse_text<T: DeserializeOwned>(text: &str, file: FileId) -> Result<T, Problem> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 48,
            max_documents: 1,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 5_000_000,
            max_events: 10_000_000,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
        },
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_problem(&e, text, file))
}

fn yaml_problem(err: &serde_saphyr::Error, text: &str, file: FileId) -> Problem {
    use serde_saphyr::Error as E;
    let mut inner = err.without_snippet();
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let default_message = || sanitize(&serde_saphyr::DefaultMessageFormatter.format_message(inner));
    let loc = err.location().map(|l| span_loc(l.span(), text)).unwrap_or_default();
    let (message, help) = match inner {
        E::Budget { breach, .. } => budget_problem(breach),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => format!("`{}` is given twice in this mapping", sanitize(key)),
                None => "a key is given twice in this mapping".to_owned(),
            },
            "each name may appear once in a mapping; remove or rename one of them",
        ),
        E::MultipleDocuments { .. } => (default_message(), ONE_DOCUMENT),
        E::Unexpected { expected, .. } => {
            let expected = match *expected {
                "sequence start" => "a list (`[a, b]`, or lines starting with `- `)",
                "mapping start" => "a mapping (`key: value` lines, or `{key: value}`)",
                other => other,
            };
            (format!("expected {expected} here"), FORMAT_HELP)
        }
        E::InvalidBooleanStrict { .. } => {
            ("expected `true` or `false`".to_owned(), "write the boolean as `true` or `false`")
        }
        E::InvalidScalar { ty, .. } if ty.starts_with('i') || ty.starts_with('u') => (
            "expected a whole number here".to_owned(),
            "write the number without quotes (`start: 10000000`); it must fit in 64 bits",
        ),
        E::NullIntoString { .. } => (default_message(), "give the key a value, or remove it"),
        E::SerdeUnknownField { field, expected, .. } => {
            if let Some(problem) = flow_comma(field, text, file, loc) {
                return problem;
            }
            return unknown_name("field", field, expected, Origin { file, loc });
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            return unknown_name("value", variant, expected, Origin { file, loc });
        }
        // `columns: {total: numeric(10,2)}`: `2)` is a name without a value.
        E::SerdeInvalidType { unexpected, .. } if unexpected == "unit value" => {
            if let Some(problem) = key_at(text, loc).and_then(|(key, at)| flow_comma(key, text, file, at)) {
                return problem;
            }
            (default_message(), FORMAT_HELP)
        }
        E::SerdeMissingField { .. } | E::SerdeInvalidType { .. } => (default_message(), FORMAT_HELP),
        // The parser's own nesting limit (flow collections) reports itself like this.
        _ if default_message() == "recursion limit exceeded" => {
            budget_problem(&serde_saphyr::budget::BudgetBreach::Depth { depth: 0 })
        }
        _ => (default_message(), "this is not valid YAML; fix it at this place"),
    };
    let line = text[..loc.offset.min(text.len())].rsplit('\n').next().unwrap_or("");
    let help = if help.starts_with("this is not valid YAML") && (line.contains('{') || line.contains('[')) {
        "inside `{...}` and `[...]` a comma or a quote ends a value: put the whole value in double quotes (\"status IN ('a', 'b')\"), or write the mapping as indented lines"
    } else {
        help
    };

    Problem::at(Origin { file, loc }, message, "here").help(help)
}

/// An unknown key or value, with the known one it is closest to when it looks like a typo
/// (`not_nul`: did you mean `not_null`?).
fn unknown_name(what: &str, name: &str, expected: &[&str], at: Origin) -> Problem {
    let name = sanitize(name);
    let known = expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
    let list = if what == "field" { "the keys allowed here are" } else { "the values allowed here are" };
    match super::validate::closest(&name, expected.iter().copied()) {
        Some(close) => Problem::at(at, format!("unknown {what} `{name}`: did you mean `{close}`?"), "unknown")
            .help(format!("write `{close}`; {list} {known} (docs/format.md describes them)")),
        None => Problem::at(at, format!("unknown {what} `{name}`"), "unknown")
            .help(format!("{list} {known} (docs/format.md describes them)")),
    }
}

/// `{type: numeric(10,2)}`: inside `{...}` a comma ends the value, and what follows it (`2)`)
/// is read as the next key. The value before the unknown key opened a parenthesis that it left
/// open; the fix is to quote the whole value.
fn flow_comma(field: &str, text: &str, file: FileId, loc: Loc) -> Option<Problem> {
    let depth = |s: &str| s.matches('(').count() as isize - s.matches(')').count() as isize;
    // This mapping before the key, back to its `{` on the key's line, and its last value.
    let before = text.get(..loc.offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let mapping = &line[line.rfind('{')? + 1..];
    let colon = mapping.rfind(": ")?;
    let key = mapping[..colon].rsplit(',').next()?.trim();
    let value_start = loc.offset - (mapping.len() - colon - 2);
    if depth(&mapping[colon + 2..]) <= 0 || key.is_empty() {
        return None;
    }
    // The value as it was meant: on to the `,` or `}` that follows it outside parentheses.
    let rest = &text[value_start..];
    let mut open = 0isize;
    let mut end = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => open += 1,
            ')' => open -= 1,
            ',' | '}' if open <= 0 && value_start + i > loc.offset => {
                end = Some(i);
                break;
            }
            '\n' | '"' | '{' | '[' | ']' => return None,
            _ => {}
        }
    }
    let value = rest[..end?].trim();
    let (key, value) = (sanitize(key), sanitize(value));
    let problem = Problem::at(
        Origin { file, loc },
        format!(
            "`{}` is read as a key: inside `{{...}}` the comma in `{value}` ends the value of `{key}`",
            sanitize(field)
        ),
        "read as a key",
    )
    .help(format!("quote the value: `{key}: \"{value}\"`, or write the mapping as indented `key: value` lines"));
    Some(problem)
}

/// The key of a missing value in a flow mapping, which the parser places at the key: the
/// text from `loc` to the `,` or `}` after it.
fn key_at(text: &str, loc: Loc) -> Option<(&str, Loc)> {
    let rest = text.get(loc.offset..)?;
    let key = &rest[..rest.find([',', '}', '\n']).unwrap_or(rest.len())];
    let key = key.trim_end().trim_end_matches(':').trim_end();
    (!key.is_empty() && !key.starts_with(char::is_whitespace))
        .then_some((key, Loc { offset: loc.offset, len: key.len() }))
}

/// The byte range of a parser span. Spans without byte information count characters, and a
/// character offset taken as a byte offset can fall inside a character of the text.
fn span_loc(span: serde_saphyr::Span, text: &str) -> Loc {
    let byte_at = |chars: u64| text.char_indices().nth(chars as usize).map_or(text.len(), |(i, _)| i);
    let (offset, len) = match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) => (offset as usize, len as usize),
        (Some(offset), None) => (offset as usize, span.len() as usize),
        (None, _) => {
            let offset = byte_at(span.offset());
            (offset, byte_at(span.offset() + span.len()).saturating_sub(offset))
        }
    };
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    Loc { offset, len: len.max(1) }
}

const ONE_DOCUMENT: &str =
    "a declaration file holds one YAML document; remove the `---` separator and merge the documents";

fn budget_problem(breach: &serde_saphyr::budget::BudgetBreach) -> (String, &'static str) {
    use serde_saphyr::budget::BudgetBreach as B;
    const LIMITS: &str = "ogel refuses YAML this large, deep or alias-heavy rather than risk running out of time or memory; a schema needs none of it";
    if matches!(breach, B::Documents { .. }) {
        return ("the file holds more than one YAML document".into(), ONE_DOCUMENT);
    }
    let message = match breach {
        B::Depth { .. } => "the YAML is nested too deeply (more than 48 levels)".into(),
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => {
            "the YAML uses too many aliases (an alias bomb?)".into()
        }
        B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => "the YAML's aliases expand too far".into(),
        B::Nodes { .. } | B::Events { .. } => "the YAML has too many nodes for a declaration".into(),
        B::ScalarBytes { .. } | B::InputBytes { .. } => "the YAML holds too much text for a declaration".into(),
        other => format!("the YAML is over ogel's limits ({other:?})"),
    };
    (message, LIMITS)
}

/// Control characters from the input must not reach the terminal.
fn sanitize(message: &str) -> String {
    message
        .chars()
        .flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Document, FileId, parse_text};

    /// A syntax error after non-ASCII text: the parser counts characters there, the problem
    /// points at bytes (a character offset taken as bytes fell inside `🦀` and panicked).
    #[test]
    fn syntax_errors_after_multibyte_characters() {
        for text in ["{🦀{", " {extensions: {extensions: [᰻{]}}\n", "\néééé.s: &a0\n  rows: [\n"] {
            let problem = parse_text::<Document>(text, FileId(0)).unwrap_err();
            let loc = problem.at.expect("a place").loc;
            assert!(text.is_char_boundary(loc.offset), "{text:?}: {loc:?}");
        }
        let problem = parse_text::<Document>("{🦀{", FileId(0)).unwrap_err();
        assert_eq!(problem.at.unwrap().loc.offset, "{🦀".len(), "at the second `{{`");
    }
}
