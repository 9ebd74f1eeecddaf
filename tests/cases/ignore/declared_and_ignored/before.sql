CREATE SCHEMA app;
CREATE TABLE app.tmp_import (id integer);
