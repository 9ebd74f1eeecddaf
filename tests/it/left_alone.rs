//! The invariant behind "not managed by ogel and is left as it is", checked from the outside
//! on every plan the data-driven and differential cases make: no step's object is, or is on, an
//! object the same plan lists as left alone. (ogel checks it too, inside plan construction;
//! this reads only the JSON plan and the database, so it does not trust that check.)

use std::path::Path;

use crate::common::stdout;
use crate::pg::TestDb;

const LEFT_ALONE: &str = " is not managed by ogel and is left as it is";

/// The names a step's object stands for: itself, the table a constraint is on, the table of a
/// column, the object of a comment.
fn candidates(object: &str) -> Vec<String> {
    let mut names = vec![object.to_owned()];
    if let Some((_, table)) = object.rsplit_once(" on ") {
        names.push(table.to_owned());
    }
    for prefix in ["table ", "index ", "column ", "schema "] {
        if let Some(rest) = object.strip_prefix(prefix) {
            names.push(rest.to_owned());
        }
    }
    let column_table: Vec<String> =
        names.iter().filter_map(|n| n.rsplit_once('.').map(|(t, _)| t.to_owned())).collect();
    names.extend(column_table);
    names
}

/// Plans `dir`'s declaration against `db` as JSON and checks the invariant; `Err` says which
/// step touches what.
pub fn check(db: &TestDb, dir: &Path) -> Result<(), String> {
    let out = db.ogel(dir, &["plan", "--format", "json"]);
    if out.status.code() == Some(1) {
        return Ok(()); // a plan that fails has no steps
    }
    let plan: serde_json::Value =
        serde_json::from_str(&stdout(&out)).map_err(|e| format!("the JSON plan does not parse: {e}"))?;
    let notes: Vec<&str> = plan["notes"].as_array().into_iter().flatten().filter_map(|n| n.as_str()).collect();
    let left_alone: Vec<&str> = notes.iter().filter_map(|n| n.strip_suffix(LEFT_ALONE)).collect();
    let ignored = ignored(&notes);
    if left_alone.is_empty() && ignored.is_empty() {
        return Ok(());
    }
    for step in plan["steps"].as_array().into_iter().flatten() {
        let object = step["object"].as_str().unwrap_or_default();
        for name in candidates(object) {
            if let Some(what) = ignored.iter().find(|(_, n)| *n == name) {
                return Err(format!(
                    "step {} ({object}) touches {}, which the plan lists as ignored",
                    step["number"], what.0
                ));
            }
            let Some(note) = left_alone.iter().find(|n| n.ends_with(&format!(" {name}"))) else { continue };
            // A note on a property of a plain table ogel manages (row-level security, say).
            let literal = name.replace('\'', "''");
            let managed = db.value(&format!(
                "SELECT count(*) FROM pg_class WHERE oid = to_regclass('{literal}') AND relkind = 'r' AND NOT relispartition"
            ));
            if managed.as_deref() != Some("1") {
                return Err(format!(
                    "step {} ({object}) touches {note}, which the plan lists as left alone",
                    step["number"]
                ));
            }
        }
    }
    Ok(())
}

/// The objects the notes of `ignore:` patterns list ("... matches 2 objects, which ogel leaves
/// as they are: table app.tmp_a, table app.tmp_b"), each as (what, name).
fn ignored<'a>(notes: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut ignored = Vec::new();
    for note in notes.iter().filter(|n| n.starts_with("`ignore: ")) {
        let Some((_, listed)) = note
            .split_once(", which ogel leaves as they are: ")
            .or_else(|| note.split_once(", which ogel leaves as it is: "))
        else {
            continue;
        };
        let listed = listed.rsplit_once(" and ").filter(|(_, more)| more.ends_with(" more")).map_or(listed, |(l, _)| l);
        ignored.extend(listed.split(", ").filter_map(|item| Some((item, item.split_once(' ')?.1))));
    }
    ignored
}
