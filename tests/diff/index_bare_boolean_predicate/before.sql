CREATE SCHEMA r;
CREATE TABLE r.editor (id integer PRIMARY KEY, deleted boolean NOT NULL DEFAULT false);
