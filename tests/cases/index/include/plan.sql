-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.idx_users_email_incl
CREATE UNIQUE INDEX idx_users_email_incl ON app.users USING btree (email) INCLUDE (id, org_id);

COMMIT;
