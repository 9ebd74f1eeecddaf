CREATE SCHEMA app;
CREATE TABLE app.events (id serial PRIMARY KEY, note text);
ALTER TABLE app.events ALTER COLUMN id TYPE bigint;
