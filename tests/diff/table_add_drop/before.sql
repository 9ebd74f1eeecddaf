CREATE TABLE old (id integer PRIMARY KEY);
CREATE TABLE kept (id integer PRIMARY KEY);
