CREATE TABLE t (id integer PRIMARY KEY) WITH (fillfactor = 60);
CREATE TABLE u (id integer PRIMARY KEY);
