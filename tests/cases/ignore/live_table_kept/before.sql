CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE app.schema_migrations (version bigint PRIMARY KEY, applied_at timestamptz DEFAULT now());
CREATE INDEX schema_migrations_applied_at ON app.schema_migrations (applied_at);
INSERT INTO app.schema_migrations (version) VALUES (20240101), (20240102);
