//! `ogel json-schema`: a JSON Schema that editors use, kept equal to what the loader accepts.

use std::path::Path;

use crate::common::{ogel, root, stdout};

fn schema(args: &[&str]) -> boon::Schemas {
    let out = ogel(&root(), args);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("the JSON Schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:ogel", json).unwrap();
    let id = compiler.compile("urn:ogel", &mut schemas).expect("a valid JSON Schema");
    SCHEMA_ID.with(|s| s.set(Some(id)));
    schemas
}

thread_local! {
    static SCHEMA_ID: std::cell::Cell<Option<boon::SchemaIndex>> = const { std::cell::Cell::new(None) };
}

fn yaml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn accepts(schemas: &boon::Schemas, path: &Path) -> bool {
    let id = SCHEMA_ID.with(|s| s.get()).unwrap();
    schemas.validate(&yaml_as_json(path), id).is_ok()
}

#[test]
fn the_json_schema_accepts_schema_yaml_and_rejects_every_shape_mistake() {
    let schemas = schema(&["json-schema"]);
    assert!(accepts(&schemas, &root().join("schema.yaml")), "schema.yaml must validate");
    let mut shape = 0;
    for entry in std::fs::read_dir(root().join("tests/broken/shape")).unwrap() {
        let path = entry.unwrap().path();
        assert!(!accepts(&schemas, &path), "{} must be rejected", path.display());
        shape += 1;
    }
    assert!(shape >= 10);
    // Semantic mistakes have the right shape: the JSON Schema is not stricter than the loader.
    for entry in std::fs::read_dir(root().join("tests/broken/semantic")).unwrap() {
        let path = entry.unwrap().path();
        assert!(accepts(&schemas, &path), "{} has the right shape", path.display());
    }
}

#[test]
fn the_seed_json_schema_accepts_the_seeds() {
    let schemas = schema(&["json-schema", "--seeds"]);
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        assert!(accepts(&schemas, &path), "{} must validate", path.display());
    }
}

/// schema.yaml's first line points editors at ogel.schema.json; it must be what ogel prints.
#[test]
fn the_committed_json_schema_is_current() {
    let first = std::fs::read_to_string(root().join("schema.yaml")).unwrap();
    assert!(first.starts_with("# yaml-language-server: $schema=./ogel.schema.json\n"));
    let committed = std::fs::read_to_string(root().join("ogel.schema.json")).unwrap();
    assert_eq!(committed, stdout(&ogel(&root(), &["json-schema"])), "run `ogel json-schema > ogel.schema.json`");
}
