//! The SQL of enum type changes.

use super::sql::comment;
use crate::diff::CommentTarget;
use crate::diff::enum_type::{EnumChange, label_list};
use crate::model::ident::{quote_ident, quote_literal};

pub fn statements(change: &EnumChange) -> Vec<String> {
    match change {
        EnumChange::Create(e) => {
            let mut sql = vec![format!("CREATE TYPE {} AS ENUM ({})", e.name.sql(), label_list(&e.values))];
            if let Some(text) = &e.comment {
                sql.push(comment(&CommentTarget::Type { name: e.name.clone() }, Some(text)));
            }
            sql
        }
        EnumChange::Drop(e) => vec![format!("DROP TYPE {}", e.name.sql())],
        EnumChange::Rename { from, to } => vec![format!("ALTER TYPE {} RENAME TO {}", from.sql(), quote_ident(to))],
        EnumChange::AddValue { enum_type, value, place } => {
            let place = match place.neighbour() {
                None => String::new(),
                Some((side, label)) => format!(" {} {}", side.to_uppercase(), quote_literal(label)),
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
