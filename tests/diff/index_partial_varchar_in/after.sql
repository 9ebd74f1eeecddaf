CREATE TABLE t (id integer PRIMARY KEY, status varchar(10));
CREATE INDEX t_open_idx ON t (id) WHERE status IN ('new', 'open');
