CREATE TABLE people (id integer PRIMARY KEY, email text UNIQUE);
CREATE TABLE messages (id integer PRIMARY KEY, sender text);
