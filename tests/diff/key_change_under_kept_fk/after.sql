CREATE TABLE people (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX people_email_idx ON people (email) INCLUDE (id);
CREATE TABLE messages (id integer PRIMARY KEY, sender text CONSTRAINT messages_sender_fkey REFERENCES people (email));
