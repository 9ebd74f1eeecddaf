//! Storage parameters, column statistics and options, replica identity and constraint
//! comments. A parameter's name and value reach SQL (quoted, the value as a literal), so both
//! are held to plain words and numbers here, where the mistake can be shown.

use super::Validator;
use super::table_view::TableView;
use crate::spec::ReplicaIdentitySpec;
use crate::spec::node::{Loc, NamedMap, Node, Setting};

/// The column options PostgreSQL has (`ALTER TABLE ... ALTER COLUMN ... SET (...)`).
const COLUMN_OPTIONS: [&str; 2] = ["n_distinct", "n_distinct_inherited"];

/// The most `SET STATISTICS` takes.
const MAX_STATISTICS: i64 = 10000;

fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A parameter's name: a lowercase word, for a table also `toast.word`.
fn is_parameter_name(name: &str, table: bool) -> bool {
    let plain = |part: &str| is_word(part) && !part.chars().any(|c| c.is_ascii_uppercase());
    match name.split_once('.') {
        Some(("toast", rest)) if table => plain(rest),
        Some(_) => false,
        None => plain(name),
    }
}

/// A decimal number as PostgreSQL reads one: `70`, `-0.5`, `1e3`.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && all_digits(whole)
        && all_digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && all_digits(e))
}

impl Validator<'_> {
    pub(super) fn facets(&mut self, t: &TableView) {
        let spec = t.spec;
        self.parameters(&spec.with, "a table", true);
        if let Some(identity) = &spec.replica_identity
            && let ReplicaIdentitySpec::Index(index) = &identity.value
        {
            self.name(index, "index");
        }
        for (name, column) in spec.columns.iter() {
            let c = &column.value.0;
            if let Some(target) = &c.statistics
                && !(0..=MAX_STATISTICS).contains(&target.value)
            {
                self.report(
                    target.loc,
                    format!("statistics target {} of column `{}` is out of range", target.value, name.value),
                    "out of range",
                    &format!(
                        "give a number from 0 to {MAX_STATISTICS}, or leave `statistics` out for the server's default"
                    ),
                );
            }
            self.column_options(&c.options, &name.value);
            if let Some(check) = &c.check {
                self.comment_needs_name(&check.value.0.comment, &check.value.0.name, check.loc, "check");
            }
            if let Some(r) = &c.references {
                self.comment_needs_name(&r.value.comment, &r.value.name, r.loc, "foreign key");
            }
        }
        if let Some(pk) = &spec.primary_key {
            let p = &pk.value.0;
            self.parameters(&p.with, "a primary key", false);
            self.comment_needs_name(&p.comment, &p.name, pk.loc, "primary key");
        }
        for unique in &spec.unique {
            self.parameters(&unique.value.with, "a unique constraint", false);
            self.comment_needs_name(&unique.value.comment, &unique.value.name, unique.loc, "unique constraint");
        }
        for check in &spec.checks {
            self.comment_needs_name(&check.value.0.comment, &check.value.0.name, check.loc, "check");
        }
        for fk in &spec.foreign_keys {
            self.comment_needs_name(&fk.value.comment, &fk.value.name, fk.loc, "foreign key");
        }
        for x in &spec.exclusions {
            self.parameters(&x.value.with, "an exclusion constraint", false);
            self.comment_needs_name(&x.value.comment, &x.value.name, x.loc, "exclusion constraint");
        }
        for (_, index) in spec.indexes.iter() {
            self.parameters(&index.value.with, "an index", false);
        }
    }

    /// Storage parameters: a plain name, and a number or a word as the value. Whether
    /// PostgreSQL knows the parameter is for PostgreSQL to say (in the shadow database).
    fn parameters(&mut self, parameters: &NamedMap<Node<Setting>>, what: &str, table: bool) {
        for (name, value) in parameters.iter() {
            if !is_parameter_name(&name.value, table) {
                let help = if table {
                    "write a storage parameter's name in lowercase (`fillfactor`, `autovacuum_enabled`, `toast.autovacuum_enabled`)"
                } else {
                    "write a storage parameter's name in lowercase (`fillfactor`, `deduplicate_items`)"
                };
                self.report(
                    name.loc,
                    format!("`{}` is not a storage parameter name of {what}", name.value),
                    "not a parameter name",
                    help,
                );
            }
            self.setting(value, &name.value, false);
        }
    }

    fn column_options(&mut self, options: &NamedMap<Node<Setting>>, column: &str) {
        for (name, value) in options.iter() {
            if !COLUMN_OPTIONS.contains(&name.value.as_str()) {
                self.report(
                    name.loc,
                    format!("column `{column}` has an unknown option `{}`", name.value),
                    "unknown option",
                    "a column's options are `n_distinct` and `n_distinct_inherited`",
                );
            }
            self.setting(value, &name.value, true);
        }
    }

    fn setting(&mut self, value: &Node<Setting>, name: &str, number: bool) {
        let text = value.value.0.as_str();
        let plain = is_number(text) || (!number && is_word(text));
        if !plain {
            let help = if number { "write a number" } else { "write a number (`70`, `0.05`) or a word (`on`, `off`)" };
            self.report(value.loc, format!("`{text}` is not a value for `{name}`"), "not a plain value", help);
        }
    }

    fn comment_needs_name(
        &mut self,
        comment: &Option<Node<String>>,
        name: &Option<Node<String>>,
        loc: Loc,
        what: &str,
    ) {
        if let (Some(comment), None) = (comment, name) {
            let loc = if comment.loc == Loc::default() { loc } else { comment.loc };
            self.report(
                loc,
                format!("a comment on a {what} needs the {what}'s name"),
                "no name",
                &format!("give the {what} a `name` (COMMENT ON CONSTRAINT names it)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_number, is_parameter_name};

    #[test]
    fn plain_values_and_names() {
        for n in ["70", "-0.5", "+1", "1e3", "0.10", ".5", "2."] {
            assert!(is_number(n), "{n}");
        }
        for n in ["", "-", "1e", "1.2.3", "0x10", "1;", "'1'", "1 2"] {
            assert!(!is_number(n), "{n}");
        }
        assert!(is_parameter_name("fillfactor", false));
        assert!(is_parameter_name("toast.autovacuum_enabled", true));
        assert!(!is_parameter_name("toast.autovacuum_enabled", false));
        assert!(!is_parameter_name("Fillfactor", false));
        assert!(!is_parameter_name("fill factor", false));
        assert!(!is_parameter_name("a.b", true));
    }
}
