-- ogel plan: 0 to add, 1 to change, 1 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key messages_sender_fkey on app.messages
ALTER TABLE app.messages DROP CONSTRAINT messages_sender_fkey;

-- step 2: drop, to replace, unique constraint people_email_key on app.people
ALTER TABLE app.people DROP CONSTRAINT people_email_key;

-- step 3: replace unique constraint people_email_key on app.people
ALTER TABLE app.people ADD CONSTRAINT people_email_key UNIQUE (email, id);

COMMIT;
