-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.countdown
CREATE TABLE app.countdown (
    id serial,
    CONSTRAINT countdown_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE app.countdown_id_seq INCREMENT BY -1 MINVALUE -2147483648 MAXVALUE -1 START WITH -1 RESTART;

-- step 2: add table app.floor
CREATE TABLE app.floor (
    id bigserial,
    CONSTRAINT floor_pkey PRIMARY KEY (id)
);
ALTER SEQUENCE app.floor_id_seq MINVALUE 100 START WITH 100 RESTART;

COMMIT;
