//! PostgreSQL's rules for names: their length, and the names it gives unnamed constraints.

/// Longest identifier PostgreSQL keeps (`NAMEDATALEN - 1`); longer ones are truncated.
pub const NAME_MAX_BYTES: usize = 63;

/// The name PostgreSQL gives an unnamed constraint (or its index): `table_col1_col2_key`,
/// `table_pkey`, ... shortened the way `makeObjectName` shortens it. PostgreSQL appends a number
/// when the name is taken; that part is not predicted here.
pub fn default_constraint_name(table: &str, columns: &[&str], label: &str) -> String {
    let addition = join_columns(columns);
    make_object_name(table, (!addition.is_empty()).then_some(addition.as_str()), label)
}

/// `ChooseIndexNameAddition`: column names joined by `_`, cut once past the name length.
fn join_columns(columns: &[&str]) -> String {
    let mut out = String::new();
    for column in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(column);
        if out.len() > NAME_MAX_BYTES {
            out.truncate(floor_boundary(&out, NAME_MAX_BYTES));
            break;
        }
    }
    out
}

/// `makeObjectName` of PostgreSQL's `indexcmds.c`.
fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut overhead = label.len() + 1;
    let mut name1_len = name1.len();
    let mut name2_len = 0;
    if let Some(name2) = name2 {
        name2_len = name2.len();
        overhead += 1;
    }
    let available = NAME_MAX_BYTES - overhead;
    while name1_len + name2_len > available {
        if name1_len > name2_len {
            name1_len -= 1;
        } else {
            name2_len -= 1;
        }
    }
    let mut out = name1[..floor_boundary(name1, name1_len)].to_owned();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(&name2[..floor_boundary(name2, name2_len)]);
    }
    out.push('_');
    out.push_str(label);
    out
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_match_postgres() {
        assert_eq!(default_constraint_name("users", &[], "pkey"), "users_pkey");
        assert_eq!(default_constraint_name("users", &["email"], "key"), "users_email_key");
        assert_eq!(
            default_constraint_name("members", &["organization_id", "user_id"], "key"),
            "members_organization_id_user_id_key"
        );
        let long = "t".repeat(70);
        let name = default_constraint_name(&long, &["c".repeat(70).as_str()], "key");
        assert_eq!(name.len(), NAME_MAX_BYTES);
        assert_eq!(name, format!("{}_{}_key", "t".repeat(29), "c".repeat(29)));
    }
}
