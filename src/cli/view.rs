//! How `ogel plan` and `ogel apply` show a plan on stdout: `--show-sql`, and `--color` with
//! the variables that decide it in `auto`.

use std::io::IsTerminal;

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; CLICOLOR_FORCE turns it on anywhere.
    Auto,
    /// Always, whatever the variables say.
    Always,
    /// Never, whatever the variables say.
    Never,
}

/// How a plan is shown on stdout (`ogel plan` and `ogel apply`).
#[derive(Debug, Clone, clap::Args)]
pub struct ViewArgs {
    /// Also show the SQL the plan runs, after the summary (the human format; `--format sql` is
    /// always the SQL, and markdown has it in a collapsed block).
    #[arg(long)]
    pub show_sql: bool,
    /// Colour the human plan: green adds, yellow changes, red drops and hazards. `auto`: when
    /// stdout is a terminal and NO_COLOR is unset or empty; CLICOLOR_FORCE (not empty, not 0)
    /// turns it on without a terminal, CLICOLOR=0 off on one.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

impl ViewArgs {
    pub fn paint(&self) -> crate::render::Paint {
        crate::render::Paint::new(stdout_color(self.color))
    }
}

/// Whether stdout gets colour: `--color always|never` decide; `auto` follows no-color.org and
/// bixense.com/clicolors.
pub fn stdout_color(choice: ColorChoice) -> bool {
    let var = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    color_decision(choice, std::io::stdout().is_terminal(), &var)
}

/// The decision of `stdout_color`, of the terminal and the variables: `--color` wins, then a
/// non-empty `NO_COLOR` (off), a `CLICOLOR_FORCE` neither empty nor `0` (on), `CLICOLOR=0`
/// (off), and last whether the output is a terminal.
fn color_decision(choice: ColorChoice, terminal: bool, var: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name| var(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") && var("CLICOLOR_FORCE").as_deref() != Some("0") => true,
        ColorChoice::Auto if var("CLICOLOR").as_deref() == Some("0") => false,
        ColorChoice::Auto => terminal,
    }
}

#[cfg(test)]
mod tests {
    use super::{ColorChoice, color_decision};

    fn decide(choice: ColorChoice, terminal: bool, vars: &[(&str, &str)]) -> bool {
        let var = |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned());
        color_decision(choice, terminal, &var)
    }

    #[test]
    fn colour_follows_the_flag_then_the_variables_then_the_terminal() {
        use ColorChoice::{Always, Auto, Never};
        assert!(decide(Auto, true, &[]));
        assert!(!decide(Auto, false, &[]));
        assert!(!decide(Auto, true, &[("NO_COLOR", "1")]));
        assert!(decide(Auto, true, &[("NO_COLOR", "")]), "an empty NO_COLOR is unset");
        assert!(decide(Auto, false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!decide(Auto, false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!decide(Auto, false, &[("CLICOLOR_FORCE", "")]));
        assert!(!decide(Auto, false, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]), "NO_COLOR wins");
        assert!(!decide(Auto, true, &[("CLICOLOR", "0")]));
        assert!(decide(Auto, false, &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]));
        assert!(decide(Always, false, &[("NO_COLOR", "1")]));
        assert!(!decide(Never, true, &[("CLICOLOR_FORCE", "1")]));
    }
}
