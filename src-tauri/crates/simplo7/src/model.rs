//! The store's records in domain terms. The Portuguese wire names live only in the `Raw*`
//! serde structs at the bottom; everything public is English, cents and UTC.
//!
//! Tolerance: unknown fields are ignored, ids or numbers sent as strings are accepted (CakePHP
//! stores send most values as text), and a record never fails its page. Only the fields the
//! points are computed from ([`FIELDS_THE_POINTS_NEED`]) can make an order unreadable
//! ([`OrderRecord::Unreadable`], naming the field); any other field that is missing or malformed
//! becomes `None`/empty/0.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::wire::{
    any_value, de_text, lenient_cents, lenient_date_time, lenient_quantity, lenient_text,
    lenient_u64, parse_date, Lenient,
};

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
    /// When the order was placed, in UTC (an order without a usable date is unreadable).
    #[serde(with = "time::serde::rfc3339")]
    pub placed_at: OffsetDateTime,
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
    /// Units; a fractional quantity is rounded to the nearest unit, free text (`"1 un"`) gives
    /// its leading number, anything else 0.
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
    /// `pagination.count`: records matching the query in all pages, when the store sends it.
    pub total: Option<u64>,
    pub orders: Vec<Order>,
    /// Records of this page the points cannot be computed from; the rest of the page is in
    /// `orders`.
    pub unreadable: Vec<UnreadableOrder>,
}

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

/// An order record the points cannot be computed from. Says which Simplo7 field failed and
/// what could still be read to identify the order; never the buyer's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableOrder {
    /// Place in its page (from 1), or 1 for a single order.
    pub position: usize,
    /// `None` when the id itself is what could not be read.
    pub id: Option<u64>,
    pub number: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub placed_at: Option<OffsetDateTime>,
    pub status_id: Option<String>,
    /// The Simplo7 name of the first field that failed: `id`, `pedidostatus_id`,
    /// `data_pedido`, `total_produtos`, `total_descontos`, or `Wspedido` for a record that is
    /// not an order at all.
    pub field: &'static str,
}

/// One order as the store sent it: readable, or not (with the field that failed).
// Nearly every record is readable: boxing the common case would cost an allocation per order.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderRecord {
    Read(Order),
    Unreadable(UnreadableOrder),
}

/// The fields the points are computed from, in the order they are checked. Any other field
/// that is missing or malformed falls back to empty (`None`, 0, no items) and never makes an
/// order unreadable: item quantities, addresses, phones, shipping, payment.
pub const FIELDS_THE_POINTS_NEED: [&str; 5] = [
    "id",
    "pedidostatus_id",
    "data_pedido",
    "total_produtos",
    "total_descontos",
];

#[derive(Deserialize)]
pub(crate) struct RawOrderRecord {
    #[serde(rename = "Wspedido")]
    order: RawOrder,
    #[serde(rename = "Item", default, deserialize_with = "any_value")]
    items: serde_json::Value,
    #[serde(rename = "Status", default, deserialize_with = "any_value")]
    status: serde_json::Value,
}

/// Every field is read leniently; [`RawOrderRecord::into_record`] decides which failures
/// matter. Unknown fields are ignored.
#[derive(Deserialize)]
struct RawOrder {
    #[serde(default, deserialize_with = "lenient_u64")]
    id: Lenient<u64>,
    #[serde(default, deserialize_with = "lenient_text")]
    numero: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_date_time")]
    data_pedido: Lenient<OffsetDateTime>,
    #[serde(default, deserialize_with = "lenient_text")]
    pedidostatus_id: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_cpfcnpj: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_razaosocial: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_email: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_telefone: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_celular: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_data_nascimento: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_cidade: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    cliente_estado: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_cents")]
    total_produtos: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    total_frete: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    total_descontos: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    desconto_avista: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    total_pedido: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_text")]
    pagamento_forma: Lenient<String>,
}

#[derive(Deserialize)]
struct RawItem {
    #[serde(default, deserialize_with = "lenient_u64")]
    produto_id: Lenient<u64>,
    #[serde(default, deserialize_with = "lenient_text")]
    sku: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    nome_produto: Lenient<String>,
    #[serde(default, deserialize_with = "lenient_quantity")]
    quantidade: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    valor_unitario: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    valor_total: Lenient<i64>,
    #[serde(default, deserialize_with = "lenient_cents")]
    desconto: Lenient<i64>,
}

impl From<RawItem> for OrderItem {
    fn from(i: RawItem) -> Self {
        Self {
            product_id: i.produto_id.ok(),
            sku: i.sku.ok().unwrap_or_default(),
            name: i.nome_produto.ok().unwrap_or_default(),
            quantity: i.quantidade.ok().unwrap_or(0),
            unit_price_cents: i.valor_unitario.ok().unwrap_or(0),
            total_cents: i.valor_total.ok().unwrap_or(0),
            discount_cents: i.desconto.ok().unwrap_or(0),
        }
    }
}

/// `Item` as a list, or as the object PHP makes of a list with gaps; an item that is not an
/// object is left out (items do not count for points).
fn items(value: serde_json::Value) -> Vec<OrderItem> {
    let values: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(list) => list,
        serde_json::Value::Object(map) => map.into_iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    };
    values
        .into_iter()
        .filter_map(|v| serde_json::from_value::<RawItem>(v).ok())
        .map(OrderItem::from)
        .collect()
}

fn status_name(value: &serde_json::Value) -> Option<String> {
    match value.get("nome")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

impl RawOrderRecord {
    /// Reads one record of a page (`position` from 1); never fails: a record the points
    /// cannot be computed from is [`OrderRecord::Unreadable`].
    pub(crate) fn read(value: serde_json::Value, position: usize) -> OrderRecord {
        match serde_json::from_value::<RawOrderRecord>(value) {
            Ok(raw) => raw.into_record(position),
            Err(_) => OrderRecord::Unreadable(UnreadableOrder {
                position,
                id: None,
                number: None,
                placed_at: None,
                status_id: None,
                field: "Wspedido",
            }),
        }
    }

    fn into_record(self, position: usize) -> OrderRecord {
        let o = self.order;
        // Money the points need: a missing discount is no discount, a missing products total
        // is not zero but unknown.
        let discounts = match o.total_descontos {
            Lenient::Missing => Lenient::Ok(0),
            other => other,
        };
        let failed = [
            ("id", matches!(o.id, Lenient::Ok(_))),
            (
                "pedidostatus_id",
                matches!(o.pedidostatus_id, Lenient::Ok(_)),
            ),
            ("data_pedido", matches!(o.data_pedido, Lenient::Ok(_))),
            ("total_produtos", matches!(o.total_produtos, Lenient::Ok(_))),
            ("total_descontos", matches!(discounts, Lenient::Ok(_))),
        ]
        .into_iter()
        .find(|(_, ok)| !ok)
        .map(|(field, _)| field);
        let (
            Lenient::Ok(id),
            Lenient::Ok(status_id),
            Lenient::Ok(placed_at),
            Lenient::Ok(products),
            Lenient::Ok(discounts),
            None,
        ) = (
            o.id.clone(),
            o.pedidostatus_id.clone(),
            o.data_pedido.clone(),
            o.total_produtos.clone(),
            discounts,
            failed,
        )
        else {
            let id = o.id.ok();
            return OrderRecord::Unreadable(UnreadableOrder {
                position,
                id,
                number: o.numero.ok().or_else(|| id.map(|i| i.to_string())),
                placed_at: o.data_pedido.ok(),
                status_id: o.pedidostatus_id.ok(),
                field: failed.unwrap_or("Wspedido"),
            });
        };
        OrderRecord::Read(Order {
            id,
            number: o.numero.ok().unwrap_or_else(|| id.to_string()),
            placed_at,
            status_id,
            status_name: status_name(&self.status),
            customer: Customer {
                document: o.cliente_cpfcnpj.ok(),
                name: o.cliente_razaosocial.ok(),
                email: o.cliente_email.ok(),
                phone: o.cliente_telefone.ok(),
                mobile: o.cliente_celular.ok(),
                birth_date: o
                    .cliente_data_nascimento
                    .ok()
                    .as_deref()
                    .and_then(parse_date),
                city: o.cliente_cidade.ok(),
                state: o.cliente_estado.ok(),
            },
            totals: Totals {
                products_cents: products,
                shipping_cents: o.total_frete.ok().unwrap_or(0),
                discounts_cents: discounts,
                cash_discount_cents: o.desconto_avista.ok().unwrap_or(0),
                order_cents: o.total_pedido.ok().unwrap_or(0),
            },
            payment_method: o.pagamento_forma.ok(),
            items: items(self.items),
        })
    }
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
        let order = read(json);
        assert_eq!(order.id, 1042);
        assert_eq!(order.status_id, "12");
        assert_eq!(order.status_name.as_deref(), Some("Pago"));
        assert_eq!(order.placed_at, datetime!(2026-11-20 17:33:10 UTC));
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

    fn record(json: &str) -> OrderRecord {
        RawOrderRecord::read(serde_json::from_str(json).unwrap(), 3)
    }

    fn read(json: &str) -> Order {
        match record(json) {
            OrderRecord::Read(order) => order,
            OrderRecord::Unreadable(u) => panic!("unreadable: {u:?}"),
        }
    }

    fn unreadable(json: &str) -> UnreadableOrder {
        match record(json) {
            OrderRecord::Unreadable(u) => u,
            OrderRecord::Read(order) => panic!("read: {order:?}"),
        }
    }

    const MINIMAL: &str = r#"{"id":"5","pedidostatus_id":"3","data_pedido":"2026-11-20 10:00:00",
        "total_produtos":"10.00"}"#;

    #[test]
    fn a_minimal_order_reads_with_defaults_for_everything_the_points_do_not_need() {
        let order = read(&format!(r#"{{"Wspedido":{MINIMAL}}}"#));
        assert_eq!(order.number, "5");
        assert!(order.items.is_empty());
        assert_eq!(
            order.totals.discounts_cents, 0,
            "no discount is no discount"
        );
        assert_eq!(order.totals.products_cents, 1_000);
        assert_eq!(order.customer, Customer::default());
    }

    #[test]
    fn fields_the_points_do_not_need_never_make_an_order_unreadable() {
        let json = r#"{"Wspedido":{"id":"9","pedidostatus_id":"21","data_pedido":"2026-11-20 10:00:00",
            "total_produtos":"100.00","total_descontos":"","total_frete":"grátis",
            "total_pedido":{"valor":1},"desconto_avista":"?","cliente_telefone":["11","9999"],
            "cliente_cpfcnpj":"529.982.247-25","cliente_email":{"x":1},"cliente_cidade":12,
            "cliente_data_nascimento":"ontem","entrega_numero":{"a":[1,2]},"campo_novo":[null]},
          "Item":[{"sku":"A","quantidade":"1 un","valor_unitario":"R$ --","produto_id":"abc"},
                  "não é um item", {"sku":"B","quantidade":{"n":2}}],
          "Status":"Entregue"}"#;
        let order = read(json);
        assert_eq!(order.totals.products_cents, 10_000);
        assert_eq!(
            (order.totals.shipping_cents, order.totals.order_cents),
            (0, 0)
        );
        assert_eq!(order.customer.document.as_deref(), Some("529.982.247-25"));
        assert_eq!(order.customer.email, None);
        assert_eq!(order.customer.phone, None);
        assert_eq!(order.customer.city.as_deref(), Some("12"));
        assert_eq!(order.status_name, None);
        assert_eq!(
            order.items.len(),
            2,
            "the item that is not an object is left out"
        );
        assert_eq!(order.items[0].quantity, 1, "\"1 un\" is one unit");
        assert_eq!(order.items[0].product_id, None);
        assert_eq!(order.items[1].quantity, 0);
        // PHP's object form of a list.
        let order = read(&format!(
            r#"{{"Wspedido":{MINIMAL},"Item":{{"0":{{"sku":"A"}},"2":{{"sku":"B"}}}}}}"#
        ));
        assert_eq!(order.items.len(), 2);
    }

    #[test]
    fn an_order_whose_points_cannot_be_computed_is_unreadable_and_names_the_field() {
        let u = unreadable(
            r#"{"Wspedido":{"id":"77","numero":"A-77","pedidostatus_id":"21",
            "data_pedido":"2026-11-20 10:00:00","total_produtos":"cem reais",
            "cliente_cpfcnpj":"529.982.247-25","cliente_email":"ana@exemplo.com.br"}}"#,
        );
        assert_eq!(u.field, "total_produtos");
        assert_eq!(u.id, Some(77));
        assert_eq!(u.number.as_deref(), Some("A-77"));
        assert_eq!(u.status_id.as_deref(), Some("21"));
        assert_eq!(u.position, 3);
        assert_eq!(u.placed_at, Some(datetime!(2026-11-20 13:00 UTC)));
        // Nothing of the buyer travels with it.
        let text = format!("{u:?}");
        assert!(!text.contains("529") && !text.contains("ana@"), "{text}");

        let cases = [
            (r#"{"Wspedido":{"id":5}}"#, "pedidostatus_id", Some(5)),
            (
                r#"{"Wspedido":{"id":{"x":1},"pedidostatus_id":"3"}}"#,
                "id",
                None,
            ),
            (
                r#"{"Wspedido":{"id":5,"pedidostatus_id":"3","data_pedido":"ontem"}}"#,
                "data_pedido",
                Some(5),
            ),
            (
                r#"{"Wspedido":{"id":5,"pedidostatus_id":"3","data_pedido":"2026-11-20"}}"#,
                "total_produtos",
                Some(5),
            ),
            (
                r#"{"Wspedido":{"id":5,"pedidostatus_id":"3","data_pedido":"2026-11-20",
                "total_produtos":"10","total_descontos":"1,2,3.4.5"}}"#,
                "total_descontos",
                Some(5),
            ),
            (r#"{"Wspedido":"nada"}"#, "Wspedido", None),
            (r#"{"Pedido":{"id":5}}"#, "Wspedido", None),
        ];
        for (json, field, id) in cases {
            let u = unreadable(json);
            assert_eq!((u.field, u.id), (field, id), "{json}");
            assert!(FIELDS_THE_POINTS_NEED.contains(&u.field) || u.field == "Wspedido");
        }
        assert!(matches!(
            RawOrderRecord::read(serde_json::json!(42), 1),
            OrderRecord::Unreadable(UnreadableOrder {
                field: "Wspedido",
                ..
            })
        ));
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
}
