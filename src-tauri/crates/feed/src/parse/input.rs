//! The document's bytes as quick-xml reads them: one reused buffer over the download, repaired
//! to UTF-8 on the way in, with a budget on markup and a hand-over before every read that may
//! wait on the network.

use std::io::{self, BufRead, Read};

/// Size of the one buffer the document passes through.
const BUFFER: usize = 256 * 1024;

/// Called before a read that may wait: the scanning side hands over the items it holds, so the
/// first products reach the screen while the rest is still downloading.
pub(super) trait BeforeWait {
    fn before_wait(&mut self);
}

/// Markup (a tag, a comment, a declaration) longer than the budget: quick-xml would hold it
/// whole, so it is refused instead.
#[derive(Debug)]
pub(super) struct MarkupTooLong;

impl std::fmt::Display for MarkupTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("markup longer than the limit")
    }
}

impl std::error::Error for MarkupTooLong {}

/// A `BufRead` over the decoded document. Bytes that are not UTF-8 in a document that claims to
/// be (a Latin-1 export without its declaration, the commonest case) are read as Windows-1252
/// here, once, so quick-xml and the fields only ever see UTF-8; a character cut by the end of
/// a read waits for its last bytes.
pub(super) struct Input<R, W> {
    inner: R,
    buf: Vec<u8>,
    /// Next byte to hand out.
    pos: usize,
    /// End of the bytes that are UTF-8 and can be handed out.
    valid: usize,
    /// End of the bytes read; `valid..end` is a character still missing its last bytes.
    end: usize,
    eof: bool,
    /// Bytes the markup being read may still take (`usize::MAX` outside markup).
    budget: usize,
    repaired: Vec<u8>,
    pub(super) wait: W,
}

impl<R: Read, W: BeforeWait> Input<R, W> {
    pub(super) fn new(inner: R, wait: W) -> Input<R, W> {
        Input {
            inner,
            buf: vec![0; BUFFER],
            pos: 0,
            valid: 0,
            end: 0,
            eof: false,
            budget: usize::MAX,
            repaired: Vec::new(),
            wait,
        }
    }

    /// While quick-xml reads one piece of markup, it may take at most `limit` bytes; past them
    /// the read fails with [`MarkupTooLong`] before its own buffer grows further.
    pub(super) fn limit_markup(&mut self, limit: Option<usize>) {
        self.budget = limit.unwrap_or(usize::MAX);
    }

    /// The bytes ready to be handed out, reading more only when there are none.
    /// Empty only at the end of the document.
    pub(super) fn available(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.valid && self.read_more()? {}
        Ok(&self.buf[self.pos..self.valid])
    }

    /// At least `want` bytes ready (fewer only at the end of the document).
    pub(super) fn ensure(&mut self, want: usize) -> io::Result<&[u8]> {
        while self.valid - self.pos < want && self.read_more()? {}
        Ok(&self.buf[self.pos..self.valid])
    }

    /// Reads once more, keeping what is not handed out yet; false at the end of the document.
    fn read_more(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.valid -= self.pos;
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // Only a caller asking for more than the buffer holds gets here.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        self.wait.before_wait();
        let n = loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.eof = n == 0;
        self.settle();
        Ok(n > 0 || self.valid > self.pos)
    }

    /// Makes `valid..end` UTF-8: checked as is in the common case, with stray bytes read as
    /// Windows-1252 otherwise.
    fn settle(&mut self) {
        let fresh = &self.buf[self.valid..self.end];
        if simdutf8::basic::from_utf8(fresh).is_ok() {
            self.valid = self.end;
            return;
        }
        let mut rest = fresh;
        let mut waiting: &[u8] = &[];
        self.repaired.clear();
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.repaired.extend_from_slice(text.as_bytes());
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    self.repaired.extend_from_slice(good);
                    match e.error_len() {
                        Some(len) => {
                            push_1252(&mut self.repaired, &bad[..len]);
                            rest = &bad[len..];
                        }
                        // The start of a character whose rest is not read yet.
                        None if !self.eof => {
                            waiting = bad;
                            break;
                        }
                        None => {
                            push_1252(&mut self.repaired, bad);
                            break;
                        }
                    }
                }
            }
        }
        let waiting = waiting.to_vec();
        let new_end = self.valid + self.repaired.len() + waiting.len();
        if new_end > self.buf.len() {
            self.buf.resize(new_end, 0);
        }
        let valid = self.valid + self.repaired.len();
        self.buf[self.valid..valid].copy_from_slice(&self.repaired);
        self.buf[valid..new_end].copy_from_slice(&waiting);
        self.valid = valid;
        self.end = new_end;
    }
}

fn push_1252(out: &mut Vec<u8>, bytes: &[u8]) {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    out.extend_from_slice(text.as_bytes());
}

impl<R: Read, W: BeforeWait> Read for Input<R, W> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read, W: BeforeWait> BufRead for Input<R, W> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let budget = self.budget;
        if budget == 0 {
            return Err(io::Error::other(MarkupTooLong));
        }
        let available = self.available()?;
        Ok(&available[..available.len().min(budget)])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.valid);
        if self.budget != usize::MAX {
            self.budget = self.budget.saturating_sub(amount);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    struct Count(usize);
    impl BeforeWait for Count {
        fn before_wait(&mut self) {
            self.0 += 1;
        }
    }

    /// A reader that hands out `step` bytes at a time.
    struct Slow<'a>(&'a [u8], usize);
    impl Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn all(input: &[u8], step: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut reader = Input::new(Slow(input, step), Count(0));
        loop {
            let piece = reader.fill_buf().unwrap();
            if piece.is_empty() {
                return out;
            }
            assert!(std::str::from_utf8(piece).is_ok(), "a piece is whole UTF-8");
            let n = piece.len();
            out.extend_from_slice(piece);
            reader.consume(n);
        }
    }

    #[test]
    fn stray_latin1_bytes_read_as_windows_1252_however_the_input_is_cut() {
        let doc = "Coração, ação € — 😀".as_bytes();
        let mut mixed = doc.to_vec();
        mixed.extend_from_slice(b" Cora\xe7\xe3o \x80 fim \xf0\x9f");
        let want = "Coração, ação € — 😀 Coração € fim ðŸ";
        for step in 1..9 {
            assert_eq!(all(doc, step), doc, "step {step}");
            assert_eq!(
                String::from_utf8(all(&mixed, step)).unwrap(),
                want,
                "step {step}"
            );
        }
    }

    #[test]
    fn markup_past_its_budget_is_refused() {
        let mut reader = Input::new(Slow(b"<a b=\"cdefgh\">", 3), Count(0));
        reader.limit_markup(Some(5));
        let mut taken = 0;
        let error = loop {
            match reader.fill_buf() {
                Ok(piece) => {
                    assert!(taken + piece.len() <= 5, "never more than the budget");
                    let n = piece.len();
                    taken += n;
                    reader.consume(n);
                }
                Err(e) => break e,
            }
        };
        assert!(error.get_ref().is_some_and(|e| e.is::<MarkupTooLong>()));
        reader.limit_markup(None);
        assert!(
            reader.fill_buf().unwrap().starts_with(b"\""),
            "outside markup, no budget"
        );
    }

    #[test]
    fn items_are_handed_over_before_each_read() {
        let mut reader = Input::new(Slow(b"abcdef", 2), Count(0));
        assert_eq!(reader.ensure(4).unwrap(), b"abcd");
        assert_eq!(reader.wait.0, 2);
        reader.consume(4);
        assert_eq!(reader.fill_buf().unwrap(), b"ef");
        assert_eq!(reader.wait.0, 3);
    }
}
