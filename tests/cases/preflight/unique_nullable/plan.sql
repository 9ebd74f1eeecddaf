-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add unique constraint accounts_email_key on app.accounts
ALTER TABLE app.accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);

COMMIT;
