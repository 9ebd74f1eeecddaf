CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_positive CHECK (n > 0) NO INHERIT);
