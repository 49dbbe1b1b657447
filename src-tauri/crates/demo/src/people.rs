//! Demo customers: Brazilian names, valid CPFs and CNPJs (check digits computed), phones,
//! cities. E-mails use `exemplo.com.br` domains so that no demo address is anyone's mailbox.

use crate::rng::Rng;

const FIRST_NAMES: &[&str] = &[
    "Ana",
    "Beatriz",
    "Camila",
    "Daniela",
    "Eduarda",
    "Fernanda",
    "Gabriela",
    "Helena",
    "Isabela",
    "Juliana",
    "Larissa",
    "Mariana",
    "Natália",
    "Patrícia",
    "Rafaela",
    "Sofia",
    "Tatiane",
    "Vitória",
    "Aline",
    "Bruna",
    "André",
    "Bruno",
    "Carlos",
    "Diego",
    "Eduardo",
    "Felipe",
    "Gustavo",
    "Henrique",
    "João",
    "Lucas",
    "Marcelo",
    "Mateus",
    "Paulo",
    "Rafael",
    "Rodrigo",
    "Thiago",
    "Vinícius",
    "José",
    "Antônio",
    "Luiz",
];

const SURNAMES: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Santana",
    "Teixeira",
];

const COMPANY_KINDS: &[&str] = &[
    "Comércio Ltda",
    "Presentes ME",
    "Distribuidora Ltda",
    "Boutique EIRELI",
    "Serviços Ltda",
];

const CITIES: &[(&str, &str, u8)] = &[
    ("São Paulo", "SP", 11),
    ("Campinas", "SP", 19),
    ("Rio de Janeiro", "RJ", 21),
    ("Niterói", "RJ", 21),
    ("Belo Horizonte", "MG", 31),
    ("Uberlândia", "MG", 34),
    ("Curitiba", "PR", 41),
    ("Londrina", "PR", 43),
    ("Porto Alegre", "RS", 51),
    ("Florianópolis", "SC", 48),
    ("Salvador", "BA", 71),
    ("Recife", "PE", 81),
    ("Fortaleza", "CE", 85),
    ("Goiânia", "GO", 62),
    ("Brasília", "DF", 61),
    ("Belém", "PA", 91),
    ("Manaus", "AM", 92),
    ("Vitória", "ES", 27),
];

const EMAIL_DOMAINS: &[&str] = &[
    "exemplo.com.br",
    "correio.exemplo.com.br",
    "mail.exemplo.com.br",
];

/// One demo buyer, with fields as the store would send them.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub name: String,
    /// CPF or CNPJ, formatted or bare as stores mix them; empty for buyers without one.
    pub document: String,
    pub email: String,
    pub phone: String,
    pub mobile: String,
    /// `YYYY-MM-DD`, or MySQL's `0000-00-00` for "not informed".
    pub birth_date: String,
    pub city: &'static str,
    pub state: &'static str,
}

pub(crate) fn person(rng: &mut Rng, serial: usize) -> Person {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(SURNAMES);
    // Two different surnames: "Ana Souza Lima", never "Ana Souza Souza".
    let middle = other_surname(rng, last);
    let (city, state, ddd) = *rng.pick(CITIES);
    let roll = rng.below(100);
    let company = roll < 9;
    let (name, document) = if company {
        let company = format!("{last} & {middle} {}", rng.pick(COMPANY_KINDS));
        (company, cnpj(rng, roll % 2 == 0))
    } else {
        // About a third go by first name and one surname only.
        let name = if rng.below(3) == 0 {
            format!("{first} {last}")
        } else {
            format!("{first} {middle} {last}")
        };
        let document = if roll < 15 {
            String::new()
        } else {
            cpf(rng, roll % 3 != 0)
        };
        (name, document)
    };
    let email = if rng.below(100) < 3 {
        String::new()
    } else if company {
        format!(
            "compras.{}{}@{}",
            ascii_lower(last),
            ascii_lower(middle),
            rng.pick(EMAIL_DOMAINS)
        )
    } else {
        format!(
            "{}.{}{}@{}",
            ascii_lower(first),
            ascii_lower(last),
            serial % 97,
            rng.pick(EMAIL_DOMAINS)
        )
    };
    let mobile = format!("({ddd}) 9{:04}-{:04}", rng.below(10_000), rng.below(10_000));
    let phone = if rng.below(100) < 30 {
        format!("({ddd}) 3{:03}-{:04}", rng.below(1000), rng.below(10_000))
    } else {
        String::new()
    };
    let birth_date = if rng.below(100) < 20 {
        "0000-00-00".to_owned()
    } else {
        format!(
            "{}-{:02}-{:02}",
            1950 + rng.below(56),
            1 + rng.below(12),
            1 + rng.below(28)
        )
    };
    Person {
        name,
        document,
        email,
        phone,
        mobile,
        birth_date,
        city,
        state,
    }
}

/// A surname other than `taken`.
fn other_surname(rng: &mut Rng, taken: &str) -> &'static str {
    let at = rng.below(SURNAMES.len() as u64) as usize;
    let pick = SURNAMES[at];
    if pick == taken {
        SURNAMES[(at + 1) % SURNAMES.len()]
    } else {
        pick
    }
}

/// A valid CPF (both check digits right), formatted `000.000.000-00` or bare.
pub(crate) fn cpf(rng: &mut Rng, formatted: bool) -> String {
    let mut digits: Vec<u32> = (0..9).map(|_| rng.below(10) as u32).collect();
    if digits.iter().all(|d| *d == digits[0]) {
        digits[8] = (digits[8] + 1) % 10;
    }
    for weight_start in [10, 11] {
        let sum: u32 = digits
            .iter()
            .zip((2..=weight_start).rev())
            .map(|(d, w)| d * w)
            .sum();
        let rest = (sum * 10) % 11;
        digits.push(if rest == 10 { 0 } else { rest });
    }
    let s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    if formatted {
        format!("{}.{}.{}-{}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])
    } else {
        s
    }
}

/// A valid CNPJ (headquarters `0001`, both check digits right), formatted or bare.
pub(crate) fn cnpj(rng: &mut Rng, formatted: bool) -> String {
    let mut digits: Vec<u32> = (0..8).map(|_| rng.below(10) as u32).collect();
    digits.extend([0, 0, 0, 1]);
    for weights in [
        &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][..],
        &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][..],
    ] {
        let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
        let rest = sum % 11;
        digits.push(if rest < 2 { 0 } else { 11 - rest });
    }
    let s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    if formatted {
        format!(
            "{}.{}.{}/{}-{}",
            &s[0..2],
            &s[2..5],
            &s[5..8],
            &s[8..12],
            &s[12..14]
        )
    } else {
        s
    }
}

fn ascii_lower(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'â' | 'ã' | 'à' | 'Á' => 'a',
            'é' | 'ê' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'ô' | 'õ' | 'Ó' => 'o',
            'ú' | 'Ú' => 'u',
            'ç' => 'c',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Independent check-digit validation (the classic algorithm, written differently from
    /// the generator on purpose).
    fn cpf_is_valid(text: &str) -> bool {
        let d: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
        if d.len() != 11 || d.iter().all(|x| *x == d[0]) {
            return false;
        }
        let check = |n: usize| {
            let s: u32 = (0..n).map(|i| d[i] * (n as u32 + 1 - i as u32)).sum();
            let r = 11 - s % 11;
            if r >= 10 {
                0
            } else {
                r
            }
        };
        check(9) == d[9] && check(10) == d[10]
    }

    fn cnpj_is_valid(text: &str) -> bool {
        let d: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
        if d.len() != 14 {
            return false;
        }
        let check = |n: usize| {
            let s: u32 = (0..n).map(|i| d[i] * (2 + ((n - 1 - i) % 8) as u32)).sum();
            let r = s % 11;
            if r < 2 {
                0
            } else {
                11 - r
            }
        };
        check(12) == d[12] && check(13) == d[13]
    }

    #[test]
    fn known_documents_pass_the_independent_checker() {
        assert!(cpf_is_valid("529.982.247-25"));
        assert!(!cpf_is_valid("529.982.247-26"));
        assert!(cnpj_is_valid("11.222.333/0001-81"));
        assert!(!cnpj_is_valid("11.222.333/0001-82"));
    }

    #[test]
    fn generated_documents_have_valid_check_digits() {
        let mut rng = Rng::new(7);
        for _ in 0..2000 {
            let formatted = rng.below(2) == 0;
            let c = cpf(&mut rng, formatted);
            assert!(cpf_is_valid(&c), "{c}");
            let j = cnpj(&mut rng, !formatted);
            assert!(cnpj_is_valid(&j), "{j}");
        }
    }

    #[test]
    fn people_are_varied_and_some_lack_a_document() {
        let mut rng = Rng::new(11);
        let people: Vec<Person> = (0..300).map(|i| person(&mut rng, i)).collect();
        let without = people.iter().filter(|p| p.document.is_empty()).count();
        let companies = people
            .iter()
            .filter(|p| p.document.chars().filter(char::is_ascii_digit).count() == 14)
            .count();
        assert!(without > 3 && without < 45, "{without}");
        assert!(companies > 3, "{companies}");
        assert!(people
            .iter()
            .all(|p| p.email.is_empty() || p.email.is_ascii()));
    }

    #[test]
    fn no_name_repeats_a_surname() {
        let mut rng = Rng::new(20_261_128);
        for i in 0..2000 {
            let p = person(&mut rng, i);
            let words: Vec<&str> = p
                .name
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            for pair in words.windows(2) {
                assert_ne!(pair[0], pair[1], "{}", p.name);
            }
            let surnames: Vec<&&str> = words.iter().filter(|w| SURNAMES.contains(w)).collect();
            let mut unique = surnames.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), surnames.len(), "{}", p.name);
        }
    }
}
