CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, display_name text NOT NULL, CHECK (display_name IS NFC NORMALIZED));
CREATE UNIQUE INDEX users_display_name_lower_idx ON app.users (lower(normalize(display_name, NFKC)));
