CREATE TABLE t (id integer PRIMARY KEY, tags text[], grid integer[][], doc jsonb DEFAULT '{}'::jsonb,
  span tstzrange, at timestamp(3) without time zone, d interval, u uuid, b bytea, bits bit varying(8));
