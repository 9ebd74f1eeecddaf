CREATE TABLE t (id integer, a text, b text);
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id) WITH (fillfactor = 90);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX t_b_idx ON t (b);
