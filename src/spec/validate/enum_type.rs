//! `enums:` of a schema: names, labels and renames PostgreSQL would refuse or a plan could not
//! carry out.

use std::collections::BTreeSet;

use super::{Seen, Validator};
use crate::model::names::NAME_MAX_BYTES;
use crate::spec::enum_type::{EnumDecl, EnumValue};
use crate::spec::{Node, SchemaSpec};

impl Validator<'_> {
    pub(super) fn enums(&mut self, schema: &SchemaSpec) {
        let tables: BTreeSet<&str> = schema.tables.iter().map(|(n, _)| n.value.as_str()).collect();
        let declared: BTreeSet<&str> = schema.enums.iter().map(|(n, _)| n.value.as_str()).collect();
        let mut renamed = Seen::new();
        for (name, decl) in schema.enums.iter() {
            self.name(name, "enum");
            if tables.contains(name.value.as_str()) {
                self.report(
                    name.loc,
                    format!("enum name `{}` is the name of a table of this schema", name.value),
                    "also a table",
                    "a table's row type takes its name among the schema's types: rename the enum or the table",
                );
            }
            if let Some(old) = &decl.value.0.renamed_from {
                self.renamed_from(old, &name.value, "enum", declared.contains(old.value.as_str()), &mut renamed);
            }
            self.labels(decl);
        }
    }

    fn labels(&mut self, decl: &Node<EnumDecl>) {
        let spec = &decl.value.0;
        let mut seen = Seen::new();
        let mut renamed = Seen::new();
        let labels: BTreeSet<&str> = spec.values.iter().map(|v| EnumValue::label(v).0).collect();
        for value in &spec.values {
            let (label, loc) = EnumValue::label(value);
            if label.chars().any(char::is_control) {
                self.report(
                    loc,
                    format!("enum label `{}` holds a control character", label.escape_default()),
                    "control character",
                    "write the label without line breaks, tabs or other control characters",
                );
            } else if label.len() > NAME_MAX_BYTES {
                self.report(
                    loc,
                    format!("enum label `{label}` is {} bytes long; PostgreSQL allows {NAME_MAX_BYTES}", label.len()),
                    "too long",
                    &format!("shorten it to {NAME_MAX_BYTES} bytes or fewer"),
                );
            }
            if let Some(first) = seen.insert(label.to_owned(), loc) {
                let problem = crate::spec::diagnostic::Problem::at(
                    self.at(loc),
                    format!("enum label `{label}` is declared twice"),
                    "second time",
                )
                .related(self.at(first), "first time")
                .help("each label of an enum is unique: remove one");
                self.problems.push(problem);
            }
            if let Some(old) = &value.value.0.renamed_from {
                let old_declared = labels.contains(old.value.as_str());
                self.renamed_from(old, label, "enum label", old_declared, &mut renamed);
            }
        }
    }
}
