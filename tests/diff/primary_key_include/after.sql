CREATE TABLE t (a integer, b integer, PRIMARY KEY (a) INCLUDE (b));
