-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.idx_users_org_created
CREATE INDEX idx_users_org_created ON app.users USING btree (org_id, created_at DESC NULLS LAST);

COMMIT;
