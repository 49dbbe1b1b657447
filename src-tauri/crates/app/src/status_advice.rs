//! Step 9's advice on the final statuses, from the vendor's article: the panel asks for "o último
//! status do pedido após ser entregue ao cliente", more than one.
//!
//! - A chosen status comes before delivery (pago, enviado…): a warning for each, since its
//!   orders would earn points before the goods reach the customer.
//! - No chosen status looks like delivery: a warning naming the store's status that does.
//! - A chosen status looks like a cancellation or a return (its orders would earn points): a
//!   question that blocks the step until the owner answers "sim, é isso mesmo".
//!
//! What a status name means is decided in one place, `conector_ledger::statuses`; the answers
//! are kept with the form (`conector_setup::integration::confirmed_reversals`). The advice
//! combines the two, so it lives here.

use conector_core::{MessageCode, Params};
use conector_ledger::statuses::{meaning, StatusMeaning};
use conector_setup::integration::{FieldNote, FormField};
use conector_simplo7::OrderStatus;

fn note(field: FormField, code: MessageCode, blocking: bool) -> FieldNote {
    FieldNote::new(field, code, blocking)
}

/// The notes about the final statuses `chosen` among the store's `statuses`.
pub fn notes(statuses: &[OrderStatus], chosen: &[String], confirmed: &[String]) -> Vec<FieldNote> {
    let chosen: Vec<&OrderStatus> = chosen
        .iter()
        .filter_map(|id| statuses.iter().find(|s| &s.id == id))
        .collect();
    let mut notes = Vec::new();
    if chosen.is_empty() {
        return notes;
    }
    for status in chosen
        .iter()
        .filter(|s| meaning(&s.name) == StatusMeaning::Reversed)
    {
        let answered = confirmed.contains(&status.id);
        let code = if answered {
            MessageCode::FormReversalStatusConfirmed
        } else {
            MessageCode::FormReversalStatus
        };
        notes.push(FieldNote {
            params: Params::new().text("status", status.name.clone()),
            status_id: Some(status.id.clone()),
            ..note(FormField::FinalStatuses, code, !answered)
        });
    }
    for status in chosen
        .iter()
        .filter(|s| meaning(&s.name) == StatusMeaning::BeforeDelivery)
    {
        notes.push(FieldNote {
            params: Params::new().text("status", status.name.clone()),
            status_id: Some(status.id.clone()),
            ..note(
                FormField::FinalStatuses,
                MessageCode::FormBeforeDeliveryStatus,
                false,
            )
        });
    }
    if !chosen
        .iter()
        .any(|s| meaning(&s.name) == StatusMeaning::Delivered)
    {
        let delivered = statuses
            .iter()
            .find(|s| meaning(&s.name) == StatusMeaning::Delivered);
        notes.push(match delivered {
            Some(status) => FieldNote {
                params: Params::new().text("status", status.name.clone()),
                ..note(
                    FormField::FinalStatuses,
                    MessageCode::FormNoDeliveredStatus,
                    false,
                )
            },
            None => note(
                FormField::FinalStatuses,
                MessageCode::FormNoDeliveredStatusInStore,
                false,
            ),
        });
    }
    notes
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The demo store's list, as a real Simplo7 store sends it.
    fn store() -> Vec<OrderStatus> {
        [
            ("3", "Aguardando pagamento"),
            ("12", "Pago"),
            ("15", "Em separação"),
            ("18", "Enviado"),
            ("21", "Entregue"),
            ("27", "Concluído"),
            ("25", "Cancelado"),
            ("31", "Devolvido"),
        ]
        .iter()
        .map(|(id, name)| OrderStatus {
            id: (*id).into(),
            name: (*name).into(),
        })
        .collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn codes(notes: &[FieldNote]) -> Vec<(MessageCode, bool)> {
        notes.iter().map(|n| (n.code, n.blocking)).collect()
    }

    #[test]
    fn paid_and_shipped_without_delivered_is_warned_naming_the_delivered_status() {
        let notes = notes(&store(), &ids(&["12", "18"]), &[]);
        assert_eq!(
            codes(&notes),
            vec![
                (MessageCode::FormBeforeDeliveryStatus, false),
                (MessageCode::FormBeforeDeliveryStatus, false),
                (MessageCode::FormNoDeliveredStatus, false)
            ]
        );
        assert_eq!(
            notes[2].params,
            Params::new().text("status", "Entregue"),
            "the warning names the status to add"
        );
    }

    #[test]
    fn each_status_before_delivery_is_warned_by_name_without_blocking() {
        // The case: paid, shipped and delivered chosen — paid and shipped orders would
        // earn points before the goods arrive.
        let notes = notes(&store(), &ids(&["12", "18", "21"]), &[]);
        assert_eq!(
            codes(&notes),
            vec![
                (MessageCode::FormBeforeDeliveryStatus, false),
                (MessageCode::FormBeforeDeliveryStatus, false)
            ]
        );
        let named: Vec<(&Params, Option<&str>)> = notes
            .iter()
            .map(|n| (&n.params, n.status_id.as_deref()))
            .collect();
        assert_eq!(
            named,
            vec![
                (&Params::new().text("status", "Pago"), Some("12")),
                (&Params::new().text("status", "Enviado"), Some("18"))
            ]
        );
    }

    #[test]
    fn delivered_and_after_delivery_need_no_advice_and_cancel_return_still_asks() {
        // Real Simplo7 names in the four kinds the article's question separates.
        let before = notes(&store(), &ids(&["15", "21"]), &[]);
        assert_eq!(
            codes(&before),
            vec![(MessageCode::FormBeforeDeliveryStatus, false)],
            "Em separação comes before delivery"
        );
        assert!(notes(&store(), &ids(&["21", "27"]), &[]).is_empty());
        let undone = notes(&store(), &ids(&["21", "27", "31"]), &[]);
        assert_eq!(
            codes(&undone),
            vec![(MessageCode::FormReversalStatus, true)]
        );
    }

    #[test]
    fn a_store_without_a_delivery_status_is_told_so() {
        let statuses: Vec<OrderStatus> = store()
            .into_iter()
            .filter(|s| s.id != "21" && s.id != "27")
            .collect();
        let notes = notes(&statuses, &ids(&["12", "18"]), &[]);
        assert_eq!(
            codes(&notes).last(),
            Some(&(MessageCode::FormNoDeliveredStatusInStore, false))
        );
    }

    #[test]
    fn delivered_among_the_chosen_is_all_the_article_asks() {
        assert!(notes(&store(), &ids(&["21", "27"]), &[]).is_empty());
        assert!(
            notes(&store(), &[], &[]).is_empty(),
            "nothing chosen: the count note says it"
        );
    }

    #[test]
    fn a_cancelled_or_returned_status_blocks_until_the_owner_confirms_it() {
        let asked = notes(&store(), &ids(&["21", "25", "31"]), &[]);
        assert_eq!(
            codes(&asked),
            vec![
                (MessageCode::FormReversalStatus, true),
                (MessageCode::FormReversalStatus, true)
            ]
        );
        assert_eq!(asked[0].status_id.as_deref(), Some("25"));
        assert_eq!(asked[0].params, Params::new().text("status", "Cancelado"));

        let answered = notes(&store(), &ids(&["21", "25", "31"]), &ids(&["25"]));
        assert_eq!(
            codes(&answered),
            vec![
                (MessageCode::FormReversalStatusConfirmed, false),
                (MessageCode::FormReversalStatus, true)
            ]
        );
    }
}
