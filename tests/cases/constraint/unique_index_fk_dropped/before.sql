CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX people_email_idx ON app.people (email);
CREATE TABLE app.messages (id integer PRIMARY KEY, sender text REFERENCES app.people (email));
