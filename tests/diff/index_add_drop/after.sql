CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE INDEX t_b_idx ON t (b);
CREATE UNIQUE INDEX t_a_b_key ON t (a, b);
