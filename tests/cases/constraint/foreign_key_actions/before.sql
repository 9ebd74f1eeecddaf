CREATE SCHEMA app;
CREATE TABLE app.parents (id integer PRIMARY KEY, code text NOT NULL, region text NOT NULL, UNIQUE (code, region));
CREATE TABLE app.children (
    id integer PRIMARY KEY,
    a integer, b integer DEFAULT 1, c integer, d integer, e integer,
    code text, region text
);
