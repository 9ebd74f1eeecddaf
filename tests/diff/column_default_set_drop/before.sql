CREATE TABLE t (id integer PRIMARY KEY, a text, b integer DEFAULT 7, c timestamptz);
