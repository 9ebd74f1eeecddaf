CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room varchar(5), during tstzrange);
