CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text);
CREATE TABLE app.schema_migrations (version text PRIMARY KEY);
