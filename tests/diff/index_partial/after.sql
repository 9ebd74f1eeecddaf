CREATE TABLE t (id integer PRIMARY KEY, a text, deleted_at timestamptz);
CREATE INDEX t_live_idx ON t (a) WHERE deleted_at IS NULL;
