//! Problems found in declaration files, each pointing at the place that caused it.
//!
//! Every message a user can cause in a declaration (YAML syntax, a shape mistake, a semantic
//! mistake, a statement the server rejected) becomes a [`Problem`]: a message, the file and
//! byte range, a label, and a help line saying what to do. They render through miette.
//!
//! A problem may be a warning: something that looks wrong but that only the server can judge
//! (an expression ogel's SQL parser does not understand). Warnings are shown like errors, marked
//! `⚠`, and never fail a command.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::Loc;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A place in a declaration file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: FileId,
    pub loc: Loc,
}

/// The declaration files read so far, so that problems can quote them.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<String>,
}

impl Sources {
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        self.files.push(SourceFile { path: path.to_owned(), text: Arc::new(text) });
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// `file:line:column` of a place, 1-based, for one-line messages.
    pub fn position(&self, at: Origin) -> String {
        let file = self.get(at.file);
        let (line, column) = line_column(&file.text, at.loc.offset);
        format!("{}:{line}:{column}", file.path.display())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One thing wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// Where it is; `None` for problems with a whole file (unreadable, too large).
    pub at: Option<Origin>,
    pub label: String,
    pub help: Option<String>,
    /// Other places worth showing, such as the first declaration of a duplicate name.
    pub related: Vec<(Origin, String)>,
    /// For problems without a place: the file they concern.
    pub file: Option<PathBuf>,
    /// A warning: shown, but not a reason to fail.
    pub warning: bool,
}

impl Problem {
    pub fn at(at: Origin, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            at: Some(at),
            label: label.into(),
            help: None,
            related: Vec::new(),
            file: None,
            warning: false,
        }
    }

    /// A problem at a place, when the place is known (objects that came from the declaration
    /// know theirs; objects read from a database do not).
    pub fn at_or_unplaced(at: Option<Origin>, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            at,
            label: label.into(),
            help: None,
            related: Vec::new(),
            file: None,
            warning: false,
        }
    }

    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            at: None,
            label: String::new(),
            help: None,
            related: Vec::new(),
            file: Some(path.to_owned()),
            warning: false,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, at: Origin, label: impl Into<String>) -> Self {
        self.related.push((at, label.into()));
        self
    }

    /// The same, as a warning.
    pub fn warning(mut self) -> Self {
        self.warning = true;
        self
    }
}

/// Problems found together, with the files they point into.
#[derive(Clone, Debug)]
pub struct Problems {
    pub sources: Sources,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            let warning = if p.warning { "warning: " } else { "" };
            match p.at {
                Some(at) => writeln!(f, "{}: {warning}{}", self.sources.position(at), p.message)?,
                None => {
                    writeln!(f, "{}: {warning}{}", p.file.as_deref().unwrap_or(Path::new("")).display(), p.message)?
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Lines longer than this are not quoted: a problem in a minified or generated file shows its
/// position instead of megabytes of text.
const MAX_QUOTED_LINE: usize = 1000;

/// One problem as a miette diagnostic, without a snippet.
struct Report<'a> {
    problem: &'a Problem,
    header: String,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.problem.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.problem.warning { miette::Severity::Warning } else { miette::Severity::Error })
    }
}

/// miette quotes one source per diagnostic, so a problem is rendered as a diagnostic whose
/// source is the file it points into; related places in the same file become extra labels.
struct Located<'a> {
    report: Report<'a>,
    source: NamedSource<Arc<String>>,
    labels: Vec<LabeledSpan>,
}

impl Problems {
    /// The problem with a snippet, when its lines are short enough to quote.
    fn located<'a>(&'a self, problem: &'a Problem) -> Option<Located<'a>> {
        let at = problem.at?;
        let file = self.sources.get(at.file);
        let quotable = |loc: Loc| line_length(&file.text, loc.offset) <= MAX_QUOTED_LINE;
        let related = problem.related.iter().filter(|(other, _)| other.file == at.file);
        if !quotable(at.loc) || related.clone().any(|(other, _)| !quotable(other.loc)) {
            return None;
        }
        let mut labels =
            vec![LabeledSpan::new_primary_with_span(Some(problem.label.clone()), span(&file.text, at.loc))];
        labels.extend(
            related.map(|(other, label)| LabeledSpan::new_with_span(Some(label.clone()), span(&file.text, other.loc))),
        );
        Some(Located {
            report: Report { problem, header: problem.message.clone() },
            source: NamedSource::new(file.path.display().to_string(), file.text.clone()).with_language("yaml"),
            labels,
        })
    }

    /// The problem without a snippet: its position leads the message.
    fn plain<'a>(&self, problem: &'a Problem) -> Report<'a> {
        let header = match (problem.at, &problem.file) {
            (Some(at), _) => format!("{}: {}", self.sources.position(at), problem.message),
            (None, Some(file)) => format!("{}: {}", file.display(), problem.message),
            (None, None) => problem.message.clone(),
        };
        Report { problem, header }
    }

    /// Renders every problem with a snippet of the file around it; colourless when `color` is
    /// false (tests, pipes).
    pub fn render(&self, color: bool) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let mut out = String::new();
        for problem in &self.problems {
            let rendered = match self.located(problem) {
                Some(located) => render_guarded(&handler, &located),
                None => None,
            };
            match rendered {
                Some(text) => out.push_str(&text),
                None => out.push_str(&render_guarded(&handler, &self.plain(problem)).unwrap_or_default()),
            }
            for (other, label) in &problem.related {
                if Some(other.file) != problem.at.map(|a| a.file) {
                    out.push_str(&format!("  ({label}: {})\n", self.sources.position(*other)));
                }
            }
        }
        let warnings = self.problems.iter().filter(|p| p.warning).count();
        let errors = self.problems.len() - warnings;
        match (errors, warnings) {
            (n, 0) if n > 1 => out.push_str(&format!("{n} problems found.\n")),
            (0, _) | (_, 0) => {}
            (e, w) => out.push_str(&format!(
                "{e} {} and {w} {} found.\n",
                if e == 1 { "problem" } else { "problems" },
                if w == 1 { "warning" } else { "warnings" }
            )),
        }
        out
    }
}

/// Renders a diagnostic; `None` if the renderer panics on text it was not made for (it quotes
/// user input), so that the caller can fall back to a plain message.
fn render_guarded(handler: &GraphicalReportHandler, diagnostic: &dyn Diagnostic) -> Option<String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut out = String::new();
        handler.render_report(&mut out, diagnostic).ok().map(|_| out)
    }));
    std::panic::set_hook(hook);
    result.ok().flatten()
}

/// Length in bytes of the line holding `offset`.
fn line_length(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset);
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    end - start
}

fn span(text: &str, loc: Loc) -> miette::SourceSpan {
    let start = floor_char_boundary(text, loc.offset);
    let end = floor_char_boundary(text, loc.offset.saturating_add(loc.len)).max(start);
    (start, end - start).into()
}

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.report.fmt(f)
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.report, f)
    }
}

impl std::error::Error for Located<'_> {}

impl Diagnostic for Located<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.report.help()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.report.severity()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
