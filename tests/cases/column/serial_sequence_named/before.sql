CREATE SCHEMA app;
CREATE TABLE app.orders (id serial PRIMARY KEY, note text);
ALTER SEQUENCE app.orders_id_seq RENAME TO order_numbers;
