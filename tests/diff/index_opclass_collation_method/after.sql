CREATE TABLE t (id integer PRIMARY KEY, name text, doc jsonb, tags text[]);
CREATE INDEX t_name_pattern ON t (name text_pattern_ops);
CREATE INDEX t_name_c ON t (name COLLATE "C");
CREATE INDEX t_doc_gin ON t USING gin (doc jsonb_path_ops);
CREATE INDEX t_tags_gin ON t USING gin (tags);
CREATE INDEX t_id_hash ON t USING hash (id);
CREATE INDEX t_id_brin ON t USING brin (id);
