CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
CREATE SCHEMA legacy;
CREATE TABLE legacy.account (id integer PRIMARY KEY, name text);
CREATE TABLE legacy.old_log (line text);
INSERT INTO legacy.account VALUES (1, 'acme');
