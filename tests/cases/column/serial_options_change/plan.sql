-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.orders.id
ALTER SEQUENCE app.orders_id_seq INCREMENT BY 2 MAXVALUE 1000000 START WITH 1000 CACHE 5;

COMMIT;
