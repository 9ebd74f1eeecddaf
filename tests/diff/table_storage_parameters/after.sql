CREATE TABLE t (id integer PRIMARY KEY);
CREATE TABLE u (id integer PRIMARY KEY, body text) WITH (fillfactor = 80, autovacuum_enabled = false, toast.autovacuum_enabled = false);
