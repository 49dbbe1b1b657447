#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use conector_ledger::{CustomerRef, OrderSnapshot};
use time::{Duration, OffsetDateTime};

pub const STORE: &str = "loja-teste";

pub fn open(dir: &tempfile::TempDir) -> rusqlite::Connection {
    conector_core::db::open(&dir.path().join("app.sqlite3")).unwrap()
}

/// Valid CPFs built from a seed (check digits computed), so tests have many distinct buyers.
pub fn cpf(seed: u32) -> String {
    let base = format!("{:09}", 100_000_000 + seed % 800_000_000);
    let mut d: Vec<u32> = base.chars().map(|c| c.to_digit(10).unwrap()).collect();
    for len in [9usize, 10] {
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(i, v)| v * (len as u32 + 1 - i as u32))
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r });
    }
    let s: String = d
        .iter()
        .map(|v| char::from_digit(*v, 10).unwrap())
        .collect();
    format!("{}.{}.{}-{}", &s[..3], &s[3..6], &s[6..9], &s[9..])
}

pub fn order(id: i64, status: &str, products_cents: i64, buyer: u32) -> OrderSnapshot {
    OrderSnapshot {
        order_id: id,
        number: format!("{}", 1000 + id),
        placed_at: OffsetDateTime::UNIX_EPOCH + Duration::days(20_000) + Duration::minutes(id),
        status_id: status.into(),
        status_name: Some(status_name(status).into()),
        products_cents,
        discounts_cents: 0,
        shipping_cents: 1_500,
        total_cents: products_cents + 1_500,
        customer: CustomerRef {
            cpf_cnpj: Some(cpf(buyer)),
            email: Some(format!("Cliente{buyer}@Exemplo.com.br")),
            name: format!("Cliente {buyer}"),
            phone: None,
        },
        unreadable: None,
    }
}

/// A status list like a real store's: 1-3 in progress, 4-6 final-ish, 7 cancelled, 8 returned.
pub fn status_name(id: &str) -> &'static str {
    match id {
        "1" => "Aguardando pagamento",
        "2" => "Pagamento aprovado",
        "3" => "Em separação",
        "4" => "Enviado",
        "5" => "Entregue",
        "6" => "Concluído",
        "7" => "Cancelado",
        "8" => "Devolvido",
        _ => "Outro",
    }
}
