CREATE SCHEMA shop;
CREATE TABLE shop.products (id integer PRIMARY KEY);
CREATE TABLE shop.orders (id integer PRIMARY KEY, product_id integer REFERENCES shop.products);
