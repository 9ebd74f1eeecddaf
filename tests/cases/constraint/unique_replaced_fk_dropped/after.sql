CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text, CONSTRAINT people_email_key UNIQUE (email, id));
CREATE TABLE app.messages (id integer PRIMARY KEY, sender text);
