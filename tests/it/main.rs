//! Integration tests: the `ogel` binary, run as a user runs it.
//!
//! One test binary (one link, one shared PostgreSQL per process); modules by subject.

mod approvals;
mod cases;
mod cli_extras;
mod common;
mod corpus;
mod declaration;
mod diff;
mod differential;
mod enums;
mod facets;
mod gitops;
mod glance;
mod hostile;
mod ignore;
mod injection;
mod json_schema;
mod left_alone;
mod legacy;
mod limits;
mod no_server;
mod pg;
mod project;
mod readme;
mod reconcile;
mod seeds;
mod shadow;
mod tls;
mod untrusted;
mod validate_hints;
