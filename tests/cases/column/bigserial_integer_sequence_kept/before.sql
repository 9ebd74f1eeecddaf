CREATE SCHEMA app;
-- What widening a serial's column alone leaves: a bigint column whose sequence stops at 2^31 - 1.
CREATE TABLE app.events (id serial PRIMARY KEY, note text);
ALTER TABLE app.events ALTER COLUMN id TYPE bigint;
INSERT INTO app.events (note) VALUES ('a');
