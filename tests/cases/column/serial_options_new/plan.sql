-- ogel plan: 3 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add schema app
CREATE SCHEMA app;

-- step 2: add table app.orders
CREATE TABLE app.orders (
    id serial,
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE app.orders_id_seq START WITH 10000000 RESTART;

-- step 3: add table app.tickets
CREATE TABLE app.tickets (
    id bigserial
);
ALTER SEQUENCE app.tickets_id_seq INCREMENT BY 5 MINVALUE 100 MAXVALUE 100000 START WITH 100 CACHE 10 CYCLE RESTART;
ALTER SEQUENCE app.tickets_id_seq RENAME TO ticket_numbers;

COMMIT;
