//! TLS for `https://` endpoints (feature `tls`): rustls over the system's root certificates
//! (`SSL_CERT_FILE` / `SSL_CERT_DIR` are honoured, e.g. for a private CA).

use std::io;
use std::net::TcpStream;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

pub type TlsStream = StreamOwned<ClientConnection, TcpStream>;

/// One client configuration for the process: loading root certificates is slow.
fn config() -> io::Result<Arc<ClientConfig>> {
    static CONFIG: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(build_config)
        .clone()
        .map_err(io::Error::other)
}

fn build_config() -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if roots.is_empty() {
        return Err("no trusted root certificates found (set SSL_CERT_FILE)".into());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Starts a TLS session to `host` over `tcp`; the handshake runs on first use.
pub fn wrap(host: &str, tcp: TcpStream) -> io::Result<TlsStream> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("{host}: {e}")))?;
    let conn = ClientConnection::new(config()?, name).map_err(io::Error::other)?;
    Ok(StreamOwned::new(conn, tcp))
}
