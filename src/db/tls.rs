//! TLS for tokio-postgres on rustls (ring provider): the verification each sslmode asks for,
//! client certificates, and `tls-server-end-point` channel binding.
//!
//! tokio-postgres only knows whether to ask for TLS; what a certificate must prove is decided
//! here, in the verifier the connector is built with.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_cert_signed_by_trust_anchor};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::Digest;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect};

use crate::error::Error;

/// What the server's certificate must prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verify {
    /// Nothing: encryption only (`prefer`, `allow`, `require` without a root certificate).
    Nothing,
    /// A chain to a trusted root (`verify-ca`, `require` with a root certificate).
    Chain,
    /// The chain and the host name (`verify-full`).
    ChainAndName,
}

/// Where the trusted roots come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Roots {
    /// A PEM file, and the setting that named it (for messages).
    File(PathBuf, String),
    /// The platform's trusted roots (`sslrootcert=system`).
    System,
}

/// A client certificate and its key, PEM files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Identity {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The rustls configuration of a target: verification, roots and client certificate.
pub(super) fn client_config(verify: Verify, roots: &Roots, identity: Option<&Identity>) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = match verify {
        Verify::Nothing => Arc::new(Unverified { provider: provider.clone() }),
        Verify::Chain => Arc::new(ChainOnly { roots: Arc::new(root_store(roots)?), provider: provider.clone() }),
        Verify::ChainAndName => {
            WebPkiServerVerifier::builder_with_provider(Arc::new(root_store(roots)?), provider.clone())
                .build()
                .map_err(|e| Error::failed(format!("the root certificates cannot be used: {e}")))?
        }
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::failed(format!("TLS cannot be set up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match identity {
        None => builder.with_no_client_auth(),
        Some(identity) => {
            let (certs, key) = read_identity(identity)?;
            builder.with_client_auth_cert(certs, key).map_err(|e| {
                Error::with_help(
                    format!("the client certificate {} cannot be used with its key: {e}", identity.cert.display()),
                    "sslcert and sslkey must be a certificate and the private key it was made for (PEM)",
                )
            })?
        }
    };
    // What libpq 17 sends, and what a server accepting direct TLS requires.
    config.alpn_protocols = vec![b"postgresql".to_vec()];
    Ok(config)
}

fn root_store(roots: &Roots) -> Result<RootCertStore, Error> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::System => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(Error::with_help(
                    "sslrootcert=system: no trusted root certificate found on this system",
                    "install the system's CA certificates (ca-certificates), or name a PEM file in sslrootcert",
                ));
            }
        }
        Roots::File(path, setting) => {
            let certs = read_certs(path, setting)?;
            let (added, _) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(Error::with_help(
                    format!("the root certificate file {} ({setting}) holds no usable certificate", path.display()),
                    "sslrootcert must be a PEM file of the CA certificates that sign the server's certificate",
                ));
            }
        }
    }
    Ok(store)
}

fn read_certs(path: &Path, setting: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Error::with_help(
            format!("cannot read the certificate file {} ({setting}): {e}", path.display()),
            "name a readable PEM file (-----BEGIN CERTIFICATE-----)",
        )
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(&e))?;
    if certs.is_empty() {
        return Err(unreadable(&"no certificate in it"));
    }
    Ok(certs)
}

fn read_identity(identity: &Identity) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), Error> {
    let certs = read_certs(&identity.cert, "sslcert")?;
    let key = PrivateKeyDer::from_pem_file(&identity.key).map_err(|e| {
        Error::with_help(
            format!("cannot read the private key file {} (sslkey): {e}", identity.key.display()),
            "name a readable PEM file holding the client certificate's private key",
        )
    })?;
    Ok((certs, key))
}

/// Accepts any certificate, but still checks that the server holds its key.
#[derive(Debug)]
struct Unverified {
    provider: Arc<CryptoProvider>,
}

/// A chain to a trusted root, whatever names the certificate carries (`verify-ca`).
#[derive(Debug)]
struct ChainOnly {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

/// Handshake signatures are checked the same way whatever the certificate has to prove.
macro_rules! handshake_signatures {
    () => {
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.provider.signature_verification_algorithms.supported_schemes()
        }
    };
}

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    handshake_signatures!();
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let cert = ParsedCertificate::try_from(end_entity)?;
        let algorithms = self.provider.signature_verification_algorithms.all;
        verify_server_cert_signed_by_trust_anchor(&cert, &self.roots, intermediates, now, algorithms)?;
        Ok(ServerCertVerified::assertion())
    }

    handshake_signatures!();
}

/// Whether a connection attempt went through a TLS handshake, and how it ended.
#[derive(Debug, Default)]
pub(super) struct Handshake {
    done: AtomicBool,
    failed: AtomicBool,
}

impl Handshake {
    /// The session is encrypted.
    pub fn done(&self) -> bool {
        self.done.load(Ordering::Relaxed)
    }

    /// A handshake was tried and failed (a certificate not trusted, a name mismatch, ...).
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}

/// The connector handed to tokio-postgres for one connection attempt.
#[derive(Clone)]
pub(super) struct MakeRustls {
    config: Arc<ClientConfig>,
    handshake: Arc<Handshake>,
}

impl MakeRustls {
    pub fn new(config: Arc<ClientConfig>, handshake: Arc<Handshake>) -> MakeRustls {
        MakeRustls { config, handshake }
    }
}

impl<S> MakeTlsConnect<S> for MakeRustls
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type TlsConnect = RustlsConnect;
    type Error = io::Error;

    fn make_tls_connect(&mut self, domain: &str) -> Result<RustlsConnect, io::Error> {
        let name = ServerName::try_from(domain.to_owned()).map_err(|_| {
            io::Error::new(io::ErrorKind::InvalidInput, format!("{domain:?} is not a host name TLS can check"))
        })?;
        Ok(RustlsConnect { config: self.config.clone(), name, handshake: self.handshake.clone() })
    }
}

pub(super) struct RustlsConnect {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
    handshake: Arc<Handshake>,
}

impl<S> TlsConnect<S> for RustlsConnect
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = RustlsStream<S>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<RustlsStream<S>>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            let connector = tokio_rustls::TlsConnector::from(self.config);
            match connector.connect(self.name, stream).await {
                Ok(stream) => {
                    self.handshake.done.store(true, Ordering::Relaxed);
                    Ok(RustlsStream(stream))
                }
                Err(e) => {
                    self.handshake.failed.store(true, Ordering::Relaxed);
                    Err(io::Error::new(e.kind(), explain(&e)))
                }
            }
        })
    }
}

/// A handshake error in words a user can act on.
fn explain(e: &io::Error) -> String {
    let certificate = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()).and_then(|e| match e {
        rustls::Error::InvalidCertificate(c) => Some(c),
        _ => None,
    });
    match certificate {
        Some(CertificateError::UnknownIssuer) => {
            "the server's certificate is not trusted: unknown issuer (no certificate of sslrootcert signed it)"
                .to_owned()
        }
        Some(CertificateError::NotValidForNameContext { expected, presented }) => format!(
            "host-name mismatch: the server's certificate is not valid for {:?} (only for {})",
            expected.to_str(),
            presented.join(", ")
        ),
        Some(CertificateError::NotValidForName) => {
            "host-name mismatch: the server's certificate is not valid for the host name connected to".to_owned()
        }
        Some(c) => format!("the server's certificate is not accepted: {c}"),
        None => e.to_string(),
    }
}

/// A TLS session to the server.
pub(super) struct RustlsStream<S>(tokio_rustls::client::TlsStream<S>);

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for RustlsStream<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for RustlsStream<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().0).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> tokio_postgres::tls::TlsStream for RustlsStream<S> {
    /// `tls-server-end-point` (RFC 5929): the server certificate's hash, with the hash of its
    /// signature algorithm (SHA-256 for MD5 and SHA-1), so SCRAM can bind to this session.
    fn channel_binding(&self) -> ChannelBinding {
        let (_, session) = self.0.get_ref();
        let hash = session.peer_certificates().and_then(|certs| certs.first()).and_then(|cert| end_point_hash(cert));
        hash.map_or_else(ChannelBinding::none, ChannelBinding::tls_server_end_point)
    }
}

/// The certificate's hash for `tls-server-end-point`, when its signature algorithm says which
/// hash to use (RSA PKCS#1 and ECDSA; none for others, such as RSA-PSS or Ed25519).
fn end_point_hash(cert: &[u8]) -> Option<Vec<u8>> {
    const RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
    const ECDSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04];
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, ... }
    let (certificate, _) = der(cert, Some(0x30))?;
    let (_, after_tbs) = der(certificate, None)?;
    let (algorithm, _) = der(after_tbs, Some(0x30))?;
    let (oid, _) = der(algorithm, Some(0x06))?;
    let bits = match oid {
        [prefix @ .., last] if prefix == RSA => match last {
            0x04 | 0x05 | 0x0b => 256,
            0x0c => 384,
            0x0d => 512,
            _ => return None,
        },
        [prefix @ .., 0x01] if prefix == ECDSA => 256,
        [prefix @ .., 0x03, last] if prefix == ECDSA => match last {
            0x02 => 256,
            0x03 => 384,
            0x04 => 512,
            _ => return None,
        },
        _ => return None,
    };
    Some(match bits {
        256 => sha2::Sha256::digest(cert).to_vec(),
        384 => sha2::Sha384::digest(cert).to_vec(),
        _ => sha2::Sha512::digest(cert).to_vec(),
    })
}

/// One DER element at the start of `input` (of `tag`, when given): its contents and the rest.
fn der(input: &[u8], tag: Option<u8>) -> Option<(&[u8], &[u8])> {
    let (&found, input) = input.split_first()?;
    if tag.is_some_and(|t| t != found) {
        return None;
    }
    let (&first, input) = input.split_first()?;
    let (len, input) = if first < 0x80 {
        (usize::from(first), input)
    } else {
        let (bytes, input) = input.split_at_checked(usize::from(first & 0x7f)).filter(|(b, _)| b.len() <= 4)?;
        (bytes.iter().fold(0usize, |len, b| len << 8 | usize::from(*b)), input)
    };
    input.split_at_checked(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_elements_are_read_with_short_and_long_lengths() {
        assert_eq!(der(&[0x30, 0x02, 1, 2, 9], Some(0x30)), Some((&[1u8, 2][..], &[9u8][..])));
        let long: Vec<u8> = [0x04, 0x81, 0x80].into_iter().chain(std::iter::repeat_n(7, 0x80)).collect();
        assert_eq!(der(&long, None).map(|(c, r)| (c.len(), r.len())), Some((0x80, 0)));
        assert_eq!(der(&[0x30, 0x05, 1], Some(0x30)), None, "a length beyond the input");
        assert_eq!(der(&[0x02, 0x01, 1], Some(0x30)), None, "another tag");
    }

    #[test]
    fn the_end_point_hash_follows_the_signature_algorithm() {
        // SEQUENCE { SEQUENCE {} (tbs), SEQUENCE { OID sha384WithRSAEncryption } }
        let cert =
            [0x30, 0x0f, 0x30, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
        assert_eq!(end_point_hash(&cert).map(|h| h.len()), Some(48));
        let mut sha256 = cert;
        sha256[16] = 0x0b;
        assert_eq!(end_point_hash(&sha256), Some(sha2::Sha256::digest(sha256).to_vec()));
        let mut pss = cert;
        pss[16] = 0x0a;
        assert_eq!(end_point_hash(&pss), None);
    }
}
