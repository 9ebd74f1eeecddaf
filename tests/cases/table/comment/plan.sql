-- ogel plan: 0 to add, 3 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: set comment table app.a
COMMENT ON TABLE app.a IS 'Comment added.';

-- step 2: set comment table app.b
COMMENT ON TABLE app.b IS 'New comment: it''s changed.';

-- step 3: set comment table app.c
COMMENT ON TABLE app.c IS NULL;

COMMIT;
