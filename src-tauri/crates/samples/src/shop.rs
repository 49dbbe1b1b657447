//! The demo store's catalogue: products a Brazilian shop really sells, with adjectives,
//! materials, categories and variants that fit each kind, and prices from the cheaper end of
//! each kind's range more often. (The benchmarks and the reader's fixtures keep the original
//! mix of [`super::Catalogue::Classic`], byte for byte.)

use super::{pick, Rng};

/// What a product's variants differ in.
#[derive(Clone, Copy)]
pub(super) enum Variants {
    /// P, M, G, GG.
    Clothes,
    /// 34 to 42.
    Shoes,
    Colours,
}

impl Variants {
    /// How many different variants a product of this kind can have.
    pub(super) fn count(self) -> usize {
        match self {
            Variants::Clothes => CLOTHES_SIZES.len(),
            Variants::Shoes => SHOE_SIZES.len(),
            Variants::Colours => COLOURS.len(),
        }
    }
}

/// One kind of product a Brazilian shop sells: adjectives and materials that agree with it in
/// gender and make sense for it ("Panela Antiaderente de Alumínio", never "Relógio Clássica de
/// Linho"), the price range in whole reais, and what its variants differ in.
struct Kind {
    noun: &'static str,
    adjectives: &'static [&'static str],
    /// Empty: the title has no "de …".
    materials: &'static [&'static str],
    low: u64,
    high: u64,
    variants: Variants,
    /// Google's product category, entity-escaped as in the XML.
    category: &'static str,
}

const ROUPAS: &str = "Vestuário e acessórios &gt; Roupas";
const CALCADOS: &str = "Vestuário e acessórios &gt; Calçados";
const BOLSAS: &str = "Vestuário e acessórios &gt; Bolsas, carteiras e estojos";
const ACESSORIOS: &str = "Vestuário e acessórios &gt; Acessórios de vestuário";
const COZINHA: &str = "Casa e jardim &gt; Cozinha e sala de jantar";
const CAMA_BANHO: &str = "Casa e jardim &gt; Roupa de cama e banho";
const DECORACAO: &str = "Casa e jardim &gt; Decoração";
const AUDIO: &str = "Eletrônicos &gt; Áudio";
const BELEZA: &str = "Saúde e beleza &gt; Cuidados pessoais";
const PAPELARIA: &str = "Escritório &gt; Papelaria";

const KINDS: &[Kind] = &[
    Kind {
        noun: "Camiseta",
        adjectives: &["Básica", "Estampada", "Gola V", "Oversized"],
        materials: &["Algodão", "Algodão Orgânico", "Malha Penteada"],
        low: 39,
        high: 119,
        variants: Variants::Clothes,
        category: ROUPAS,
    },
    Kind {
        noun: "Blusa",
        adjectives: &["Canelada", "Básica", "Manga Longa", "Ciganinha"],
        materials: &["Viscose", "Algodão", "Linho"],
        low: 49,
        high: 159,
        variants: Variants::Clothes,
        category: ROUPAS,
    },
    Kind {
        noun: "Vestido",
        adjectives: &["Midi", "Longo", "Floral", "Tubinho"],
        materials: &["Viscose", "Linho", "Crepe"],
        low: 89,
        high: 279,
        variants: Variants::Clothes,
        category: ROUPAS,
    },
    Kind {
        noun: "Calça",
        adjectives: &["Jeans Reta", "Pantalona", "Jogger", "Alfaiataria"],
        materials: &[],
        low: 99,
        high: 249,
        variants: Variants::Clothes,
        category: ROUPAS,
    },
    Kind {
        noun: "Jaqueta",
        adjectives: &["Corta-Vento", "Bomber", "Jeans", "Acolchoada"],
        materials: &[],
        low: 149,
        high: 399,
        variants: Variants::Clothes,
        category: ROUPAS,
    },
    Kind {
        noun: "Tênis",
        adjectives: &["Casual", "Esportivo", "Slip-On", "Cano Alto"],
        materials: &["Couro", "Lona", "Tecido Respirável"],
        low: 129,
        high: 399,
        variants: Variants::Shoes,
        category: CALCADOS,
    },
    Kind {
        noun: "Sandália",
        adjectives: &["Rasteira", "Anabela", "Papete", "Salto Bloco"],
        materials: &["Couro", "Couro Sintético"],
        low: 49,
        high: 189,
        variants: Variants::Shoes,
        category: CALCADOS,
    },
    Kind {
        noun: "Bolsa",
        adjectives: &["Tiracolo", "Saco", "Clutch", "Transversal"],
        materials: &["Couro", "Palha", "Lona"],
        low: 89,
        high: 299,
        variants: Variants::Colours,
        category: BOLSAS,
    },
    Kind {
        noun: "Mochila",
        adjectives: &["Escolar", "para Notebook", "Urbana", "Executiva"],
        materials: &["Lona", "Poliéster", "Nylon"],
        low: 89,
        high: 279,
        variants: Variants::Colours,
        category: BOLSAS,
    },
    Kind {
        noun: "Boné",
        adjectives: &["Aba Curva", "Aba Reta", "Trucker"],
        materials: &["Sarja", "Algodão"],
        low: 39,
        high: 99,
        variants: Variants::Colours,
        category: ACESSORIOS,
    },
    Kind {
        noun: "Relógio",
        adjectives: &["Analógico", "Digital", "Esportivo", "Clássico"],
        materials: &["Aço Inox", "Pulseira de Couro", "Pulseira de Silicone"],
        low: 99,
        high: 449,
        variants: Variants::Colours,
        category: ACESSORIOS,
    },
    Kind {
        noun: "Caneca",
        adjectives: &["Esmaltada", "Térmica", "Lisa", "Artesanal"],
        materials: &["Cerâmica", "Porcelana", "Ágata"],
        low: 29,
        high: 69,
        variants: Variants::Colours,
        category: COZINHA,
    },
    Kind {
        noun: "Panela",
        adjectives: &["Antiaderente", "de Pressão", "Funda", "Caçarola"],
        materials: &["Alumínio", "Aço Inox", "Ferro Fundido"],
        low: 59,
        high: 349,
        variants: Variants::Colours,
        category: COZINHA,
    },
    Kind {
        noun: "Jogo de Panelas",
        adjectives: &["com 5 Peças", "com 3 Peças", "Antiaderente"],
        materials: &["Alumínio", "Aço Inox"],
        low: 199,
        high: 599,
        variants: Variants::Colours,
        category: COZINHA,
    },
    Kind {
        noun: "Cafeteira",
        adjectives: &["Elétrica", "Italiana", "Francesa"],
        materials: &["Aço Inox", "Vidro"],
        low: 79,
        high: 399,
        variants: Variants::Colours,
        category: COZINHA,
    },
    Kind {
        noun: "Garrafa Térmica",
        adjectives: &["1 Litro", "500 ml", "com Alça"],
        materials: &["Aço Inox"],
        low: 49,
        high: 149,
        variants: Variants::Colours,
        category: COZINHA,
    },
    Kind {
        noun: "Jogo de Cama",
        adjectives: &["Casal", "Queen", "Solteiro"],
        materials: &["Algodão", "Percal 200 Fios", "Malha"],
        low: 119,
        high: 349,
        variants: Variants::Colours,
        category: CAMA_BANHO,
    },
    Kind {
        noun: "Toalha de Banho",
        adjectives: &["Felpuda", "Gigante", "Lisa"],
        materials: &["Algodão"],
        low: 39,
        high: 99,
        variants: Variants::Colours,
        category: CAMA_BANHO,
    },
    Kind {
        noun: "Almofada",
        adjectives: &["Decorativa", "Bordada", "Estampada"],
        materials: &["Linho", "Veludo", "Algodão"],
        low: 29,
        high: 89,
        variants: Variants::Colours,
        category: DECORACAO,
    },
    Kind {
        noun: "Luminária",
        adjectives: &["de Mesa", "de Chão", "Pendente"],
        materials: &["Bambu", "Madeira", "Metal"],
        low: 79,
        high: 329,
        variants: Variants::Colours,
        category: DECORACAO,
    },
    Kind {
        noun: "Travesseiro",
        adjectives: &["Ortopédico", "Macio", "Firme"],
        materials: &["Fibra Siliconada", "Espuma Viscoelástica", "Pluma"],
        low: 39,
        high: 179,
        variants: Variants::Colours,
        category: CAMA_BANHO,
    },
    Kind {
        noun: "Fone de Ouvido",
        adjectives: &["Sem Fio", "Esportivo", "com Microfone"],
        materials: &[],
        low: 59,
        high: 349,
        variants: Variants::Colours,
        category: AUDIO,
    },
    Kind {
        noun: "Perfume",
        adjectives: &["Floral", "Amadeirado", "Cítrico"],
        materials: &[],
        low: 89,
        high: 349,
        variants: Variants::Colours,
        category: BELEZA,
    },
    Kind {
        noun: "Sabonete Líquido",
        adjectives: &["Hidratante", "Esfoliante", "Neutro"],
        materials: &[],
        low: 19,
        high: 49,
        variants: Variants::Colours,
        category: BELEZA,
    },
    Kind {
        noun: "Caderno",
        adjectives: &["Universitário", "Pontilhado", "Espiral"],
        materials: &["Capa Dura", "Papel Reciclado"],
        low: 19,
        high: 69,
        variants: Variants::Colours,
        category: PAPELARIA,
    },
];
const CLOTHES_SIZES: &[&str] = &["P", "M", "G", "GG"];
const SHOE_SIZES: &[&str] = &["34", "35", "36", "37", "38", "39", "40", "41", "42"];
/// Colour names that do not change with the noun's gender ("Bolsa Bege", "Relógio Bege").
const COLOURS: &[&str] = &[
    "Azul",
    "Cinza",
    "Bege",
    "Rosa",
    "Verde-Água",
    "Lilás",
    "Caramelo",
];

/// Own labels of small Brazilian makers, plausible on any kind of product.
pub(super) const BRANDS: &[&str] = &[
    "Açaí & Cia",
    "Estação Verão",
    "Pé na Areia",
    "Lar Doce Lar",
    "Casa Aurora",
    "Coração Mineiro",
    "São Jorge Têxtil",
    "Bom Preço",
    "Ateliê Juçara",
    "Maré Alta",
];

/// One product drawn from the catalogue.
pub(super) struct Drawn {
    pub title: String,
    pub material: &'static str,
    pub category: &'static str,
    pub price_cents: u64,
    pub variants: Variants,
}

pub(super) fn draw(rng: &mut Rng) -> Drawn {
    let kind = &KINDS[rng.below(KINDS.len() as u64) as usize];
    let adjective = pick(rng, kind.adjectives);
    let (title, material) = if kind.materials.is_empty() {
        (format!("{} {adjective}", kind.noun), "Não informado")
    } else {
        let material = pick(rng, kind.materials);
        (format!("{} {adjective} de {material}", kind.noun), material)
    };
    // Within the kind's range, the cheaper end more often (as in real shops), most prices
    // ending in ,90.
    let spread = kind.high - kind.low;
    let u = rng.below(1000);
    let reais = kind.low + spread * u * u / 1_000_000;
    let price_cents = reais * 100 + if rng.below(4) == 0 { 0 } else { 90 };
    Drawn {
        title,
        material,
        category: kind.category,
        price_cents,
        variants: kind.variants,
    }
}

/// A variant's title: a size for what is worn, a colour for the rest.
pub(super) fn variant_title(title: &str, variants: Variants, variant: usize) -> String {
    match variants {
        Variants::Clothes => format!(
            "{title} Tamanho {}",
            CLOTHES_SIZES[variant % CLOTHES_SIZES.len()]
        ),
        Variants::Shoes => format!(
            "{title} Número {}",
            SHOE_SIZES[(variant * 2 + 1) % SHOE_SIZES.len()]
        ),
        Variants::Colours => format!("{title} {}", COLOURS[variant % COLOURS.len()]),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{feed_bytes, shop_feed_bytes};
    use super::*;

    #[test]
    fn titles_prices_and_variants_fit_the_kind_of_product() {
        let text = String::from_utf8(shop_feed_bytes(2000, 20_261_128)).unwrap();
        let titles: Vec<&str> = text
            .split("<g:title>")
            .skip(1)
            .filter_map(|rest| rest.split("</g:title>").next())
            .collect();
        assert_eq!(titles.len(), 2000);
        for title in &titles {
            let kind = KINDS
                .iter()
                .filter(|k| title.starts_with(k.noun))
                .max_by_key(|k| k.noun.len())
                .unwrap_or_else(|| panic!("no kind for {title}"));
            let sized = title.contains(" Tamanho ") || title.contains(" Número ");
            let wearable = matches!(kind.variants, Variants::Clothes | Variants::Shoes);
            assert!(!sized || wearable, "a size on {title}");
            assert!(!title.contains(" de de "), "{title}");
        }
        // The variants of one product never share a title.
        let mut groups: std::collections::HashMap<&str, Vec<&str>> = Default::default();
        for item in text.split("<item>").skip(1) {
            let field = |tag: &str| {
                item.split(&format!("<{tag}>"))
                    .nth(1)
                    .and_then(|rest| rest.split(&format!("</{tag}>")).next())
            };
            if let (Some(group), Some(title)) = (field("g:item_group_id"), field("g:title")) {
                let titles = groups.entry(group).or_default();
                assert!(!titles.contains(&title), "{title} twice in {group}");
                titles.push(title);
            }
        }
        assert!(groups.len() > 50);
        // Prices: whole reais within each kind's range, the cheaper end more often.
        let prices: Vec<f64> = text
            .split("<item>")
            .skip(1)
            .filter_map(|item| item.split("<g:price>").nth(1))
            .filter_map(|p| p.split(' ').next())
            .filter_map(|p| p.parse().ok())
            .collect();
        let mean = prices.iter().sum::<f64>() / prices.len() as f64;
        assert!((80.0..=200.0).contains(&mean), "mean price {mean}");
    }

    #[test]
    fn the_classic_mix_is_another_feed() {
        assert_ne!(shop_feed_bytes(50, 7), feed_bytes(50, 7));
        assert_eq!(shop_feed_bytes(50, 7), shop_feed_bytes(50, 7));
    }
}
