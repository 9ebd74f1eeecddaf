CREATE SCHEMA app;
CREATE TABLE app.orders (id integer PRIMARY KEY);
INSERT INTO app.orders VALUES (1), (2);
