//! ogel: a declarative schema reconciler for PostgreSQL.
//!
//! The pipeline (see `docs/design.md`): declaration files are loaded into [`spec`] types with
//! source spans, validated, and lowered into a [`model::Catalog`].

// Errors carry their place and remedy; they are returned once per command, not in hot loops.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod error;
pub mod model;
pub mod spec;
