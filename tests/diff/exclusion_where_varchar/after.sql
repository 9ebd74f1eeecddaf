CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room varchar(5), during tstzrange,
  EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (room IN ('a', 'b')));
