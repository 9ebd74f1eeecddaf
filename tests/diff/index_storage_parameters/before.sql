CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_b_idx ON t (b) WITH (fillfactor = 50);
