-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop, to replace, foreign key messages_sender_fkey on app.messages
ALTER TABLE app.messages DROP CONSTRAINT messages_sender_fkey;

-- step 2: replace index app.people_email_idx
DROP INDEX app.people_email_idx;
CREATE UNIQUE INDEX people_email_idx ON app.people USING btree (email) INCLUDE (id);

-- step 3: replace foreign key messages_sender_fkey on app.messages
ALTER TABLE app.messages ADD CONSTRAINT messages_sender_fkey FOREIGN KEY (sender) REFERENCES app.people(email) DEFERRABLE;

COMMIT;
