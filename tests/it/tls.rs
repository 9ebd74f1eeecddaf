//! TLS against a real server: a throwaway cluster of its own with `ssl=on`, certificates made
//! here with the `openssl` CLI (a test CA and a server certificate it signs), and a
//! `pg_hba.conf` that accepts TLS connections only. Also: a connect to a server that never
//! answers ends at connect_timeout.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use ogel::db::{Db, Target};
use ogel::error::Error;

use crate::common::{TempDir, ogel, stderr, stdout};
use crate::pg::{block_on, init_cluster, pg_bin_dir, server_command, start_server};

/// A cluster that accepts only TLS, stopped (and its files removed) when dropped.
struct TlsServer {
    dir: PathBuf,
    data: PathBuf,
    bin: PathBuf,
    port: u16,
}

impl TlsServer {
    fn start(label: &str) -> TlsServer {
        let bin = pg_bin_dir();
        let dir = std::env::temp_dir().join(format!("ogel-test-tls-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        make_certificates(&dir);
        let data = init_cluster(&bin, &dir);
        // Written by the test user; the server only reads it.
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostssl all certuser 127.0.0.1/32 cert\n\
             hostssl all scramuser 127.0.0.1/32 scram-sha-256\n\
             hostssl all all 127.0.0.1/32 trust\n",
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let d = dir.display();
        let options = format!(
            "-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on \
             -c ssl_cert_file={d}/server.crt -c ssl_key_file={d}/server.key -c ssl_ca_file={d}/ca.crt"
        );
        // Built before the start, so that its Drop stops what did start.
        let server = TlsServer { dir: dir.clone(), data: data.clone(), bin: bin.clone(), port };
        start_server(&bin, &dir, &data, &options);
        server
    }

    fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// A URL of database postgres on this server.
    fn url(&self, user: &str, query: &str) -> String {
        format!("postgres://{user}@localhost:{}/postgres?{query}", self.port)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ =
            server_command(&self.bin, "pg_ctl").arg("-D").arg(&self.data).args(["-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `ca`, `other-ca` (trusted by nobody), `server` (signed by ca, for localhost and
/// 127.0.0.1) and `client` (signed by ca, for role certuser). EC keys: fast to make.
fn make_certificates(dir: &Path) {
    let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    for ca in ["ca", "other-ca"] {
        let (keyout, out, subj) = (format!("{ca}.key"), format!("{ca}.crt"), format!("/CN=ogel test {ca}"));
        let mut args = vec!["req", "-x509"];
        args.extend(key);
        args.extend(["-keyout", &keyout, "-out", &out, "-days", "2", "-subj", &subj]);
        args.extend([
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(dir, &args);
    }
    for (leaf, cn, ext) in [
        ("server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
        ("client", "certuser", "extendedKeyUsage=clientAuth\n"),
    ] {
        std::fs::write(dir.join(format!("{leaf}.ext")), format!("basicConstraints=CA:FALSE\n{ext}")).unwrap();
        let (keyout, csr, out, extfile) =
            (format!("{leaf}.key"), format!("{leaf}.csr"), format!("{leaf}.crt"), format!("{leaf}.ext"));
        let subj = format!("/CN={cn}");
        let mut args = vec!["req", "-new"];
        args.extend(key);
        args.extend(["-keyout", &keyout, "-out", &csr, "-subj", &subj]);
        openssl(dir, &args);
        let sign = ["x509", "-req", "-in", &csr, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"];
        openssl(dir, &[&sign[..], &["-out", &out, "-days", "2", "-extfile", &extfile]].concat());
    }
    // The server refuses a key others may read.
    std::fs::set_permissions(dir.join("server.key"), std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
}

/// What a connection turned out to be, asked of both ends.
struct Session {
    /// What ogel says.
    tls: bool,
    /// What the server says (pg_stat_ssl): the client's word is not enough.
    server_tls: bool,
    target: String,
}

/// Connects (one runtime for the connection's whole life), runs `sql`, and describes the session.
fn connect_and(url: &str, sql: &str) -> Result<Session, String> {
    block_on(async {
        let db: Db = Target::resolve(Some(url)).map_err(|e| text(&e))?.connect().await.map_err(|e| text(&e))?;
        db.batch(sql).await.map_err(|e| ogel::db::error_text(&e))?;
        let row = db.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).await.unwrap();
        Ok(Session { tls: db.tls(), server_tls: row.get(0), target: db.target().to_owned() })
    })
}

/// The message and its help line, unwrapped.
fn text(e: &Error) -> String {
    match e {
        Error::Failed { message, help } => format!("{message}\nhelp: {}", help.as_deref().unwrap_or_default()),
        other => other.to_string(),
    }
}

fn connect(url: &str) -> Result<Session, String> {
    connect_and(url, "")
}

/// The error of a connection that must fail.
fn refused(url: &str) -> String {
    match connect(url) {
        Ok(s) => panic!("connected to {} (TLS: {}), but should not have", s.target, s.tls),
        Err(e) => e,
    }
}

#[test]
fn tls_sslmodes_verify_what_libpq_verifies() {
    let server = TlsServer::start("modes");
    let ca = server.file("ca.crt");
    let other = server.file("other-ca.crt");
    let port = server.port;

    let db = connect_and(
        &server.url("postgres", &format!("sslmode=verify-full&sslrootcert={ca}")),
        "CREATE ROLE plain LOGIN",
    )
    .unwrap();
    assert!(db.tls, "verify-full is TLS");
    assert!(db.server_tls);

    let err = refused(&server.url("postgres", &format!("sslmode=verify-full&sslrootcert={other}")));
    assert!(err.contains("not trusted: unknown issuer"), "{err}");
    assert!(err.contains("sslrootcert must name the CA"), "the help line: {err}");

    // The server listens on 127.0.0.1 only: connect there, but check the name wrong.example.
    let wrong_name = format!("host=wrong.example hostaddr=127.0.0.1 port={port} user=postgres sslrootcert={ca}");
    let err = refused(&format!("{wrong_name} sslmode=verify-full"));
    assert!(err.contains("host-name mismatch"), "{err}");
    assert!(err.contains("wrong.example"), "{err}");
    let db = connect(&format!("{wrong_name} sslmode=verify-ca")).expect("verify-ca does not check the name");
    assert!(db.tls && db.server_tls);

    let db = connect(&server.url("postgres", "sslmode=require")).expect("require does not verify");
    assert!(db.tls && db.server_tls);
    // libpq: with a root certificate at hand, require verifies the chain.
    let err = refused(&server.url("postgres", &format!("sslmode=require&sslrootcert={other}")));
    assert!(err.contains("unknown issuer"), "{err}");

    // As in libpq, a Unix socket never uses TLS: the server answers, and refuses (no `local` line).
    let socket = format!("postgres://postgres@/postgres?host={}&port={port}&sslmode=require", server.dir.display());
    let err = refused(&socket);
    assert!(err.contains("no pg_hba.conf entry for host \"[local]\"") && err.contains("no encryption"), "{err}");

    let err = refused(&server.url("postgres", "sslmode=disable"));
    assert!(err.contains("no pg_hba.conf entry") && err.contains("no encryption"), "{err}");

    for mode in ["prefer", "allow"] {
        let db = connect(&server.url("postgres", &format!("sslmode={mode}"))).unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert!(db.tls && db.server_tls, "{mode} ends up on TLS with a server that wants it");
    }
    let db = connect(&server.url("plain", "")).expect("prefer is the default");
    assert!(db.tls && db.server_tls);
}

#[test]
fn tls_client_certificates_channel_binding_and_several_hosts() {
    let server = TlsServer::start("clients");
    let ca = server.file("ca.crt");
    connect_and(
        &server.url("postgres", "sslmode=require"),
        "CREATE ROLE certuser LOGIN; CREATE ROLE scramuser LOGIN PASSWORD 'scram-secret'",
    )
    .unwrap();

    let (cert, key) = (server.file("client.crt"), server.file("client.key"));
    let db =
        connect(&server.url("certuser", &format!("sslmode=verify-full&sslrootcert={ca}&sslcert={cert}&sslkey={key}")))
            .expect("the client certificate is accepted");
    assert!(db.tls && db.server_tls);
    let err = refused(&server.url("certuser", &format!("sslmode=verify-full&sslrootcert={ca}")));
    assert!(err.contains("certificate"), "without a client certificate: {err}");

    // SCRAM bound to this TLS session: the server checks the certificate hash we send.
    let db = connect(&format!(
        "postgres://scramuser:scram-secret@localhost:{}/postgres?sslmode=verify-full&sslrootcert={ca}&channel_binding=require",
        server.port
    ))
    .expect("channel binding");
    assert!(db.tls && db.server_tls);
    let err = refused(&format!("postgres://scramuser:wrong-secret@localhost:{}/postgres?sslmode=require", server.port));
    assert!(err.contains("password authentication failed") && !err.contains("wrong-secret"), "{err}");

    // The first host refuses; the second is the one connected to.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let db = connect(&format!(
        "postgres://postgres@127.0.0.1:{closed},localhost:{}/postgres?sslmode=verify-full&sslrootcert={ca}",
        server.port
    ))
    .expect("the second host");
    assert_eq!(db.target, format!("postgres@localhost:{}/postgres", server.port));

    let dir = TempDir::new("tls-inspect");
    let url = server.url("postgres", &format!("sslmode=verify-full&sslrootcert={ca}"));
    let out = ogel(dir.path(), &["inspect", "--database-url", &url]);
    assert!(out.status.success(), "ogel inspect over verify-full: {}", stderr(&out));
    assert!(!stdout(&out).is_empty());
}

#[test]
fn tls_a_silent_server_is_given_up_at_connect_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts, holds each connection open, and never says a word.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let dir = TempDir::new("tls-silent");
    let url = format!("postgres://u@127.0.0.1:{port}/db?connect_timeout=1");
    let out = ogel(dir.path(), &["inspect", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot connect to u@127.0.0.1:{port}/db: no answer within 1 s (connect_timeout)")),
        "{err}"
    );
    assert!(
        err.contains("connect_timeout (or PGCONNECT_TIMEOUT) sets how many seconds to wait"),
        "the help line: {err}"
    );
}
