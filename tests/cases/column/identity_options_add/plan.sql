-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.points.id
ALTER SEQUENCE app.points_id_seq INCREMENT BY 10 MINVALUE -200 MAXVALUE 200 START WITH -200;

COMMIT;
