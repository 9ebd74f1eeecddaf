CREATE TABLE t (id integer PRIMARY KEY, n smallint, s varchar(10), p numeric(6,2));
