CREATE TABLE users (id integer PRIMARY KEY, display_name text);
CREATE INDEX users_display_name_idx ON users (lower(NORMALIZE(display_name, NFKC)));
