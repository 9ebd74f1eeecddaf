//! Where the target points at this machine and no server runs there, every database command
//! fails at once with how to point ogel at a server and how to install one here. No PostgreSQL
//! is needed: these point at places where none runs.

use std::net::TcpListener;
use std::process::Output;

use crate::common::{TempDir, root, stderr};

const INSTALL: &str = "sudo apt-get install postgresql";
const BREW: &str = "brew install postgresql@17 && brew services start postgresql@17";

/// `ogel ARGS` with the target given only by the libpq variables `vars`, a password among them.
fn ogel_at(vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ogel"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1").env("PGPASSWORD", "hunter2");
    for var in ["DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGPORT", "PGSERVICE", "PGSERVICEFILE", "PGCONNECT_TIMEOUT"] {
        command.env_remove(var);
    }
    command.envs(vars.iter().copied()).output().expect("ogel runs")
}

/// A TCP port on the loopback address where nothing listens (it was free a moment ago).
fn unused_port() -> String {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string()
}

fn assert_install_help(out: &Output, place: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot connect to ") && err.contains(&format!("@{place}/")), "{err}");
    for part in [INSTALL, BREW, "--database-url", "--env", "DATABASE_URL"] {
        assert!(err.contains(part), "no {part:?} in:\n{err}");
    }
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_socket_directory_without_a_server_gets_the_install_command() {
    let empty = TempDir::new("no-server-socket");
    let dir = empty.path().to_str().unwrap();
    for command in [&["plan"][..], &["drift"], &["apply", "--yes"], &["inspect"], &["history"]] {
        let out = ogel_at(&[("PGHOST", dir)], command);
        assert_install_help(&out, &format!("{dir}:5432"));
    }
}

#[test]
fn a_loopback_port_without_a_server_gets_the_install_command() {
    let port = unused_port();
    for host in ["127.0.0.1", "localhost"] {
        let out = ogel_at(&[("PGHOST", host), ("PGPORT", &port)], &["plan"]);
        assert_install_help(&out, &format!("{host}:{port}"));
    }
    let url = format!("postgres://u:hunter2@127.0.0.1:{port}/db");
    let out = ogel_at(&[], &["plan", "--database-url", &url]);
    assert_install_help(&out, &format!("127.0.0.1:{port}"));
}

/// Something that is not PostgreSQL answers: installing PostgreSQL is not the remedy.
#[test]
fn a_port_where_something_else_answers_gets_no_install_command() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    // Accepts each connection and closes it unanswered.
    std::thread::spawn(move || listener.incoming().for_each(drop));
    let out = ogel_at(&[("PGHOST", "127.0.0.1"), ("PGPORT", &port)], &["plan"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("@127.0.0.1:{port}/")), "{err}");
    assert!(err.contains("--database-url") && !err.contains(INSTALL), "{err}");
}
