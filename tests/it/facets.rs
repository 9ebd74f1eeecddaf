//! Table, column, constraint and index facets that change in place (storage parameters,
//! UNLOGGED, REPLICA IDENTITY, statistics, NOT VALID, constraint comments): what `inspect`
//! writes of a database that uses all of them plans empty against it, and builds a copy that
//! inspects the same.

use crate::common::{TempDir, stderr, stdout};
use crate::pg::TestDb;

const FACETS: &str = "
CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY WITH (fillfactor = 80), name text)
  WITH (fillfactor = 70, autovacuum_enabled = off, toast.autovacuum_enabled = false,
        autovacuum_vacuum_scale_factor = 0.10);
ALTER TABLE app.orgs REPLICA IDENTITY FULL;
CREATE UNLOGGED TABLE app.scratch (id integer NOT NULL, note text);
CREATE UNIQUE INDEX scratch_live ON app.scratch (id) WITH (deduplicate_items = off, fillfactor = 60) WHERE id > 0;
CREATE UNIQUE INDEX scratch_id ON app.scratch (id);
ALTER TABLE app.scratch REPLICA IDENTITY USING INDEX scratch_id;
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer, age integer, email text,
                        CONSTRAINT users_email_key UNIQUE (email) WITH (fillfactor = 90));
INSERT INTO app.users VALUES (1, 7, -1, NULL);
ALTER TABLE app.users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES app.orgs NOT VALID;
ALTER TABLE app.users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
COMMENT ON CONSTRAINT users_age_check ON app.users IS 'ages are not negative';
COMMENT ON CONSTRAINT users_pkey ON app.users IS 'the key';
ALTER TABLE app.users ALTER COLUMN email SET STATISTICS 500;
ALTER TABLE app.users ALTER COLUMN org_id SET (n_distinct = -0.5, n_distinct_inherited = 100);
CREATE TABLE app.rooms (id integer, during tstzrange,
                        CONSTRAINT rooms_overlap EXCLUDE USING gist (during WITH &&) WITH (fillfactor = 75));
";

#[test]
fn inspect_of_every_facet_plans_empty_and_rebuilds_the_same() {
    let source = TestDb::new("facets_source");
    source.exec(FACETS);
    let dir = TempDir::new("facets");
    let out = source.ogel(dir.path(), &["inspect", "--schemas", "app", "--out", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "every facet is expressed");
    let yaml = std::fs::read_to_string(dir.path().join("schema.yaml")).unwrap();
    for facet in [
        "unlogged: true",
        "replica_identity: full",
        "replica_identity: {index: scratch_id}",
        "toast.autovacuum_enabled: \"false\"",
        "with: {fillfactor: 80}",
        "with: {deduplicate_items: \"off\", fillfactor: 60}",
        "with: {fillfactor: 75}",
        "statistics: 500",
        "options: {n_distinct: -0.5, n_distinct_inherited: 100}",
        "not_valid: true, comment: ages are not negative",
        "comment: the key",
    ] {
        assert!(yaml.contains(facet), "inspect writes `{facet}`:\n{yaml}");
    }
    let plan = source.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}{}", stdout(&plan), stderr(&plan));
    let drift = source.ogel(dir.path(), &["drift"]);
    assert_eq!(drift.status.code(), Some(0), "{}{}", stdout(&drift), stderr(&drift));

    // A copy built from the declaration has every facet: it inspects the same, byte for byte.
    let copy = TestDb::new("facets_copy");
    let out = copy.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let again = copy.ogel(dir.path(), &["inspect", "--schemas", "app"]);
    assert_eq!(stdout(&again).replace(&copy.name, &source.name), yaml);
}
