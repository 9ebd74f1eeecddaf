CREATE SCHEMA app;
CREATE TABLE app.orders (id serial PRIMARY KEY, ref text);
INSERT INTO app.orders (ref) VALUES ('a'), ('b');
