//! The SQL of seed-row steps.

use super::Statement;
use crate::diff::SeedChange;
use crate::model::ident::quote_ident;
use crate::model::seed::SeedMode;
use crate::seeds::{cell_sql, comparable};

/// Statements that write declared rows. They match rows again when they run, so that they do
/// the right thing whatever earlier steps (a transition) did to the table: declared columns of
/// existing rows are updated where they differ, missing rows inserted, and for `sync`, rows
/// not declared deleted. Rows that declare different sets of columns go in separate statements.
pub fn statements(seed: &SeedChange) -> Vec<Statement> {
    let table = seed.seeds.table.sql();
    let type_of = |c: &str| seed.types.get(c).cloned().unwrap_or_else(|| "text".to_owned());
    let v = |c: &str| quote_ident(&format!("v_{c}"));
    let mut statements = Vec::new();
    let mut groups: Vec<(Vec<&str>, Vec<usize>)> = Vec::new();
    for &i in &seed.written {
        let columns: Vec<&str> = seed.seeds.rows[i].cells.iter().map(|(c, _)| c.as_str()).collect();
        match groups.iter_mut().find(|(g, _)| *g == columns) {
            Some((_, rows)) => rows.push(i),
            None => groups.push((columns, vec![i])),
        }
    }
    let key_match = |alias: &str| -> String {
        seed.key.iter().map(|k| format!("{alias}.{} = v.{}", quote_ident(k), v(k))).collect::<Vec<_>>().join(" AND ")
    };
    for (columns, rows) in groups {
        let mut secrets = Vec::new();
        let values: Vec<String> = rows
            .iter()
            .map(|&i| {
                let row = &seed.seeds.rows[i];
                let items: Vec<String> =
                    row.cells.iter().map(|(c, cell)| cell_sql(cell, &type_of(c), &mut secrets)).collect();
                format!("({})", items.join(", "))
            })
            .collect();
        let names: Vec<String> = columns.iter().map(|c| v(c)).collect();
        let mut sql = format!("WITH v ({}) AS (\n    VALUES {}\n)", names.join(", "), values.join(",\n           "));
        let others: Vec<&&str> = columns.iter().filter(|c| !seed.key.iter().any(|k| k == **c)).collect();
        if seed.seeds.mode != SeedMode::Insert && !others.is_empty() {
            let set: Vec<String> = others.iter().map(|c| format!("{} = v.{}", quote_ident(c), v(c))).collect();
            let differs: Vec<String> = others
                .iter()
                .map(|c| {
                    let t = type_of(c);
                    format!(
                        "{} IS DISTINCT FROM {}",
                        comparable(&format!("t.{}", quote_ident(c)), &t),
                        comparable(&format!("v.{}", v(c)), &t)
                    )
                })
                .collect();
            sql.push_str(&format!(
                ", updated AS (\n    UPDATE {table} AS t SET {}\n      FROM v WHERE {} AND ({})\n)",
                set.join(", "),
                key_match("t"),
                differs.join(" OR ")
            ));
        }
        let quoted: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
        let selected: Vec<String> = columns.iter().map(|c| format!("v.{}", v(c))).collect();
        sql.push_str(&format!(
            "\nINSERT INTO {table} ({})\nSELECT {} FROM v\n WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {})",
            quoted.join(", "),
            selected.join(", "),
            key_match("t")
        ));
        statements.push(Statement { sql, secrets });
    }
    if seed.seeds.mode == SeedMode::Sync {
        let mut secrets = Vec::new();
        let keys: Vec<String> = seed
            .seeds
            .rows
            .iter()
            .map(|row| {
                let items: Vec<String> = seed
                    .key
                    .iter()
                    .map(|k| {
                        row.cell(k).map_or_else(
                            || format!("NULL::{}", type_of(k)),
                            |cell| cell_sql(cell, &type_of(k), &mut secrets),
                        )
                    })
                    .collect();
                format!("({})", items.join(", "))
            })
            .collect();
        let names: Vec<String> = seed.key.iter().map(|k| v(k)).collect();
        statements.push(Statement {
            sql: format!(
                "DELETE FROM {table} AS t\n WHERE NOT EXISTS (SELECT 1 FROM (VALUES {}) AS v({}) WHERE {})",
                keys.join(", "),
                names.join(", "),
                key_match("t")
            ),
            secrets,
        });
    }
    statements
}
