//! A real PostgreSQL server for the tests, and a database of its own for each test.
//!
//! The server is `OGEL_TEST_DATABASE_URL`, else whatever the libpq environment and defaults
//! reach, else a throwaway trust-auth cluster started here from the PostgreSQL binaries on the
//! machine (as the `postgres` user when running as root), stopped when the test process ends
//! (see [`cluster`], which also says what a machine without PostgreSQL gets).
//! `.ci/run` starts one cluster and exports `OGEL_TEST_DATABASE_URL`, so runners with one
//! process per test share it.

mod cluster;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use ogel::db::Target;

pub use cluster::{init_cluster, pg_bin_dir, server, server_command, start_server};

pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database of one test, dropped when the test ends.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub fn new(label: &str) -> TestDb {
        let server = server();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let clean: String =
            label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let mut name = format!("ogel_test_{}_{}_{n}", std::process::id(), clean);
        name.truncate(63);
        admin(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"));
        let url = with_database(&server.url, &name);
        TestDb { name, url }
    }

    /// The URL of this database as another role (no password: the test server trusts).
    pub fn url_as(&self, role: &str) -> String {
        if let Some((scheme, rest)) = self.url.split_once("://") {
            let (_, host) = rest.split_once('@').unwrap_or(("", rest));
            format!("{scheme}://{role}@{host}")
        } else {
            let others: Vec<&str> = self.url.split_whitespace().filter(|kv| !kv.starts_with("user=")).collect();
            format!("{} user={role}", others.join(" "))
        }
    }

    /// Runs SQL text (several statements allowed).
    pub fn exec(&self, sql: &str) {
        if let Err(e) = try_exec(&self.url, sql) {
            panic!("SQL failed on {}: {e}\n{sql}", self.name);
        }
    }

    /// Runs a file of SQL.
    pub fn load(&self, path: &Path) {
        let sql = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self.exec(&sql);
    }

    /// Runs SQL files through `psql` in one session, stopping at the first error (what psql
    /// printed is the error): files may hold psql's own commands and rely on each other's
    /// settings.
    pub fn psql(&self, files: &[&Path]) -> Result<(), String> {
        let psql = server().bin.as_ref().map_or_else(|| PathBuf::from("psql"), |b| b.join("psql"));
        let mut command = Command::new(psql);
        command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &self.url]);
        for file in files {
            command.arg("-f").arg(file);
        }
        let out = command.stdout(Stdio::null()).output().expect("psql runs");
        if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
    }

    /// One value of a query, as text.
    pub fn value(&self, sql: &str) -> Option<String> {
        let rows = self.rows(sql);
        rows.into_iter().next().and_then(|mut r| r.swap_remove(0))
    }

    /// All rows of a query, every value as text.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let url = self.url.clone();
        // json (not jsonb) keeps the columns in order; json_each_text gives each as text.
        let sql =
            format!("SELECT (SELECT json_agg(value) FROM json_each_text(row_to_json(q)))::text FROM ({sql}) AS q");
        block_on(async move {
            let db = Target::resolve(Some(&url)).unwrap().connect().await.unwrap();
            let rows = db.query(&sql, &[]).await.unwrap_or_else(|e| panic!("{sql}: {}", ogel::db::error_text(&e)));
            rows.iter().map(|r| serde_json::from_str::<Vec<Option<String>>>(&r.get::<_, String>(0)).unwrap()).collect()
        })
    }

    /// `pg_dump --schema-only` of those of the given schemas that exist (names taken
    /// literally), without the lines that differ between two dumps of the same schema (the
    /// random `\restrict` key).
    pub fn dump(&self, schemas: &[&str]) -> String {
        let existing: Vec<String> = schemas
            .iter()
            .filter(|s| {
                let name = s.replace('\'', "''");
                self.value(&format!("SELECT count(*) FROM pg_namespace WHERE nspname = '{name}'")).as_deref()
                    == Some("1")
            })
            .map(|s| s.to_string())
            .collect();
        if existing.is_empty() {
            return String::new();
        }
        let server = server();
        let pg_dump = server.bin.as_ref().map_or_else(|| PathBuf::from("pg_dump"), |b| b.join("pg_dump"));
        let mut command = Command::new(pg_dump);
        command.args(["--schema-only", "--no-owner", "--no-privileges", "--dbname", &self.url]);
        for schema in &existing {
            // In a pattern, double quotes make the name literal (capitals, dots, `*`).
            command.arg("--schema").arg(format!("\"{}\"", schema.replace('"', "\"\"")));
        }
        let out = command.output().expect("pg_dump runs");
        if !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("server version mismatch") {
            // This pg_dump is older than the server: describe the catalog by query instead.
            return self.catalog(&existing);
        }
        assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The schemas' objects, one line each, read with the server's own deparsing functions;
    /// for servers newer than the pg_dump at hand. Written apart from ogel's introspection, so
    /// that comparing two databases this way does not trust ogel. Storage parameters are a set:
    /// they are compared sorted (the server keeps them in the order they were given).
    pub fn catalog(&self, schemas: &[String]) -> String {
        let list = schemas.iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "WITH n AS (SELECT oid, nspname FROM pg_namespace WHERE nspname IN ({list}))
             SELECT line FROM (
               SELECT 'schema ' || n.nspname || ' ' || coalesce(obj_description(n.oid, 'pg_namespace'), '') AS line FROM n
               UNION ALL
               SELECT 'relation ' || c.relkind::text || ' ' || c.oid::regclass || ' ' || c.relpersistence::text || ' '
                      || c.relreplident::text || ' ' || coalesce((SELECT array_agg(o ORDER BY o) FROM unnest(c.reloptions) o)::text, '') || ' '
                      || coalesce((SELECT (SELECT array_agg(o ORDER BY o) FROM unnest(t.reloptions) o)::text FROM pg_class t WHERE t.oid = c.reltoastrelid), '') || ' '
                      || coalesce(obj_description(c.oid, 'pg_class'), '')
                 FROM pg_class c JOIN n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               UNION ALL
               SELECT 'column ' || c.oid::regclass || ' '
                      || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) || ' ' || quote_ident(a.attname) || ' '
                      || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || a.attidentity::text || ' '
                      || a.attgenerated::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' '
                      || coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation), '') || ' '
                      || coalesce(NULLIF(a.attstattarget, -1)::text, '') || ' '
                      || array_to_string(ARRAY(SELECT o FROM unnest(a.attoptions) o WHERE split_part(o, '=', 1) IN ('n_distinct', 'n_distinct_inherited')), ',') || ' '
                      || coalesce(col_description(c.oid, a.attnum), '')
                 FROM pg_class c JOIN n ON n.oid = c.relnamespace
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
               UNION ALL
               SELECT 'constraint ' || co.conrelid::regclass || ' ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid)
                      || ' ' || coalesce(obj_description(co.oid, 'pg_constraint'), '')
                      || ' ' || coalesce((SELECT (SELECT array_agg(o ORDER BY o) FROM unnest(ic.reloptions) o)::text FROM pg_class ic WHERE ic.oid = co.conindid AND co.contype IN ('p', 'u', 'x')), '')
                 FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN n ON n.oid = c.relnamespace
                WHERE co.contype <> 'n'
               UNION ALL
               SELECT 'index ' || regexp_replace(pg_get_indexdef(i.indexrelid), ' WITH \\([^)]*\\)', '') || ' '
                      || coalesce((SELECT (SELECT array_agg(o ORDER BY o) FROM unnest(ic.reloptions) o)::text FROM pg_class ic WHERE ic.oid = i.indexrelid), '')
                      || ' ' || i.indisreplident || ' '
                      || coalesce(obj_description(i.indexrelid, 'pg_class'), '')
                 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN n ON n.oid = c.relnamespace
               UNION ALL
               SELECT 'view ' || c.oid::regclass || ' ' || pg_get_viewdef(c.oid)
                 FROM pg_class c JOIN n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
               UNION ALL
               SELECT 'function ' || pg_get_functiondef(p.oid)
                 FROM pg_proc p JOIN n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')
               UNION ALL
               SELECT 'trigger ' || pg_get_triggerdef(t.oid)
                 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal
               UNION ALL
               SELECT 'type ' || t.oid::regtype || ' ' || t.typtype::text || ' '
                      || coalesce((SELECT string_agg(quote_literal(enumlabel), ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid), '')
                      || ' ' || coalesce(obj_description(t.oid, 'pg_type'), '')
                 FROM pg_type t JOIN n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'r') 
               UNION ALL
               SELECT 'sequence ' || s.seqrelid::regclass || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqincrement
                      || ' ' || s.seqstart || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle
                 FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN n ON n.oid = c.relnamespace
             ) AS objects ORDER BY line"
        );
        self.rows(&sql).into_iter().map(|r| r[0].clone().unwrap_or_default()).collect::<Vec<_>>().join("\n")
    }

    /// Runs `ogel` against this database.
    pub fn ogel(&self, dir: &Path, args: &[&str]) -> Output {
        self.ogel_env(dir, args, &[])
    }

    pub fn ogel_env(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(dir, args, env).output().expect("ogel runs")
    }

    /// Runs `ogel` and also returns its process id.
    pub fn ogel_pid(&self, dir: &Path, args: &[&str]) -> (Output, u32) {
        let child =
            self.command(dir, args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ogel runs");
        let pid = child.id();
        (child.wait_with_output().unwrap(), pid)
    }

    pub fn command(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ogel"));
        command
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("DATABASE_URL", &self.url)
            // The normalization cache of this test process, not the user's.
            .env("OGEL_CACHE_DIR", std::env::temp_dir().join(format!("ogel-test-cache-{}", std::process::id())))
            .stdin(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        command
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        admin(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
    }
}

fn with_database(url: &str, name: &str) -> String {
    if url.contains("://") {
        let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
        let scheme_end = base.find("://").unwrap() + 3;
        let path = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
        let mut out = format!("{}/{name}", &base[..path]);
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        out
    } else {
        let kept: Vec<&str> = url.split_whitespace().filter(|kv| !kv.starts_with("dbname=")).collect();
        format!("{} dbname={name}", kept.join(" "))
    }
}

fn admin(sql: &str) {
    try_exec(&server().url, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn try_exec(url: &str, sql: &str) -> Result<(), String> {
    let url = url.to_owned();
    let sql = sql.to_owned();
    block_on(async move {
        let db = Target::resolve(Some(&url)).map_err(|e| e.to_string())?.connect().await.map_err(|e| e.to_string())?;
        db.batch(&sql).await.map_err(|e| ogel::db::error_text(&e))
    })
}
