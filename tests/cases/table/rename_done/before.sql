CREATE SCHEMA app;
CREATE TABLE app.customers (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO app.customers VALUES (1, 'acme');
