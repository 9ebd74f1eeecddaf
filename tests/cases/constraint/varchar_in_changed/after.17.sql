-- The plan writes the normalized definitions, which PostgreSQL prints once more otherwise:
-- that is what the database holds after apply (and what the re-read finds the same). From
-- PostgreSQL 17 the generated expression changes in place.
CREATE SCHEMA app;
CREATE EXTENSION btree_gist SCHEMA app;
CREATE TABLE app.t (
  c varchar(10) CHECK (((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text]))),
  h varchar(20) GENERATED ALWAYS AS (CASE WHEN ((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text])) THEN c END) STORED,
  r int4range,
  EXCLUDE USING gist (c WITH =, r WITH &&) WHERE (((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text])))
);
CREATE INDEX t_c_idx ON app.t (c) WHERE ((c)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text, ('c'::character varying)::text]));
