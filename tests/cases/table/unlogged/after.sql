CREATE SCHEMA app;
CREATE TABLE app.cache (key text PRIMARY KEY, value text);
CREATE UNLOGGED TABLE app.sessions (id integer PRIMARY KEY, data text);
CREATE UNLOGGED TABLE app.scratch (id integer PRIMARY KEY);
CREATE UNLOGGED TABLE app.scratch_kept (id integer);
