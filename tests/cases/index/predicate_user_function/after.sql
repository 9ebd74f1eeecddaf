CREATE SCHEMA app;
CREATE FUNCTION app.is_live(deleted_at timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT deleted_at IS NULL $$;
CREATE TABLE app.posts (id integer PRIMARY KEY, title text, deleted_at timestamptz);
CREATE INDEX posts_live_title_idx ON app.posts (title) WHERE app.is_live(deleted_at);
