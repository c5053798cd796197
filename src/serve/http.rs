//! What both local servers (`serve` and the exercise console) share: the security headers
//! on every answer, reading a request header, and the Host allowlist.

use std::net::{IpAddr, SocketAddr};
use tiny_http::{Header, Request, Response};

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Answers `req` with `body`, the hardening headers, the page's Content-Security-Policy
/// `csp` and any `extra` headers.
pub fn respond(
    req: Request,
    status: u16,
    content_type: &str,
    csp: &str,
    extra: &[(&str, &str)],
    body: Vec<u8>,
) {
    let mut resp = Response::from_data(body).with_status_code(status);
    let fixed = [
        ("Content-Type", content_type),
        ("X-Content-Type-Options", "nosniff"),
        ("Cache-Control", "no-store"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", csp),
    ];
    for (n, v) in fixed.iter().chain(extra) {
        if let Some(h) = header(n, v) {
            resp.add_header(h);
        }
    }
    let _ = req.respond(resp);
}

/// The value of a request header, by case-insensitive name.
pub fn header_value<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Is a `Host` (or Origin host) one a server bound to `addr` may answer to? Loopback
/// names only, unless bound to every address; this defeats DNS rebinding.
pub fn host_allowed(addr: SocketAddr, host: &str) -> bool {
    if addr.ip().is_unspecified() {
        return true;
    }
    let port = addr.port();
    let own = match addr.ip() {
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    };
    [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        own,
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(host_allowed(local, "localhost:4000"));
        assert!(host_allowed(local, "127.0.0.1:4000"));
        assert!(!host_allowed(local, "127.0.0.1:4001"));
        assert!(!host_allowed(local, "attacker.example:4000"));
        let lan: SocketAddr = "192.168.1.5:4000".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(host_allowed(lan, "192.168.1.5:4000"));
        let any: SocketAddr = "0.0.0.0:4000".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(host_allowed(any, "anything:1"));
    }
}
