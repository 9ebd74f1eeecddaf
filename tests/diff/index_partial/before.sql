CREATE TABLE t (id integer PRIMARY KEY, a text, deleted_at timestamptz);
