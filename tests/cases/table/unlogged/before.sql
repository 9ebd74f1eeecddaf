CREATE SCHEMA app;
CREATE UNLOGGED TABLE app.cache (key text PRIMARY KEY, value text);
CREATE TABLE app.sessions (id integer PRIMARY KEY, data text);
INSERT INTO app.cache VALUES ('a', 'b');
CREATE UNLOGGED TABLE app.scratch_kept (id integer);
