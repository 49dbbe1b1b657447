//! From raw bytes to UTF-8 XML: byte counting (progress, size cap, cancel), gzip, BOM,
//! declared encodings, and the first look that tells a feed from an HTML page or a ZIP.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use encoding_rs::{CoderResult, Encoding};

use crate::error::{FeedError, FeedLimit, NotAFeed};

/// A limit reached below the parser, carried up through `io::Error` to the reader's error.
#[derive(Debug)]
pub(crate) struct LimitReached(pub FeedLimit);

impl std::fmt::Display for LimitReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "feed limit reached: {:?}", self.0)
    }
}

impl std::error::Error for LimitReached {}

impl LimitReached {
    pub(crate) fn io(limit: FeedLimit) -> io::Error {
        io::Error::other(LimitReached(limit))
    }

    /// The limit an I/O error from the reading stack stands for, if it is one.
    pub(crate) fn of(e: &io::Error) -> Option<FeedLimit> {
        let inner = e.get_ref()?.downcast_ref::<LimitReached>()?;
        Some(inner.0)
    }
}

/// Counts the raw bytes read (for progress), stops at `max_bytes` and past `max_duration`,
/// and aborts when `cancel` is set: checked on every read, so cancelling a slow download is
/// immediate and a download that keeps trickling ends at the time limit (give or take one
/// read, which the read timeout bounds).
pub struct Counting<R> {
    inner: R,
    pub(crate) read: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
    max_bytes: u64,
    started: Instant,
    max_duration: Duration,
}

pub(crate) const CANCELLED: &str = "conector-feed: cancelled";
pub(crate) const TOO_LARGE: &str = "conector-feed: too large";

impl<R: Read> Counting<R> {
    pub fn new(
        inner: R,
        read: Arc<AtomicU64>,
        cancel: Arc<AtomicBool>,
        max_bytes: u64,
        max_duration: Duration,
    ) -> Counting<R> {
        Counting {
            inner,
            read,
            cancel,
            max_bytes,
            started: Instant::now(),
            max_duration,
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(io::Error::other(CANCELLED));
        }
        if self.started.elapsed() > self.max_duration {
            let limit = FeedLimit::Duration {
                limit: self.max_duration,
            };
            return Err(LimitReached::io(limit));
        }
        let n = self.inner.read(buf)?;
        let total = self.read.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total > self.max_bytes {
            return Err(io::Error::other(TOO_LARGE));
        }
        Ok(n)
    }
}

/// Stops the document once it is longer than `limit` bytes past gzip: a small download can
/// inflate to any size.
pub struct Inflated<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Inflated<R> {
    pub fn new(inner: R, limit: u64) -> Inflated<R> {
        Inflated {
            inner,
            left: limit,
            limit,
        }
    }
}

impl<R: Read> Read for Inflated<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(LimitReached::io(FeedLimit::Decompressed {
                limit: self.limit,
            })),
        }
    }
}

/// Reads up to `want` bytes (fewer only at end of input).
pub fn peek<R: Read>(reader: &mut R, want: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(want);
    reader.by_ref().take(want as u64).read_to_end(&mut head)?;
    Ok(head)
}

pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// The encoding a document declares by BOM or `<?xml ... encoding="..."?>`; UTF-8 otherwise.
/// Returns the encoding and how many BOM bytes to skip.
pub fn detect_encoding(head: &[u8]) -> (&'static Encoding, usize) {
    if let Some((encoding, bom)) = Encoding::for_bom(head) {
        return (encoding, bom);
    }
    let decl_end = head.iter().take(512).position(|&b| b == b'>').unwrap_or(0);
    let decl = &head[..decl_end];
    if decl.starts_with(b"<?xml") {
        if let Some(at) = find(decl, b"encoding") {
            let rest = &decl[at + 8..];
            let quote = rest.iter().position(|&b| b == b'"' || b == b'\'');
            if let Some(q) = quote {
                let value = &rest[q + 1..];
                if let Some(end) = value.iter().position(|&b| b == rest[q]) {
                    if let Some(encoding) = Encoding::for_label(&value[..end]) {
                        // UTF-16 declared without a BOM in bytes we could read as ASCII is a lie.
                        if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
                            return (encoding, 0);
                        }
                    }
                }
            }
        }
    }
    (encoding_rs::UTF_8, 0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Looks at the start of a decoded (UTF-8) document and refuses what is clearly not a feed.
/// `head` is at most a few KB; the root element name is returned when it was seen.
pub fn sniff(head: &[u8]) -> Result<(), FeedError> {
    let reject = |kind| Err(FeedError::NotAFeed(kind));
    let trimmed = trim_ascii_start(head);
    if trimmed.is_empty() {
        return reject(NotAFeed::EmptyBody);
    }
    const MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"PK\x03\x04",
        b"\x89PNG",
        b"GIF8",
        b"\xff\xd8\xff",
        b"Rar!",
        b"7z\xbc\xaf",
    ];
    if MAGIC.iter().any(|m| head.starts_with(m)) || head.iter().take(4096).any(|&b| b == 0) {
        return reject(NotAFeed::Binary);
    }
    if trimmed[0] != b'<' {
        return reject(NotAFeed::NotXml);
    }
    let root = root_name(trimmed);
    let is_html = find_ci(&trimmed[..trimmed.len().min(1024)], b"<!doctype html")
        || root
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case("html"));
    if is_html {
        let login = find_ci(head, b"type=\"password\"")
            || find_ci(head, b"type='password'")
            || find_ci(head, b"type=password");
        return reject(if login {
            NotAFeed::LoginPage
        } else {
            NotAFeed::HtmlPage
        });
    }
    match root.as_deref() {
        Some(r) => check_root(r),
        None => Ok(()),
    }
}

/// Refuses a root element that is not `rss`, RSS 1.0's `rdf:RDF` or Atom's `feed`.
pub fn check_root(name: &str) -> Result<(), FeedError> {
    let local = name.rsplit(':').next().unwrap_or(name);
    match local {
        "rss" | "feed" | "RDF" => Ok(()),
        "urlset" | "sitemapindex" => Err(FeedError::NotAFeed(NotAFeed::Sitemap)),
        l if l.eq_ignore_ascii_case("html") => Err(FeedError::NotAFeed(NotAFeed::HtmlPage)),
        _ => Err(FeedError::NotAFeed(NotAFeed::OtherXml)),
    }
}

fn trim_ascii_start(mut bytes: &[u8]) -> &[u8] {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes = &bytes[3..];
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// The name of the first element, skipping the declaration, comments, PIs and DOCTYPE.
fn root_name(mut doc: &[u8]) -> Option<String> {
    loop {
        doc = trim_ascii_start(doc);
        if doc.starts_with(b"<?") {
            doc = &doc[find(doc, b"?>")? + 2..];
        } else if doc.starts_with(b"<!--") {
            doc = &doc[find(doc, b"-->")? + 3..];
        } else if doc.starts_with(b"<!") {
            // A DOCTYPE (html or with an internal subset): step over it by brackets.
            let mut depth = 0i32;
            let end = doc.iter().position(|&b| {
                match b {
                    b'[' => depth += 1,
                    b']' => depth -= 1,
                    b'>' if depth <= 0 => return true,
                    _ => {}
                }
                false
            })?;
            doc = &doc[end + 1..];
        } else if doc.starts_with(b"<") {
            let name: Vec<u8> = doc[1..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/')
                .copied()
                .collect();
            return Some(String::from_utf8_lossy(&name).into_owned());
        } else {
            return None;
        }
    }
}

/// Transcodes a non-UTF-8 document (ISO-8859-1, Windows-1252, UTF-16...) to UTF-8 on the fly.
pub struct Transcode<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
}

impl<R: Read> Transcode<R> {
    pub fn new(inner: R, encoding: &'static Encoding) -> Transcode<R> {
        Transcode {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; 32 * 1024],
            in_start: 0,
            in_end: 0,
            output: vec![0; 3 * 32 * 1024 + 16],
            out_start: 0,
            out_end: 0,
            eof: false,
        }
    }
}

impl<R: Read> Read for Transcode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_start == self.out_end {
            if self.eof && self.in_start == self.in_end {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if result == CoderResult::InputEmpty && self.eof && written == 0 {
                self.in_start = self.in_end;
                return Ok(0);
            }
        }
        let n = (self.out_end - self.out_start).min(buf.len());
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn latin1_declaration_is_transcoded() {
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>Cora\xe7\xe3o</rss>";
        let (encoding, bom) = detect_encoding(doc);
        assert_eq!(
            encoding,
            encoding_rs::WINDOWS_1252,
            "ISO-8859-1 is read as its superset"
        );
        assert_eq!(bom, 0);
        let mut out = String::new();
        Transcode::new(&doc[..], encoding)
            .read_to_string(&mut out)
            .unwrap();
        assert!(out.ends_with("<rss>Coração</rss>"));
    }

    #[test]
    fn root_is_found_past_declaration_comment_and_doctype() {
        let doc = b"\xef\xbb\xbf <?xml version=\"1.0\"?>\n<!-- x --><!DOCTYPE r [<!ENTITY a \"b\">]>\n<urlset xmlns=\"x\">";
        assert_eq!(root_name(trim_ascii_start(doc)).as_deref(), Some("urlset"));
    }
}
