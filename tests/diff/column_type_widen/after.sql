CREATE TABLE t (id bigint PRIMARY KEY, n integer, s text, p numeric(12,4));
