//! A stable fingerprint of the live catalog a plan was computed from: SHA-256 over a canonical
//! JSON rendering of each object (sorted maps, fixed field order), so the same catalog gives
//! the same fingerprint on every machine and run, and two fingerprints can say which objects
//! differ.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Catalog;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// `sha256:` and the hash of `objects`.
    pub hash: String,
    /// Each object ("table platform.users") and the hash of its definition.
    pub objects: BTreeMap<String, String>,
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    // Model types have a fixed field order and sorted maps: serde_json's output is canonical.
    serde_json::to_vec(value).expect("the model serializes")
}

impl Fingerprint {
    /// The fingerprint of the managed part of a live catalog (the objects the declaration
    /// ignores are already taken out of it, see [`crate::ignore`]: a change to one does not
    /// stale a saved plan), and of the live rows a plan's data steps were computed from (`seen`:
    /// object → what it held).
    pub fn of(catalog: &Catalog, seen: &BTreeMap<String, serde_json::Value>) -> Fingerprint {
        let mut objects = BTreeMap::new();
        for (object, value) in seen {
            objects.insert(object.clone(), sha256(&canonical(value)));
        }
        for (name, extension) in &catalog.extensions {
            objects.insert(format!("extension {name}"), sha256(&canonical(extension)));
        }
        for (name, schema) in &catalog.schemas {
            objects.insert(format!("schema {name}"), sha256(&canonical(&schema.comment)));
            for table in schema.tables.values() {
                objects.insert(format!("table {}", table.name), sha256(&canonical(table)));
            }
            for enum_type in schema.enums.values() {
                objects.insert(format!("enum {}", enum_type.name), sha256(&canonical(enum_type)));
            }
        }
        let hash = sha256(&canonical(&objects));
        Fingerprint { hash, objects }
    }

    /// What differs from an earlier fingerprint: "table platform.users changed", ...
    pub fn changes_since(&self, earlier: &Fingerprint) -> Vec<String> {
        let mut changes = Vec::new();
        for (object, hash) in &earlier.objects {
            match self.objects.get(object) {
                None => changes.push(format!("{object} is gone")),
                Some(now) if now != hash => changes.push(format!("{object} changed")),
                _ => {}
            }
        }
        for object in self.objects.keys().filter(|o| !earlier.objects.contains_key(*o)) {
            changes.push(format!("{object} appeared"));
        }
        changes
    }
}
