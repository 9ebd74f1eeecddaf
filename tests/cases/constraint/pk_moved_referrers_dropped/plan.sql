-- ogel plan: 0 to add, 1 to change, 4 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key invoices_account_id_fkey on app.invoices
ALTER TABLE app.invoices DROP CONSTRAINT invoices_account_id_fkey;

-- step 2: drop foreign key notes_account_id_fkey on app.notes
ALTER TABLE app.notes DROP CONSTRAINT notes_account_id_fkey;

-- step 3: drop, to replace, primary key accounts_pkey on app.accounts
ALTER TABLE app.accounts DROP CONSTRAINT accounts_pkey;

-- step 4: replace primary key accounts_pkey on app.accounts
ALTER TABLE app.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (code);

-- step 5: drop table app.invoices
DROP TABLE app.invoices;

-- step 6: drop table app.notes
DROP TABLE app.notes;

COMMIT;
