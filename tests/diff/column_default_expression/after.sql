CREATE TABLE t (id integer PRIMARY KEY, a text DEFAULT ('x' || 'y'), d date DEFAULT (CURRENT_DATE + 1));
