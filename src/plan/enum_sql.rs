//! The SQL of enum type changes.

use super::sql::comment;
use crate::diff::CommentTarget;
use crate::diff::enum_type::{EnumChange, Place};
use crate::model::ident::{quote_ident, quote_literal};

pub fn statements(change: &EnumChange) -> Vec<String> {
    match change {
        EnumChange::Create(e) => {
            let labels: Vec<String> = e.values.iter().map(|v| quote_literal(v)).collect();
            let mut sql = vec![format!("CREATE TYPE {} AS ENUM ({})", e.name.sql(), labels.join(", "))];
            if let Some(text) = &e.comment {
                sql.push(comment(&CommentTarget::Type { name: e.name.clone() }, Some(text)));
            }
            sql
        }
        EnumChange::Drop(e) => vec![format!("DROP TYPE {}", e.name.sql())],
        EnumChange::Rename { from, to } => vec![format!("ALTER TYPE {} RENAME TO {}", from.sql(), quote_ident(to))],
        EnumChange::AddValue { enum_type, value, place } => {
            let place = match place {
                Place::Only => String::new(),
                Place::Before(label) => format!(" BEFORE {}", quote_literal(label)),
                Place::After(label) => format!(" AFTER {}", quote_literal(label)),
            };
            vec![format!("ALTER TYPE {} ADD VALUE {}{place}", enum_type.sql(), quote_literal(value))]
        }
        EnumChange::RenameValue { enum_type, from, to } => vec![format!(
            "ALTER TYPE {} RENAME VALUE {} TO {}",
            enum_type.sql(),
            quote_literal(from),
            quote_literal(to)
        )],
    }
}
