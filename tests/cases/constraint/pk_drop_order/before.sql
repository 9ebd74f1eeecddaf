CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE taggings (user_id integer REFERENCES users);
