CREATE SCHEMA app;
CREATE TYPE app.answer AS ENUM ('yes', 'no', 'null', '1', 'on hold', 'it''s', 'Ünïcode', '', ' spaced ', '- dash', '#hash', 'a: b');
CREATE TYPE app.empty AS ENUM ();
CREATE TABLE app.answers (id bigint PRIMARY KEY, answer app.answer DEFAULT 'on hold');
