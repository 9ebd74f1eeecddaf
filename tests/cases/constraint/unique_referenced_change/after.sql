CREATE SCHEMA app;
CREATE TABLE app.products (id integer PRIMARY KEY, sku text NOT NULL, vendor text NOT NULL, CONSTRAINT uq_products_sku UNIQUE (sku, vendor));
CREATE TABLE app.order_lines (
    id integer PRIMARY KEY,
    sku text,
    vendor text,
    CONSTRAINT order_lines_sku_fkey FOREIGN KEY (sku, vendor) REFERENCES app.products (sku, vendor)
);
