//! Connection strings as libpq reads them: URIs (`postgres://` and `postgresql://`) and the
//! `keyword=value` form, into the settings ogel knows. Parsing only; where a setting that is
//! not in the string comes from is `settings.rs`.
//!
//! No message here quotes a value: a value may be a password, or a piece of one when the
//! string is malformed. Keywords are quoted, except one that follows a password.

use std::collections::BTreeMap;
use std::path::Path;

/// The libpq settings ogel understands, each with the environment variable that stands in for
/// it when neither the string nor the service file sets it.
pub(super) const SETTINGS: &[(&str, Option<&str>)] = &[
    ("host", Some("PGHOST")),
    ("hostaddr", Some("PGHOSTADDR")),
    ("port", Some("PGPORT")),
    ("user", Some("PGUSER")),
    ("password", Some("PGPASSWORD")),
    ("passfile", Some("PGPASSFILE")),
    ("dbname", Some("PGDATABASE")),
    ("application_name", Some("PGAPPNAME")),
    ("options", Some("PGOPTIONS")),
    ("connect_timeout", Some("PGCONNECT_TIMEOUT")),
    ("keepalives", None),
    ("keepalives_idle", None),
    ("keepalives_interval", None),
    ("keepalives_count", None),
    ("sslmode", Some("PGSSLMODE")),
    ("sslrootcert", Some("PGSSLROOTCERT")),
    ("sslcert", Some("PGSSLCERT")),
    ("sslkey", Some("PGSSLKEY")),
    ("channel_binding", Some("PGCHANNELBINDING")),
    ("target_session_attrs", Some("PGTARGETSESSIONATTRS")),
    ("service", Some("PGSERVICE")),
];

const KNOWN_HELP: &str = "the settings ogel knows are host, hostaddr, port, user, password, passfile, dbname, \
     application_name, options, connect_timeout, keepalives, keepalives_idle, keepalives_interval, keepalives_count, \
     sslmode, sslrootcert, sslcert, sslkey, channel_binding, target_session_attrs and service";

/// Settings as one source wrote them: keyword to value, values as text.
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Params(BTreeMap<&'static str, String>);

/// Shows the password as `***`.
impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.0.iter().map(|(k, v)| (k, if *k == "password" { "***" } else { v.as_str() }));
        f.debug_map().entries(shown).finish()
    }
}

impl Params {
    pub fn get(&self, keyword: &str) -> Option<&str> {
        self.0.get(keyword).map(String::as_str)
    }

    fn set(&mut self, keyword: &'static str, value: String) {
        self.0.insert(keyword, value);
    }

    /// Settings given one by one (by ogel.toml), each a keyword ogel knows.
    pub fn from_pairs(pairs: &[(&'static str, String)]) -> Params {
        Params(pairs.iter().filter(|(k, _)| SETTINGS.iter().any(|(s, _)| s == k)).cloned().collect())
    }
}

/// Why a connection string (or a service file) cannot be read; never holds a value.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Invalid {
    pub reason: String,
    pub help: &'static str,
}

const FORM_HELP: &str = "write it as postgres://user@host:port/database?sslmode=... (or libpq's keyword=value form); \
     the password is best given in PGPASSWORD or ~/.pgpass";

fn invalid(reason: impl Into<String>) -> Invalid {
    Invalid { reason: reason.into(), help: FORM_HELP }
}

/// The keyword as ogel spells it, or an error naming it (unless it may be part of a password).
fn keyword(word: &str, after: Option<&str>) -> Result<&'static str, Invalid> {
    match SETTINGS.iter().find(|(k, _)| *k == word) {
        Some((k, _)) => Ok(k),
        None if after == Some("password") => Err(Invalid {
            reason: "an unknown setting follows the password (is a space or & in the password?)".to_owned(),
            help: "quote a password holding spaces (password='a b'), percent-encode it in a URL (%20, %26)",
        }),
        None => Err(Invalid { reason: format!("unknown setting {word:?}"), help: KNOWN_HELP }),
    }
}

/// Parses a connection string, URI or `keyword=value` form.
pub(super) fn parse(text: &str) -> Result<Params, Invalid> {
    let text = text.trim();
    match text.strip_prefix("postgresql://").or_else(|| text.strip_prefix("postgres://")) {
        Some(rest) => parse_uri(rest),
        None => parse_keywords(text),
    }
}

/// A URI, split as libpq splits it: `[user[:password]@][host[:port][,...]][/dbname][?query]`,
/// each part percent-decoded. libpq allows several hosts (`h1:5432,h2:5433`), which a URL's
/// grammar does not, and it reads the database name as written, unnormalized; so ogel splits the
/// URI itself rather than through a URL parser.
fn parse_uri(rest: &str) -> Result<Params, Invalid> {
    if rest.contains('#') {
        return Err(invalid("the URL holds a '#' (percent-encode it as %23)"));
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // The last `@`: an unencoded `@` in a password then stays in the password.
    let (userinfo, hosts) = match authority.rfind('@') {
        Some(at) => (&authority[..at], &authority[at + 1..]),
        None => ("", authority),
    };
    let mut params = Params::default();
    let (user, password) = userinfo.split_once(':').map_or((userinfo, None), |(u, p)| (u, Some(p)));
    if !user.is_empty() {
        params.set("user", decode(user)?);
    }
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        params.set("password", decode(password)?);
    }
    let (path, query) = tail.split_once('?').map_or((tail, None), |(p, q)| (p, Some(q)));
    let dbname = path.strip_prefix('/').unwrap_or(path);
    if !dbname.is_empty() {
        params.set("dbname", decode(dbname)?);
    }
    uri_hosts(hosts, &mut params)?;
    if let Some(query) = query {
        uri_query(query, &mut params)?;
    }
    Ok(params)
}

/// `h1:5432,[::1]:5433,/socket/dir`, stored as libpq stores it: host `h1,::1` and port
/// `5432,5433`, a list entry left empty where a host has no port.
fn uri_hosts(hosts: &str, params: &mut Params) -> Result<(), Invalid> {
    if hosts.is_empty() {
        return Ok(());
    }
    let mut names = Vec::new();
    let mut ports = Vec::new();
    for (i, entry) in hosts.split(',').enumerate() {
        let which =
            if hosts.contains(',') { format!("host {} of the URL", i + 1) } else { "the URL's host".to_owned() };
        let (name, port) = uri_host(entry).map_err(|why| invalid(format!("{which} cannot be read: {why}")))?;
        names.push(decode(&name)?);
        ports.push(port.to_owned());
    }
    if names.iter().any(|n| !n.is_empty()) {
        params.set("host", names.join(","));
    }
    if ports.iter().any(|p| !p.is_empty()) {
        params.set("port", ports.join(","));
    }
    Ok(())
}

/// One `host[:port]` of a URI (an IPv6 address in brackets), still percent-encoded; a port
/// alone (`:5433`) is for the default host.
fn uri_host(entry: &str) -> Result<(String, &str), &'static str> {
    let (host, port) = match entry.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']').ok_or("an IPv6 address misses its ']'")?;
            let address: std::net::Ipv6Addr = address.parse().map_err(|_| "not an IPv6 address in [...]")?;
            let port = match after {
                "" => "",
                _ => after.strip_prefix(':').ok_or("only :port may follow an IPv6 address")?,
            };
            (address.to_string(), port)
        }
        None => match entry.rsplit_once(':') {
            Some((host, port)) => (host.to_owned(), port),
            None => (entry.to_owned(), ""),
        },
    };
    if host.chars().any(|c| c.is_whitespace() || c.is_control() || "<>[]\\^|\"".contains(c)) {
        return Err("the host name holds a character no host name has (percent-encode a socket directory)");
    }
    if !port.is_empty() && port.parse::<u16>().map_or(true, |p| p == 0) {
        return Err("the port is not a number from 1 to 65535");
    }
    Ok((host, port))
}

/// `?sslmode=verify-full&host=/socket/dir`: any setting, overriding the URL's other parts.
fn uri_query(query: &str, params: &mut Params) -> Result<(), Invalid> {
    let mut previous = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(match previous {
                Some("password") => keyword("", previous).unwrap_err(),
                _ => invalid(format!("the URL's query parameter {:?} has no \"=\"", decode(pair)?)),
            });
        };
        let (key, value) = (decode(key)?, decode(value)?);
        // libpq's alias in URIs, for JDBC's spelling.
        if key == "ssl" && value == "true" {
            params.set("sslmode", "require".to_owned());
            continue;
        }
        let key = keyword(&key, previous)?;
        params.set(key, value);
        previous = Some(key);
    }
    Ok(())
}

/// Undoes percent-encoding (libpq's: `+` is a plus sign, not a space).
fn decode(text: &str) -> Result<String, Invalid> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        let byte = hex.and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match byte {
            None => return Err(invalid("a % in the URL is not followed by two hex digits (write % itself as %25)")),
            Some(0) => return Err(invalid("the URL holds %00, which no setting may contain")),
            Some(b) => out.push(b),
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| invalid("a percent-encoded part of the URL is not UTF-8"))
}

/// libpq's `keyword=value ...` form: spaces around `=` allowed, `'a b'` quotes, `\'` and `\\`
/// escape.
fn parse_keywords(text: &str) -> Result<Params, Invalid> {
    let mut params = Params::default();
    let mut chars = text.chars().peekable();
    let mut previous = None;
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(params);
        }
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            word.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(match previous {
                Some("password") => keyword("", previous).unwrap_err(),
                _ => invalid(format!("{word:?} is not followed by \"=\" (write keyword=value)")),
            });
        }
        if word.is_empty() {
            return Err(invalid("a \"=\" has no keyword before it"));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = keyword_value(&mut chars)?;
        let key = keyword(&word, previous)?;
        params.set(key, value);
        previous = Some(key);
    }
}

fn keyword_value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, Invalid> {
    let mut value = String::new();
    if chars.next_if_eq(&'\'').is_some() {
        loop {
            match chars.next() {
                Some('\'') => return Ok(value),
                Some('\\') => value.extend(chars.next()),
                Some(c) => value.push(c),
                None => return Err(invalid("a quoted value has no closing quote")),
            }
        }
    }
    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
        match c {
            '\\' => value.extend(chars.next()),
            c => value.push(c),
        }
    }
    Ok(value)
}

/// The settings of service `name` in a service file's text (`[name]` then `keyword=value`
/// lines, `#` comments), or None when the file does not define it.
pub(super) fn service_section(text: &str, name: &str, file: &Path) -> Result<Option<Params>, Invalid> {
    let mut section: Option<Params> = None;
    let mut in_wanted = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}, line {}", file.display(), n + 1);
        if let Some(header) = line.strip_prefix('[') {
            if in_wanted {
                break;
            }
            in_wanted = header.strip_suffix(']').map(str::trim) == Some(name);
            if in_wanted {
                section = Some(Params::default());
            }
            continue;
        }
        let Some(params) = section.as_mut().filter(|_| in_wanted) else { continue };
        let Some((key, value)) = line.split_once('=') else {
            return Err(Invalid {
                reason: format!("syntax error in service file {}: a line without \"=\"", at()),
                help: "a service file holds [service] headers and keyword=value lines",
            });
        };
        let key = keyword(key.trim(), None).map_err(|e| Invalid { reason: format!("{}: {}", at(), e.reason), ..e })?;
        if key == "service" {
            return Err(Invalid {
                reason: format!("{}: a service cannot name another service", at()),
                help: "nested service specifications are not supported (as in libpq)",
            });
        }
        params.set(key, value.trim().to_owned());
    }
    Ok(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&'static str, &str)]) -> Params {
        Params(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
    }

    #[test]
    fn uris_are_read_part_by_part() {
        assert_eq!(
            parse("postgresql://al%40ice:p%2Fw@db.example:6000/my%20db?sslmode=verify-full&application_name=x+y"),
            Ok(p(&[
                ("user", "al@ice"),
                ("password", "p/w"),
                ("host", "db.example"),
                ("port", "6000"),
                ("dbname", "my db"),
                ("sslmode", "verify-full"),
                ("application_name", "x+y"),
            ]))
        );
        assert_eq!(parse("postgres://"), Ok(p(&[])));
        assert_eq!(parse("postgres:///app"), Ok(p(&[("dbname", "app")])));
        assert_eq!(
            parse("postgres://u@[::1]:5433/d"),
            Ok(p(&[("user", "u"), ("host", "::1"), ("port", "5433"), ("dbname", "d")]))
        );
        assert_eq!(
            parse("postgres://u@h/d?ssl=true"),
            Ok(p(&[("user", "u"), ("host", "h"), ("dbname", "d"), ("sslmode", "require")]))
        );
    }

    #[test]
    fn the_debug_form_hides_the_password() {
        let shown = format!("{:?}", parse("postgres://u:hunter2@h/d").unwrap());
        assert_eq!(shown, r#"{"dbname": "d", "host": "h", "password": "***", "user": "u"}"#);
    }

    #[test]
    fn uris_name_several_hosts_and_socket_directories() {
        assert_eq!(
            parse("postgres://u@h1:5432,h2:5433,[::1]/d"),
            Ok(p(&[("user", "u"), ("host", "h1,h2,::1"), ("port", "5432,5433,"), ("dbname", "d")]))
        );
        assert_eq!(parse("postgres://h1,h2/d"), Ok(p(&[("host", "h1,h2"), ("dbname", "d")])));
        assert_eq!(
            parse("postgres:///d?host=/var/run/postgresql"),
            Ok(p(&[("host", "/var/run/postgresql"), ("dbname", "d")]))
        );
        assert_eq!(
            parse("postgres://%2Ftmp%2Fpg:5433/d"),
            Ok(p(&[("host", "/tmp/pg"), ("port", "5433"), ("dbname", "d")]))
        );
        assert_eq!(parse("postgres://:5433/d"), Ok(p(&[("port", "5433"), ("dbname", "d")])));
    }

    #[test]
    fn a_query_parameter_is_a_setting_not_a_substring() {
        let params = parse("postgres://h/d?application_name=nosslmode").unwrap();
        assert_eq!(params.get("sslmode"), None);
        assert_eq!(params.get("application_name"), Some("nosslmode"));
        assert_eq!(parse("host=h application_name='sslmode=require'").unwrap().get("sslmode"), None);
    }

    #[test]
    fn keyword_values_follow_libpq_quoting() {
        assert_eq!(
            parse(r"host = h  dbname='my db' password='it\'s \\ x' user=a\ b options='-c a=b'"),
            Ok(p(&[
                ("host", "h"),
                ("dbname", "my db"),
                ("password", r"it's \ x"),
                ("user", "a b"),
                ("options", "-c a=b")
            ]))
        );
        // As in libpq, blanks after "=" are skipped: an empty value must be quoted.
        assert_eq!(parse("host= port=5432"), Ok(p(&[("host", "port=5432")])));
        assert_eq!(parse("host='' port=5432"), Ok(p(&[("host", ""), ("port", "5432")])));
        assert_eq!(parse("dbname=''"), Ok(p(&[("dbname", "")])));
        assert_eq!(parse("").map(|p| p.0.len()), Ok(0));
    }

    #[test]
    fn malformed_strings_are_refused_with_the_reason() {
        let reason = |text| parse(text).unwrap_err().reason;
        assert_eq!(reason("host=h bogus=1"), "unknown setting \"bogus\"");
        assert_eq!(parse("host=h bogus=1").unwrap_err().help, KNOWN_HELP);
        assert_eq!(reason("postgres://h/d?bogus=1"), "unknown setting \"bogus\"");
        assert!(reason("host=h dbname").contains("\"dbname\" is not followed by \"=\""));
        assert!(reason("dbname='x").contains("no closing quote"));
        assert!(reason("postgres://h/d%zz").contains("two hex digits"));
        assert!(reason("postgres://h:99999/d").contains("host cannot be read"), "{}", reason("postgres://h:99999/d"));
        assert!(reason("postgres://h1,h2:x/d").contains("host 2 of the URL"));
        assert!(reason("postgres://h:0/d").contains("from 1 to 65535"));
        assert!(reason("postgres://[::1/d").contains("misses its ']'"));
        assert!(reason("postgres://[nope]/d").contains("not an IPv6 address"));
        assert!(reason("postgres://[::1]x/d").contains("only :port"));
        assert!(reason("postgres://a%20b c/d").contains("no host name has"));
        // The database name is taken as written, not normalized as a URL path.
        assert_eq!(parse("postgres://h/a/../b").unwrap().get("dbname"), Some("a/../b"));
        assert!(reason("=x").contains("no keyword"));
    }

    #[test]
    fn errors_never_quote_a_password() {
        for text in [
            "postgres://u:hunter2@host:notaport/db",
            "postgres://u:hun/ter2@host/db",
            "postgres://u:hun#ter2@host/db",
            "postgres://u@h/d?password=hun&ter2",
            "postgres://u@h/d?password=hun&ter2=1",
            "host=h password=hun ter2",
            "host=h password=hun ter2=x",
            "host=h password='hunter2",
            "postgres://u:hunter2%@h/d",
        ] {
            let err = parse(text).expect_err(text);
            assert!(!err.reason.contains("hun") && !err.reason.contains("ter2"), "{text}: {err:?}");
        }
    }

    #[test]
    fn service_files_are_ini_sections() {
        let file = Path::new("/etc/pg_service.conf");
        let text = "# comment\n[other]\nhost=o\n[app]\nhost = db.example\nport=6000\n\n[last]\nhost=l\n";
        assert_eq!(service_section(text, "app", file), Ok(Some(p(&[("host", "db.example"), ("port", "6000")]))));
        assert_eq!(service_section(text, "missing", file), Ok(None));
        let err = service_section("[app]\nbogus=1\n", "app", file).unwrap_err();
        assert_eq!(err.reason, "/etc/pg_service.conf, line 2: unknown setting \"bogus\"");
        assert!(service_section("[app]\nservice=x\n", "app", file).unwrap_err().reason.contains("another service"));
        assert!(service_section("[app]\nhost\n", "app", file).unwrap_err().reason.contains("line 2"));
        // Lines of other services are not checked: libpq reads only the section it needs.
        assert_eq!(service_section("[a]\nbogus\n[app]\nport=1\n", "app", file), Ok(Some(p(&[("port", "1")]))));
    }
}
