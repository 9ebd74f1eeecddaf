-- The plan writes the normalized definitions, which PostgreSQL prints once more otherwise:
-- that is what the database holds after apply (and what the re-read finds the same).
CREATE SCHEMA app;
CREATE EXTENSION btree_gist SCHEMA app;
CREATE TABLE app.t (
  c varchar(10) CHECK (((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text]))),
  r int4range,
  EXCLUDE USING gist (c WITH =, r WITH &&) WHERE (((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text])))
);
-- A generated column whose expression changes is made again before PostgreSQL 17: last.
ALTER TABLE app.t ADD COLUMN h varchar(20) GENERATED ALWAYS AS (CASE WHEN ((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text])) THEN c END) STORED;
CREATE INDEX t_c_idx ON app.t (c) WHERE ((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text]));
