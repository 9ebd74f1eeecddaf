CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL DEFAULT '', born date);
