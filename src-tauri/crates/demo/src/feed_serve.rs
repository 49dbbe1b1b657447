//! The feed served the way real stores serve it: with `ETag` and `Last-Modified`, answering a
//! conditional request for an unchanged feed with `304 Not Modified` and no body, and with two
//! fault switches — a feed the store stopped generating (`404`), and products that left the
//! catalogue (their `<item>`s cut out, so the feed changes and its `ETag` with it).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use flate2::write::GzEncoder;
use flate2::Compression;
use time::OffsetDateTime;

/// The feed served at `/feed.xml`, plain and gzipped, built once at start.
pub(crate) struct Feed {
    pub xml: Vec<u8>,
    pub gzip: Vec<u8>,
    /// The start of its `ETag`, naming the generated feed.
    pub tag: String,
    pub served: Mutex<Served>,
}

/// The feed's fault switches at the time of a request.
pub(crate) struct FeedFaults {
    /// The store stopped generating its feed: `404`.
    pub broken: bool,
    /// SKUs whose `<item>`s are cut out.
    pub without: Vec<String>,
    /// Answer `302 Found` to this address instead.
    pub redirect: Option<String>,
}

/// One feed request as the demo answered it (the feed routes only; see
/// [`crate::DemoHandle::feed_requests`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRequestRecord {
    pub path: String,
    /// 200, 304 (unchanged, no body), 302 (redirect fault) or 404 (feed broken or absent).
    pub status: u16,
    /// Bytes of the body sent (compressed bytes for `/feed.xml.gz`).
    pub body_bytes: u64,
    /// Whether the request carried `If-None-Match` or `If-Modified-Since`.
    pub conditional: bool,
}

/// What the feed routes remember between requests.
pub(crate) struct Served {
    /// The variant last served (which products were cut out) and since when it is so.
    variant: u64,
    modified: SystemTime,
    log: Vec<FeedRequestRecord>,
}

impl Served {
    pub(crate) fn new() -> Mutex<Served> {
        Mutex::new(Served {
            variant: 0,
            modified: SystemTime::now(),
            log: Vec::new(),
        })
    }
}

pub(crate) fn lock(served: &Mutex<Served>) -> MutexGuard<'_, Served> {
    // Every change is a single assignment or push: a poisoned lock is still consistent.
    served
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `GET /feed.xml` (`gzip = false`) or `/feed.xml.gz`.
pub(crate) fn serve(
    feed: Option<&Feed>,
    faults: FeedFaults,
    headers: &HeaderMap,
    gzip: bool,
) -> Response {
    let path = if gzip { "/feed.xml.gz" } else { "/feed.xml" };
    let conditional = headers.contains_key(header::IF_NONE_MATCH)
        || headers.contains_key(header::IF_MODIFIED_SINCE);
    let Some(feed) = feed else {
        return not_found(None, path, conditional);
    };
    let FeedFaults {
        broken,
        mut without,
        redirect,
    } = faults;
    if broken {
        return not_found(Some(&feed.served), path, conditional);
    }
    if let Some(value) = redirect.and_then(|to| header::HeaderValue::from_str(&to).ok()) {
        log(&feed.served, path, 302, 0, conditional);
        return (StatusCode::FOUND, [(header::LOCATION, value)]).into_response();
    }
    without.sort();
    without.dedup();
    let variant = variant_of(&without);
    let (etag, last_modified) = {
        let mut served = lock(&feed.served);
        if served.variant != variant {
            // A change must move Last-Modified on, even within the same second.
            let now = SystemTime::now();
            served.modified = now.max(served.modified + Duration::from_secs(1));
            served.variant = variant;
        }
        let kind = if gzip { "gz" } else { "xml" };
        (
            format!("\"{}-{variant:016x}-{kind}\"", feed.tag),
            http_date(served.modified),
        )
    };
    let validators = [
        (header::ETAG, etag.clone()),
        (header::LAST_MODIFIED, last_modified.clone()),
    ];
    if unchanged(headers, &etag, &last_modified) {
        log(&feed.served, path, 304, 0, conditional);
        return (StatusCode::NOT_MODIFIED, validators).into_response();
    }
    let body = match (without.is_empty(), gzip) {
        (true, false) => feed.xml.clone(),
        (true, true) => feed.gzip.clone(),
        (false, false) => without_items(&feed.xml, &without),
        (false, true) => gzipped(&without_items(&feed.xml, &without)),
    };
    log(&feed.served, path, 200, body.len() as u64, conditional);
    let content_type = if gzip {
        "application/gzip"
    } else {
        "application/xml; charset=UTF-8"
    };
    (
        [(header::CONTENT_TYPE, content_type.to_owned())],
        validators,
        Body::from(body),
    )
        .into_response()
}

/// `If-None-Match` decides when present (RFC 9110 §13.2.2); else `If-Modified-Since`, compared
/// as the exact date this server sent (clients echo it back).
fn unchanged(headers: &HeaderMap, etag: &str, last_modified: &str) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(tags) = text(header::IF_NONE_MATCH) {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    text(header::IF_MODIFIED_SINCE).is_some_and(|since| since.trim() == last_modified)
}

fn not_found(served: Option<&Mutex<Served>>, path: &str, conditional: bool) -> Response {
    let body = "<!DOCTYPE html><html><head><title>404</title></head><body><h1>Página não encontrada</h1></body></html>";
    if let Some(served) = served {
        log(served, path, 404, body.len() as u64, conditional);
    }
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        body,
    )
        .into_response()
}

fn log(served: &Mutex<Served>, path: &str, status: u16, body_bytes: u64, conditional: bool) {
    lock(served).log.push(FeedRequestRecord {
        path: path.to_owned(),
        status,
        body_bytes,
        conditional,
    });
}

pub(crate) fn requests(served: &Mutex<Served>) -> Vec<FeedRequestRecord> {
    lock(served).log.clone()
}

/// 0 for the whole feed; otherwise a digest of the SKUs cut out.
fn variant_of(without: &[String]) -> u64 {
    if without.is_empty() {
        return 0;
    }
    let mut hasher = DefaultHasher::new();
    without.hash(&mut hasher);
    hasher.finish().max(1)
}

/// The feed without the `<item>`s whose `<g:id>` is one of `skus` (the sample feed writes each
/// item as `<item>\n  <g:id>…</g:id>` … `</item>\n`).
pub(crate) fn without_items(xml: &[u8], skus: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = find(rest, b"<item>") {
        let Some(len) = find(&rest[start..], b"</item>\n").map(|end| end + b"</item>\n".len())
        else {
            break;
        };
        let item = &rest[start..start + len];
        out.extend_from_slice(&rest[..start]);
        let cut = skus
            .iter()
            .any(|sku| find(item, format!("<g:id>{sku}</g:id>").as_bytes()).is_some());
        if !cut {
            out.extend_from_slice(item);
        }
        rest = &rest[start + len..];
    }
    out.extend_from_slice(rest);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn gzipped(xml: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(xml.len() / 4), Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(xml);
    encoder.finish().unwrap_or_default()
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(at: SystemTime) -> String {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    OffsetDateTime::from(at).format(&format).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cutting_a_product_leaves_the_others_whole() {
        let xml = conector_samples::feed_bytes(5, 7);
        let mut items = conector_feed::CollectItems::default();
        conector_feed::parse_reader(xml.as_slice(), None, &Default::default(), &mut items).unwrap();
        let ids: Vec<String> = items.0.iter().map(|i| i.id.clone()).collect();

        let cut = without_items(&xml, &[ids[1].clone(), ids[3].clone()]);
        let mut left = conector_feed::CollectItems::default();
        conector_feed::parse_reader(cut.as_slice(), None, &Default::default(), &mut left).unwrap();
        let left_ids: Vec<String> = left.0.iter().map(|i| i.id.clone()).collect();
        assert_eq!(
            left_ids,
            vec![ids[0].clone(), ids[2].clone(), ids[4].clone()]
        );
        let mut third = items.0[2].clone();
        third.position = 2;
        assert_eq!(left.0[1], third, "the products kept are unchanged");
        assert_eq!(without_items(&xml, &["nenhum".to_owned()]), xml);
    }

    #[test]
    fn dates_are_written_as_http_dates() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
