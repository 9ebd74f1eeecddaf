//! `ignore:` of a schema: patterns that can match a name of the schema, and no declared table
//! (nor the former name of one) that a pattern ignores.

use super::{Seen, Validator};
use crate::ignore::matches;
use crate::spec::SchemaSpec;
use crate::spec::node::Node;

impl Validator<'_> {
    pub(super) fn ignore(&mut self, schema_name: &str, schema: &SchemaSpec) {
        let mut seen = Seen::new();
        for pattern in &schema.ignore {
            let p = &pattern.value;
            if p.trim().is_empty() {
                let what = if p.is_empty() { "an empty" } else { "a blank" };
                self.report(
                    pattern.loc,
                    format!("{what} `ignore` pattern in schema `{schema_name}`"),
                    if p.is_empty() { "empty" } else { "only spaces" },
                    "write a name, or a pattern with `*` (any run of characters) and `?` (one character): `schema_migrations`, `tmp_*`",
                );
            } else if let Some((prefix, rest)) = p.split_once('.') {
                let help = if prefix == schema_name && !rest.is_empty() && !rest.contains('.') {
                    format!("write `{rest}`: a pattern matches the names of this schema's objects, without the schema")
                } else {
                    "a pattern matches the names of this schema's objects, without the schema: list it under the `ignore` of the schema it is in".to_owned()
                };
                self.report(
                    pattern.loc,
                    format!("`ignore` pattern `{p}` of schema `{schema_name}` contains a `.`"),
                    "qualified",
                    &help,
                );
            } else if let Some(first) = seen.insert(p.clone(), pattern.loc) {
                let problem = crate::spec::diagnostic::Problem::at(
                    self.at(pattern.loc),
                    format!("`ignore` pattern `{p}` is listed twice in schema `{schema_name}`"),
                    "second time",
                )
                .related(self.at(first), "first time")
                .help("remove one of them");
                self.problems.push(problem);
            }
        }
        let valid: Vec<&Node<String>> = schema.ignore.iter().filter(|p| seen.get(&p.value) == Some(&p.loc)).collect();
        let ignoring = |name: &str| valid.iter().find(|p| matches(&p.value, name)).copied();
        // Every kind of object the schema declares, with its former name.
        let declared = schema
            .tables
            .iter()
            .map(|(name, t)| ("table", name, t.renamed_from.as_ref()))
            .chain(schema.enums.iter().map(|(name, e)| ("enum", name, e.value.0.renamed_from.as_ref())));
        for (kind, name, renamed_from) in declared {
            if let Some(pattern) = ignoring(&name.value) {
                let problem = crate::spec::diagnostic::Problem::at(
                    self.at(name.loc),
                    format!(
                        "{kind} `{}` is declared, but `ignore` pattern `{}` of schema `{schema_name}` matches it",
                        name.value, pattern.value
                    ),
                    "declared",
                )
                .related(self.at(pattern.loc), "ignored")
                .help(format!("ogel cannot both manage a {kind} and leave it alone: remove the {kind}'s declaration, or change the pattern so that it does not match the {kind}"));
                self.problems.push(problem);
            }
            if let Some(old) = renamed_from
                && let Some(pattern) = ignoring(&old.value)
            {
                let problem = crate::spec::diagnostic::Problem::at(
                    self.at(old.loc),
                    format!(
                        "{kind} `{}` is renamed from `{}`, but `ignore` pattern `{}` of schema `{schema_name}` matches that name",
                        name.value, old.value, pattern.value
                    ),
                    "renamed from an ignored name",
                )
                .related(self.at(pattern.loc), "ignored")
                .help(format!("an ignored {kind} is never renamed: remove `renamed_from`, or change the pattern so that it does not match the old name"));
                self.problems.push(problem);
            }
        }
    }
}

/// Whether `schema`'s `ignore` list ignores the table `name` (for a foreign key that references it).
pub(super) fn ignores(schema: &SchemaSpec, name: &str) -> bool {
    schema.ignore.iter().any(|p| !p.value.trim().is_empty() && !p.value.contains('.') && matches(&p.value, name))
}
