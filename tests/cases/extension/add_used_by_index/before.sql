CREATE SCHEMA app;
CREATE TABLE app.products (id integer PRIMARY KEY, name text NOT NULL);
