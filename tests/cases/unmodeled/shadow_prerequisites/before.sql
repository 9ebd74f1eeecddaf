CREATE SCHEMA app;
CREATE COLLATION app.natural (provider = icu, locale = '@colCaseFirst=lower;colNumeric=yes', deterministic = false);
CREATE TEXT SEARCH DICTIONARY app.words (TEMPLATE = pg_catalog.simple, ACCEPT = false);
CREATE TEXT SEARCH CONFIGURATION app.titles (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION app.titles ALTER MAPPING FOR word, asciiword WITH app.words, simple;
ALTER TEXT SEARCH CONFIGURATION app.titles DROP MAPPING FOR int, uint;
CREATE FUNCTION app.title_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_tsvector('app.titles', t) $$;
CREATE TABLE app.books (id integer PRIMARY KEY, title text COLLATE app.natural NOT NULL);
CREATE INDEX books_title_idx ON app.books USING gin (app.title_vector(title));
-- A function over a declared table: the shadow can build it only once the table is there.
CREATE FUNCTION app.book_count() RETURNS bigint LANGUAGE sql STABLE
    BEGIN ATOMIC SELECT count(*) FROM app.books; END;
INSERT INTO app.books VALUES (1, 'Book 10'), (2, 'book 9');
