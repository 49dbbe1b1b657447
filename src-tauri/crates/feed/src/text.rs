//! Text clean-up for feed fields: entity references, HTML in descriptions, whitespace.

/// Appends the replacement of the reference `&name;` (without `&` and `;`) to `out`; returns
/// false for a name we do not know (the caller keeps it literally). Only the XML/HTML
/// predefined and common Latin entities are known: nothing from a DTD is ever expanded, which
/// is what defuses "billion laughs" documents.
pub fn push_entity(name: &str, out: &mut String) -> bool {
    if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        return match value.and_then(char::from_u32) {
            Some(c) if c != '\0' => {
                out.push(c);
                true
            }
            _ => false,
        };
    }
    let c = match name {
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
        _ => return false,
    };
    out.push(c);
    true
}

/// Decodes the entity references left in text that was escaped twice (`&amp;#039;` arrives
/// here as `&#039;`). Unknown references stay as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .bytes()
            .take(32)
            .position(|b| b == b';')
            .filter(|&end| end > 0 && push_entity(&after[..end], &mut out));
        match end {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses runs of whitespace into one space and trims; for titles, brands, ids, URLs.
pub fn squash(text: &str) -> String {
    let trimmed = text.trim();
    let bytes = trimmed.as_bytes();
    // Most fields are already clean: copy them without walking words.
    let clean = !bytes
        .windows(2)
        .any(|w| w[0].is_ascii_whitespace() && (w[0] != b' ' || w[1].is_ascii_whitespace()));
    if clean && bytes.last().is_none_or(|b| !b.is_ascii_whitespace()) {
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

/// [`squash`], then entities decoded when there are any.
pub fn clean_field(text: &str) -> String {
    let squashed = squash(text);
    if squashed.contains('&') {
        decode_entities(&squashed)
    } else {
        squashed
    }
}

/// Turns a description that may hold HTML into plain text: tags removed (block tags become
/// line breaks), entities decoded, spaces collapsed, at most one blank between paragraphs.
pub fn html_to_text(html: &str) -> String {
    if memchr::memchr2(b'<', b'&', html.as_bytes()).is_none() {
        return paragraphs(html);
    }
    let mut stripped = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        stripped.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let looks_like_tag = after
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'/' || b == b'!');
        match after.find('>').filter(|_| looks_like_tag) {
            Some(gt) => {
                let tag = after[..gt].trim_start_matches('/').to_ascii_lowercase();
                let name = tag
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("");
                if matches!(
                    name,
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "ul" | "ol"
                ) {
                    stripped.push('\n');
                } else {
                    stripped.push(' ');
                }
                rest = &after[gt + 1..];
            }
            None => {
                stripped.push('<');
                rest = after;
            }
        }
    }
    stripped.push_str(rest);
    let decoded = if stripped.contains('&') {
        decode_entities(&stripped)
    } else {
        stripped
    };
    paragraphs(&decoded)
}

/// Squashes each line and drops the empty ones.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = squash(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
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
        assert_eq!(html_to_text(html), "Alimento & sabor\n• Aroma natural\nFim");
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
        assert_eq!(html_to_text("preço < 10 reais"), "preço < 10 reais");
    }

    #[test]
    fn truncation_respects_characters() {
        let mut s = "ação".to_owned();
        assert!(truncate_to(&mut s, 2));
        assert_eq!(s, "a");
    }
}
