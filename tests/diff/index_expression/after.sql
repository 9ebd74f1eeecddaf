CREATE TABLE t (id integer PRIMARY KEY, email text, doc jsonb);
CREATE UNIQUE INDEX t_email_lower ON t (lower(email));
CREATE INDEX t_doc_kind ON t ((doc ->> 'kind'), (doc -> 'n'));
