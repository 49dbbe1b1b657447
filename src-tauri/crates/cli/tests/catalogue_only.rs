//! Every sentence the command line prints comes from the message catalogue: its source picks no
//! language by hand (no `Locale::PtBr` / `Locale::En` branch, no `pick`) and its format strings
//! hold no words, only placeholders, spacing and punctuation.

use std::path::Path;

const MACROS: [&str; 6] = [
    "write!(",
    "writeln!(",
    "format!(",
    "print!(",
    "println!(",
    "eprintln!(",
];

/// The first string literal at or after `from`, without its quotes.
fn literal_after(source: &str, from: usize) -> Option<&str> {
    let start = from + source[from..].find('"')? + 1;
    let mut escaped = false;
    for (i, c) in source[start..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&source[start..start + i]),
            _ => escaped = false,
        }
    }
    None
}

/// A format string's text outside its `{…}` placeholders.
fn outside_placeholders(format: &str) -> String {
    let mut text = String::new();
    let mut depth = 0;
    for c in format.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether `text` holds a word (three letters in a row: "g:id" is a feed field, "erro" a word).
fn has_word(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// One line per hand-written sentence or language choice in `source`.
fn violations(file: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for choice in [
        "Locale::PtBr",
        "Locale::En",
        "Lang::PtBr",
        "Lang::En",
        ".pick(",
    ] {
        if source.contains(choice) {
            found.push(format!("{file}: chooses a language by hand ({choice})"));
        }
    }
    for name in MACROS {
        let mut at = 0;
        while let Some(pos) = source[at..].find(name) {
            let start = at + pos + name.len();
            // `eprint!(` inside `eprintln!(` and the like: the whole name must start here.
            let before = source[..at + pos].chars().last();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                if let Some(format) = literal_after(source, start) {
                    if has_word(&outside_placeholders(format)) {
                        found.push(format!("{file}: {name}\"{format}\""));
                    }
                }
            }
            at = start;
        }
    }
    found
}

#[test]
fn the_command_lines_source_writes_no_sentence_of_its_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            files += 1;
            found.extend(violations(&path.display().to_string(), &source));
        }
    }
    assert!(files >= 8, "the command line's modules were read");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_check_sees_what_the_command_line_used_to_write() {
    // Lines of the command line before the catalogue (commit 5be08f7).
    let old = r#"
        let _ = writeln!(err, "{}: {message} [{}]", lang.pick("erro", "error"), payload.code);
        let _ = writeln!(out, "Conexão OK com {}", check.api_base);
        Lang::PtBr => format!("página {}{total}: {} pedidos lidos", counts.pages, counts.orders_read),
    "#;
    let found = violations("old.rs", old);
    assert_eq!(found.len(), 4, "{found:#?}");
    // What it lets through: placeholders, spacing, punctuation and a feed's field name.
    let fine = r#"writeln!(out, "  {:>6}  {}", id, name); format!(" (g:id {id})");"#;
    assert!(violations("fine.rs", fine).is_empty());
}
