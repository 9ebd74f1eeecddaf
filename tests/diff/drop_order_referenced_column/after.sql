CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE logins (id integer PRIMARY KEY);
