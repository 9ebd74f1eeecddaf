CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX people_email_idx ON app.people (email) INCLUDE (id);
CREATE TABLE app.messages (id integer PRIMARY KEY, sender text);
ALTER TABLE app.messages ADD CONSTRAINT messages_sender_fkey FOREIGN KEY (sender) REFERENCES app.people (email) DEFERRABLE;
INSERT INTO app.people VALUES (1, 'a@example.com');
INSERT INTO app.messages VALUES (1, 'a@example.com');
