//! The HTTP server both local servers (`serve` and the exercise console) run on: hyper 1.x
//! on a current-thread tokio runtime, with the limits that keep one hostile client from
//! crashing or stalling it, the hardening headers on every answer, and the Host allowlist.
//!
//! Why not tiny_http, which the project started with: it allocates a declared
//! Content-Length up front when draining an unread body (one request with
//! `Content-Length: 1000000000000` aborts the process), reads header lines without a
//! bound, has no read timeouts, and serves each request on a blocking worker, so a few
//! connections that never finish their body stop every answer. hyper parses with fixed
//! limits, times out slow headers itself, and leaves bodies unread unless asked.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, Semaphore};

pub(crate) use hyper::Method;

/// What a server accepts, and how long it waits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Largest request body read; a larger declared body gets 413 without being read.
    pub max_body: usize,
    /// Largest request head (request line and headers); larger gets 431.
    pub max_head: usize,
    /// Most header fields in one request; more gets 431.
    pub max_headers: usize,
    /// Time to send a whole request head, also the idle time of a kept-alive connection.
    pub head_timeout: Duration,
    /// Time to send a whole request body; slower gets 408.
    pub body_timeout: Duration,
    /// Time a response may wait for the client to read it before the connection is dropped.
    pub write_timeout: Duration,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
}

impl Limits {
    /// The limits of a local server whose largest legitimate body is `max_body` bytes.
    pub(crate) const fn local(max_body: usize) -> Limits {
        Limits {
            max_body,
            max_head: 16 * 1024,
            max_headers: 64,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
            max_connections: 256,
        }
    }
}

/// A request whose body has been read in full, within the limits.
#[derive(Debug)]
pub(crate) struct Request {
    /// Method.
    pub method: Method,
    /// The request target as sent: path and query.
    pub target: String,
    /// Headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Bytes,
}

impl Request {
    /// The value of a header, when present and printable.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The path, without query or fragment.
    pub(crate) fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }
}

/// An answer: status, Content-Type, extra headers and body.
#[derive(Debug)]
pub(crate) struct Response {
    /// Status code.
    pub status: u16,
    /// Content-Type.
    pub content_type: &'static str,
    /// Headers beyond the fixed hardening set.
    pub extra: Vec<(&'static str, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with a body.
    pub(crate) fn new(
        status: u16,
        content_type: &'static str,
        body: impl Into<Vec<u8>>,
    ) -> Response {
        Response {
            status,
            content_type,
            extra: Vec::new(),
            body: body.into(),
        }
    }

    /// A plain-text answer.
    pub(crate) fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    /// A JSON answer.
    pub(crate) fn json(status: u16, body: String) -> Response {
        Response::new(status, "application/json", body)
    }

    /// Adds a header.
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.extra.push((name, value.into()));
        self
    }
}

/// The future a handler returns.
pub(crate) type Reply = Pin<Box<dyn Future<Output = Response> + Send>>;

/// What answers requests.
pub(crate) type Handler = Arc<dyn Fn(Request) -> Reply + Send + Sync>;

/// One server: its limits, its pages' Content-Security-Policy and its handler.
pub(crate) struct Site {
    /// Limits.
    pub limits: Limits,
    /// Content-Security-Policy sent with every answer.
    pub csp: &'static str,
    /// The handler.
    pub handler: Handler,
}

/// Binds a listener; `port` 0 picks a free one.
pub(crate) fn bind(ip: IpAddr, port: u16) -> io::Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind((ip, port))?;
    l.set_nonblocking(true)?;
    Ok(l)
}

/// Serves `site` on `listener` until `stop` is notified.
pub(crate) fn run(
    listener: std::net::TcpListener,
    site: Site,
    stop: Arc<Notify>,
) -> io::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(accept_loop(listener, Arc::new(site), stop))
}

async fn accept_loop(
    listener: std::net::TcpListener,
    site: Arc<Site>,
    stop: Arc<Notify>,
) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(Semaphore::new(site.limits.max_connections));
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => return Ok(()),
            },
            () = stop.notified() => return Ok(()),
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                // Out of file descriptors and the like: wait, then go on accepting.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stop.notified() => return Ok(()),
        };
        // Without it every answer after the first on a kept-alive connection waits for
        // the client's delayed ACK (about 40 ms).
        let _ = stream.set_nodelay(true);
        let site = site.clone();
        tokio::spawn(async move {
            let limits = site.limits;
            let io = TokioIo::new(WriteDeadline::new(stream, limits.write_timeout));
            let service = service_fn(move |req| answer(site.clone(), req));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.head_timeout)
                .max_buf_size(limits.max_head.max(8192) * 2)
                .max_header_size(limits.max_head)
                .max_headers(limits.max_headers)
                .serve_connection(io, service)
                .await;
            drop(slot);
        });
    }
}

/// Reads the body within the limits, then asks the handler.
async fn answer(
    site: Arc<Site>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let limits = site.limits;
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Refused before a byte of the body is read; closing the connection means the rest
    // is never read either.
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        let r = Response::text(
            413,
            &format!(
                "Payload too large: this server reads bodies of at most {} bytes\n",
                limits.max_body
            ),
        );
        return Ok(finish(&site, r, true));
    }
    let read = tokio::time::timeout(
        limits.body_timeout,
        Limited::new(body, limits.max_body).collect(),
    )
    .await;
    let body = match read {
        Ok(Ok(c)) => c.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            let r = Response::text(413, "Payload too large\n");
            return Ok(finish(&site, r, true));
        }
        Ok(Err(_)) => return Ok(finish(&site, Response::text(400, "Bad request\n"), true)),
        Err(_) => {
            let r = Response::text(408, "Request timeout: the body came too slowly\n");
            return Ok(finish(&site, r, true));
        }
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let req = Request {
        method: parts.method,
        target,
        headers: parts.headers,
        body,
    };
    // hyper sends the headers of a HEAD answer, never its body.
    let r = (site.handler)(req).await;
    Ok(finish(&site, r, false))
}

/// The hyper response for `r`, with the hardening headers.
fn finish(site: &Site, r: Response, close: bool) -> hyper::Response<Full<Bytes>> {
    let mut resp = hyper::Response::new(Full::new(Bytes::from(r.body)));
    *resp.status_mut() =
        hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    let fixed = [
        ("content-type", r.content_type),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", site.csp),
    ];
    for (n, v) in fixed {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(HeaderName::from_static(n), v);
        }
    }
    for (n, v) in &r.extra {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(n.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            h.insert(n, v);
        }
    }
    if close {
        h.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

/// A socket whose writes fail once they have waited `limit` for the client to read, so a
/// client that never reads its answer cannot hold a connection for ever.
struct WriteDeadline {
    inner: TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl WriteDeadline {
    fn new(inner: TcpStream, limit: Duration) -> Self {
        WriteDeadline {
            inner,
            limit,
            stalled: None,
        }
    }

    fn watch<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match r {
            Poll::Pending => {
                let limit = self.limit;
                let timer = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
                    Poll::Pending => Poll::Pending,
                }
            }
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Is a `Host` (or Origin host) one a server bound to `addr` may answer to? Loopback
/// names only, unless bound to every address; this defeats DNS rebinding.
pub(crate) fn host_allowed(addr: SocketAddr, host: &str) -> bool {
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
