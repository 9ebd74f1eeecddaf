CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL CONSTRAINT users_mail_key UNIQUE);
