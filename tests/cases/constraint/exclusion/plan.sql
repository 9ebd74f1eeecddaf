-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add exclusion constraint bookings_during_excl on app.bookings
ALTER TABLE app.bookings ADD CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&);

COMMIT;
