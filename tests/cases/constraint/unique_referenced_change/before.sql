CREATE SCHEMA app;
CREATE TABLE app.products (id integer PRIMARY KEY, sku text NOT NULL, vendor text NOT NULL, CONSTRAINT uq_products_sku UNIQUE (sku));
CREATE TABLE app.order_lines (id integer PRIMARY KEY, sku text REFERENCES app.products (sku));
INSERT INTO app.products VALUES (1, 'x', 'acme');
INSERT INTO app.order_lines VALUES (1, 'x');
