CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE UNIQUE INDEX t_a_idx ON t (a);
