CREATE SCHEMA legacy;
CREATE TABLE legacy.users (id integer PRIMARY KEY);
CREATE TABLE legacy.schema_migrations (version text PRIMARY KEY);
CREATE TABLE legacy.audit (user_id integer REFERENCES legacy.users, migration text REFERENCES legacy.schema_migrations);
