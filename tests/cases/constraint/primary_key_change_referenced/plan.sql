-- ogel plan: 2 to add, 2 to change, 1 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key comments_doc_fkey on app.comments
ALTER TABLE app.comments DROP CONSTRAINT comments_doc_fkey;

-- step 2: drop, to replace, primary key versions_pkey on app.versions
ALTER TABLE app.versions DROP CONSTRAINT versions_pkey;

-- step 3: add column app.comments.rev
ALTER TABLE app.comments ADD COLUMN rev integer;

-- step 4: change column app.versions.rev
ALTER TABLE app.versions ALTER COLUMN rev SET NOT NULL;

-- step 5: replace primary key versions_pkey on app.versions
ALTER TABLE app.versions ADD CONSTRAINT versions_pkey PRIMARY KEY (doc, rev);

-- step 6: add foreign key comments_doc_rev_fkey on app.comments
ALTER TABLE app.comments ADD CONSTRAINT comments_doc_rev_fkey FOREIGN KEY (doc, rev) REFERENCES app.versions(doc, rev);

COMMIT;
