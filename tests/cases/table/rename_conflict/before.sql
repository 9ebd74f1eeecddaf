CREATE SCHEMA app;
CREATE TABLE app.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.customers (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO app.customer VALUES (1, 'acme');
INSERT INTO app.customers VALUES (2, 'globex');
