-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public, app;

-- step 1: add extension pg_trgm
CREATE SCHEMA IF NOT EXISTS app;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA app;

-- step 2: add index app.idx_products_name_trgm
CREATE INDEX idx_products_name_trgm ON app.products USING gin (name app.gin_trgm_ops);

COMMIT;
