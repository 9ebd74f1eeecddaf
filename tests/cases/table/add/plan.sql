-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.posts
CREATE TABLE app.posts (
    id bigint NOT NULL,
    author_id integer NOT NULL,
    title text NOT NULL,
    body text,
    published boolean DEFAULT false NOT NULL,
    CONSTRAINT posts_pkey PRIMARY KEY (id)
);

-- step 2: add foreign key posts_author_id_fkey on app.posts
ALTER TABLE app.posts ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES app.users(id);

COMMIT;
