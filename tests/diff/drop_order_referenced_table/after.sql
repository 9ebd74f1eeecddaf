CREATE TABLE logins (id integer PRIMARY KEY, user_id integer);
