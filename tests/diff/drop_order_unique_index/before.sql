CREATE TABLE people (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX people_email_idx ON people (email);
CREATE TABLE messages (id integer PRIMARY KEY, sender text REFERENCES people (email));
