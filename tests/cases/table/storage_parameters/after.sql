CREATE SCHEMA app;
CREATE TABLE app.events (id integer PRIMARY KEY, payload text)
  WITH (autovacuum_vacuum_scale_factor = 0.05, fillfactor = 80, toast.autovacuum_enabled = off);
CREATE TABLE app.logs (id integer PRIMARY KEY, line text);
CREATE TABLE app.metrics (id integer PRIMARY KEY) WITH (autovacuum_enabled = false, fillfactor = 90);
