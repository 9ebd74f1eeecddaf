//! `ogel man`: the manual page, generated from the command line's definition.
//!
//! One page, ogel(1), with every command in it (synopsis, description, options), so that a
//! single file installs it all.

use std::io::Write;

use clap_mangen::Man;
use roff::{Roff, bold, roman};

use super::Outcome;
use crate::error::Error;

/// Print the manual page (roff), e.g. `ogel man > ~/.local/share/man/man1/ogel.1`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: &Args) -> Result<Outcome, Error> {
    std::io::stdout().lock().write_all(page().as_bytes()).map_err(super::io_error)?;
    Ok(Outcome::Success)
}

/// Roff text without the preamble that every rendering starts with (the page has it once).
fn body(rendered: Vec<u8>) -> String {
    let text = String::from_utf8(rendered).expect("roff from UTF-8 text is UTF-8");
    let preamble = Roff::default().render();
    text.strip_prefix(&preamble).unwrap_or(&text).to_owned()
}

/// A section that clap_mangen renders, as roff text.
fn rendered(man: &Man, render: fn(&Man, &mut dyn Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    render(man, &mut out).expect("writing to memory cannot fail");
    body(out)
}

/// A section that clap_mangen renders, without its `.SH` heading: a part of one command's
/// entry, under the command's own heading.
fn part(man: &Man, render: fn(&Man, &mut dyn Write) -> std::io::Result<()>) -> String {
    rendered(man, render).lines().filter(|line| !line.starts_with(".SH")).map(|line| format!("{line}\n")).collect()
}

fn roff(roff: &Roff) -> String {
    body(roff.render().into_bytes())
}

/// The whole page.
fn page() -> String {
    // `ogel help` is no command to document; building gives each command its `ogel NAME`.
    let mut command = super::command().disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone());
    let mut page = Roff::default().render();
    for render in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page += &rendered(&man, render);
    }

    page += &roff(Roff::default().control("SH", ["COMMANDS"]));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        let man = Man::new(sub.clone());
        page += &roff(Roff::default().control("SS", [name]));
        page += &part(&man, Man::render_synopsis_section);
        page += &roff(Roff::default().control("PP", []));
        page += &part(&man, Man::render_description_section);
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            page += &roff(Roff::default().control("PP", []).text([bold("Options:")]));
            page += &part(&man, Man::render_options_section);
        }
    }

    let mut tail = Roff::default();
    tail.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Success: done, nothing to change, or in sync."),
        ("1", "An error, a command-line usage error included (apply then changed nothing)."),
        ("2", "Changes or drift present (plan with --detailed-exitcode, drift)."),
        ("130", "Stopped by SIGINT or SIGTERM (drift --every exits with its last round's code instead)."),
    ] {
        tail.control("TP", []).text([bold(code)]).text([roman(meaning)]);
    }
    tail.control("SH", ["ENVIRONMENT"]);
    for (variable, meaning) in [
        (
            "DATABASE_URL",
            "The target database when neither --database-url nor the selected environment of ogel.toml gives one.",
        ),
        ("OGEL_ENV", "The environment of ogel.toml to use when --env is not given."),
        ("OGEL_CACHE_DIR", "Where drift keeps its normalization cache; empty turns the cache off."),
        (
            "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSERVICE, PGSSLMODE, ...",
            "The libpq variables, read as libpq reads them, when neither --database-url nor DATABASE_URL is given.",
        ),
        ("NO_COLOR", "When set and not empty, no colour on stderr."),
    ] {
        tail.control("TP", []).text([bold(variable)]).text([roman(meaning)]);
    }
    page += &roff(&tail);
    page += &rendered(&man, Man::render_version_section);
    page
}
