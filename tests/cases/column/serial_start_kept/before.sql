CREATE SCHEMA app;
CREATE TABLE app.orders (id serial PRIMARY KEY, note text);
ALTER SEQUENCE app.orders_id_seq START 10000000 RESTART;
INSERT INTO app.orders (note) VALUES ('first'), ('second');
