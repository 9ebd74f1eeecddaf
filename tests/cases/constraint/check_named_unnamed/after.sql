CREATE SCHEMA app;
CREATE TABLE app.products (
    id integer PRIMARY KEY,
    price numeric NOT NULL CHECK (price >= 0),
    discount numeric NOT NULL DEFAULT 0 CONSTRAINT ck_products_discount_positive CHECK (discount >= 0),
    CHECK (discount <= price),
    CONSTRAINT ck_products_price_cap CHECK (price < 1000000)
);
