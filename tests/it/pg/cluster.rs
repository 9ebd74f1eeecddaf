//! Which server the tests use, and the throwaway cluster started when none answers.
//!
//! In order: `OGEL_TEST_DATABASE_URL`; else whatever the libpq environment and defaults reach
//! (probed with a connect timeout of 3 s unless `PGCONNECT_TIMEOUT` says otherwise, so a probe
//! into a firewall does not stall the run); else a trust-auth cluster started from the
//! PostgreSQL binaries in `OGEL_TEST_PG_BIN` when that is set (the only place looked then:
//! `OGEL_TEST_PG_BIN=/nonexistent PGHOST=/nonexistent` shows what a machine without PostgreSQL
//! gets), else those of `pg_config --bindir`, else the newest of `/usr/lib/postgresql/*/bin`.
//! When there is none of these, every test fails with the same message, which says what to
//! install or set: the search runs once per test process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use ogel::db::{Given, Target};

use super::block_on;

pub struct Server {
    /// URL of the server's `postgres` database (or the one configured).
    pub url: String,
    /// Directory of pg_dump and psql matching the server, when known.
    pub bin: Option<PathBuf>,
}

/// The server, or why there is none.
static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

pub fn server() -> &'static Server {
    match SERVER.get_or_init(find_server) {
        Ok(server) => server,
        Err(message) => panic!("{message}"),
    }
}

fn find_server() -> Result<Server, String> {
    if let Ok(url) = std::env::var("OGEL_TEST_DATABASE_URL") {
        return Ok(Server { url, bin: None });
    }
    let unreachable = match probe() {
        Ok(url) => return Ok(Server { url, bin: None }),
        Err(why) => why,
    };
    match find_pg_bin() {
        Some(bin) => Ok(start_cluster(bin)),
        None => Err(no_postgresql(Some(&unreachable))),
    }
}

/// A URL for what the libpq environment and defaults reach, or why nothing answers there.
fn probe() -> Result<String, String> {
    let mut given = Vec::new();
    if std::env::var_os("PGCONNECT_TIMEOUT").is_none() {
        let pairs = vec![("connect_timeout", "3".to_owned())];
        given.push(Given::Settings { pairs, source: "the test harness's probe".to_owned() });
    }
    let target = Target::resolve_given(&given).map_err(|e| e.to_string())?;
    match block_on(target.connect()) {
        Ok(_) => Ok(url_of(&target)),
        Err(e) => Err(e.to_string()),
    }
}

/// What a test says when there is no server for it, the same for every test.
fn no_postgresql(unreachable: Option<&str>) -> String {
    let searched = match std::env::var_os("OGEL_TEST_PG_BIN") {
        Some(dir) => format!("OGEL_TEST_PG_BIN ({})", Path::new(&dir).display()),
        None => "pg_config --bindir, /usr/lib/postgresql/*/bin".to_owned(),
    };
    let unreachable = unreachable.map_or_else(String::new, |why| format!("none answers ({why}) and "));
    format!(
        "no PostgreSQL for the tests: {unreachable}no server binaries to start one \
         (initdb and postgres, looked for in {searched}).\n\
         Install PostgreSQL: `sudo apt-get install -y postgresql` on Debian or Ubuntu, \
         `brew install postgresql@17` on macOS; or set OGEL_TEST_DATABASE_URL to a server whose role \
         may create databases, such as postgres://postgres@127.0.0.1:5432/postgres."
    )
}

/// A URL that reaches what the libpq environment reaches.
fn url_of(target: &Target) -> String {
    let display = target.display();
    let (user, rest) = display.split_once('@').unwrap();
    let (host_port, db) = rest.rsplit_once('/').unwrap();
    let (host, port) = host_port.rsplit_once(':').unwrap();
    if host.starts_with('/') {
        format!("host={host} port={port} user={user} dbname={db}")
    } else {
        format!("postgres://{user}@{host}:{port}/{db}")
    }
}

/// The directory of the server binaries for a cluster of the tests' own (see the module's
/// comment); a test that needs one fails, with what to install, when there is none.
pub fn pg_bin_dir() -> PathBuf {
    find_pg_bin().unwrap_or_else(|| panic!("{}", no_postgresql(None)))
}

fn find_pg_bin() -> Option<PathBuf> {
    let server_binaries = |d: &PathBuf| d.join("postgres").exists() && d.join("initdb").exists();
    if let Some(dir) = std::env::var_os("OGEL_TEST_PG_BIN") {
        return Some(PathBuf::from(dir)).filter(server_binaries);
    }
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let mut candidates: Vec<PathBuf> = from_pg_config.into_iter().collect();
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("bin")).collect();
        versions.sort();
        candidates.extend(versions.into_iter().rev());
    }
    candidates.into_iter().find(server_binaries)
}

pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// Runs a server binary, as the postgres user when we are root (initdb and postgres refuse
/// to run as root).
pub fn server_command(bin: &Path, program: &str) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(program));
        c
    } else {
        Command::new(bin.join(program))
    }
}

/// A new trust-auth cluster in `dir/data` (`dir` is made over to the postgres user when we are
/// root); returns the data directory.
pub fn init_cluster(bin: &Path, dir: &Path) -> PathBuf {
    if is_root() {
        Command::new("chown").args(["-R", "postgres"]).arg(dir).status().unwrap();
    }
    let data = dir.join("data");
    let out = server_command(bin, "initdb")
        .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "initdb failed: {}", String::from_utf8_lossy(&out.stderr));
    data
}

/// Starts the cluster in `data` with the server `options`, logging to `dir/log`.
pub fn start_server(bin: &Path, dir: &Path, data: &Path, options: &str) {
    let out = server_command(bin, "pg_ctl")
        .args(["-w", "-D"])
        .arg(data)
        .arg("-l")
        .arg(dir.join("log"))
        .args(["-o", options, "start"])
        .output()
        .unwrap();
    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
    assert!(out.status.success(), "pg_ctl start failed: {}\n{log}", String::from_utf8_lossy(&out.stderr));
}

fn start_cluster(bin: PathBuf) -> Server {
    let dir = std::env::temp_dir().join(format!("ogel-test-cluster-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = init_cluster(&bin, &dir);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let options =
        format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", dir.display());
    start_server(&bin, &dir, &data, &options);
    // Stop the cluster once this process is gone, however it ends.
    let pg_ctl = if is_root() {
        format!("runuser -u postgres -- {}", bin.join("pg_ctl").display())
    } else {
        bin.join("pg_ctl").display().to_string()
    };
    let watchdog = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {pg_ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        data = data.display(),
        dir = dir.display()
    );
    // The watchdog outlives this process on purpose; nobody waits for it.
    #[allow(clippy::zombie_processes)]
    Command::new("sh")
        .args(["-c", &watchdog])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // psql and pg_dump of the same version, where they are beside the server (the npm packages
    // of `../shared/tools/pg-bin` have the server only: then those on PATH).
    let tools = bin.join("pg_dump").exists().then_some(bin);
    Server { url: format!("postgres://postgres@127.0.0.1:{port}/postgres"), bin: tools }
}
