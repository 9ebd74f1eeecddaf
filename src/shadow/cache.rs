//! The normalized declaration, kept between runs so that a scheduled drift check does not build
//! the whole declaration in a shadow database every round.
//!
//! An entry is keyed by everything the normalization depends on: the declaration (as lowered),
//! the server's exact version, the extensions it has and the objects copied into the shadow
//! (what the shadow printed of live definitions depends on the live catalog as well: the entry
//! holds those prints, and serves only a live catalog whose differing definitions they all
//! cover; see [`super::reprint`]). It
//! is read only by `ogel drift`; plan and apply always normalize afresh, so a cache file can
//! never change what is applied. Entries live in `$OGEL_CACHE_DIR`, else the user's cache
//! directory (etcetera's base strategy: `$XDG_CACHE_HOME/ogel` when that is an absolute path,
//! else `~/.cache/ogel`, on macOS too; `%LOCALAPPDATA%\ogel` on Windows); `OGEL_CACHE_DIR=`
//! (empty) turns the cache off.
//! A cache that cannot be read or written is no cache.

use std::path::PathBuf;

use etcetera::BaseStrategy;
use sha2::{Digest, Sha256};

use crate::introspect::{Live, Prerequisite};
use crate::model::Catalog;

fn dir() -> Option<PathBuf> {
    match std::env::var_os("OGEL_CACHE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(etcetera::choose_base_strategy().ok()?.cache_dir().join("ogel")),
    }
}

/// The key of a normalization.
pub fn key(raw: &Catalog, live: &Live, prerequisites: &[Prerequisite]) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    hash.update(serde_json::to_vec(raw).expect("a catalog serializes"));
    hash.update(live.server_version.to_be_bytes());
    // Where the declared extensions will be (declared, else where the target has them): it
    // decides how their functions print.
    for extension in raw.extensions.values() {
        let installed = live.catalog.extensions.get(&extension.name).and_then(|e| e.schema.as_deref());
        hash.update(extension.schema.as_deref().or(installed).unwrap_or("public"));
        hash.update([0]);
    }
    for prerequisite in prerequisites {
        hash.update(prerequisite.sql.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A normalization: the declaration as the shadow read it back, and the shadow's print of the
/// live definitions that differed from it then (see [`super::reprint`]).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub catalog: Catalog,
    pub reprints: super::reprint::Reprints,
}

pub fn load(key: &str) -> Option<Entry> {
    let text = std::fs::read(dir()?.join(format!("{key}.json"))).ok()?;
    serde_json::from_slice(&text).ok()
}

pub fn store(key: &str, normalized: &Entry) {
    let Some(dir) = dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    // Written whole, then renamed: a reader never sees half an entry.
    let partial = dir.join(format!("{key}.{}.partial", std::process::id()));
    let json = serde_json::to_vec(normalized).expect("a catalog serializes");
    if std::fs::write(&partial, json).is_ok() {
        let _ = std::fs::rename(&partial, dir.join(format!("{key}.json")));
    }
}
