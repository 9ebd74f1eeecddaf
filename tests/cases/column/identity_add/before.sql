CREATE SCHEMA app;
CREATE TABLE app.orders (id integer PRIMARY KEY, ref text);
INSERT INTO app.orders VALUES (1, 'a'), (2, 'b');
