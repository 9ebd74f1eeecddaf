CREATE SCHEMA app;
CREATE TABLE app.posts (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
CREATE FUNCTION app.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER posts_touch BEFORE UPDATE ON app.posts FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
