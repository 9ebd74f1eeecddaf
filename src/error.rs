//! Errors a command can end with. Library code returns these; only `cli::main` prints them and
//! turns them into exit code 1.

use crate::spec::diagnostic::Problems;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the declaration files, each with its place.
    #[error("{0}")]
    Declaration(Problems),
    /// Anything else a user can cause or fix, with what to do about it.
    #[error("{message}")]
    Failed { message: String, help: Option<String> },
    /// Stopped by SIGINT or SIGTERM.
    #[error("interrupted")]
    Interrupted,
    /// An error already shown to the user: exit 1 without saying it again.
    #[error("error")]
    Reported,
}

impl Error {
    pub fn failed(message: impl Into<String>) -> Self {
        Error::Failed { message: message.into(), help: None }
    }

    pub fn with_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Failed { message: message.into(), help: Some(help.into()) }
    }

    /// Renders the error for a terminal (`color`) or a pipe.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Declaration(problems) => problems.render(color),
            Error::Interrupted => "interrupted; nothing was applied\n".to_owned(),
            Error::Reported => String::new(),
            Error::Failed { message, help } => {
                let mut diagnostic = miette::MietteDiagnostic::new(message.clone());
                if let Some(help) = help {
                    diagnostic = diagnostic.with_help(help.clone());
                }
                let theme =
                    if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
                // Wrapped at spaces only: a flag or name the message quotes stays whole, to copy.
                let handler = miette::GraphicalReportHandler::new_themed(theme)
                    .with_width(100)
                    .with_links(false)
                    .with_break_words(false)
                    .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
                let mut out = String::new();
                let _ = handler.render_report(&mut out, &diagnostic);
                out
            }
        }
    }
}

impl From<Problems> for Error {
    fn from(problems: Problems) -> Self {
        Error::Declaration(problems)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
