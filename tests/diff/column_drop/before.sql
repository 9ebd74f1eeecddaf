CREATE TABLE t (id integer PRIMARY KEY, gone text, also_gone integer[]);
