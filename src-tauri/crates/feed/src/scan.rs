//! A streaming XML tokenizer made for product feeds: fast, bounded in memory, and lenient
//! where real feeds are sloppy.
//!
//! It reads the (already UTF-8 or byte-transparent) document through one reusable buffer and
//! hands out borrowed tokens: start and end tags with their raw attributes, and text and CDATA
//! in pieces. Memory stays flat whatever the document does: text, CDATA and comments of any
//! length stream through in pieces (the parser keeps only what a field may hold), and markup
//! (a tag, `</x>`) longer than `max_tag` is refused. Comments, processing instructions and
//! DOCTYPEs are stepped over without being held; nothing a DTD declares is ever expanded.
//!
//! Bytes are not validated here: the parser turns only the fields it keeps into text, which is
//! where a Latin-1 byte in a document that claims UTF-8 gets repaired.

use std::io::{self, Read};

use memchr::{memchr, memchr3, memmem};

const INITIAL_BUFFER: usize = 256 * 1024;
/// A text piece never ends inside what may be an entity reference (`&` + up to this).
const ENTITY_MAX: usize = 32;

/// One piece of the document, borrowed from the tokenizer's buffer until the next call.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `<name attrs>`; `empty` for `<name attrs/>`. `attrs` is the raw text after the name.
    Start {
        name: &'a [u8],
        attrs: &'a [u8],
        empty: bool,
    },
    End {
        name: &'a [u8],
        /// Where the end tag starts in the document, for an error message.
        position: u64,
    },
    /// Character data as written (entity references not decoded); a long run comes in pieces,
    /// never split inside an entity reference.
    Text(&'a [u8]),
    /// The content of a CDATA section, possibly in pieces.
    CData(&'a [u8]),
    Eof,
}

#[derive(Debug)]
pub(crate) enum ScanError {
    Io(io::Error),
    /// The document ended inside markup or a CDATA section.
    Truncated,
    /// A tag longer than the limit: not a feed anyone generates on purpose.
    TagTooLong {
        position: u64,
        limit: usize,
    },
}

impl From<io::Error> for ScanError {
    fn from(e: io::Error) -> ScanError {
        ScanError::Io(e)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Markup,
    CData,
    Comment,
    Pi,
    /// `<!DOCTYPE ...>` or another `<!...>`; `depth` counts the `[` of an internal subset.
    Decl {
        depth: u32,
    },
}

/// Token positions inside the buffer, turned into slices once the scanning loop is done.
enum Raw {
    Start {
        name: (usize, usize),
        attrs: (usize, usize),
        empty: bool,
    },
    End {
        name: (usize, usize),
    },
    Text(usize, usize),
    CData(usize, usize),
    Eof,
}

pub(crate) struct Scanner<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Position of `buf[0]` in the document, for error messages.
    offset: u64,
    max_tag: usize,
    mode: Mode,
    /// False while the caller keeps no text: character data and CDATA are stepped over
    /// without being handed out.
    text_wanted: bool,
}

impl<R: Read> Scanner<R> {
    pub fn new(inner: R, max_tag: usize) -> Scanner<R> {
        Scanner {
            inner,
            buf: vec![0; INITIAL_BUFFER.min(max_tag.max(64) * 2)],
            pos: 0,
            end: 0,
            eof: false,
            offset: 0,
            max_tag,
            mode: Mode::Markup,
            text_wanted: true,
        }
    }

    /// Whether the next tokens should include text (and CDATA). The parser keeps the text of
    /// a product's fields only; everything else is skipped at memchr speed.
    pub fn want_text(&mut self, wanted: bool) {
        self.text_wanted = wanted;
    }

    /// Where the tokenizer is in the document (bytes after decoding).
    pub fn position(&self) -> u64 {
        self.offset + self.pos as u64
    }

    pub fn next_token(&mut self, before_read: &mut dyn FnMut()) -> Result<Token<'_>, ScanError> {
        let raw = self.next_raw(before_read)?;
        let b = &self.buf;
        Ok(match raw {
            Raw::Start { name, attrs, empty } => Token::Start {
                name: &b[name.0..name.1],
                attrs: &b[attrs.0..attrs.1],
                empty,
            },
            Raw::End { name } => Token::End {
                name: &b[name.0..name.1],
                position: self.offset + name.0 as u64 - 2,
            },
            Raw::Text(s, e) => Token::Text(&b[s..e]),
            Raw::CData(s, e) => Token::CData(&b[s..e]),
            Raw::Eof => Token::Eof,
        })
    }

    /// Reads more input, keeping the unread bytes; false at the end of the input.
    /// `before_read` runs first: the caller hands on what it holds before a read that may wait.
    fn refill(&mut self, before_read: &mut dyn FnMut()) -> Result<bool, ScanError> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.offset += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // Only markup that is still incomplete fills the buffer, and it is capped.
            if self.end > self.max_tag {
                return Err(ScanError::TagTooLong {
                    position: self.position(),
                    limit: self.max_tag,
                });
            }
            let grown = (self.buf.len() * 2).min(self.max_tag + 64);
            self.buf.resize(grown.max(self.buf.len() + 64), 0);
        }
        before_read();
        let n = loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.end += n;
        Ok(true)
    }

    /// Markup that must be whole in the buffer did not end: read on, or fail.
    fn need_more(&mut self, before_read: &mut dyn FnMut()) -> Result<(), ScanError> {
        if self.end - self.pos > self.max_tag {
            return Err(ScanError::TagTooLong {
                position: self.position(),
                limit: self.max_tag,
            });
        }
        if self.refill(before_read)? {
            Ok(())
        } else {
            Err(ScanError::Truncated)
        }
    }

    fn next_raw(&mut self, before_read: &mut dyn FnMut()) -> Result<Raw, ScanError> {
        loop {
            match self.mode {
                Mode::Markup => {
                    if self.pos == self.end {
                        if self.refill(before_read)? {
                            continue;
                        }
                        return Ok(Raw::Eof);
                    }
                    if self.buf[self.pos] != b'<' {
                        if !self.text_wanted {
                            let window = &self.buf[self.pos..self.end];
                            self.pos = find_byte(b'<', window).map_or(self.end, |i| self.pos + i);
                            continue;
                        }
                        if let Some(raw) = self.text(before_read)? {
                            return Ok(raw);
                        }
                        continue;
                    }
                    if let Some(raw) = self.markup(before_read)? {
                        return Ok(raw);
                    }
                }
                Mode::CData => {
                    let window = &self.buf[self.pos..self.end];
                    if let Some(i) = memmem::find(window, b"]]>") {
                        let start = self.pos;
                        self.pos += i + 3;
                        self.mode = Mode::Markup;
                        if i > 0 && self.text_wanted {
                            return Ok(Raw::CData(start, start + i));
                        }
                        continue;
                    }
                    // Hand out all but the last two bytes, which may start the terminator.
                    if self.end - self.pos > 2 {
                        let start = self.pos;
                        self.pos = self.end - 2;
                        if self.text_wanted {
                            return Ok(Raw::CData(start, self.pos));
                        }
                    }
                    if !self.refill(before_read)? {
                        return Err(ScanError::Truncated);
                    }
                }
                Mode::Comment | Mode::Pi => {
                    let terminator: &[u8] = if self.mode == Mode::Comment {
                        b"-->"
                    } else {
                        b"?>"
                    };
                    let window = &self.buf[self.pos..self.end];
                    if let Some(i) = memmem::find(window, terminator) {
                        self.pos += i + terminator.len();
                        self.mode = Mode::Markup;
                        continue;
                    }
                    let keep = terminator.len() - 1;
                    self.pos = self.end.saturating_sub(keep).max(self.pos);
                    if !self.refill(before_read)? {
                        return Err(ScanError::Truncated);
                    }
                }
                Mode::Decl { mut depth } => {
                    let mut done = false;
                    while self.pos < self.end {
                        let b = self.buf[self.pos];
                        self.pos += 1;
                        match b {
                            b'[' => depth += 1,
                            b']' => depth = depth.saturating_sub(1),
                            b'>' if depth == 0 => {
                                done = true;
                                break;
                            }
                            _ => {}
                        }
                    }
                    if done {
                        self.mode = Mode::Markup;
                        continue;
                    }
                    self.mode = Mode::Decl { depth };
                    if !self.refill(before_read)? {
                        return Err(ScanError::Truncated);
                    }
                }
            }
        }
    }

    /// Character data up to the next `<`, or a piece of it when the buffer ends first.
    fn text(&mut self, before_read: &mut dyn FnMut()) -> Result<Option<Raw>, ScanError> {
        let start = self.pos;
        let window = &self.buf[start..self.end];
        if let Some(i) = find_byte(b'<', window) {
            self.pos += i;
            return Ok(Some(Raw::Text(start, start + i)));
        }
        if self.eof {
            self.pos = self.end;
            return Ok(Some(Raw::Text(start, self.end)));
        }
        // Keep back a possible entity reference cut by the buffer's end.
        let tail_from = window.len().saturating_sub(ENTITY_MAX);
        let cut = match memchr::memrchr(b'&', &window[tail_from..]) {
            Some(amp) if memchr(b';', &window[tail_from + amp..]).is_none() => tail_from + amp,
            _ => window.len(),
        };
        if cut > 0 {
            self.pos += cut;
            return Ok(Some(Raw::Text(start, start + cut)));
        }
        if !self.refill(before_read)? {
            // End of input: whatever is left is text.
            let start = self.pos;
            self.pos = self.end;
            return Ok(Some(Raw::Text(start, self.end)));
        }
        Ok(None)
    }

    /// Something starting with `<` at `pos`.
    fn markup(&mut self, before_read: &mut dyn FnMut()) -> Result<Option<Raw>, ScanError> {
        // Enough bytes to tell `<![CDATA[` from the rest, and no more: a tag that ends the
        // bytes received so far (the last product before the network pauses) is read now.
        let available = self.end - self.pos;
        let need = if available >= 2 && self.buf[self.pos + 1] == b'!' {
            9
        } else {
            2
        };
        if available < need && !self.eof {
            self.refill(before_read)?;
            return Ok(None);
        }
        let at = self.pos;
        let rest = &self.buf[at..self.end];
        match rest.get(1).copied() {
            Some(b'!') => {
                if rest.starts_with(b"<![CDATA[") {
                    self.pos += 9;
                    self.mode = Mode::CData;
                } else if rest.starts_with(b"<!--") {
                    self.pos += 4;
                    self.mode = Mode::Comment;
                } else if rest.len() < 9 && (b"<![CDATA[".starts_with(rest) || rest == b"<!-") {
                    return Err(ScanError::Truncated);
                } else {
                    self.pos += 2;
                    self.mode = Mode::Decl { depth: 0 };
                }
                Ok(None)
            }
            Some(b'?') => {
                self.pos += 2;
                self.mode = Mode::Pi;
                Ok(None)
            }
            Some(b'/') => match find_byte(b'>', &rest[2..]) {
                Some(gt) => {
                    let name_end = at + 2 + trim_end(&rest[2..2 + gt]);
                    self.pos = at + 2 + gt + 1;
                    Ok(Some(Raw::End {
                        name: (at + 2, name_end),
                    }))
                }
                None => {
                    self.need_more(before_read)?;
                    Ok(None)
                }
            },
            Some(b) if is_name_start(b) => {
                // The name ends at a space, `/` or `>`; the common tag (`<g:title>`) ends there.
                let Some(n) = rest[1..].iter().position(|&b| NAME_STOP[b as usize]) else {
                    self.need_more(before_read)?;
                    return Ok(None);
                };
                let name_end = n + 1;
                let (gt, attrs_end, empty) = match rest[name_end] {
                    b'>' => (name_end, name_end, false),
                    b'/' if rest.get(name_end + 1) == Some(&b'>') => (name_end + 1, name_end, true),
                    _ => match tag_end(rest, name_end) {
                        Some(gt) => {
                            let empty = rest[gt - 1] == b'/';
                            (gt, gt - usize::from(empty), empty)
                        }
                        None => {
                            self.need_more(before_read)?;
                            return Ok(None);
                        }
                    },
                };
                self.pos = at + gt + 1;
                Ok(Some(Raw::Start {
                    name: (at + 1, at + name_end),
                    attrs: (at + name_end, at + attrs_end),
                    empty,
                }))
            }
            Some(_) => {
                // `<` that starts no markup ("preço < 10"): sloppy, but only text.
                self.pos += 1;
                Ok(Some(Raw::Text(at, at + 1)))
            }
            None => {
                // A lone `<` at the very end.
                Err(ScanError::Truncated)
            }
        }
    }
}

/// `memchr` for haystacks that are often short (a tag, the spaces between two tags): the
/// first 32 bytes are looked at inline, eight at a time, where the call would cost more than
/// the search.
#[inline]
pub(crate) fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(needle);
    let mut at = 0;
    while at < 32 {
        let Some(chunk) = haystack.get(at..at + 8) else {
            return haystack[at..]
                .iter()
                .position(|&b| b == needle)
                .map(|i| at + i);
        };
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        // A zero byte in `x` is a match; the lowest flagged byte is always a true one.
        let x = u64::from_le_bytes(word) ^ pattern;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr(needle, &haystack[at..]).map(|i| at + i)
}

/// Bytes that end an element name: a space, `/` or `>`.
static NAME_STOP: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    table[b'\t' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[0x0c] = true;
    table[b'/' as usize] = true;
    table[b'>' as usize] = true;
    table
};

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

/// Index of the `>` that closes a start tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    // The common tag has no attributes: `<g:title>`.
    let head = &bytes[from..bytes.len().min(from + 32)];
    if let Some(i) = head
        .iter()
        .position(|&b| b == b'>' || b == b'"' || b == b'\'')
    {
        if head[i] == b'>' {
            return Some(from + i);
        }
    }
    let mut i = from;
    loop {
        let j = i + memchr3(b'>', b'"', b'\'', &bytes[i..])?;
        if bytes[j] == b'>' {
            return Some(j);
        }
        let close = j + 1 + memchr(bytes[j], &bytes[j + 1..])?;
        i = close + 1;
    }
}

fn trim_end(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1)
}

/// The `name="value"` pairs of a start tag's raw attribute text (values still escaped).
pub(crate) fn attributes(mut raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || loop {
        let start = raw.iter().position(|b| !b.is_ascii_whitespace())?;
        raw = &raw[start..];
        let eq = memchr(b'=', raw)?;
        let name = &raw[..trim_end(&raw[..eq])];
        let after = &raw[eq + 1..];
        let skip = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let after = &after[skip..];
        let quote = after[0];
        if quote != b'"' && quote != b'\'' {
            // Unquoted value (not XML, but seen): up to the next space.
            let end = after
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(after.len());
            raw = &after[end..];
            return Some((name, &after[..end]));
        }
        let close = memchr(quote, &after[1..])?;
        raw = &after[close + 2..];
        if !name.is_empty() {
            return Some((name, &after[1..=close]));
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A reader that hands out `step` bytes at a time, to split every construct somewhere.
    struct Slow<'a>(&'a [u8], usize);
    impl Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Owned {
        Start(String, String, bool),
        End(String),
        Text(String),
        CData(String),
    }

    /// All tokens, with consecutive text (and CDATA) pieces joined.
    fn tokens(input: &[u8], step: usize, max_tag: usize) -> Result<Vec<Owned>, String> {
        let mut scanner = Scanner::new(Slow(input, step), max_tag);
        let mut out = Vec::new();
        let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        loop {
            let token = scanner
                .next_token(&mut || {})
                .map_err(|e| format!("{e:?}"))?;
            let owned = match token {
                Token::Eof => return Ok(out),
                Token::Start { name, attrs, empty } => Owned::Start(s(name), s(attrs), empty),
                Token::End { name, .. } => Owned::End(s(name)),
                Token::Text(t) => match out.last_mut() {
                    Some(Owned::Text(prev)) => {
                        prev.push_str(&s(t));
                        continue;
                    }
                    _ => Owned::Text(s(t)),
                },
                Token::CData(t) => match out.last_mut() {
                    Some(Owned::CData(prev)) => {
                        prev.push_str(&s(t));
                        continue;
                    }
                    _ => Owned::CData(s(t)),
                },
            };
            out.push(owned);
        }
    }

    const DOC: &[u8] = b"<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]><r a=\"1>2\" b='x'><!-- c -- d --><t>x &amp; y &#233;</t><d><![CDATA[<p>z]]] ]]></d><e/><f k=\"v\" /> preco < 10</r>";

    #[test]
    fn tokens_do_not_depend_on_how_the_input_is_cut() {
        let whole = tokens(DOC, DOC.len(), 1000).unwrap();
        assert_eq!(
            whole,
            vec![
                Owned::Text("\n".into()),
                Owned::Start("r".into(), " a=\"1>2\" b='x'".into(), false),
                Owned::Start("t".into(), String::new(), false),
                Owned::Text("x &amp; y &#233;".into()),
                Owned::End("t".into()),
                Owned::Start("d".into(), String::new(), false),
                Owned::CData("<p>z]]] ".into()),
                Owned::End("d".into()),
                Owned::Start("e".into(), String::new(), true),
                Owned::Start("f".into(), " k=\"v\" ".into(), true),
                Owned::Text(" preco < 10".into()),
                Owned::End("r".into()),
            ]
        );
        for step in 1..12 {
            assert_eq!(tokens(DOC, step, 1000).unwrap(), whole, "step {step}");
        }
    }

    #[test]
    fn text_not_wanted_is_stepped_over_but_the_tags_remain() {
        for step in [1, 3, 7, DOC.len()] {
            let mut scanner = Scanner::new(Slow(DOC, step), 1000);
            scanner.want_text(false);
            let mut names = Vec::new();
            loop {
                match scanner.next_token(&mut || {}).unwrap() {
                    Token::Start { name, .. } => {
                        names.push(String::from_utf8_lossy(name).into_owned())
                    }
                    Token::End { name, .. } => {
                        names.push(format!("/{}", String::from_utf8_lossy(name)))
                    }
                    // The stray `<` of "preco < 10" is the only text left: it is not markup.
                    Token::Text(t) => assert_eq!(t, b"<", "step {step}"),
                    Token::CData(_) => panic!("CDATA handed out at step {step}"),
                    Token::Eof => break,
                }
            }
            assert_eq!(
                names,
                ["r", "t", "/t", "d", "/d", "e", "f", "/r"],
                "step {step}"
            );
        }
    }

    #[test]
    fn a_tag_that_ends_the_bytes_received_is_read_before_waiting_for_more() {
        // The second read would block on a network: nothing may wait for it.
        struct ThenWait<'a>(Option<&'a [u8]>);
        impl Read for ThenWait<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let chunk = self
                    .0
                    .take()
                    .ok_or_else(|| io::Error::other("waited for more"))?;
                buf[..chunk.len()].copy_from_slice(chunk);
                Ok(chunk.len())
            }
        }
        let mut scanner = Scanner::new(ThenWait(Some(b"<r><i>x</i>")), 1000);
        let mut ends = Vec::new();
        let error = loop {
            match scanner.next_token(&mut || {}) {
                Ok(Token::End { name, .. }) => ends.push(name.to_vec()),
                Ok(Token::Eof) => panic!("no end of input here"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(ends, [b"i".to_vec()], "</i> read before the next read");
        assert!(matches!(error, ScanError::Io(_)));
    }

    #[test]
    fn a_text_piece_never_ends_inside_an_entity() {
        let mut doc = b"<t>".to_vec();
        doc.extend(std::iter::repeat_n(b'x', INITIAL_BUFFER - 6));
        doc.extend_from_slice(b"&amp;y</t>");
        let mut scanner = Scanner::new(&doc[..], 1000);
        let mut text = Vec::new();
        loop {
            match scanner.next_token(&mut || {}).unwrap() {
                Token::Text(t) => {
                    assert!(!t.ends_with(b"&am") && !t.ends_with(b"&"), "split entity");
                    text.extend_from_slice(t);
                }
                Token::Eof => break,
                _ => {}
            }
        }
        assert!(text.ends_with(b"x&amp;y"));
    }

    #[test]
    fn long_text_streams_but_a_giant_tag_is_refused() {
        let mut doc = b"<t>".to_vec();
        doc.extend(std::iter::repeat_n(b'x', 3 * INITIAL_BUFFER));
        doc.extend_from_slice(b"</t>");
        let mut scanner = Scanner::new(&doc[..], 100);
        let mut longest = 0;
        loop {
            match scanner.next_token(&mut || {}).unwrap() {
                Token::Text(t) => longest = longest.max(t.len()),
                Token::Eof => break,
                _ => {}
            }
        }
        assert!(longest <= INITIAL_BUFFER, "text came in pieces");
        assert!(scanner.buf.len() <= INITIAL_BUFFER);

        let giant = format!("<r a=\"{}\">", "a".repeat(500));
        assert!(matches!(
            tokens(giant.as_bytes(), 7, 100),
            Err(e) if e.contains("TagTooLong")
        ));
    }

    #[test]
    fn unfinished_markup_is_truncation() {
        for doc in [
            &b"<r><t"[..],
            b"<r><![CDATA[abc",
            b"<r><!-- x",
            b"<r></t",
            b"<r><",
        ] {
            assert_eq!(tokens(doc, 3, 100).unwrap_err(), "Truncated", "{doc:?}");
        }
    }

    #[test]
    fn find_byte_agrees_with_a_plain_search() {
        let hay: Vec<u8> = (0..100u8).map(|i| b'a' + i % 26).collect();
        for len in 0..hay.len() {
            for needle in [b'a', b'c', b'h', b'i', b'z', b'<', 0, 0x80] {
                let hay = &hay[..len];
                assert_eq!(
                    find_byte(needle, hay),
                    hay.iter().position(|&b| b == needle),
                    "{needle} in {len} bytes"
                );
            }
        }
        // Bytes just above and below the needle must not look like it.
        assert_eq!(find_byte(b'<', b"=;=;=;=;=;=;=<"), Some(13));
        assert_eq!(find_byte(0x80, &[0x7f, 0x81, 0xff, 0x00, 0x80]), Some(4));
    }

    #[test]
    fn attributes_are_read_with_either_quote() {
        let attrs: Vec<_> = attributes(b" rel=\"alternate\" href = 'https://x/?a=1&amp;b=2' x=y")
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect();
        assert_eq!(
            attrs,
            vec![
                (b"rel".to_vec(), b"alternate".to_vec()),
                (b"href".to_vec(), b"https://x/?a=1&amp;b=2".to_vec()),
                (b"x".to_vec(), b"y".to_vec()),
            ]
        );
    }
}
