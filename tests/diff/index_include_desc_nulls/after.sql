CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, c text);
CREATE INDEX t_a_idx ON t (a DESC NULLS LAST, b NULLS FIRST) INCLUDE (c);
