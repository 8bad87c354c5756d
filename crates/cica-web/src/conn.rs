//! A connection's stream as the server hands it to hyper, so that even the requests hyper
//! refuses itself are answered in the API's JSON shape.
//!
//! hyper answers on its own, before any router sees the request, when it cannot read a
//! request: a malformed request line or header (400), an address longer than the `http`
//! crate can hold (414, over 64 KB), or a head longer than the server reads (431). Such an
//! answer is a bare head with no body, and it is the last thing written on the connection.
//! [`Refusals`] recognises it, as the one head written without the headers every answer of
//! the router carries (`X-Content-Type-Options`, added by [`crate::guard`]), and writes the
//! same status with the documented JSON body in its place. Everything else passes through
//! untouched. Shorter addresses that are still too long (over [`crate::guard::MAX_URI`]) are
//! refused by the router itself.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A stream whose hyper-made refusals are rewritten in the JSON shape.
pub(crate) struct Refusals<S> {
    inner: S,
    /// A replacement being written, and how much of it is out.
    pending: Vec<u8>,
    sent: usize,
}

impl<S> Refusals<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            sent: 0,
        }
    }
}

/// The answer to write instead of `head`, when `head` is one of hyper's own refusals.
fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    // Every write of every answer passes here: anything that is not a bare 4xx head (a
    // response with a body never ends with the blank line) is let through at a glance.
    if head.len() > 1024 || !head.starts_with(b"HTTP/1.") || !head.ends_with(b"\r\n\r\n") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    if !text.ends_with("\r\n\r\n") || text.matches("\r\n\r\n").count() != 1 {
        return None;
    }
    let status: u16 = text
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| text.strip_prefix("HTTP/1.0 "))?
        .get(..3)?
        .parse()
        .ok()?;
    if text
        .to_ascii_lowercase()
        .contains("\r\nx-content-type-options:")
    {
        return None;
    }
    let (code, message) = match status {
        400 => (
            "bad_request",
            "the request could not be read as HTTP/1.1".to_owned(),
        ),
        414 => (
            "uri_too_long",
            format!(
                "the address is longer than the {} bytes the server reads",
                crate::guard::MAX_URI
            ),
        ),
        431 => (
            "headers_too_large",
            "the request's headers are larger than the server reads".to_owned(),
        ),
        _ => return None,
    };
    let body = serde_json::json!({
        "error": { "status": status, "code": code, "message": message }
    })
    .to_string();
    let reason = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n{}\r\n{body}",
            body.len(),
            crate::guard::SECURITY_HEADERS
                .iter()
                .map(|(name, value)| format!("{}: {value}\r\n", name.as_str()))
                .collect::<String>()
        )
        .into_bytes(),
    )
}

impl<S: AsyncWrite + Unpin> Refusals<S> {
    /// Writes out what is left of a replacement.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        Poll::Ready(Ok(()))
    }

    /// Takes `buf` as written when it is a refusal to replace; the replacement goes out in
    /// its place.
    fn replaced(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Option<Poll<io::Result<usize>>> {
        let answer = replacement(buf)?;
        self.pending = answer;
        self.sent = 0;
        Some(match self.drain(cx) {
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            // The rest goes out on the flush that follows.
            _ => Poll::Ready(Ok(buf.len())),
        })
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Refusals<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Refusals<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        if let Some(done) = self.replaced(cx, buf) {
            return done;
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        let mut filled = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(only), None) = (filled.next(), filled.next())
            && let Some(done) = self.replaced(cx, only)
        {
            return done;
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::replacement;

    #[test]
    fn only_hypers_own_bare_refusals_are_replaced() {
        let own = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(replacement(own).expect("replaced")).expect("text");
        assert!(out.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{out}");
        assert!(out.ends_with(r#""status":414}}"#) || out.contains(r#""code":"uri_too_long""#));
        // The router's answers carry its headers, and are left alone.
        let ours = b"HTTP/1.1 414 URI Too Long\r\nx-content-type-options: nosniff\r\n\r\n";
        assert!(replacement(ours).is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\n\r\n{\"a\":1}").is_none());
    }
}
