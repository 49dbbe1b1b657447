//! A realistic Google Shopping feed generator, deterministic by seed.
//!
//! Used by the demo store (a feed that looks like a Brazilian Simplo7 shop's,
//! [`Catalogue::Shop`]: a product feature, so the demo store depends on this crate), and as a
//! dev-dependency by the benchmark and the tests (feeds of any size, [`Catalogue::Classic`]).
//! The parser crate (`conector-feed`) neither contains nor needs it. The output is an RSS 2.0
//! feed with what real feeds carry:
//! Portuguese titles with accents, descriptions as CDATA or as entity-escaped HTML, extra
//! images, variants sharing an `item_group_id`, nested `g:shipping` and `g:installment` blocks
//! with their own prices, sale prices and mixed availability. Every item has an id and a
//! readable price, so a correct parse keeps all `n_items`.

use std::io::{self, Write};

mod shop;

/// Which products a sample feed is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalogue {
    /// The generator's original mix, byte for byte: the benchmarks and the reader's
    /// differential fixtures were measured on it.
    Classic,
    /// What a Brazilian shop sells, with titles, categories, variants and prices that fit
    /// each kind of product: the demo store's feed.
    Shop,
}

/// What [`write_feed`] produced, for callers that want to check a parse against it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleStats {
    pub items: u64,
    pub in_stock: u64,
    pub with_sale_price: u64,
    pub variant_groups: u64,
}

/// Writes an RSS 2.0 Google Shopping feed with `n_items` products of the classic mix to `w`.
/// The same `(n_items, seed)` always gives the same bytes.
pub fn write_feed<W: Write>(w: W, n_items: usize, seed: u64) -> io::Result<SampleStats> {
    write_feed_of(w, n_items, seed, Catalogue::Classic)
}

/// [`write_feed`] with the products of `catalogue`.
pub fn write_feed_of<W: Write>(
    w: W,
    n_items: usize,
    seed: u64,
    catalogue: Catalogue,
) -> io::Result<SampleStats> {
    let mut out = io::BufWriter::with_capacity(256 * 1024, w);
    let mut rng = Rng::new(seed);
    let mut stats = SampleStats::default();
    out.write_all(HEADER.as_bytes())?;
    let mut buf = String::with_capacity(8 * 1024);
    let mut written = 0usize;
    let mut group_no = 0u64;
    while written < n_items {
        let product = Product::random(&mut rng, catalogue);
        // About a third of the products come in variants (sizes or colours).
        let variants = if rng.below(3) == 0 {
            (2 + rng.below(4) as usize)
                .min(product.max_variants())
                .min(n_items - written)
        } else {
            1
        };
        let group = if variants > 1 {
            group_no += 1;
            stats.variant_groups += 1;
            Some(format!("GRP-{group_no:06}"))
        } else {
            None
        };
        for v in 0..variants {
            buf.clear();
            let item_no = written as u64 + 1;
            let flags = product.write_item(&mut buf, &mut rng, item_no, group.as_deref(), v);
            out.write_all(buf.as_bytes())?;
            stats.items += 1;
            stats.in_stock += u64::from(flags.in_stock);
            stats.with_sale_price += u64::from(flags.on_sale);
            written += 1;
        }
    }
    out.write_all(FOOTER.as_bytes())?;
    out.flush()?;
    Ok(stats)
}

/// The same feed as [`write_feed`], in memory (for tests).
pub fn feed_bytes(n_items: usize, seed: u64) -> Vec<u8> {
    bytes_of(n_items, seed, Catalogue::Classic)
}

/// A feed of the shop catalogue, in memory: the demo store's.
pub fn shop_feed_bytes(n_items: usize, seed: u64) -> Vec<u8> {
    bytes_of(n_items, seed, Catalogue::Shop)
}

fn bytes_of(n_items: usize, seed: u64, catalogue: Catalogue) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(n_items * 2600 + 512);
    // Writing into a Vec cannot fail.
    let _ = write_feed_of(&mut bytes, n_items, seed, catalogue);
    bytes
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\">\n\
<channel>\n\
<title>Loja Demonstração — Casa &amp; Estilo</title>\n\
<link>https://demo.lojaexemplo.com.br</link>\n\
<description>Produtos da loja de demonstração do Conector +fidelidade</description>\n";

const FOOTER: &str = "</channel>\n</rss>\n";

/// Product kinds with the price range (whole reais) a Brazilian shop asks for them.
const NOUNS: &[(&str, u64, u64)] = &[
    ("Camiseta", 39, 129),
    ("Caneca", 29, 89),
    ("Tênis", 149, 699),
    ("Mochila", 99, 399),
    ("Luminária", 79, 349),
    ("Cadeira", 199, 1299),
    ("Jaqueta", 149, 599),
    ("Relógio", 99, 899),
    ("Óculos de Sol", 79, 499),
    ("Panela", 59, 399),
    ("Travesseiro", 39, 199),
    ("Sandália", 49, 249),
    ("Bolsa", 89, 499),
    ("Vestido", 79, 349),
    ("Calça Jeans", 99, 299),
    ("Fone de Ouvido", 59, 899),
    ("Garrafa Térmica", 49, 199),
    ("Almofada", 29, 119),
    ("Toalha de Banho", 29, 119),
    ("Cafeteira", 99, 899),
    ("Liquidificador", 99, 599),
    ("Escova Secadora", 119, 499),
    ("Perfume", 89, 799),
    ("Sabonete Líquido", 19, 69),
    ("Caderno", 19, 79),
    ("Boné", 39, 149),
];
const ADJECTIVES: &[&str] = &[
    "Clássica",
    "Básica",
    "Confortável",
    "Orgânica",
    "Artesanal",
    "Elegante",
    "Esportiva",
    "Térmica",
    "Ergonômica",
    "Econômica",
    "Rústica",
    "Premium",
    "Infantil",
    "Unissex",
];
const MATERIALS: &[&str] = &[
    "Algodão",
    "Couro Legítimo",
    "Cerâmica",
    "Aço Inox",
    "Bambu",
    "Linho",
    "Poliéster",
    "Madeira de Reflorestamento",
    "Vidro Temperado",
    "Silicone",
];
const BRANDS: &[&str] = &[
    "Açaí & Cia",
    "Estação Verão",
    "Pé na Areia",
    "Lar Doce Lar",
    "Tramontina",
    "Coração Mineiro",
    "São Jorge Têxtil",
    "Bom Preço",
    "Ateliê Juçara",
    "Maré Alta",
];
const SIZES: &[&str] = &["P", "M", "G", "GG", "XG", "36", "38", "40", "42"];
const COLOURS: &[&str] = &[
    "Azul",
    "Preto",
    "Branco",
    "Vermelho",
    "Verde-Água",
    "Lilás",
    "Cinza",
];
const CATEGORIES: &[&str] = &[
    "Vestuário e acessórios &gt; Roupas",
    "Casa e jardim &gt; Cozinha e sala de jantar",
    "Casa e jardim &gt; Decoração",
    "Saúde e beleza &gt; Cuidados pessoais",
    "Eletrônicos &gt; Áudio",
    "Artigos esportivos &gt; Atletismo",
];
const SENTENCES: &[&str] = &[
    "Produzido com acabamento impecável e materiais selecionados",
    "Ideal para o dia a dia, para presentear ou para ocasiões especiais",
    "Garantia de 90 dias contra defeitos de fabricação",
    "Lavar à mão ou na máquina em ciclo delicado, não usar alvejante",
    "Embalagem reciclável e livre de plásticos de uso único",
    "Cores podem variar levemente de acordo com a configuração do monitor",
    "Fabricado no Brasil por pequenos produtores parceiros",
    "Leve, resistente e fácil de limpar, pensado para durar anos",
    "Acompanha manual em português e certificado de autenticidade",
    "Frete grátis para compras acima de R$ 299,00 nas regiões Sul e Sudeste",
];

struct Product {
    title: String,
    slug: String,
    brand: &'static str,
    category: &'static str,
    material: &'static str,
    /// `None` for the classic mix (its variants alternate sizes and colours).
    shop_variants: Option<shop::Variants>,
    price_cents: u64,
    sentences: [usize; 5],
    html: bool,
    gtin_base: u64,
}

struct Written {
    in_stock: bool,
    on_sale: bool,
}

impl Product {
    fn random(rng: &mut Rng, catalogue: Catalogue) -> Product {
        if catalogue == Catalogue::Shop {
            return Self::from_shop(rng);
        }
        let (noun, low, high) = pick(rng, NOUNS);
        let adjective = pick(rng, ADJECTIVES);
        let material = pick(rng, MATERIALS);
        let title = format!("{noun} {adjective} de {material}");
        let slug = slugify(&title);
        // Within the kind's range, most of them ending in ,90.
        let reais = low + rng.below(high - low + 1);
        let price_cents = reais * 100 + if rng.below(4) == 0 { 0 } else { 90 };
        let mut sentences = [0usize; 5];
        for s in &mut sentences {
            *s = rng.below(SENTENCES.len() as u64) as usize;
        }
        Product {
            title,
            slug,
            brand: pick(rng, BRANDS),
            category: pick(rng, CATEGORIES),
            material,
            shop_variants: None,
            price_cents,
            sentences,
            html: rng.below(2) == 0,
            gtin_base: 789_000_000_000 + rng.below(999_999_999),
        }
    }

    fn from_shop(rng: &mut Rng) -> Product {
        let drawn = shop::draw(rng);
        let mut sentences = [0usize; 5];
        for s in &mut sentences {
            *s = rng.below(SENTENCES.len() as u64) as usize;
        }
        Product {
            slug: slugify(&drawn.title),
            title: drawn.title,
            brand: pick(rng, shop::BRANDS),
            category: drawn.category,
            material: drawn.material,
            shop_variants: Some(drawn.variants),
            price_cents: drawn.price_cents,
            sentences,
            html: rng.below(2) == 0,
            gtin_base: 789_000_000_000 + rng.below(999_999_999),
        }
    }

    /// The most variants a product can come in without two of them alike.
    fn max_variants(&self) -> usize {
        self.shop_variants.map_or(usize::MAX, shop::Variants::count)
    }

    fn write_item(
        &self,
        out: &mut String,
        rng: &mut Rng,
        item_no: u64,
        group: Option<&str>,
        variant: usize,
    ) -> Written {
        use std::fmt::Write as _;
        let id = format!("SKU-{item_no:07}");
        let title = match (group, self.shop_variants) {
            (Some(_), Some(kind)) => shop::variant_title(&self.title, kind, variant),
            (Some(_), None) if variant % 2 == 0 => {
                format!("{} Tamanho {}", self.title, SIZES[variant % SIZES.len()])
            }
            (Some(_), None) => format!("{} {}", self.title, COLOURS[variant % COLOURS.len()]),
            (None, _) => self.title.clone(),
        };
        let availability = match rng.below(20) {
            0..=14 => "in_stock",
            15..=17 => "out_of_stock",
            18 => "preorder",
            _ => "backorder",
        };
        let on_sale = rng.below(4) == 0;
        let _ = writeln!(out, "<item>");
        let _ = writeln!(out, "  <g:id>{id}</g:id>");
        let _ = writeln!(out, "  <g:title>{}</g:title>", escape(&title));
        self.write_description(out, &title);
        let _ = writeln!(
            out,
            "  <g:link>\n    https://demo.lojaexemplo.com.br/produto/{}-{item_no}\n  </g:link>",
            self.slug
        );
        let _ = writeln!(
            out,
            "  <g:image_link>https://cdn.lojaexemplo.com.br/img/{}/{item_no}-1.jpg</g:image_link>",
            self.slug
        );
        for extra in 2..2 + rng.below(3) {
            let _ = writeln!(
                out,
                "  <g:additional_image_link>https://cdn.lojaexemplo.com.br/img/{}/{item_no}-{extra}.jpg</g:additional_image_link>",
                self.slug
            );
        }
        let _ = writeln!(out, "  <g:price>{} BRL</g:price>", money(self.price_cents));
        if on_sale {
            let sale = self.price_cents * (70 + rng.below(25)) / 100;
            // A shop marks a sale down to a price ending in ,90 (the classic mix keeps its
            // odd cents, byte for byte).
            let sale = match self.shop_variants {
                Some(_) => sale / 100 * 100 + 90,
                None => sale,
            };
            let _ = writeln!(out, "  <g:sale_price>{} BRL</g:sale_price>", money(sale));
            let _ = writeln!(
                out,
                "  <g:sale_price_effective_date>2026-11-20T00:00-03:00/2026-12-31T23:59-03:00</g:sale_price_effective_date>"
            );
        } else {
            let _ = writeln!(out, "  <g:sale_price></g:sale_price>");
        }
        let _ = writeln!(out, "  <g:availability>{availability}</g:availability>");
        let _ = writeln!(out, "  <g:condition>new</g:condition>");
        let _ = writeln!(
            out,
            "  <g:brand>{}</g:brand>",
            self.brand.replace('&', "&amp;")
        );
        let _ = writeln!(out, "  <g:gtin>{}{}</g:gtin>", self.gtin_base, variant % 10);
        let _ = writeln!(
            out,
            "  <g:mpn>{}-{variant}</g:mpn>",
            self.gtin_base % 100_000
        );
        if let Some(group) = group {
            let _ = writeln!(out, "  <g:item_group_id>{group}</g:item_group_id>");
        }
        let _ = writeln!(out, "  <g:product_type>{}</g:product_type>", self.category);
        let _ = writeln!(
            out,
            "  <g:google_product_category>{}</g:google_product_category>",
            self.category
        );
        let _ = writeln!(
            out,
            "  <g:shipping>\n    <g:country>BR</g:country>\n    <g:service>PAC</g:service>\n    <g:price>{} BRL</g:price>\n  </g:shipping>",
            money(1990 + rng.below(3000))
        );
        // Fields real feeds carry that are not ours to read (the everpetz feed has most of them):
        // they make the sample as heavy per item as real ones, about 2.6 KB (SPEC §9: 500k items
        // in 1.3 GB).
        let _ = writeln!(
            out,
            "  <g:custom_label_0>Vendido e entregue por {}</g:custom_label_0>",
            self.brand.replace('&', "&amp;")
        );
        let _ = writeln!(
            out,
            "  <g:shipping_weight>{}.{:02} kg</g:shipping_weight>",
            rng.below(8),
            rng.below(100)
        );
        for _ in 0..2 + rng.below(3) {
            let _ = writeln!(
                out,
                "  <g:product_highlight>{}</g:product_highlight>",
                SENTENCES[rng.below(SENTENCES.len() as u64) as usize]
            );
        }
        for (name, value) in [
            ("Material", self.material),
            ("Categoria", self.category),
            ("Origem", "Nacional"),
        ] {
            let _ = writeln!(
                out,
                "  <g:product_detail>\n    <g:section_name>Especificações</g:section_name>\n    <g:attribute_name>{name}</g:attribute_name>\n    <g:attribute_value>{value}</g:attribute_value>\n  </g:product_detail>"
            );
        }
        if self.price_cents > 10_000 {
            let months = 2 + rng.below(11);
            let _ = writeln!(
                out,
                "  <g:installment>\n    <g:months>{months}</g:months>\n    <g:amount>{} BRL</g:amount>\n  </g:installment>",
                money(self.price_cents / months)
            );
        }
        let _ = writeln!(out, "</item>");
        Written {
            in_stock: availability == "in_stock",
            on_sale,
        }
    }

    fn write_description(&self, out: &mut String, title: &str) {
        use std::fmt::Write as _;
        let body: Vec<&str> = self.sentences.iter().map(|&i| SENTENCES[i]).collect();
        if self.html {
            // Entity-escaped HTML, as many shop platforms export it.
            let _ = write!(
                out,
                "  <g:description>&lt;p&gt;&lt;strong&gt;{}&lt;/strong&gt;&lt;/p&gt;&lt;ul&gt;",
                escape(title)
            );
            for s in &body {
                let _ = write!(out, "&lt;li&gt;{s}.&lt;/li&gt;");
            }
            let _ = writeln!(
                out,
                "&lt;/ul&gt;&lt;p&gt;Marca: {}&lt;/p&gt;</g:description>",
                self.brand.replace('&', "&amp;amp;")
            );
        } else {
            let _ = writeln!(
                out,
                "  <g:description><![CDATA[<p>{title} — {}.</p>",
                body[0]
            );
            for s in &body[1..] {
                let _ = writeln!(out, "<p>{s}.</p>");
            }
            let _ = writeln!(out, "<p>Marca: {}</p>]]></g:description>", self.brand);
        }
    }
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        let c = match c {
            'á' | 'â' | 'ã' | 'à' | 'Á' | 'Â' | 'Ã' => 'a',
            'é' | 'ê' | 'É' | 'Ê' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' | 'Ô' | 'Õ' => 'o',
            'ú' | 'Ú' => 'u',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if !(c == '-' && slug.ends_with('-')) {
            slug.push(c);
        }
    }
    slug.trim_matches('-').to_owned()
}

fn pick<T: Copy>(rng: &mut Rng, from: &[T]) -> T {
    from[rng.below(from.len() as u64) as usize]
}

/// SplitMix64: tiny, fast, and the same on every platform (unlike a hash-seeded std RNG).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(feed_bytes(50, 7), feed_bytes(50, 7));
        assert_ne!(feed_bytes(50, 7), feed_bytes(50, 8));
    }

    #[test]
    fn writes_exactly_the_requested_number_of_items() {
        let mut bytes = Vec::new();
        let stats = write_feed(&mut bytes, 123, 1).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.matches("<item>").count(), 123);
        assert_eq!(stats.items, 123);
        assert!(stats.variant_groups > 0 && stats.in_stock > 0 && stats.with_sale_price > 0);
        assert!(text.contains("<![CDATA["), "some descriptions are CDATA");
        assert!(
            text.contains("&lt;li&gt;"),
            "some descriptions are escaped HTML"
        );
        assert!(text.contains("<g:shipping>") && text.contains("<g:item_group_id>"));
    }
}
