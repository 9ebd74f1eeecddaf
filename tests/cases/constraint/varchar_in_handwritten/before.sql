CREATE SCHEMA app;
CREATE EXTENSION btree_gist SCHEMA app;
CREATE TABLE app.t (
  c varchar(10) CHECK (c IN ('a', 'b')),
  h varchar(20) GENERATED ALWAYS AS (CASE WHEN c IN ('a', 'b') THEN c END) STORED,
  r int4range,
  EXCLUDE USING gist (c WITH =, r WITH &&) WHERE (c IN ('a', 'b'))
);
CREATE INDEX t_c_idx ON app.t (c) WHERE c IN ('a', 'b');
INSERT INTO app.t (c, r) VALUES ('a', '[1,2)');
