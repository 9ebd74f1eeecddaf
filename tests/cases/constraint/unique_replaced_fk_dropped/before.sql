CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text, CONSTRAINT people_email_key UNIQUE (email));
CREATE TABLE app.messages (id integer PRIMARY KEY, sender text, CONSTRAINT messages_sender_fkey FOREIGN KEY (sender) REFERENCES app.people (email));
