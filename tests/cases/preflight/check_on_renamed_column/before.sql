CREATE SCHEMA app;
CREATE TABLE app.stock (id integer PRIMARY KEY, qty integer);
INSERT INTO app.stock VALUES (1, 5), (2, -3);
