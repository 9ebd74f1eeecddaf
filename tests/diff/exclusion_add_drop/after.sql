CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer, during tstzrange,
  EXCLUDE USING gist (room WITH =, during WITH &&));
