CREATE TABLE t (id integer PRIMARY KEY, a text, b text, c integer);
ALTER TABLE t ALTER COLUMN a SET STATISTICS 500;
ALTER TABLE t ALTER COLUMN a SET (n_distinct = -0.5);
ALTER TABLE t ALTER COLUMN c SET STATISTICS 0;
ALTER TABLE t ALTER COLUMN c SET (n_distinct = 100, n_distinct_inherited = 200);
