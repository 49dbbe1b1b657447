//! Text clean-up for feed fields: entity references, HTML in descriptions, whitespace.

use crate::scan::find_byte;

/// The character a reference `&name;` (without `&` and `;`) stands for, or `None` for a name
/// we do not know (the caller keeps it literally). Only the XML/HTML predefined and common
/// Latin entities are known: nothing from a DTD is ever expanded, which is what defuses
/// "billion laughs" documents.
pub fn entity_char(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        return value.and_then(char::from_u32).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "aacute" => 'á',
        "Aacute" => 'Á',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "Acirc" => 'Â',
        "atilde" => 'ã',
        "Atilde" => 'Ã',
        "eacute" => 'é',
        "Eacute" => 'É',
        "ecirc" => 'ê',
        "Ecirc" => 'Ê',
        "egrave" => 'è',
        "iacute" => 'í',
        "Iacute" => 'Í',
        "oacute" => 'ó',
        "Oacute" => 'Ó',
        "ocirc" => 'ô',
        "Ocirc" => 'Ô',
        "otilde" => 'õ',
        "Otilde" => 'Õ',
        "uacute" => 'ú',
        "Uacute" => 'Ú',
        "uuml" => 'ü',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "ordm" => 'º',
        "ordf" => 'ª',
        "deg" => '°',
        "reg" => '®',
        "copy" => '©',
        "trade" => '™',
        "bull" => '•',
        "middot" => '·',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "times" => '×',
        _ => return None,
    })
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
    while let Some(amp) = find_byte(b'&', rest) {
        slot.extend_from_slice(&rest[..amp]);
        let after = &rest[amp + 1..];
        // The escaped HTML of a description is mostly `&lt;` and `&gt;`.
        let predefined = match after {
            [b'l', b't', b';', ..] => Some((b'<', 3)),
            [b'g', b't', b';', ..] => Some((b'>', 3)),
            [b'a', b'm', b'p', b';', ..] => Some((b'&', 4)),
            [b'q', b'u', b'o', b't', b';', ..] => Some((b'"', 5)),
            _ => None,
        };
        if let Some((byte, len)) = predefined {
            slot.push(byte);
            rest = &after[len..];
            continue;
        }
        let decoded = after
            .iter()
            .take(32)
            .position(|&b| b == b';')
            .filter(|&end| end > 0)
            .and_then(|end| {
                let c = std::str::from_utf8(&after[..end])
                    .ok()
                    .and_then(entity_char)?;
                Some((end, c))
            });
        match decoded {
            Some((end, c)) => {
                let mut utf8 = [0; 4];
                slot.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                rest = &after[end + 1..];
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
                // `&`: a reference we know becomes its character, anything else stays.
                let rest = &html[i..];
                let end = rest
                    .bytes()
                    .take(32)
                    .position(|b| b == b';')
                    .filter(|&end| end > 0);
                match end.and_then(|end| Some((end, entity_char(&rest[..end])?))) {
                    Some((end, c)) => {
                        if c == '\n' {
                            out.newline();
                        } else if c.is_whitespace() {
                            out.space();
                        } else {
                            let mut utf8 = [0; 4];
                            out.text(c.encode_utf8(&mut utf8));
                        }
                        i += end + 1;
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
