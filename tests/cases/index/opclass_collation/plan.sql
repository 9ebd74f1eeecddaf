-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.idx_users_email_c
CREATE INDEX idx_users_email_c ON app.users USING btree (email COLLATE "C");

-- step 2: add index app.idx_users_email_pattern
CREATE INDEX idx_users_email_pattern ON app.users USING btree (email text_pattern_ops);

COMMIT;
