CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE app.schema_migrations (version text PRIMARY KEY);
CREATE TABLE app.audit (user_id integer REFERENCES app.users, migration text REFERENCES app.schema_migrations);
