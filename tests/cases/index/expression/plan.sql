-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.idx_users_email_lower
CREATE INDEX idx_users_email_lower ON app.users USING btree (lower(email));

-- step 2: add index app.idx_users_org_email_lower
CREATE UNIQUE INDEX idx_users_org_email_lower ON app.users USING btree (org_id, lower(email));

COMMIT;
