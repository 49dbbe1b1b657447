//! The documents the differential tests read: quirky feeds built from every oddity of SPEC §2.2,
//! the same feeds mutated at random, generated sample feeds and the real feeds. Deterministic:
//! the same case name always gives the same bytes, so outputs can be kept as fixtures.
//!
//! Shared by `tests/differential.rs` (the fixtures of the reader) and the in-crate reference
//! test (`src/parse/reference.rs`), through `#[path]`.
#![allow(dead_code)]

use std::path::PathBuf;

/// One document to read, and the options to read it with.
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    /// `ReadOptions::max_text_run` for this case (small values exercise truncation).
    pub max_text_run: usize,
}

/// Deterministic xorshift64*: no dependency, same sequence on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
}

const G: &str = "xmlns:g=\"http://base.google.com/ns/1.0\"";

const TITLES: &[&str] = &[
    "Camiseta Básica Algodão",
    "  Caneca de Cerâmica 350 ml  ",
    "Tênis Corrida & Caminhada",
    "Molho Natural de Peixe Gato Pet Delícia 100g",
    "Стиральная машина Samsung",
    "Bracelet Ambre — résistent à l'eau",
    "Mélange pour Dip Aneth & Ciboulette OLW",
    "\n\tLuminária\n  de Mesa\n",
    "Kit 3 Panos · Microfibra",
    "Açaí 1kg",
    "",
];

const PRICES: &[&str] = &[
    "99.90 BRL",
    "R$ 99,90",
    "1.299,90",
    "R$ 1.299,90",
    "42",
    "  15.00 BRL \n",
    "374990 KZT",
    "14.00 EUR",
    "sob consulta",
    "0",
    "",
    "1,5",
    "BRL 10.00",
];

const AVAILABILITY: &[&str] = &[
    "in_stock",
    "in stock",
    "In Stock",
    "Em estoque",
    "out_of_stock",
    "out of stock",
    "esgotado",
    "preorder",
    "pré-venda",
    "backorder",
    "http://schema.org/InStock",
    "talvez amanhã",
    "",
];

const URLS: &[&str] = &[
    "https://loja.com.br/produto/1",
    "\n   https://loja.com.br/p?a=1&amp;b=2  \n",
    "/medias/imagem.jpg",
    "loja.com.br/sem-esquema",
    "ht tp:/quebrado",
    "https://",
    "http://cdn.loja.com.br/img/caf%C3%A9.png",
    "  ",
];

/// Description bodies, written raw into the element (already escaped where they need to be).
const DESCRIPTIONS: &[&str] = &[
    "Texto simples em uma linha.",
    "&lt;p&gt;Camiseta &amp;amp; bon&amp;eacute;&lt;/p&gt;&lt;br&gt;Algod&#227;o",
    "&lt;div&gt;Alimento &amp;amp; sabor&lt;/div&gt;&lt;div&gt;&amp;nbsp;&lt;/div&gt;&lt;ul&gt;&lt;li&gt;Aroma&lt;/li&gt;&lt;/ul&gt;",
    "résistent à l&amp;#039;eau\n  Deuxième ligne\n\n\n  Troisième",
    "Caf&eacute; &amp; P&atilde;o &unknown; &amp x &#10;linha &#x1F600; &#0; &nbsp;fim",
    "  preço &lt; 10 reais e &gt; 5 — 33x33 cm · 20 serviettes  ",
    "<![CDATA[<p>Caneca <b>linda</b> &amp; útil</p><ul><li>350 ml</li></ul>]]>",
    "antes <![CDATA[<b>meio</b> & ]]> depois &amp; fim",
    "<![CDATA[parte 1]]><![CDATA[ parte 2 ]]]]><![CDATA[>]]>",
    "com <!-- comentário --> no meio",
    "com <p>elemento</p> aninhado <br/> e <b>negrito</b>",
    "Linha\u{a0}com\u{2003}espaços\u{3000}Unicode",
    "",
    "   ",
];

const IDS: &[&str] = &[
    "SKU-1",
    "c9e31ae1-6a26-4952-837c-170438167692",
    "  A1  ",
    "WW90DG6U94LKLD",
    "bijou-1",
    "id&amp;com&#38;amp",
    "",
    "X",
    "um-id-muito-longo-que-passa-de-cinquenta-caracteres-sem-duvida-alguma",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&apos;",
    "&nbsp;",
    "&eacute;",
    "&ccedil;",
    "&atilde;",
    "&#233;",
    "&#xE9;",
    "&#039;",
    "&euro;",
    "&hellip;",
    "&ndash;",
    "&bull;",
    "&reg;",
    "&amp;amp;",
    "&amp;eacute;",
    "&",
    "&semfim",
    "&desconhecida;",
];

/// Field names an item may carry: (local name, whether `g:` is usual). Values by kind.
#[derive(Clone, Copy)]
enum Kind {
    Id,
    Title,
    Description,
    Url,
    Price,
    Availability,
    Plain,
}

const FIELDS: &[(&str, Kind)] = &[
    ("id", Kind::Id),
    ("title", Kind::Title),
    ("description", Kind::Description),
    ("summary", Kind::Description),
    ("content", Kind::Description),
    ("link", Kind::Url),
    ("image_link", Kind::Url),
    ("additional_image_link", Kind::Url),
    ("price", Kind::Price),
    ("sale_price", Kind::Price),
    ("availability", Kind::Availability),
    ("item_group_id", Kind::Plain),
    ("brand", Kind::Plain),
    ("gtin", Kind::Plain),
    ("mpn", Kind::Plain),
    ("condition", Kind::Plain),
    ("product_type", Kind::Plain),
    ("google_product_category", Kind::Plain),
    ("sale_price_effective_date", Kind::Plain),
    ("shipping_weight", Kind::Plain),
];

const PLAIN: &[&str] = &[
    "G1",
    "G2",
    "Marca &amp; Cia",
    "7891234567895",
    "new",
    "Casa > Cozinha > Canecas",
    "Animais &gt; Cães",
    "  ",
    "",
    "valor com\n quebra",
];

fn value(rng: &mut Rng, kind: Kind) -> String {
    let base = match kind {
        Kind::Id => rng.pick(IDS).to_string(),
        Kind::Title => rng.pick(TITLES).to_string(),
        Kind::Description => rng.pick(DESCRIPTIONS).to_string(),
        Kind::Url => rng.pick(URLS).to_string(),
        Kind::Price => rng.pick(PRICES).to_string(),
        Kind::Availability => rng.pick(AVAILABILITY).to_string(),
        Kind::Plain => rng.pick(PLAIN).to_string(),
    };
    if base.contains('<') {
        return base;
    }
    // The pools hold content as written in a document (escaped where it must be).
    let mut v = base.clone();
    // Sprinkle references, CDATA wrapping, long runs.
    match rng.below(12) {
        0 => v.push_str(rng.pick(ENTITIES)),
        1 => v = format!("{}{}", rng.pick(ENTITIES), v),
        2 => v = format!("<![CDATA[{base}]]>"),
        3 => {
            v = format!(
                "{v}<![CDATA[ {} ]]>",
                rng.pick(&["x", "<b>y</b>", "&amp;", ""])
            )
        }
        4 => v = format!("\n    {v}\n  "),
        5 => {
            let n: usize = rng.pick(&[50, 200, 1100, 4200, 70_000]);
            let unit: &str = rng.pick(&["abc ", "ção ", "&amp;", "\u{1F600}"]);
            v = format!("{v}{}", unit.repeat(n / unit.len().max(1)));
        }
        _ => {}
    }
    v
}

/// One `<item>`/`<entry>` with a random choice of fields, spellings and oddities.
fn item(rng: &mut Rng, atom: bool) -> String {
    let tag = if atom { "entry" } else { "item" };
    let mut out = format!("<{tag}>");
    let count = rng.below(9) + if rng.chance(85) { 2 } else { 0 };
    // Most items have an id and a price, in some spelling.
    if rng.chance(90) {
        let g = if rng.chance(85) { "g:" } else { "" };
        out.push_str(&format!("<{g}id>{}</{g}id>", value(rng, Kind::Id)));
    }
    if rng.chance(88) {
        let g = if rng.chance(85) { "g:" } else { "" };
        out.push_str(&format!("<{g}price>{}</{g}price>", value(rng, Kind::Price)));
    }
    for _ in 0..count {
        let (local, kind) = rng.pick(FIELDS);
        let g = if rng.chance(55) { "g:" } else { "" };
        match rng.below(20) {
            0 => out.push_str(&format!("<{g}{local}/>")),
            1 => out.push_str(&format!("<{g}{local}></{g}{local}>")),
            2 => out.push_str(&format!(
                "<{g}{local} attr=\"v\" >{}</{g}{local} >",
                value(rng, kind)
            )),
            3 if atom || local == "link" => {
                let rel = rng.pick(&["alternate", "self", "enclosure"]);
                let href = rng.pick(&[
                    "https://loja.com.br/bolsa",
                    "https://loja.com.br/p?a=1&amp;b=2",
                    "/relativo",
                ]);
                if rng.chance(50) {
                    out.push_str(&format!("<link rel=\"{rel}\" href=\"{href}\"/>"));
                } else {
                    out.push_str(&format!(
                        "<link href='{href}' rel='{rel}'>{}</link>",
                        value(rng, Kind::Url)
                    ));
                }
            }
            4 => out.push_str(&format!(
                "<g:shipping><g:country>BR</g:country><g:price>{}</g:price></g:shipping>",
                value(rng, Kind::Price)
            )),
            5 => out.push_str(&format!(
                "<g:installment><g:months>10</g:months><g:amount>{}</g:amount></g:installment>",
                value(rng, Kind::Price)
            )),
            6 => out.push_str(&format!(
                "<g:installments><g:price>{}</g:price></g:installments>",
                value(rng, Kind::Price)
            )),
            7 => out.push_str(&format!(
                "<other:{local}>{}</other:{local}>",
                value(rng, kind)
            )),
            8 => out.push_str(&format!("<!-- {local} --><?pi {local}?>")),
            _ => out.push_str(&format!("<{g}{local}>{}</{g}{local}>", value(rng, kind))),
        }
        if rng.chance(20) {
            out.push_str(rng.pick(&["\n  ", " ", "\r\n\t", "texto solto", "&amp;"]));
        }
    }
    if rng.chance(10) {
        // Twelve extra images: ten are kept.
        for i in 0..12 {
            out.push_str(&format!("<g:additional_image_link>https://cdn.loja.com.br/{i}.jpg</g:additional_image_link>"));
        }
    }
    out.push_str(&format!("</{tag}>"));
    out
}

/// A feed with a random prolog, root and a few items; `latin1` writes its text as ISO-8859-1.
fn quirk_feed(rng: &mut Rng) -> Vec<u8> {
    let atom = rng.chance(25);
    let mut doc = String::new();
    if rng.chance(10) {
        doc.push('\u{feff}');
    }
    let latin1 = rng.chance(12);
    match rng.below(4) {
        0 => {}
        1 => doc.push_str("<?xml version=\"1.0\"?>\n"),
        _ if latin1 => doc.push_str("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"),
        _ => doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
    }
    if rng.chance(15) {
        doc.push_str("<!-- gerado pela loja -->\n");
    }
    if rng.chance(10) {
        doc.push_str("<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n");
    }
    let ns = if rng.chance(85) { G } else { "" };
    if atom {
        doc.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" {ns}><title>Loja</title><link href=\"https://loja.com.br\"/>"));
    } else {
        doc.push_str(&format!("<rss version=\"2.0\" {ns}>\n<channel><title>Loja &amp; Cia</title><link>https://loja.com.br</link><description>Canal</description>"));
    }
    let n = rng.below(6);
    for _ in 0..n {
        doc.push_str(&item(rng, atom));
        if rng.chance(30) {
            doc.push('\n');
        }
        if rng.chance(5) {
            doc.push_str("<item/>");
        }
        if rng.chance(5) {
            doc.push_str("<!-- <item><g:id>comentado</g:id></item> -->");
        }
    }
    if rng.chance(10) {
        doc.push_str("<title>&d;&d;</title>");
    }
    doc.push_str(if atom { "</feed>" } else { "</channel></rss>" });
    if rng.chance(30) {
        doc.push('\n');
    }
    let mut bytes = if latin1 {
        // Characters outside Latin-1 become '?', as a Latin-1 export would write them.
        doc.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    } else {
        doc.into_bytes()
    };
    if !latin1 && rng.chance(8) {
        // A Latin-1 byte in a document that says (or assumes) UTF-8.
        if let Some(at) = find(&bytes, b"<title>") {
            bytes.splice(
                at + 7..at + 7,
                [b'C', b'o', b'r', b'a', 0xe7, 0xe3, b'o', b' '],
            );
        }
    }
    bytes
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

const FRAGMENTS: &[&[u8]] = &[
    b"<rss xmlns:g=\"x\">",
    b"<channel>",
    b"<item>",
    b"</item>",
    b"<entry>",
    b"<g:id>",
    b"</g:id>",
    b"<g:price>",
    b"</g:price>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#x1F600;",
    b"<!DOCTYPE r [<!ENTITY a \"b\">]>",
    b"R$ 1.299,90",
    b"\xef\xbb\xbf",
    b"\xe7\xe3",
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"<?x ?>",
    b"<a b='>'>",
];

/// A quirk feed damaged at random: ranges cut, repeated or replaced, fragments inserted.
fn fuzzed(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(15) {
        // Fragment soup.
        let mut doc = Vec::new();
        for _ in 0..rng.below(40) {
            if rng.chance(80) {
                doc.extend_from_slice(rng.pick(FRAGMENTS));
            } else {
                for _ in 0..rng.below(16) {
                    doc.push(rng.next() as u8);
                }
            }
        }
        return doc;
    }
    let mut doc = quirk_feed(rng);
    for _ in 0..1 + rng.below(4) {
        if doc.is_empty() {
            break;
        }
        let at = rng.below(doc.len());
        let len = rng.below(12).min(doc.len() - at);
        match rng.below(6) {
            0 => {
                doc.drain(at..at + len);
            }
            1 => {
                let copy = doc[at..at + len].to_vec();
                doc.splice(at..at, copy);
            }
            2 => {
                let fragment = rng.pick(FRAGMENTS).to_vec();
                doc.splice(at..at, fragment);
            }
            3 => doc[at] = rng.next() as u8,
            4 => doc.truncate(at),
            _ => {
                let fragment = rng.pick(FRAGMENTS).to_vec();
                doc.splice(at..at + len, fragment);
            }
        }
    }
    doc
}

/// Every quirk feed: `count` cases.
pub fn quirks(count: usize) -> Vec<Case> {
    (0..count)
        .map(|i| {
            let mut rng = Rng::new(1000 + i as u64);
            let bytes = quirk_feed(&mut rng);
            let max_text_run = if i % 7 == 3 { 100 } else { 1024 * 1024 };
            Case {
                name: format!("quirks-{i:03}"),
                bytes,
                max_text_run,
            }
        })
        .collect()
}

/// Damaged feeds: `count` cases.
pub fn fuzz(count: usize) -> Vec<Case> {
    (0..count)
        .map(|i| {
            let mut rng = Rng::new(5000 + i as u64);
            Case {
                name: format!("fuzzed-{i:03}"),
                bytes: fuzzed(&mut rng),
                max_text_run: if i % 5 == 2 { 64 } else { 1024 * 1024 },
            }
        })
        .collect()
}

/// A quirky or damaged feed from any seed (for property tests).
pub fn random_case(seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    let damaged = rng.chance(40);
    let max_text_run = if rng.chance(20) { 64 } else { 1024 * 1024 };
    Case {
        name: format!("seed-{seed}"),
        bytes: if damaged {
            fuzzed(&mut rng)
        } else {
            quirk_feed(&mut rng)
        },
        max_text_run,
    }
}

/// Sample feeds as the demo store and the benchmark write them, plain and gzipped.
pub fn generated() -> Vec<Case> {
    let mut cases = Vec::new();
    for (n, seed) in [(300, 1), (300, 7), (1500, 42)] {
        cases.push(Case {
            name: format!("sample-{n}-{seed}"),
            bytes: conector_samples::feed_bytes(n, seed),
            max_text_run: 1024 * 1024,
        });
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = std::io::Write::write_all(&mut gz, &conector_samples::feed_bytes(200, 9));
    cases.push(Case {
        name: "sample-200-9-gzip".to_owned(),
        bytes: gz.finish().unwrap_or_default(),
        max_text_run: 1024 * 1024,
    });
    cases
}

/// The real feeds beside the repository (`shared/feeds/real/`), never copied into it.
pub fn real() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/feeds/real");
    [
        "everpetz-atom.xml",
        "samsung-kz-atom.xml",
        "solea-rss-fr.xml",
        "swedishcravings-rss-fr.xml",
    ]
    .iter()
    .map(|name| Case {
        name: format!("real-{name}"),
        bytes: std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e} (the real feeds live in shared/feeds/real)")),
        max_text_run: 1024 * 1024,
    })
    .collect()
}

/// FNV-1a, 64 bits: a stable digest for fixtures that must not hold the real feeds' text.
pub fn digest(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
