CREATE SCHEMA r;
CREATE TABLE r.editor (id integer PRIMARY KEY, deleted boolean NOT NULL DEFAULT false);
CREATE INDEX editor_idx_deleted ON r.editor (id) WHERE deleted;
