//! ogel: a declarative schema reconciler for PostgreSQL.
//!
//! The pipeline: declaration files are loaded into [`spec`] types with source spans, validated,
//! and lowered into a [`model::Catalog`]; a shadow database normalizes it ([`shadow`]); the live
//! database is read into the same model ([`introspect`]); [`diff`] compares the two into
//! changes, [`plan`] orders them into steps with SQL and hazards, [`render`] shows them and
//! [`apply`] runs them.

// Errors carry their place and remedy; they are returned once per command, not in hot loops.
#![allow(clippy::result_large_err)]

pub mod apply;
pub mod cli;
pub mod config;
pub mod db;
pub mod diff;
pub mod error;
pub mod fingerprint;
pub mod history;
pub mod ignore;
pub mod introspect;
pub mod model;
pub mod plan;
pub mod preflight;
pub mod reconcile;
pub mod render;
pub mod saved_plan;
pub mod seeds;
pub mod session;
pub mod shadow;
pub mod spec;
pub mod transitions;
