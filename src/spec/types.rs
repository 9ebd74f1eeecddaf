//! PostgreSQL's built-in type aliases, for comparing types without a database.
//!
//! Only `ogel validate` uses this (its foreign-key check, its hint on `default: gold`);
//! everything that talks to a server lets PostgreSQL name types itself (`format_type`).

/// The canonical name of a type as written in YAML, without modifiers (`varchar(20)` and
/// `varchar` are the same type here) and with aliases resolved (`int4` is `integer`).
pub fn canonical(written: &str) -> String {
    let mut base = String::new();
    let mut depth = 0usize;
    for c in written.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => base.push(c),
            _ => {}
        }
    }
    let words: Vec<String> = base.split_whitespace().map(str::to_lowercase).collect();
    let mut name = words.join(" ");
    let mut array = String::new();
    while let Some(stripped) = name.strip_suffix("[]") {
        array.push_str("[]");
        name = stripped.trim_end().to_owned();
    }
    let name = name.strip_prefix("pg_catalog.").unwrap_or(&name);
    let canonical = match name {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint",
        "float8" | "double precision" | "float" => "double precision",
        "float4" | "real" => "real",
        "decimal" | "numeric" => "numeric",
        "bool" | "boolean" => "boolean",
        "varchar" | "character varying" => "character varying",
        "char" | "character" | "bpchar" => "character",
        "timestamp" | "timestamp without time zone" => "timestamp without time zone",
        "timestamptz" | "timestamp with time zone" => "timestamp with time zone",
        "time" | "time without time zone" => "time without time zone",
        "timetz" | "time with time zone" => "time with time zone",
        "varbit" | "bit varying" => "bit varying",
        other => other,
    };
    format!("{canonical}{array}")
}

/// The family of a canonical type for foreign keys: PostgreSQL compares the integers among
/// themselves, and the character types, so a key of one may reference a key of another.
pub fn key_family(canonical: &str) -> &str {
    match canonical {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" => "character",
        "real" | "double precision" => "floating point",
        other => other,
    }
}

/// Whether a type written in YAML holds text: `text`, `varchar(n)`, `char(n)`, `citext`.
pub fn is_text(written: &str) -> bool {
    let canonical = canonical(written);
    key_family(&canonical) == "character" || canonical == "citext" || canonical.ends_with(".citext")
}

/// Whether a `serial`-like type (an integer with its own sequence) is written.
pub fn is_serial(written: &str) -> bool {
    matches!(
        written.trim().to_lowercase().as_str(),
        "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
    )
}

#[cfg(test)]
mod tests {
    use super::{canonical, is_text, key_family};

    #[test]
    fn aliases_and_modifiers_fold_together() {
        assert_eq!(canonical("int4"), canonical("INTEGER"));
        assert_eq!(canonical("serial"), "integer");
        assert_eq!(canonical("varchar(20)"), canonical("character  varying"));
        assert_eq!(canonical("numeric(10,2)"), "numeric");
        assert_eq!(canonical("timestamp(3) with time zone"), canonical("timestamptz"));
        assert_eq!(canonical("int[]"), "integer[]");
        assert_ne!(canonical("uuid"), canonical("text"));
        assert_ne!(canonical("integer"), canonical("bigint"));
        assert_eq!(key_family(&canonical("bigserial")), key_family(&canonical("int4")));
        assert_ne!(key_family(&canonical("uuid")), key_family(&canonical("text")));
        assert!(is_text("text") && is_text("VARCHAR(20)") && is_text("character(3)") && is_text("public.citext"));
        assert!(!is_text("text[]") && !is_text("integer") && !is_text("order_status"));
    }
}
