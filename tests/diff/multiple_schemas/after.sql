CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.t (id integer PRIMARY KEY, note text);
CREATE TABLE b.t (id integer PRIMARY KEY, a_id integer REFERENCES a.t);
CREATE TABLE public.t (id integer PRIMARY KEY);
