-- ogel plan: 4 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add check ck_products_discount_positive on app.products
ALTER TABLE app.products ADD CONSTRAINT ck_products_discount_positive CHECK ((discount >= (0)::numeric));

-- step 2: add check ck_products_price_cap on app.products
ALTER TABLE app.products ADD CONSTRAINT ck_products_price_cap CHECK ((price < (1000000)::numeric));

-- step 3: add check products_check on app.products
ALTER TABLE app.products ADD CONSTRAINT products_check CHECK ((discount <= price));

-- step 4: add check products_price_check on app.products
ALTER TABLE app.products ADD CONSTRAINT products_price_check CHECK ((price >= (0)::numeric));

COMMIT;
