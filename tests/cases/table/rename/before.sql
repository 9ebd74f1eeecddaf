CREATE SCHEMA app;
CREATE TABLE app.customer (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO app.customer VALUES (1, 'acme'), (2, 'globex');
