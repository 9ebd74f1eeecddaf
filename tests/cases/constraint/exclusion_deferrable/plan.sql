-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add extension btree_gist
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;

-- step 2: add exclusion constraint bookings_room_during_excl on app.bookings
ALTER TABLE app.bookings ADD CONSTRAINT bookings_room_during_excl EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((NOT isempty(during))) DEFERRABLE INITIALLY DEFERRED;

COMMIT;
