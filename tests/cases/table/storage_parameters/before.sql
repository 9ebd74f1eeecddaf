CREATE SCHEMA app;
CREATE TABLE app.events (id integer PRIMARY KEY, payload text)
  WITH (fillfactor = 70, autovacuum_enabled = off, toast.autovacuum_enabled = off);
CREATE TABLE app.logs (id integer PRIMARY KEY, line text) WITH (autovacuum_vacuum_scale_factor = 0.2);
