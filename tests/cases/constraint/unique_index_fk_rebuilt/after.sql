CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX people_email_idx ON app.people (email) INCLUDE (id);
CREATE TABLE app.messages (id integer PRIMARY KEY, sender text, CONSTRAINT messages_sender_fkey FOREIGN KEY (sender) REFERENCES app.people (email));
