CREATE SCHEMA app;
CREATE TABLE app.orders (id integer PRIMARY KEY, ref text);
