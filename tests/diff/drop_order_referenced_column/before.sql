CREATE TABLE users (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE logins (id integer PRIMARY KEY, user_code text REFERENCES users (code));
