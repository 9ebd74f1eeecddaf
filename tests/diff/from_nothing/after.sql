CREATE SCHEMA shop;
CREATE TABLE shop.products (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sku text NOT NULL UNIQUE,
  price numeric(10,2) NOT NULL CHECK (price >= 0), created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE shop.orders (id bigserial PRIMARY KEY, product_id bigint NOT NULL REFERENCES shop.products ON DELETE RESTRICT,
  qty integer NOT NULL DEFAULT 1 CHECK (qty > 0));
CREATE INDEX orders_product_idx ON shop.orders (product_id);
