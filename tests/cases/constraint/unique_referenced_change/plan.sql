-- ogel plan: 1 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop, to replace, foreign key order_lines_sku_fkey on app.order_lines
ALTER TABLE app.order_lines DROP CONSTRAINT order_lines_sku_fkey;

-- step 2: drop, to replace, unique constraint uq_products_sku on app.products
ALTER TABLE app.products DROP CONSTRAINT uq_products_sku;

-- step 3: add column app.order_lines.vendor
ALTER TABLE app.order_lines ADD COLUMN vendor text;

-- step 4: replace unique constraint uq_products_sku on app.products
ALTER TABLE app.products ADD CONSTRAINT uq_products_sku UNIQUE (sku, vendor);

-- step 5: replace foreign key order_lines_sku_fkey on app.order_lines
ALTER TABLE app.order_lines ADD CONSTRAINT order_lines_sku_fkey FOREIGN KEY (sku, vendor) REFERENCES app.products(sku, vendor);

COMMIT;
