CREATE SCHEMA app;
CREATE TABLE app.schema_migrations (version text PRIMARY KEY, applied_at timestamptz);
CREATE TABLE app.tenants (id integer PRIMARY KEY, code text UNIQUE);
INSERT INTO app.schema_migrations VALUES ('001_init', now());
