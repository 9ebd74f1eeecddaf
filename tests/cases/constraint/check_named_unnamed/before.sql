CREATE SCHEMA app;
CREATE TABLE app.products (id integer PRIMARY KEY, price numeric NOT NULL, discount numeric NOT NULL DEFAULT 0);
INSERT INTO app.products VALUES (1, 10, 2);
