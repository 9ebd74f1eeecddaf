-- ogel plan: 0 to add, 0 to change, 3 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key messages_sender_fkey on app.messages
ALTER TABLE app.messages DROP CONSTRAINT messages_sender_fkey;

-- step 2: drop index app.people_email_idx
DROP INDEX app.people_email_idx;

-- step 3: drop table app.messages
DROP TABLE app.messages;

COMMIT;
