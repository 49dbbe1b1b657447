//! A `BufRead` in front of the XML reader that keeps memory flat whatever the document does.
//!
//! The XML reader buffers one whole event (a text node, a CDATA section, a tag). A hostile or
//! broken feed can hold a 50 MB text node or a 1 GB run without a `<`; this filter cuts every
//! text, CDATA or comment run after `max_run` bytes (counting each cut, so the parser can flag
//! the field) and refuses tags, processing instructions and DOCTYPEs longer than `max_tag`.
//! The markup itself is passed through untouched, so the XML stays well-formed.

use std::io::{self, BufRead, Read};

use memchr::memchr;

const CHUNK: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`: `head` collects the bytes that tell a tag from `<!--`, `<![CDATA[`...
    Open,
    Tag,
    Pi,
    Comment,
    CData,
    /// `<!DOCTYPE ...>` or another `<!...>` declaration; `depth` counts `[` of a subset.
    Decl {
        depth: u32,
    },
}

pub struct BoundedXml<R> {
    inner: R,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    state: State,
    /// Bytes in the current run (text/CDATA/comment) or markup item (tag/PI/declaration).
    run: usize,
    run_cut: bool,
    head: Vec<u8>,
    /// The last two raw bytes seen, for terminators split across reads (`]]>`, `-->`, `?>`).
    prev: [u8; 2],
    max_run: usize,
    max_tag: usize,
    cuts: u64,
    /// An incomplete UTF-8 sequence at the end of the last chunk, completed by the next one.
    carry: Vec<u8>,
}

impl<R: Read> BoundedXml<R> {
    pub fn new(inner: R, max_run: usize, max_tag: usize) -> BoundedXml<R> {
        BoundedXml {
            inner,
            raw: vec![0; CHUNK],
            out: Vec::with_capacity(CHUNK + 16),
            pos: 0,
            state: State::Text,
            run: 0,
            run_cut: false,
            head: Vec::with_capacity(9),
            prev: [0; 2],
            max_run,
            max_tag,
            cuts: 0,
            carry: Vec::new(),
        }
    }

    /// How many runs were cut so far; the parser compares it before and after a field.
    pub fn cuts(&self) -> u64 {
        self.cuts
    }

    fn keep_run(&mut self, bytes: &[u8]) {
        let room = self.max_run.saturating_sub(self.run);
        let keep = bytes.len().min(room);
        self.out.extend_from_slice(&bytes[..keep]);
        if keep < bytes.len() && !self.run_cut {
            self.run_cut = true;
            self.cuts += 1;
        }
        self.run += bytes.len();
    }

    fn keep_markup(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.run += bytes.len();
        if self.run > self.max_tag {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("marcação XML com mais de {} bytes", self.max_tag),
            ));
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    fn enter(&mut self, state: State) {
        self.state = state;
        self.run = 0;
        self.run_cut = false;
    }

    fn prev_is(&self, chunk: &[u8], at: usize, a: u8, b: u8) -> bool {
        let byte = |back: usize| -> u8 {
            if at >= back {
                chunk[at - back]
            } else {
                self.prev[2 - (back - at)]
            }
        };
        byte(2) == a && byte(1) == b
    }

    /// Filters one chunk of raw bytes into `out`.
    fn process(&mut self, n: usize) -> io::Result<()> {
        let chunk = std::mem::take(&mut self.raw);
        let result = self.process_chunk(&chunk[..n]);
        if n >= 2 {
            self.prev = [chunk[n - 2], chunk[n - 1]];
        } else if n == 1 {
            self.prev = [self.prev[1], chunk[0]];
        }
        self.raw = chunk;
        result
    }

    fn process_chunk(&mut self, chunk: &[u8]) -> io::Result<()> {
        let mut i = 0;
        while i < chunk.len() {
            match self.state {
                State::Text => match memchr(b'<', &chunk[i..]) {
                    Some(lt) => {
                        self.keep_run(&chunk[i..i + lt]);
                        self.out.push(b'<');
                        self.head.clear();
                        self.enter(State::Open);
                        i += lt + 1;
                    }
                    None => {
                        self.keep_run(&chunk[i..]);
                        i = chunk.len();
                    }
                },
                State::Open => {
                    let b = chunk[i];
                    if self.head.is_empty() && b != b'!' && b != b'?' {
                        self.enter(State::Tag);
                        continue;
                    }
                    self.head.push(b);
                    self.out.push(b);
                    i += 1;
                    let head = self.head.as_slice();
                    let next = match head {
                        [b'?'] => Some(State::Pi),
                        [b'!', b'-', b'-'] => Some(State::Comment),
                        b"![CDATA[" => Some(State::CData),
                        [b'!', b'['] | [b'!', b'[', ..] if b"![CDATA[".starts_with(head) => None,
                        [b'!', b'-'] | [b'!'] => None,
                        _ => Some(State::Decl { depth: 0 }),
                    };
                    if let Some(state) = next {
                        self.enter(state);
                        if let State::Decl { .. } = state {
                            // The byte just read may itself be `[` or `>`: look at it again.
                            self.out.pop();
                            i -= 1;
                        }
                    }
                }
                State::Tag | State::Pi => match memchr(b'>', &chunk[i..]) {
                    Some(gt) => {
                        let end = i + gt;
                        let prev_byte = if end > 0 {
                            chunk[end - 1]
                        } else {
                            self.prev[1]
                        };
                        let done = self.state == State::Tag || prev_byte == b'?';
                        self.keep_markup(&chunk[i..=end])?;
                        i = end + 1;
                        if done {
                            self.enter(State::Text);
                        }
                    }
                    None => {
                        self.keep_markup(&chunk[i..])?;
                        i = chunk.len();
                    }
                },
                State::Comment | State::CData => {
                    let (a, b) = if self.state == State::CData {
                        (b']', b']')
                    } else {
                        (b'-', b'-')
                    };
                    match memchr(b'>', &chunk[i..]) {
                        Some(gt) => {
                            let end = i + gt;
                            if self.prev_is(chunk, end, a, b) {
                                let body_end = end.saturating_sub(2).max(i);
                                let cut_before = self.run_cut;
                                self.keep_run(&chunk[i..body_end]);
                                if self.run_cut || cut_before {
                                    // The terminator may have been cut with the body: restore it.
                                    self.out.extend_from_slice(&[a, b, b'>']);
                                } else {
                                    self.out.extend_from_slice(&chunk[body_end..=end]);
                                }
                                self.enter(State::Text);
                            } else {
                                self.keep_run(&chunk[i..=end]);
                            }
                            i = end + 1;
                        }
                        None => {
                            self.keep_run(&chunk[i..]);
                            i = chunk.len();
                        }
                    }
                }
                State::Decl { depth } => {
                    let b = chunk[i];
                    self.keep_markup(&chunk[i..=i])?;
                    i += 1;
                    match b {
                        b'[' => self.state = State::Decl { depth: depth + 1 },
                        b']' => {
                            self.state = State::Decl {
                                depth: depth.saturating_sub(1),
                            }
                        }
                        b'>' if depth == 0 => self.enter(State::Text),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> BoundedXml<R> {
    /// Makes `out` valid UTF-8. Bytes that are not UTF-8 in a document that claims to be
    /// (a Latin-1 export without its declaration, the commonest case) are read as
    /// Windows-1252 rather than failing the whole feed.
    fn repair_utf8(&mut self, eof: bool) {
        if !self.carry.is_empty() {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(&self.out);
            self.out = joined;
        }
        if std::str::from_utf8(&self.out).is_ok() {
            return;
        }
        let mut fixed = Vec::with_capacity(self.out.len() + 64);
        let mut rest = self.out.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => {
                    fixed.extend_from_slice(rest);
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    fixed.extend_from_slice(valid);
                    let bad = match e.error_len() {
                        None if !eof => {
                            self.carry = after.to_vec();
                            break;
                        }
                        None => after.len(),
                        Some(n) => n,
                    };
                    let (decoded, _) =
                        encoding_rs::WINDOWS_1252.decode_without_bom_handling(&after[..bad]);
                    fixed.extend_from_slice(decoded.as_bytes());
                    rest = &after[bad..];
                }
            }
        }
        self.out = fixed;
    }
}

impl<R: Read> Read for BoundedXml<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for BoundedXml<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.out.len() {
            self.out.clear();
            self.pos = 0;
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if n == 0 {
                if !self.carry.is_empty() {
                    self.out = std::mem::take(&mut self.carry);
                    self.repair_utf8(true);
                    continue;
                }
                break;
            }
            self.process(n)?;
            self.repair_utf8(false);
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn filter(input: &[u8], max_run: usize, max_tag: usize) -> (Vec<u8>, u64) {
        // A reader that hands out 3 bytes at a time, to split every terminator somewhere.
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = BoundedXml::new(Slow(input), max_run, max_tag);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        (out, reader.cuts())
    }

    #[test]
    fn passes_ordinary_xml_untouched() {
        let xml = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><r a=\"1\"><!-- c --><t>x &amp; y</t><![CDATA[<p>z]]></r>";
        assert_eq!(filter(xml, 100, 100), (xml.to_vec(), 0));
    }

    #[test]
    fn cuts_long_text_and_cdata_but_keeps_markup() {
        let (out, cuts) = filter(
            b"<r><t>0123456789</t><d><![CDATA[abcdefghij]]></d><!--0123456789--></r>",
            4,
            100,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<r><t>0123</t><d><![CDATA[abcd]]></d><!--0123--></r>"
        );
        assert_eq!(cuts, 3);
    }

    #[test]
    fn refuses_a_giant_tag() {
        let mut reader = BoundedXml::new(&b"<r aaaaaaaaaaaaaaaaaaaa=\"1\">"[..], 100, 10);
        let mut out = Vec::new();
        assert!(reader.read_to_end(&mut out).is_err());
    }
}
