CREATE SCHEMA app;
CREATE TABLE app.versions (doc integer, rev integer NOT NULL, PRIMARY KEY (doc, rev));
CREATE TABLE app.comments (id integer PRIMARY KEY, doc integer, rev integer, FOREIGN KEY (doc, rev) REFERENCES app.versions);
