//! What a store's order status says by its name: the order reached the customer, it is still on
//! its way there (paid, picked, shipped…), the sale was undone (cancelled, returned, refunded,
//! refused), or nothing we can tell.
//!
//! Status ids differ per store and their names are the shop owner's own, so names are the only
//! clue. The words below are the ONE place where the product recognises them: the ledger (an
//! order leaving the final set by cancellation), the sync engine (which statuses to list for late
//! reversals) and step 9's advice on the final statuses (the cancel/return question and the
//! warning about a status before delivery) all ask [`meaning`].
//!
//! A name is split into words (lower case, accents dropped) and a word matches a listed prefix
//! when it starts with it, so "Concluído" and "concluido" match `concluid`, while "Saiu para
//! entrega" does not match `entregue` and "Incompleto" does not match `complet`.

use crate::fold::fold;

/// What a status name says about the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMeaning {
    /// The order reached the customer (entregue, concluído, retirado…): the article asks for
    /// the statuses after this point.
    Delivered,
    /// The sale was undone or never happened (cancelado, devolvido, estornado, reembolsado,
    /// pagamento recusado or não autorizado, não entregue…): such orders must not earn points.
    Reversed,
    /// The order has not reached the customer yet (pago, pagamento aprovado, em separação,
    /// enviado, saiu para entrega…): a final status like this gives points before the goods
    /// arrive.
    BeforeDelivery,
    /// Nothing the name tells for sure ("Recebido" may be the store's or the customer's,
    /// "Pagamento em disputa"…).
    Other,
}

/// Word prefixes (each a sequence of words) of a sale that was undone. Checked before the
/// delivery words, so "Não entregue" is a reversal and not a delivery.
const REVERSAL: &[&[&str]] = &[
    &["cancel"],
    &["devol"],
    &["estorn"],
    &["reembols"],
    &["chargeback"],
    &["recusad"],
    &["negad"],
    &["expirad"],
    &["extravi"],
    &["nao", "autoriz"],
    &["nao", "aprov"],
    &["nao", "entreg"],
    &["nao", "pag"],
];

/// Word prefixes of an order still on its way to the customer. Checked after the reversal and
/// the delivery words, so "Pagamento recusado" is a reversal and "Pedido entregue" a delivery.
/// Each phrase is one that says so without doubt: "Recebido" alone is left out (a store may use
/// it for the customer's receipt), and so is a bare "pagamento" ("Pagamento em disputa").
const BEFORE_DELIVERY: &[&[&str]] = &[
    &["aguard"],
    &["criado"],
    &["pendent"],
    &["novo"],
    &["efetuad"],
    &["confirmad"],
    &["aprovad"],
    &["pago"],
    &["pagamento", "aprov"],
    &["pagamento", "confirm"],
    &["pagamento", "em", "anal"],
    &["pagto", "em", "anal"],
    &["em", "anal"],
    &["faturad"],
    &["separ"],
    &["produc"],
    &["prepar"],
    &["embalad"],
    &["envi"],
    &["despach"],
    &["postad"],
    &["coletad"],
    &["transit"],
    &["transport"],
    &["saiu", "para", "entrega"],
    &["em", "rota"],
    &["a", "caminho"],
    &["tentativa", "de", "entrega"],
    &["pronto", "para"],
];

/// Word prefixes of an order that reached the customer.
const DELIVERED: &[&[&str]] = &[
    &["entregue"],
    &["recebido", "pelo", "cliente"],
    &["concluid"],
    &["finalizad"],
    &["complet"],
    &["retirado"],
    &["entrega", "confirm"],
    &["entrega", "realizad"],
];

/// What the status called `name` means.
pub fn meaning(name: &str) -> StatusMeaning {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let says = |phrases: &[&[&str]]| phrases.iter().any(|p| contains_phrase(&words, p));
    if says(REVERSAL) {
        StatusMeaning::Reversed
    } else if says(DELIVERED) {
        StatusMeaning::Delivered
    } else if says(BEFORE_DELIVERY) {
        StatusMeaning::BeforeDelivery
    } else {
        StatusMeaning::Other
    }
}

/// Whether consecutive `words` start with each prefix of `phrase`, in order.
fn contains_phrase(words: &[&str], phrase: &[&str]) -> bool {
    !phrase.is_empty()
        && words.windows(phrase.len()).any(|window| {
            window
                .iter()
                .zip(phrase)
                .all(|(word, prefix)| word.starts_with(prefix))
        })
}

/// A status name that means the sale did not happen or was undone.
pub fn is_reversal(name: &str) -> bool {
    meaning(name) == StatusMeaning::Reversed
}

/// A status name that means the order reached the customer.
pub fn is_delivery(name: &str) -> bool {
    meaning(name) == StatusMeaning::Delivered
}

/// A status name that means the order has not reached the customer yet.
pub fn is_before_delivery(name: &str) -> bool {
    meaning(name) == StatusMeaning::BeforeDelivery
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Status names as Brazilian stores show them, collected from public sources: a Simplo7
    /// store's integration code ("Criado", "Aguardando Pagamento", "Cancelado"), the help pages
    /// of Loja Integrada, Vnda, Wake, Dezwork and other Brazilian platforms, and the demo store.
    const REAL: &[(&str, StatusMeaning)] = &[
        // Simplo7 (the demo store's list mirrors a real one).
        ("Criado", StatusMeaning::BeforeDelivery),
        ("Aguardando pagamento", StatusMeaning::BeforeDelivery),
        ("Aguardando Pagamento", StatusMeaning::BeforeDelivery),
        ("Pagamento em análise", StatusMeaning::BeforeDelivery),
        ("Pago", StatusMeaning::BeforeDelivery),
        ("Em separação", StatusMeaning::BeforeDelivery),
        ("Enviado", StatusMeaning::BeforeDelivery),
        ("Entregue", StatusMeaning::Delivered),
        ("Concluído", StatusMeaning::Delivered),
        ("Pronto para retirada", StatusMeaning::BeforeDelivery),
        ("Cancelado", StatusMeaning::Reversed),
        ("Devolvido", StatusMeaning::Reversed),
        // Loja Integrada.
        ("Pedido Efetuado", StatusMeaning::BeforeDelivery),
        ("Pagto em Análise", StatusMeaning::BeforeDelivery),
        ("Pedido Pago", StatusMeaning::BeforeDelivery),
        ("Pedido Cancelado", StatusMeaning::Reversed),
        ("Em produção", StatusMeaning::BeforeDelivery),
        ("Pedido em separação", StatusMeaning::BeforeDelivery),
        ("Pedido Enviado", StatusMeaning::BeforeDelivery),
        ("Pedido Entregue", StatusMeaning::Delivered),
        ("Pedido Devolvido", StatusMeaning::Reversed),
        ("Pagamento Devolvido", StatusMeaning::Reversed),
        ("Pagamento em Disputa", StatusMeaning::Other),
        ("Pedido Chargeback", StatusMeaning::Reversed),
        // Dezwork.
        ("Pedido pendente/novo", StatusMeaning::BeforeDelivery),
        ("Pagamento aprovado", StatusMeaning::BeforeDelivery),
        ("Pedido em transporte", StatusMeaning::BeforeDelivery),
        ("Pedido entregue", StatusMeaning::Delivered),
        ("Pagamento não autorizado", StatusMeaning::Reversed),
        ("Pagamento não aprovado", StatusMeaning::Reversed),
        ("Pedido cancelado", StatusMeaning::Reversed),
        // Bling, Vnda, Wake and other platforms.
        ("Recebido", StatusMeaning::Other),
        ("Em andamento", StatusMeaning::Other),
        ("Confirmado", StatusMeaning::BeforeDelivery),
        ("Faturado", StatusMeaning::BeforeDelivery),
        ("Em Preparação", StatusMeaning::BeforeDelivery),
        ("Preparando Envio", StatusMeaning::BeforeDelivery),
        ("Pronto para Envio", StatusMeaning::BeforeDelivery),
        ("Embalado", StatusMeaning::BeforeDelivery),
        ("Despachado", StatusMeaning::BeforeDelivery),
        ("Coletado", StatusMeaning::BeforeDelivery),
        ("Em Trânsito", StatusMeaning::BeforeDelivery),
        ("Enviado Parcialmente", StatusMeaning::BeforeDelivery),
        ("Aguardando Retirada", StatusMeaning::BeforeDelivery),
        ("Saiu para entrega", StatusMeaning::BeforeDelivery),
        ("Tentativa de Entrega", StatusMeaning::BeforeDelivery),
        ("Completo", StatusMeaning::Delivered),
        ("Finalizado", StatusMeaning::Delivered),
        ("Retirado na loja", StatusMeaning::Delivered),
        ("Entregue ao cliente", StatusMeaning::Delivered),
        ("Recebido pelo cliente", StatusMeaning::Delivered),
        ("Entrega confirmada", StatusMeaning::Delivered),
        ("Reembolsado", StatusMeaning::Reversed),
        ("Estornado", StatusMeaning::Reversed),
        ("Pagamento recusado", StatusMeaning::Reversed),
        ("Pagamento Negado", StatusMeaning::Reversed),
        ("Boleto expirado", StatusMeaning::Reversed),
        ("Não entregue", StatusMeaning::Reversed),
        ("Objeto extraviado", StatusMeaning::Reversed),
        ("Devolução solicitada", StatusMeaning::Reversed),
        ("Cancelamento solicitado", StatusMeaning::Reversed),
        ("Pedido incompleto", StatusMeaning::Other),
    ];

    #[test]
    fn real_status_names_are_read_as_a_person_would() {
        let wrong: Vec<String> = REAL
            .iter()
            .filter(|(name, expected)| meaning(name) != *expected)
            .map(|(name, expected)| format!("{name}: {:?}, expected {expected:?}", meaning(name)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn case_accents_and_punctuation_do_not_matter() {
        for name in [
            "CANCELADO",
            "cancelado",
            "Cancelado.",
            "  Cancelado  ",
            "(cancelado)",
        ] {
            assert!(is_reversal(name), "{name}");
        }
        for name in [
            "CONCLUIDO",
            "concluído",
            "Pedido concluído!",
            "entregue - ok",
        ] {
            assert!(is_delivery(name), "{name}");
        }
    }

    #[test]
    fn a_negated_delivery_is_a_reversal_not_a_delivery() {
        assert_eq!(meaning("Não entregue"), StatusMeaning::Reversed);
        assert_eq!(meaning("Nao entregue ao cliente"), StatusMeaning::Reversed);
        assert_eq!(meaning("Entregue"), StatusMeaning::Delivered);
    }

    #[test]
    fn words_match_from_their_start_only() {
        // "entrega" is on its way, not delivered; "incompleto" is not complete.
        assert_eq!(meaning("Em rota de entrega"), StatusMeaning::BeforeDelivery);
        assert_eq!(meaning("Incompleto"), StatusMeaning::Other);
        assert_eq!(meaning(""), StatusMeaning::Other);
    }
}
