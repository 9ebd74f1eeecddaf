CREATE TABLE t (id integer PRIMARY KEY, n integer, s varchar(20));
