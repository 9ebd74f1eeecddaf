//! The SQL of seed-row steps.

use super::Statement;
use crate::diff::SeedChange;
use crate::model::ident::quote_ident;
use crate::model::seed::{SeedMode, SeedRow};
use crate::seeds::{Bindings, Values, comparable, key_match, undeclared, v};

/// Statements that write declared rows. They match rows again when they run, so that they do
/// the right thing whatever earlier steps (a transition) did to the table: declared columns of
/// existing rows are updated where they differ, missing rows inserted. Rows that declare
/// different sets of columns go in separate statements.
pub fn writes(seed: &SeedChange) -> Vec<Statement> {
    let table = seed.seeds.table.sql();
    let type_of = |c: &str| seed.types.get(c).cloned().unwrap_or_else(|| "text".to_owned());
    let mut groups: Vec<(Vec<&str>, Vec<&SeedRow>)> = Vec::new();
    for &i in &seed.written {
        let row = &seed.seeds.rows[i];
        let columns: Vec<&str> = row.cells.iter().map(|(c, _)| c.as_str()).collect();
        match groups.iter_mut().find(|(g, _)| *g == columns) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((columns, vec![row])),
        }
    }
    let matched = key_match(&seed.key, str::to_owned);
    groups
        .into_iter()
        .map(|(columns, rows)| {
            let mut bindings = Bindings::deferred();
            let values = Values::new(&rows, &columns, type_of, &mut bindings);
            let mut sql =
                format!("WITH v ({}) AS (\n    VALUES {}\n)", values.names, values.rows.join(",\n           "));
            let others: Vec<&&str> = columns.iter().filter(|c| !seed.key.iter().any(|k| k == **c)).collect();
            if seed.seeds.mode != SeedMode::Insert && !others.is_empty() {
                let set: Vec<String> = others.iter().map(|c| format!("{} = {}", quote_ident(c), v(c))).collect();
                let differs: Vec<String> = others
                    .iter()
                    .map(|c| {
                        let t = type_of(c);
                        format!(
                            "{} IS DISTINCT FROM {}",
                            comparable(&format!("t.{}", quote_ident(c)), &t),
                            comparable(&v(c), &t)
                        )
                    })
                    .collect();
                sql.push_str(&format!(
                    ", updated AS (\n    UPDATE {table} AS t SET {}\n      FROM v WHERE {matched} AND ({})\n)",
                    set.join(", "),
                    differs.join(" OR ")
                ));
            }
            let quoted: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
            let selected: Vec<String> = columns.iter().map(|c| v(c)).collect();
            sql.push_str(&format!(
                "\nINSERT INTO {table} ({})\nSELECT {} FROM v\n WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {matched})",
                quoted.join(", "),
                selected.join(", "),
            ));
            Statement { sql, secrets: bindings.values, evaluated: bindings.evaluated }
        })
        .collect()
}

/// The statement of a `sync` table that deletes the rows the seeds do not declare, whichever
/// they are when it runs.
pub fn deletes(seed: &SeedChange) -> Vec<Statement> {
    let type_of = |c: &str| seed.types.get(c).cloned().unwrap_or_else(|| "text".to_owned());
    let mut bindings = Bindings::deferred();
    let filter = undeclared(&seed.seeds, &seed.key, type_of, str::to_owned, &mut bindings);
    let sql = format!("DELETE FROM {} AS t{filter}", seed.seeds.table.sql());
    vec![Statement { sql, secrets: bindings.values, evaluated: bindings.evaluated }]
}
