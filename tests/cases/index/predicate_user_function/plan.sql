-- ogel plan: 1 to add, 0 to change, 0 to drop
-- note: function app.is_live(timestamp with time zone) is not managed by ogel and is left as it is
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add index app.posts_live_title_idx
CREATE INDEX posts_live_title_idx ON app.posts USING btree (title) WHERE app.is_live(deleted_at);

COMMIT;
