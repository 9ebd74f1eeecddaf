CREATE TABLE kept (id integer PRIMARY KEY);
CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
