//! Text clean-up for feed fields: entity references, HTML in descriptions, whitespace.

/// What a reference `&name;` stands for (`name` without `&` and `;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Char(char),
    /// A named entity; a few stand for two characters.
    Text(&'static str),
}

impl Resolved {
    pub fn as_str(self, utf8: &mut [u8; 4]) -> &str {
        match self {
            Resolved::Char(c) => c.encode_utf8(utf8),
            Resolved::Text(text) => text,
        }
    }

    /// The one character it stands for, if it is one.
    fn char(self) -> Option<char> {
        match self {
            Resolved::Char(c) => Some(c),
            Resolved::Text(text) => {
                let mut chars = text.chars();
                let c = chars.next()?;
                chars.next().is_none().then_some(c)
            }
        }
    }
}

/// Resolves `&name;` by quick-xml: a character reference (`&#233;`, `&#xE9;`), XML's five
/// predefined entities, or one of HTML5's named ones, which shop descriptions use (`&eacute;`,
/// `&atilde;`, `&bull;`). `None` for anything else: the caller keeps it as written. Nothing a
/// DTD declares is ever known, which is what defuses "billion laughs" documents.
pub fn resolve_reference(name: &str) -> Option<Resolved> {
    if name.starts_with('#') {
        let char_ref = quick_xml::events::BytesRef::new(name).resolve_char_ref();
        return char_ref.ok().flatten().map(Resolved::Char);
    }
    if let Some(text) = quick_xml::escape::resolve_predefined_entity(name) {
        return Some(Resolved::Text(text));
    }
    match quick_xml::escape::resolve_html5_entity(name)? {
        // A non-breaking space written as a reference is a plain space: titles and SKUs are
        // searched and compared as typed.
        "\u{a0}" => Some(Resolved::Char(' ')),
        text => Some(Resolved::Text(text)),
    }
}

/// The reference starting right after a `&` in `after`: what it stands for and how many bytes
/// (name and `;`) it takes. Names longer than any HTML5 entity are not looked up.
fn reference_at(after: &[u8]) -> Option<(Resolved, usize)> {
    let end = after.iter().take(32).position(|&b| b == b';')?;
    if end == 0 {
        return None;
    }
    let name = std::str::from_utf8(&after[..end]).ok()?;
    Some((resolve_reference(name)?, end + 1))
}

/// Decodes the entity references left in text that was escaped twice (`&amp;#039;` arrives
/// here as `&#039;`). Unknown references stay as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    decode_entities_into(&mut out, text.as_bytes());
    // UTF-8 in, whole characters replaced by whole characters: always UTF-8 out.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends `text` to `slot` with its entity references decoded. Unknown references and a
/// bare `&` stay as written; nothing a DTD declares is known, which defuses entity bombs.
pub fn decode_entities_into(slot: &mut Vec<u8>, text: &[u8]) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest) {
        slot.extend_from_slice(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference_at(after) {
            Some((resolved, len)) => {
                let mut utf8 = [0; 4];
                slot.extend_from_slice(resolved.as_str(&mut utf8).as_bytes());
                rest = &after[len..];
            }
            None => {
                slot.push(b'&');
                rest = after;
            }
        }
    }
    slot.extend_from_slice(rest);
}

/// Collapses runs of whitespace into one space and trims; for titles, brands, ids, URLs.
pub fn squash(text: &str) -> String {
    let trimmed = trim(text);
    let bytes = trimmed.as_bytes();
    // Most fields are already clean: copy them without walking words.
    if !needs_squash(bytes) {
        return trimmed.to_owned();
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `str::trim`, with the ASCII spaces that surround nearly every field taken off first, byte
/// by byte.
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    // Both ends are ASCII, so they are character boundaries.
    let inner = &text[start..end];
    let multibyte_edge = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80);
    if multibyte_edge(inner.as_bytes().first()) || multibyte_edge(inner.as_bytes().last()) {
        inner.trim()
    } else {
        inner
    }
}

/// True when `bytes` (already trimmed) has a tab, a line break or two spaces in a row.
fn needs_squash(bytes: &[u8]) -> bool {
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return true,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\r' | 0x0c => return true,
            _ => after_space = false,
        }
    }
    false
}

/// [`squash`], then entities decoded when there are any.
pub fn clean_field(text: &str) -> String {
    let squashed = squash(text);
    if memchr::memchr(b'&', squashed.as_bytes()).is_some() {
        decode_entities(&squashed)
    } else {
        squashed
    }
}

/// Turns a description that may hold HTML into plain text: tags removed (block tags become
/// line breaks), entities decoded, spaces collapsed, at most one line break between
/// paragraphs. Stops after `max` bytes of output; the flag says whether text was cut.
pub fn html_to_text(html: &str, max: usize) -> (String, bool) {
    let mut out = Paragraphs::with_capacity(html.len().min(max + 8));
    let bytes = html.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = BYTE_CLASS[b as usize];
        if class == NORMAL
            || b == b' '
                && i > run
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| BYTE_CLASS[n as usize] == NORMAL)
        {
            // A single space between words stays inside the run: it is written as is.
            i += 1;
            continue;
        }
        if class == MAYBE_SPACE {
            // A multi-byte character: only a few lead bytes can start a Unicode space.
            let c = html[i..].chars().next().unwrap_or(' ');
            if !c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            out.text(&html[run..i]);
            out.space();
            i += c.len_utf8();
            run = i;
            continue;
        }
        out.text(&html[run..i]);
        if out.len() > max {
            return out.finish(max);
        }
        i += 1;
        match class {
            SPACE => out.space(),
            NEWLINE => out.newline(),
            LT => {
                let rest = &bytes[i..];
                let looks_like_tag = rest
                    .first()
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!');
                match memchr::memchr(b'>', rest).filter(|_| looks_like_tag) {
                    Some(gt) => {
                        if is_block_tag(&rest[..gt]) {
                            out.newline();
                        } else {
                            out.space();
                        }
                        i += gt + 1;
                    }
                    None => out.text("<"),
                }
            }
            _ => {
                // `&`: a reference we know becomes its text, anything else stays.
                match reference_at(&bytes[i..]) {
                    Some((resolved, len)) => {
                        match resolved.char() {
                            Some('\n') => out.newline(),
                            Some(c) if c.is_whitespace() => out.space(),
                            _ => out.text(resolved.as_str(&mut [0; 4])),
                        }
                        i += len;
                    }
                    None => out.text("&"),
                }
            }
        }
        run = i;
    }
    out.text(&html[run..]);
    out.finish(max)
}

const NORMAL: u8 = 0;
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const LT: u8 = 3;
const AMP: u8 = 4;
const MAYBE_SPACE: u8 = 5;

/// What each byte is to [`html_to_text`]. The lead bytes of U+0085, U+00A0, U+1680,
/// U+2000–U+205F and U+3000 (the Unicode spaces past ASCII) need a closer look.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [NORMAL; 256];
    table[b' ' as usize] = SPACE;
    table[b'\t' as usize] = SPACE;
    table[b'\r' as usize] = SPACE;
    table[0x0b] = SPACE;
    table[0x0c] = SPACE;
    table[b'\n' as usize] = NEWLINE;
    table[b'<' as usize] = LT;
    table[b'&' as usize] = AMP;
    table[0xc2] = MAYBE_SPACE;
    table[0xe1] = MAYBE_SPACE;
    table[0xe2] = MAYBE_SPACE;
    table[0xe3] = MAYBE_SPACE;
    table
};

/// `tag` is what stands between `<` and `>`.
fn is_block_tag(tag: &[u8]) -> bool {
    let start = tag.iter().position(|&b| b != b'/').unwrap_or(tag.len());
    let name = &tag[start..];
    let len = name
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    let name = &name[..len];
    const BLOCK: [&[u8]; 11] = [
        b"br", b"p", b"div", b"li", b"tr", b"h1", b"h2", b"h3", b"h4", b"ul", b"ol",
    ];
    name.len() <= 3 && BLOCK.iter().any(|block| name.eq_ignore_ascii_case(block))
}

/// Plain text being written: runs of spaces become one, empty lines vanish, and nothing
/// trails.
struct Paragraphs {
    out: String,
    line_has_text: bool,
    space: bool,
    newline: bool,
}

impl Paragraphs {
    fn with_capacity(capacity: usize) -> Paragraphs {
        Paragraphs {
            out: String::with_capacity(capacity),
            line_has_text: false,
            space: false,
            newline: false,
        }
    }

    fn len(&self) -> usize {
        self.out.len()
    }

    /// Text with no spaces or line breaks in it.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.newline {
            self.out.push('\n');
        } else if self.space {
            self.out.push(' ');
        }
        self.newline = false;
        self.space = false;
        self.line_has_text = true;
        self.out.push_str(text);
    }

    fn space(&mut self) {
        self.space = self.line_has_text;
    }

    fn newline(&mut self) {
        if self.line_has_text {
            self.newline = true;
        }
        self.line_has_text = false;
        self.space = false;
    }

    fn finish(mut self, max: usize) -> (String, bool) {
        let cut = truncate_to(&mut self.out, max);
        (self.out, cut)
    }
}

/// Cuts `text` to at most `max` bytes on a character boundary; true when something was cut.
pub fn truncate_to(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_descriptions_become_plain_text() {
        let html = "<div>Alimento &amp; sabor</div><div>•\tAroma natural &nbsp;</div><div><br></div><p>Fim</p>";
        assert_eq!(
            html_to_text(html, 1000),
            ("Alimento & sabor\n• Aroma natural\nFim".to_owned(), false)
        );
        assert_eq!(
            html_to_text(
                "  Linha um \r\n\n\u{a0}dois\u{2003} três&#10;quatro&nbsp;",
                1000
            )
            .0,
            "Linha um\ndois três\nquatro"
        );
        assert_eq!(
            html_to_text("<b>negrito</b>&lt;i&gt; <3 &amp <x", 1000).0,
            "negrito <i> <3 &amp <x"
        );
        assert_eq!(
            html_to_text("<p>abc</p><p>def</p>", 5),
            ("abc\nd".to_owned(), true)
        );
    }

    #[test]
    fn doubly_escaped_entities_are_decoded() {
        assert_eq!(
            decode_entities("résistent à l&#039;eau"),
            "résistent à l'eau"
        );
        assert_eq!(
            decode_entities("Caf&eacute; &amp; P&atilde;o &unknown; & x"),
            "Café & Pão &unknown; & x"
        );
    }

    #[test]
    fn a_less_than_sign_in_text_is_not_a_tag() {
        assert_eq!(html_to_text("preço < 10 reais", 100).0, "preço < 10 reais");
    }

    #[test]
    fn trim_matches_the_standard_one() {
        for text in [
            "",
            "   ",
            " a b ",
            "\t\n x\r\n",
            "\u{a0}Pão\u{a0}",
            " \u{2003} ação \u{3000}",
            "\x0b v \x0c",
            "é",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn truncation_respects_characters() {
        let mut s = "ação".to_owned();
        assert!(truncate_to(&mut s, 2));
        assert_eq!(s, "a");
    }
}
