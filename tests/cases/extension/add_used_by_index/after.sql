CREATE SCHEMA app;
CREATE EXTENSION pg_trgm SCHEMA app;
CREATE TABLE app.products (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX idx_products_name_trgm ON app.products USING gin (name app.gin_trgm_ops);
