//! A connection that failed because no server runs where the target points, on this machine:
//! the one failure where installing PostgreSQL is the remedy, so the help says how.

use std::net::IpAddr;

use tokio_postgres::config::Host;

use super::settings::Endpoint;

/// How to install and start PostgreSQL here, after how to point ogel elsewhere; a command to a
/// line, to copy whole. Debian's package starts a server on install, with the roles and
/// databases of the `postgres` user: hence a role and a database of the login name, ogel's
/// default user and database (Homebrew's server has the role already).
pub(super) const INSTALL: &str = "or install and start PostgreSQL on this machine:
  on Debian or Ubuntu:
    sudo apt-get install postgresql && sudo -u postgres createuser -s \"$USER\" && createdb
  on macOS:
    brew install postgresql@17 && brew services start postgresql@17 && createdb";

/// Whether the attempt found nothing listening: no socket file in the socket directory, or a
/// refused TCP connection (a server that answered and refused is not this).
pub(super) fn nothing_listens(e: &tokio_postgres::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return matches!(io.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused);
        }
        source = s.source();
    }
    false
}

/// Whether the endpoint is on this machine: a socket directory, `localhost` or a loopback
/// address.
pub(super) fn local(endpoint: &Endpoint) -> bool {
    let loopback = |host: &str| host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match (&endpoint.host, endpoint.hostaddr) {
        (_, Some(address)) => address.is_loopback(),
        (Host::Unix(_), None) => true,
        (Host::Tcp(host), None) => host.eq_ignore_ascii_case("localhost") || loopback(host),
    }
}
