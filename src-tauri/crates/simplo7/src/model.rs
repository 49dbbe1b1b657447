//! The store's records in domain terms. The Portuguese wire names live only in the `Raw*`
//! serde structs at the bottom; everything public is English, cents and UTC.
//!
//! Tolerance: unknown fields are ignored, missing optional fields become `None`/empty/0, and
//! ids or numbers sent as strings are accepted, because CakePHP stores send most values as text.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::money::deserialize_cents;
use crate::wire::{de_opt_text, de_opt_u64, de_quantity, de_text, de_u64};

/// One order status of the store (`Wsstatuspedido`). Ids differ per store, so every status
/// picker is filled from [`crate::StoreClient::order_statuses`], never from a fixed list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OrderStatus {
    /// As the API spells it in `pedidostatus_id`: text, compared as text.
    pub id: String,
    pub name: String,
}

/// One order (`Wspedido` with its `Item`s and `Status`). Money is in integer cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: u64,
    /// The number the owner and the customer see (`numero`); often equal to `id`, not always.
    pub number: String,
    /// When the order was placed, in UTC. `None` only if the store sent no usable date.
    #[serde(with = "time::serde::rfc3339::option")]
    pub placed_at: Option<OffsetDateTime>,
    /// The current status id (`pedidostatus_id`), as text.
    pub status_id: String,
    /// The status name when the store sent the `Status` block with the order.
    pub status_name: Option<String>,
    pub customer: Customer,
    pub totals: Totals,
    /// `pagamento_forma`, as the store names it ("Pix", "Cartão de crédito", ...).
    pub payment_method: Option<String>,
    pub items: Vec<OrderItem>,
}

/// The buyer as the order records them (`cliente_*`). There is no customers endpoint: the
/// sync engine derives customers from these fields (key: normalized CPF/CNPJ, else e-mail).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Customer {
    /// CPF or CNPJ exactly as sent (may be formatted, may be empty → `None`).
    pub document: Option<String>,
    /// `cliente_razaosocial`: the person's or company's name.
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    /// `cliente_data_nascimento` when it is a real date.
    pub birth_date: Option<Date>,
    pub city: Option<String>,
    pub state: Option<String>,
}

/// Order totals in cents. `order = products − discounts − cash_discount + shipping` on
/// consistent stores; nothing here enforces it, the values are the store's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// `total_produtos`
    pub products_cents: i64,
    /// `total_frete`
    pub shipping_cents: i64,
    /// `total_descontos`
    pub discounts_cents: i64,
    /// `desconto_avista` (discount for paying up front, e.g. Pix)
    pub cash_discount_cents: i64,
    /// `total_pedido`
    pub order_cents: i64,
}

/// One line of an order (`Item`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    pub product_id: Option<u64>,
    pub sku: String,
    pub name: String,
    /// Units; a fractional quantity is rounded to the nearest unit.
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub total_cents: i64,
    pub discount_cents: i64,
}

/// One page of orders and what the envelope said about the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPage {
    /// The page number asked for (pages start at 1).
    pub page: u32,
    /// `pagination.page_count` when the store sent it.
    pub page_count: Option<u32>,
    /// `pagination.has_next_page`.
    pub has_next_page: bool,
    pub orders: Vec<Order>,
}

/// The Brazilian time stores record in (Brasília, UTC−3 with no daylight saving since 2019):
/// `data_pedido` arrives without an offset, and this is the assumption that turns it into UTC.
pub const STORE_UTC_OFFSET_HOURS: i8 = -3;

// ---- serde layer: Simplo7 names --------------------------------------------------------

#[derive(Deserialize)]
pub(crate) struct RawStatusRecord {
    #[serde(rename = "Wsstatuspedido")]
    status: RawStatus,
}

#[derive(Deserialize)]
struct RawStatus {
    #[serde(deserialize_with = "de_text")]
    id: String,
    #[serde(default, deserialize_with = "de_text")]
    nome: String,
}

impl From<RawStatusRecord> for OrderStatus {
    fn from(raw: RawStatusRecord) -> Self {
        Self {
            id: raw.status.id,
            name: raw.status.nome,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RawOrderRecord {
    #[serde(rename = "Wspedido")]
    order: RawOrder,
    #[serde(rename = "Item", default)]
    items: Option<Vec<RawItem>>,
    #[serde(rename = "Status", default)]
    status: Option<RawOptionalStatus>,
}

#[derive(Deserialize)]
struct RawOptionalStatus {
    #[serde(default, deserialize_with = "de_opt_text")]
    nome: Option<String>,
}

#[derive(Deserialize)]
struct RawOrder {
    #[serde(deserialize_with = "de_u64")]
    id: u64,
    #[serde(default, deserialize_with = "de_opt_text")]
    numero: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    data_pedido: Option<String>,
    #[serde(default, deserialize_with = "de_text")]
    pedidostatus_id: String,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_cpfcnpj: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_razaosocial: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_email: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_telefone: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_celular: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_data_nascimento: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_cidade: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    cliente_estado: Option<String>,
    #[serde(default, deserialize_with = "deserialize_cents")]
    total_produtos: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    total_frete: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    total_descontos: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    desconto_avista: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    total_pedido: i64,
    #[serde(default, deserialize_with = "de_opt_text")]
    pagamento_forma: Option<String>,
}

#[derive(Deserialize)]
struct RawItem {
    #[serde(default, deserialize_with = "de_opt_u64")]
    produto_id: Option<u64>,
    #[serde(default, deserialize_with = "de_text")]
    sku: String,
    #[serde(default, deserialize_with = "de_text")]
    nome_produto: String,
    #[serde(default, deserialize_with = "de_quantity")]
    quantidade: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    valor_unitario: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    valor_total: i64,
    #[serde(default, deserialize_with = "deserialize_cents")]
    desconto: i64,
}

impl From<RawOrderRecord> for Order {
    fn from(raw: RawOrderRecord) -> Self {
        let o = raw.order;
        Self {
            id: o.id,
            number: o.numero.unwrap_or_else(|| o.id.to_string()),
            placed_at: o.data_pedido.as_deref().and_then(parse_store_datetime),
            status_id: o.pedidostatus_id,
            status_name: raw.status.and_then(|s| s.nome),
            customer: Customer {
                document: o.cliente_cpfcnpj,
                name: o.cliente_razaosocial,
                email: o.cliente_email,
                phone: o.cliente_telefone,
                mobile: o.cliente_celular,
                birth_date: o.cliente_data_nascimento.as_deref().and_then(parse_date),
                city: o.cliente_cidade,
                state: o.cliente_estado,
            },
            totals: Totals {
                products_cents: o.total_produtos,
                shipping_cents: o.total_frete,
                discounts_cents: o.total_descontos,
                cash_discount_cents: o.desconto_avista,
                order_cents: o.total_pedido,
            },
            payment_method: o.pagamento_forma,
            items: raw
                .items
                .unwrap_or_default()
                .into_iter()
                .map(|i| OrderItem {
                    product_id: i.produto_id,
                    sku: i.sku,
                    name: i.nome_produto,
                    quantity: i.quantidade,
                    unit_price_cents: i.valor_unitario,
                    total_cents: i.valor_total,
                    discount_cents: i.desconto,
                })
                .collect(),
        }
    }
}

/// `2026-11-20 14:33:10` (store time, see [`STORE_UTC_OFFSET_HOURS`]), an RFC 3339 stamp with
/// its own offset, or a bare date (midnight store time). Anything else gives `None`.
pub fn parse_store_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Some(at.to_offset(UtcOffset::UTC));
    }
    let store_offset = UtcOffset::from_hms(STORE_UTC_OFFSET_HOURS, 0, 0).ok()?;
    let naive = PrimitiveDateTime::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
    )
    .or_else(|_| {
        PrimitiveDateTime::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        )
    })
    .ok()
    .or_else(|| parse_date(text).map(|d| d.midnight()))?;
    Some(naive.assume_offset(store_offset).to_offset(UtcOffset::UTC))
}

/// `YYYY-MM-DD`; the all-zero date MySQL uses for "unknown" gives `None`.
fn parse_date(text: &str) -> Option<Date> {
    let head = text.trim().get(..10)?;
    Date::parse(
        head,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_cakephp_order_record_reads_into_the_domain_type() {
        let json = r#"{
          "Wspedido": {"id":"1042","numero":"1042","data_pedido":"2026-11-20 14:33:10",
            "pedidostatus_id":"12","cliente_cpfcnpj":"529.982.247-25","cliente_razaosocial":"Ana Souza",
            "cliente_email":"ana@example.com","cliente_telefone":"","cliente_celular":"(11) 98765-4321",
            "cliente_data_nascimento":"0000-00-00","total_produtos":"1299.90","total_frete":25,
            "total_descontos":"129,99","desconto_avista":"0.00","total_pedido":1194.91,
            "pagamento_forma":"Pix","campo_novo":{"x":1}},
          "Item":[{"produto_id":"77","sku":"CAM-01","nome_produto":"Camiseta","quantidade":"2",
            "valor_unitario":"649.95","valor_total":"1299.90","desconto":null}],
          "Status":{"id":"12","nome":"Pago"},
          "Pagamento":{"forma":"Pix"}
        }"#;
        let order: Order = serde_json::from_str::<RawOrderRecord>(json).unwrap().into();
        assert_eq!(order.id, 1042);
        assert_eq!(order.status_id, "12");
        assert_eq!(order.status_name.as_deref(), Some("Pago"));
        assert_eq!(order.placed_at, Some(datetime!(2026-11-20 17:33:10 UTC)));
        assert_eq!(order.customer.phone, None, "empty text is no phone");
        assert_eq!(
            order.customer.birth_date, None,
            "MySQL zero date is no date"
        );
        assert_eq!(order.totals.products_cents, 129_990);
        assert_eq!(order.totals.shipping_cents, 2500);
        assert_eq!(order.totals.discounts_cents, 12_999);
        assert_eq!(order.totals.order_cents, 119_491);
        assert_eq!(order.items[0].quantity, 2);
        assert_eq!(order.items[0].product_id, Some(77));
        assert_eq!(order.items[0].discount_cents, 0);
    }

    #[test]
    fn a_bare_order_with_only_an_id_is_tolerated() {
        let order: Order = serde_json::from_str::<RawOrderRecord>(r#"{"Wspedido":{"id":5}}"#)
            .unwrap()
            .into();
        assert_eq!(order.number, "5");
        assert!(order.items.is_empty());
        assert_eq!(order.totals, Totals::default());
        assert_eq!(order.placed_at, None);
    }

    #[test]
    fn statuses_accept_numeric_ids() {
        let s: OrderStatus =
            serde_json::from_str::<RawStatusRecord>(r#"{"Wsstatuspedido":{"id":3,"nome":"Pago"}}"#)
                .unwrap()
                .into();
        assert_eq!(
            s,
            OrderStatus {
                id: "3".into(),
                name: "Pago".into()
            }
        );
    }

    #[test]
    fn dates_with_an_offset_keep_it() {
        assert_eq!(
            parse_store_datetime("2026-11-20T10:00:00Z"),
            Some(datetime!(2026-11-20 10:00 UTC))
        );
        assert_eq!(
            parse_store_datetime("2026-11-20"),
            Some(datetime!(2026-11-20 03:00 UTC))
        );
        assert_eq!(parse_store_datetime("ontem"), None);
    }
}
