-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.orders.id
ALTER SEQUENCE app.orders_id_seq RENAME TO order_numbers;

COMMIT;
