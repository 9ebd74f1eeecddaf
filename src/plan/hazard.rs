//! Hazards: what a step may do besides what it says. Data on each step, so that apply can
//! refuse what was not allowed and every output can show them.

use serde::{Deserialize, Serialize};

use crate::diff::enum_type::EnumChange;
use crate::diff::{Change, Facet, TableFacet};
use crate::model::ident::quote_literal;
use crate::model::{Column, ConstraintKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Deletes rows or values: refused without `--allow-destructive`.
    DeletesData,
    /// Rewrites the whole table under an ACCESS EXCLUSIVE lock.
    RewritesTable,
    /// Reads the whole table to check existing rows, blocking writes meanwhile.
    ScansTable,
    /// Builds an index, blocking writes to the table meanwhile.
    BuildsIndex,
    /// Renames an object: clients that use the old name break.
    BreaksClients,
    /// Runs SQL written in the declaration.
    RunsDeclaredSql,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hazard {
    pub kind: HazardKind,
    pub message: String,
    /// For a hazard that deletes data, what `apply --allow-drop` takes to allow it alone:
    /// `KIND:NAME`, e.g. `table:platform.legacy_x` (see [`APPROVAL_KINDS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow: Option<String>,
}

/// The kinds of data-deleting step `apply --allow-drop KIND:NAME` approves one by one: dropping
/// a table or a column, deleting the rows a `sync` seed does not declare, a type change that is
/// not a lossless widening, and a column made again as a generated column.
pub const APPROVAL_KINDS: &[&str] = &["table", "column", "rows", "type-change", "generated"];

impl HazardKind {
    pub fn name(self) -> &'static str {
        match self {
            HazardKind::DeletesData => "deletes data",
            HazardKind::RewritesTable => "rewrites table",
            HazardKind::ScansTable => "scans table",
            HazardKind::BuildsIndex => "builds index",
            HazardKind::BreaksClients => "breaks clients",
            HazardKind::RunsDeclaredSql => "runs declared SQL",
        }
    }
}

fn hazard(kind: HazardKind, message: impl Into<String>) -> Hazard {
    Hazard { kind, message: message.into(), allow: None }
}

/// A hazard that deletes data, approved alone by `--allow-drop {kind}:{name}`.
fn deletes(kind: &str, name: String, message: impl Into<String>) -> Hazard {
    debug_assert!(APPROVAL_KINDS.contains(&kind));
    Hazard { kind: HazardKind::DeletesData, message: message.into(), allow: Some(format!("{kind}:{name}")) }
}

/// The hazards of one change.
pub fn hazards(change: &Change) -> Vec<Hazard> {
    use HazardKind::*;
    match change {
        Change::DropTable(table) => {
            vec![deletes("table", table.name.to_string(), format!("drops table {} and every row in it", table.name))]
        }
        Change::DropColumn { table, column } => {
            vec![deletes(
                "column",
                crate::diff::column_name(table, &column.name),
                format!("drops column {} and its value in every row of {table}", column.name),
            )]
        }
        Change::AlterColumn { table, from, to, facets } => {
            column_hazards(&crate::diff::column_name(table, &to.name), from, to, facets)
        }
        Change::AddConstraint { constraint, .. } => match &constraint.kind {
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } | ConstraintKind::Exclusion { .. } => {
                vec![hazard(BuildsIndex, "builds the constraint's index, blocking writes meanwhile")]
            }
            // Added NOT VALID: existing rows are not read.
            ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) if !constraint.validated => Vec::new(),
            ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_) => {
                vec![hazard(ScansTable, "checks every existing row, blocking writes meanwhile")]
            }
        },
        Change::AlterTable { to, facets, .. } if facets.contains(&TableFacet::Persistence) => vec![hazard(
            RewritesTable,
            format!(
                "SET {} rewrites the table under an ACCESS EXCLUSIVE lock",
                if to.unlogged { "UNLOGGED" } else { "LOGGED" }
            ),
        )],
        Change::ValidateConstraint { .. } => vec![hazard(
            ScansTable,
            "checks every existing row; its own lock (SHARE UPDATE EXCLUSIVE) lets reads and writes go on, \
             but locks earlier steps of this apply took on the table are held until it ends",
        )],
        Change::AddIndex { .. } | Change::ReplaceIndex { .. } => {
            vec![hazard(BuildsIndex, "builds the index, blocking writes to the table meanwhile")]
        }
        // DROP TYPE without CASCADE: the server refuses while a column still uses the type.
        Change::Enum(EnumChange::Drop(e)) => {
            vec![hazard(BreaksClients, format!("queries and casts that name type {} fail from now on", e.name))]
        }
        Change::Enum(EnumChange::Rename { from, to }) => {
            vec![hazard(BreaksClients, format!("queries and casts that name type {from} must name {to} from now on"))]
        }
        Change::Enum(EnumChange::RenameValue { enum_type, from, to }) => vec![hazard(
            BreaksClients,
            format!(
                "rows of {enum_type} that hold {} read {} from now on, and so must queries that compare with it",
                quote_literal(from),
                quote_literal(to)
            ),
        )],
        Change::RenameTable { table, to } => {
            vec![hazard(BreaksClients, format!("queries that name {table} must name {to} from now on"))]
        }
        Change::RenameColumn { from, to, .. } => {
            vec![hazard(BreaksClients, format!("queries that name column {from} must name {to} from now on"))]
        }
        Change::RenameSchema { from, to } => {
            vec![hazard(BreaksClients, format!("queries that name schema {from} must name {to} from now on"))]
        }
        Change::RunTransition(t) if t.deferred => vec![hazard(
            RunsDeclaredSql,
            format!("runs the SQL of transition {} if its `when` holds at apply (not evaluated by this plan)", t.name),
        )],
        Change::RunTransition(t) => vec![hazard(RunsDeclaredSql, format!("runs the SQL of transition {}", t.name))],
        Change::DeleteRows(seed) if !seed.deletes.is_empty() => vec![deletes(
            "rows",
            seed.seeds.table.to_string(),
            format!(
                "deletes {} row(s) of {} that the seeds do not declare (mode sync)",
                seed.deletes.len(),
                seed.seeds.table
            ),
        )],
        _ => Vec::new(),
    }
}

/// The hazards of changing a column.
fn column_hazards(column: &str, from: &Column, to: &Column, facets: &[Facet]) -> Vec<Hazard> {
    use HazardKind::*;
    let mut found = Vec::new();
    if facets.contains(&Facet::Type) {
        if lossless(&from.data_type, &to.data_type) {
            if !binary_compatible(&from.data_type, &to.data_type) {
                found.push(hazard(RewritesTable, format!("{} → {} rewrites the table", from.data_type, to.data_type)));
            }
        } else {
            found.push(deletes(
                "type-change",
                column.to_owned(),
                format!(
                    "{} → {} is not a lossless widening: values may be cut, rounded or fail to convert",
                    from.data_type, to.data_type
                ),
            ));
        }
    } else if facets.contains(&Facet::Collation) {
        found.push(hazard(RewritesTable, "a new collation rebuilds the indexes on the column"));
    }
    if facets.contains(&Facet::Generated) && from.generated.is_none() {
        found.push(deletes(
            "generated",
            column.to_owned(),
            "the column is made again as a generated column: its stored values are replaced",
        ));
    } else if facets.contains(&Facet::Generated) && to.generated.is_some() {
        found.push(hazard(RewritesTable, "a new generation expression recomputes the column in every row"));
    }
    if facets.contains(&Facet::Nullability) && to.not_null {
        found.push(hazard(ScansTable, "SET NOT NULL reads every row, and fails if one holds NULL"));
    }
    if facets.contains(&Facet::Sequence)
        && let (Some(was), Some(now)) = (&from.sequence, &to.sequence)
        && now.named
        && now.name != was.name
    {
        found.push(hazard(
            BreaksClients,
            format!(
                "queries that name sequence {} (nextval, setval) must name {} from now on",
                was.name.as_deref().unwrap_or_default(),
                now.name.as_deref().unwrap_or_default()
            ),
        ));
    }
    found
}

/// A type as `format_type` prints it: base name, modifiers, array dimensions.
struct Type {
    base: String,
    modifiers: Vec<i64>,
    array: bool,
}

fn parse(text: &str) -> Type {
    let (text, array) = match text.strip_suffix("[]") {
        Some(element) => (element, true),
        None => (text, false),
    };
    // "timestamp(3) with time zone": the modifiers may stand in the middle.
    match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => Type {
            base: format!("{}{}", &text[..open], &text[close + 1..]),
            modifiers: text[open + 1..close].split(',').filter_map(|m| m.trim().parse().ok()).collect(),
            array,
        },
        _ => Type { base: text.to_owned(), modifiers: Vec::new(), array },
    }
}

/// Whether every value of `from` converts to `to` unchanged. The documented list (README):
/// smallint → integer → bigint → numeric, real → double precision, varchar(n) → varchar(m ≥ n)
/// → varchar → text, text → varchar, numeric(p,s) → numeric with at least as many digits on
/// both sides of the point, cidr → inet, and a larger time or timestamp precision; arrays of
/// these alike.
pub fn lossless(from: &str, to: &str) -> bool {
    let (a, b) = (parse(from), parse(to));
    if a.array != b.array {
        return false;
    }
    let full = |t: &Type| t.modifiers.is_empty();
    match (a.base.as_str(), b.base.as_str()) {
        (x, y) if x == y => match x {
            "character varying" | "bit varying" => full(&b) || (!full(&a) && b.modifiers[0] >= a.modifiers[0]),
            "numeric" => {
                full(&b)
                    || (!full(&a) && {
                        let (p1, s1) = (a.modifiers[0], a.modifiers.get(1).copied().unwrap_or(0));
                        let (p2, s2) = (b.modifiers[0], b.modifiers.get(1).copied().unwrap_or(0));
                        s2 >= s1 && p2 - s2 >= p1 - s1
                    })
            }
            _ if x.starts_with("time") || x == "interval" => {
                full(&b) || (!full(&a) && b.modifiers[0] >= a.modifiers[0])
            }
            _ => from == to,
        },
        ("smallint", "integer" | "bigint") | ("integer", "bigint") => true,
        ("smallint" | "integer" | "bigint", "numeric") => full(&b),
        ("real", "double precision") => true,
        ("character varying", "text") | ("text", "character varying") => full(&b),
        ("cidr", "inet") => true,
        _ => false,
    }
}

/// Lossless changes that PostgreSQL makes without touching the rows.
fn binary_compatible(from: &str, to: &str) -> bool {
    let (a, b) = (parse(from), parse(to));
    matches!(
        (a.base.as_str(), b.base.as_str()),
        ("character varying", "character varying" | "text") | ("text", "character varying") | ("cidr", "inet")
    ) || (a.base == b.base && matches!(a.base.as_str(), "numeric" | "bit varying") && b.modifiers.is_empty())
}

#[cfg(test)]
mod tests {
    use super::lossless;

    #[test]
    fn widenings_are_lossless() {
        for (from, to) in [
            ("integer", "bigint"),
            ("smallint", "integer"),
            ("character varying(20)", "character varying(255)"),
            ("character varying(20)", "text"),
            ("character varying(20)", "character varying"),
            ("text", "character varying"),
            ("numeric(10,2)", "numeric(12,2)"),
            ("numeric(10,2)", "numeric"),
            ("integer", "numeric"),
            ("real", "double precision"),
            ("timestamp(3) with time zone", "timestamp(6) with time zone"),
            ("timestamp(3) with time zone", "timestamp with time zone"),
            ("integer[]", "bigint[]"),
        ] {
            assert!(lossless(from, to), "{from} → {to}");
        }
    }

    #[test]
    fn narrowings_and_reinterpretations_are_not() {
        for (from, to) in [
            ("bigint", "integer"),
            ("character varying(255)", "character varying(20)"),
            ("text", "character varying(20)"),
            ("numeric(10,2)", "numeric(10,3)"),
            ("numeric(10,2)", "integer"),
            ("timestamp without time zone", "timestamp with time zone"),
            ("timestamp(3) without time zone", "timestamp(6) with time zone"),
            ("json", "jsonb"),
            ("text", "integer"),
            ("integer", "numeric(5,0)"),
            ("integer[]", "integer"),
        ] {
            assert!(!lossless(from, to), "{from} → {to}");
        }
    }
}
