//! What a store's order status says by its name: the order reached the customer, the sale was
//! undone (cancelled, returned, refunded, refused), or nothing we can tell.
//!
//! Status ids differ per store and their names are the shop owner's own, so names are the only
//! clue. The words below are the ONE place where the product recognises them: the ledger (an
//! order leaving the final set by cancellation), the sync engine (which statuses to list for late
//! reversals) and step 9's advice on the final statuses all ask [`meaning`].
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
    /// Nothing the name tells for sure (pago, enviado, em separação…).
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

/// Word prefixes of an order that reached the customer.
const DELIVERED: &[&[&str]] = &[
    &["entregue"],
    &["recebido", "pelo", "cliente"],
    &["concluid"],
    &["finalizad"],
    &["complet"],
    &["retirado"],
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Status names as Brazilian stores show them, collected from public sources: a Simplo7
    /// store's integration code ("Criado", "Aguardando Pagamento", "Cancelado"), the help pages
    /// of Loja Integrada, Vnda, Wake, Dezwork and other Brazilian platforms, and the demo store.
    const REAL: &[(&str, StatusMeaning)] = &[
        // Simplo7 (the demo store's list mirrors a real one).
        ("Criado", StatusMeaning::Other),
        ("Aguardando pagamento", StatusMeaning::Other),
        ("Aguardando Pagamento", StatusMeaning::Other),
        ("Pagamento em análise", StatusMeaning::Other),
        ("Pago", StatusMeaning::Other),
        ("Em separação", StatusMeaning::Other),
        ("Enviado", StatusMeaning::Other),
        ("Entregue", StatusMeaning::Delivered),
        ("Pronto para retirada", StatusMeaning::Other),
        ("Cancelado", StatusMeaning::Reversed),
        ("Devolvido", StatusMeaning::Reversed),
        // Loja Integrada.
        ("Pedido Efetuado", StatusMeaning::Other),
        ("Pagto em Análise", StatusMeaning::Other),
        ("Pedido Pago", StatusMeaning::Other),
        ("Pedido Cancelado", StatusMeaning::Reversed),
        ("Em produção", StatusMeaning::Other),
        ("Pedido em separação", StatusMeaning::Other),
        ("Pedido Enviado", StatusMeaning::Other),
        ("Pedido Entregue", StatusMeaning::Delivered),
        ("Pedido Devolvido", StatusMeaning::Reversed),
        ("Pagamento Devolvido", StatusMeaning::Reversed),
        ("Pagamento em Disputa", StatusMeaning::Other),
        ("Pedido Chargeback", StatusMeaning::Reversed),
        // Dezwork.
        ("Pedido pendente/novo", StatusMeaning::Other),
        ("Pagamento aprovado", StatusMeaning::Other),
        ("Pedido em transporte", StatusMeaning::Other),
        ("Pedido entregue", StatusMeaning::Delivered),
        ("Pagamento não autorizado", StatusMeaning::Reversed),
        ("Pedido cancelado", StatusMeaning::Reversed),
        // Vnda, Wake and other platforms.
        ("Recebido", StatusMeaning::Other),
        ("Confirmado", StatusMeaning::Other),
        ("Em Preparação", StatusMeaning::Other),
        ("Preparando Envio", StatusMeaning::Other),
        ("Enviado Parcialmente", StatusMeaning::Other),
        ("Aguardando Retirada", StatusMeaning::Other),
        ("Saiu para entrega", StatusMeaning::Other),
        ("Completo", StatusMeaning::Delivered),
        ("Concluído", StatusMeaning::Delivered),
        ("Finalizado", StatusMeaning::Delivered),
        ("Retirado na loja", StatusMeaning::Delivered),
        ("Entregue ao cliente", StatusMeaning::Delivered),
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
        assert_eq!(meaning("Em rota de entrega"), StatusMeaning::Other);
        assert_eq!(meaning("Incompleto"), StatusMeaning::Other);
        assert_eq!(meaning(""), StatusMeaning::Other);
    }
}
