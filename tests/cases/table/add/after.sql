CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE app.posts (
    id bigint PRIMARY KEY,
    author_id integer NOT NULL REFERENCES app.users (id),
    title text NOT NULL,
    body text,
    published boolean NOT NULL DEFAULT false
);
