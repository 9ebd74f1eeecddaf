-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.idx_users_profile
CREATE INDEX idx_users_profile ON app.users USING gin (profile);

-- step 2: add index app.idx_users_profile_path
CREATE INDEX idx_users_profile_path ON app.users USING gin (profile jsonb_path_ops);

COMMIT;
