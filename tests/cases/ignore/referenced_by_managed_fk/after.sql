CREATE SCHEMA app;
CREATE TABLE app.schema_migrations (version text PRIMARY KEY, applied_at timestamptz);
CREATE TABLE app.tenants (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE app.upgrades (
    id integer PRIMARY KEY,
    version text NOT NULL REFERENCES app.schema_migrations,
    tenant_code text REFERENCES app.tenants (code)
);
