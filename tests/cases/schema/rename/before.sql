CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
CREATE SCHEMA legacy;
CREATE TABLE legacy.accounts (id integer PRIMARY KEY, name text);
INSERT INTO legacy.accounts VALUES (1, 'acme');
