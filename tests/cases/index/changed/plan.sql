-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: replace index app.idx_users_org
DROP INDEX app.idx_users_org;
CREATE INDEX idx_users_org ON app.users USING btree (org_id, created_at);
COMMENT ON INDEX app.idx_users_org IS 'Org lookups.';

-- step 2: set comment index app.idx_users_created
COMMENT ON INDEX app.idx_users_created IS 'New comment.';

COMMIT;
