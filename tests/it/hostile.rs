//! Hostile input: every one gets exit 1 and a message that says where, never a panic, a hang or
//! runaway memory.

use std::path::Path;

use crate::common::{TempDir, ogel, stderr, stdout};

/// Runs `ogel validate` on `bytes` written as schema.yaml (or as a seed file when `seed`).
fn refuse(name: &str, bytes: &[u8], seed: bool, expect: &str) {
    let dir = TempDir::new(&format!("hostile-{name}"));
    let file = if seed {
        std::fs::write(dir.path().join("schema.yaml"), VALID).unwrap();
        std::fs::create_dir(dir.path().join("seeds")).unwrap();
        dir.path().join("seeds/rows.yaml")
    } else {
        dir.path().join("schema.yaml")
    };
    std::fs::write(&file, bytes).unwrap();
    let out = ogel(dir.path(), &["validate"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert_eq!(stdout(&out), "", "{name}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    let shown = file.strip_prefix(dir.path()).unwrap_or(Path::new(""));
    assert!(err.contains(shown.to_str().unwrap()), "{name}: the message names the file: {err}");
    assert!(err.contains(expect), "{name}: expected `{expect}` in: {err}");
}

const VALID: &str = "schemas:\n  s:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          doc: jsonb\n";

#[test]
fn duplicate_keys() {
    refuse("dup", b"schemas:\n  s: {}\n  s: {}\n", false, "`s` is given twice");
}

#[test]
fn several_documents() {
    refuse("docs", b"schemas: {}\n---\nschemas: {}\n", false, "more than one YAML document");
}

/// "Billion laughs": nine levels of nine aliases each, under a seed value (jsonb accepts any
/// shape, so nothing but the budget stops the expansion).
#[test]
fn alias_bomb() {
    let mut yaml = String::from(
        "s.t:\n  rows:\n    - id: 1\n      doc:\n        l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("        l{i}: &l{i} [{refs}]\n"));
    }
    refuse("aliases", yaml.as_bytes(), true, "aliases");
}

#[test]
fn deep_nesting() {
    let depth = 100_000;
    let yaml = format!("s.t:\n  rows:\n    - id: 1\n      doc: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    refuse("deep", yaml.as_bytes(), true, "nested too deeply");
    let yaml = format!("schemas: {}{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    refuse("deep-schema", yaml.as_bytes(), false, "schema.yaml:1:");
}

#[test]
fn tabs() {
    refuse("tabs", b"schemas:\n\ts: {}\n", false, "tabs");
}

#[test]
fn invalid_utf8() {
    refuse("utf8", b"schemas:\n  s:\n    comment: \"caf\xe9\"\n", false, "not valid UTF-8");
    refuse("utf8-line", b"schemas:\n  s:\n    comment: \"caf\xe9\"\n", false, "schema.yaml:3:");
}

#[test]
fn nul_bytes() {
    refuse("nul", b"schemas:\n  s:\n    comment: a\x00b\n", false, "schema.yaml:3:");
}

#[test]
fn files_of_100_mb() {
    let size = 100 * 1024 * 1024;
    let mut scalar = b"schemas:\n  s:\n    comment: \"".to_vec();
    scalar.resize(size, b'a');
    scalar.extend_from_slice(b"\"\n");
    refuse("big-scalar", &scalar, false, "declaration files of up to 32 MiB");
    let mut lines = Vec::with_capacity(size);
    while lines.len() < size {
        lines.extend_from_slice(b"- x\n");
    }
    refuse("big-list", &lines, true, "declaration files of up to 32 MiB");
}

/// Under the size limit but over the node budget: refused with a line, not parsed for minutes.
#[test]
fn too_many_nodes() {
    let mut yaml = String::from("s.t:\n  rows:\n    - id: 1\n      doc: [");
    yaml.push_str(&"1,".repeat(6_000_000));
    yaml.push_str("1]\n");
    refuse("nodes", yaml.as_bytes(), true, "too many nodes");
}
