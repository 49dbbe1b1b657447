//! The demo store's order history: generated from a seed, one order after another, each with
//! a planned status timeline. The status an order shows is the last timeline step at or
//! before the store's clock, so "advancing time" moves orders along deterministically.

use time::{Duration, OffsetDateTime};

use crate::people::{person, Person};
use crate::rng::Rng;

/// The store's statuses, with non-sequential ids as real stores have them.
pub const STATUSES: &[(&str, &str)] = &[
    ("3", "Aguardando pagamento"),
    ("7", "Pagamento em análise"),
    ("12", "Pago"),
    ("15", "Em separação"),
    ("18", "Enviado"),
    ("21", "Entregue"),
    ("27", "Concluído"),
    ("24", "Pronto para retirada"),
    ("25", "Cancelado"),
    ("31", "Devolvido"),
];

pub(crate) const AWAITING_PAYMENT: &str = "3";
const PAYMENT_REVIEW: &str = "7";
const PAID: &str = "12";
const PICKING: &str = "15";
const SHIPPED: &str = "18";
const DELIVERED: &str = "21";
/// After delivery: the store closes the order once the days to return it have passed.
const COMPLETED: &str = "27";
const READY_FOR_PICKUP: &str = "24";
const CANCELLED: &str = "25";
const RETURNED: &str = "31";

/// Days from delivery until a delivered order is closed as "Concluído".
const COMPLETED_AFTER_DAYS: i64 = 7;

pub(crate) fn status_name(id: &str) -> Option<&'static str> {
    STATUSES
        .iter()
        .find(|(sid, _)| *sid == id)
        .map(|(_, name)| *name)
}

/// What the store sells: the feed's products when a feed is served, so that order SKUs match
/// the feed's `g:id`s; otherwise [`BUILT_IN_CATALOGUE`].
#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub product_id: u64,
    pub sku: String,
    pub name: String,
    pub price_cents: i64,
}

pub(crate) fn built_in_catalogue() -> Vec<Product> {
    BUILT_IN_CATALOGUE
        .iter()
        .enumerate()
        .map(|(i, (sku, name, price))| Product {
            product_id: 100 + i as u64,
            sku: (*sku).to_owned(),
            name: (*name).to_owned(),
            price_cents: *price,
        })
        .collect()
}

const BUILT_IN_CATALOGUE: &[(&str, &str, i64)] = &[
    ("SKU-0000001", "Camiseta Básica de Algodão", 5990),
    ("SKU-0000002", "Caneca Artesanal de Cerâmica", 4590),
    ("SKU-0000003", "Tênis Esportivo Unissex", 29990),
    ("SKU-0000004", "Mochila Confortável de Poliéster", 18990),
    ("SKU-0000005", "Luminária Rústica de Bambu", 15900),
    ("SKU-0000006", "Jaqueta Clássica de Couro Legítimo", 89990),
    ("SKU-0000007", "Relógio Elegante de Aço Inox", 49990),
    ("SKU-0000008", "Óculos de Sol Premium", 32990),
    ("SKU-0000009", "Panela Térmica de Aço Inox", 21990),
    ("SKU-0000010", "Travesseiro Ergonômico", 12990),
    ("SKU-0000011", "Sandália de Couro", 14990),
    ("SKU-0000012", "Vestido de Linho", 24990),
    ("SKU-0000013", "Calça Jeans Básica", 17990),
    ("SKU-0000014", "Fone de Ouvido Esportivo", 19990),
    ("SKU-0000015", "Garrafa Térmica de Aço Inox", 8990),
    ("SKU-0000016", "Almofada Orgânica de Algodão", 6990),
    ("SKU-0000017", "Toalha de Banho de Algodão", 7990),
    ("SKU-0000018", "Cafeteira Elegante", 34990),
    ("SKU-0000019", "Perfume Clássico", 27990),
    ("SKU-0000020", "Caderno Artesanal", 3990),
    ("SKU-0000021", "Boné Unissex", 4990),
    ("SKU-0000022", "Sabonete Líquido Orgânico", 2990),
];

const PAYMENT_METHODS: &[&str] = &["Pix", "Cartão de crédito", "Boleto bancário"];

/// Free shipping from this products total on.
const FREE_SHIPPING_FROM_CENTS: i64 = 29_900;

#[derive(Debug, Clone)]
pub(crate) struct DemoItem {
    pub product_id: u64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub discount_cents: i64,
}

impl DemoItem {
    pub(crate) fn total_cents(&self) -> i64 {
        self.unit_price_cents * self.quantity - self.discount_cents
    }
}

#[derive(Debug, Clone)]
pub(crate) struct DemoOrder {
    pub id: u64,
    pub number: u64,
    pub placed_at: OffsetDateTime,
    pub customer: usize,
    pub items: Vec<DemoItem>,
    pub products_cents: i64,
    pub shipping_cents: i64,
    pub discounts_cents: i64,
    pub cash_discount_cents: i64,
    pub payment_method: &'static str,
    /// (when, status id), in time order; the first step is at `placed_at`.
    pub timeline: Vec<(OffsetDateTime, &'static str)>,
}

impl DemoOrder {
    #[cfg(test)]
    pub(crate) fn total_cents(&self) -> i64 {
        self.products_cents - self.discounts_cents - self.cash_discount_cents + self.shipping_cents
    }

    /// The planned status at `now`.
    pub(crate) fn status_at(&self, now: OffsetDateTime) -> &'static str {
        self.timeline
            .iter()
            .take_while(|(at, _)| *at <= now)
            .last()
            .map_or(AWAITING_PAYMENT, |(_, status)| status)
    }
}

/// Time between two orders: uniform in a range.
#[derive(Debug, Clone, Copy)]
enum Gap {
    /// The natural demo store: 2 h to ~12 h, about 3 to 4 orders a day.
    Minutes(i64, i64),
    /// A large store for measurements.
    Seconds(i64, i64),
}

/// Produces orders one after another; its state is the position in the stream, so the
/// history is the same whatever steps time is advanced in.
#[derive(Debug)]
pub(crate) struct OrderStream {
    rng: Rng,
    gap: Gap,
    next_at: OffsetDateTime,
    next_id: u64,
    next_number: u64,
    pub customers: Vec<Person>,
    catalogue: Vec<Product>,
}

impl OrderStream {
    /// Orders start at `from`; `customers` buyers share them, so many buy more than once.
    pub(crate) fn new(
        seed: u64,
        from: OffsetDateTime,
        customers: usize,
        catalogue: Vec<Product>,
    ) -> Self {
        let mut rng = Rng::new(seed);
        let people = (0..customers.max(1)).map(|i| person(&mut rng, i)).collect();
        let catalogue = if catalogue.is_empty() {
            built_in_catalogue()
        } else {
            catalogue
        };
        Self {
            rng,
            gap: Gap::Minutes(120, 740),
            next_at: from,
            next_id: 1_001,
            next_number: 50_001,
            customers: people,
            catalogue,
        }
    }

    /// About `per_day` orders a day instead of the natural 3 to 4 (0 keeps those); a large
    /// store for measurements (100k orders over a year is 274 a day).
    pub(crate) fn with_orders_per_day(mut self, per_day: u32) -> Self {
        if per_day > 0 {
            let mean = (24 * 60 * 60 / i64::from(per_day)).max(2);
            self.gap = Gap::Seconds(mean / 2, mean * 3 / 2);
        }
        self
    }

    /// One more order, delivered, placed at `placed_at`, with the next buyer and products of
    /// the stream (it does not move the stream's clock).
    pub(crate) fn one_delivered(
        &mut self,
        id: u64,
        number: u64,
        placed_at: OffsetDateTime,
    ) -> DemoOrder {
        let mut order = self.generate();
        // `generate` advanced the clock for the next order: put it back.
        self.next_at = order.placed_at;
        order.id = id;
        order.number = number;
        order.placed_at = placed_at;
        order.timeline = vec![
            (placed_at, PAID),
            (placed_at + Duration::hours(30), SHIPPED),
            (placed_at + Duration::hours(90), DELIVERED),
        ];
        order
    }

    /// Every order placed up to and including `until`.
    pub(crate) fn take_until(&mut self, until: OffsetDateTime) -> Vec<DemoOrder> {
        let mut orders = Vec::new();
        while self.next_at <= until {
            orders.push(self.generate());
        }
        orders
    }

    fn generate(&mut self) -> DemoOrder {
        let rng = &mut self.rng;
        let placed_at = self.next_at;
        self.next_at += match self.gap {
            Gap::Minutes(low, high) => Duration::minutes(rng.between(low, high)),
            Gap::Seconds(low, high) => Duration::seconds(rng.between(low, high)),
        };
        let id = self.next_id;
        self.next_id += 1 + rng.below(3);
        let number = self.next_number;
        self.next_number += 1;
        let customer = rng.below(self.customers.len() as u64) as usize;

        let mut items: Vec<DemoItem> = Vec::new();
        // Most orders carry one product, some two, a few three (a ticket of a couple of
        // hundred reais, as small Brazilian shops have).
        let lines = match rng.below(10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        for _ in 0..lines {
            let product = &self.catalogue[rng.below(self.catalogue.len() as u64) as usize];
            if items.iter().any(|it| it.sku == product.sku) {
                continue;
            }
            let quantity = if rng.below(8) == 0 { 2 } else { 1 };
            let discount_cents = if rng.below(10) == 0 {
                product.price_cents * quantity / 10
            } else {
                0
            };
            items.push(DemoItem {
                product_id: product.product_id,
                sku: product.sku.clone(),
                name: product.name.clone(),
                quantity,
                unit_price_cents: product.price_cents,
                discount_cents,
            });
        }
        let products_cents: i64 = items.iter().map(DemoItem::total_cents).sum();
        let discounts_cents = if rng.below(100) < 15 {
            products_cents / 10
        } else {
            0
        };
        let payment_method = *rng.pick(PAYMENT_METHODS);
        let cash_discount_cents = if payment_method == "Pix" {
            (products_cents - discounts_cents) * 5 / 100
        } else {
            0
        };
        let shipping_cents = if products_cents >= FREE_SHIPPING_FROM_CENTS {
            0
        } else {
            rng.between(1590, 4990)
        };
        let timeline = timeline(rng, placed_at, payment_method);
        DemoOrder {
            id,
            number,
            placed_at,
            customer,
            items,
            products_cents,
            shipping_cents,
            discounts_cents,
            cash_discount_cents,
            payment_method,
            timeline,
        }
    }
}

fn timeline(
    rng: &mut Rng,
    placed_at: OffsetDateTime,
    payment: &str,
) -> Vec<(OffsetDateTime, &'static str)> {
    let hours = |rng: &mut Rng, low: i64, high: i64| Duration::hours(rng.between(low, high));
    let mut steps = vec![(placed_at, AWAITING_PAYMENT)];
    let mut at = placed_at;
    let roll = rng.below(100);
    // Boletos expire unpaid far more often than cards or Pix.
    let never_paid = if payment == "Boleto bancário" {
        roll < 25
    } else {
        roll < 5
    };
    if payment == "Cartão de crédito" {
        at += Duration::minutes(rng.between(1, 30));
        steps.push((at, PAYMENT_REVIEW));
    }
    if never_paid {
        at += hours(rng, 48, 96);
        steps.push((at, CANCELLED));
        return steps;
    }
    at += if payment == "Boleto bancário" {
        hours(rng, 12, 60)
    } else {
        Duration::minutes(rng.between(2, 90))
    };
    steps.push((at, PAID));
    if rng.below(100) < 4 {
        at += hours(rng, 6, 48);
        steps.push((at, CANCELLED));
        return steps;
    }
    at += hours(rng, 4, 30);
    steps.push((at, PICKING));
    if rng.below(100) < 6 {
        at += hours(rng, 4, 24);
        steps.push((at, READY_FOR_PICKUP));
        at += hours(rng, 24, 120);
        steps.push((at, DELIVERED));
    } else {
        at += hours(rng, 12, 48);
        steps.push((at, SHIPPED));
        at += hours(rng, 48, 240);
        steps.push((at, DELIVERED));
    }
    // The closing day takes nothing from the generator, so the orders and their other steps
    // are the same as before the store had it.
    let completed = (at + Duration::days(COMPLETED_AFTER_DAYS), COMPLETED);
    if rng.below(100) < 4 {
        at += hours(rng, 72, 360);
        if completed.0 < at {
            steps.push(completed);
        }
        steps.push((at, RETURNED));
    } else {
        steps.push(completed);
    }
    steps
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn the_stream_is_the_same_whatever_the_steps() {
        let start = datetime!(2026-08-01 12:00 UTC);
        let mut whole = OrderStream::new(42, start, 50, Vec::new());
        let mut stepped = OrderStream::new(42, start, 50, Vec::new());
        let all = whole.take_until(start + Duration::days(30));
        let mut parts = stepped.take_until(start + Duration::days(10));
        parts.extend(stepped.take_until(start + Duration::days(30)));
        let ids = |v: &[DemoOrder]| {
            v.iter()
                .map(|o| (o.id, o.total_cents()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&all), ids(&parts));
    }

    #[test]
    fn totals_add_up_and_every_order_has_items() {
        let start = datetime!(2026-08-01 12:00 UTC);
        let orders =
            OrderStream::new(1, start, 80, Vec::new()).take_until(start + Duration::days(120));
        assert!((300..=600).contains(&orders.len()), "{}", orders.len());
        for o in &orders {
            assert!(!o.items.is_empty());
            let items: i64 = o
                .items
                .iter()
                .map(|i| i.unit_price_cents * i.quantity - i.discount_cents)
                .sum();
            assert_eq!(o.products_cents, items);
            assert!(o.total_cents() > 0);
            assert!(o.timeline.windows(2).all(|w| w[0].0 <= w[1].0));
        }
    }

    #[test]
    fn statuses_follow_the_clock() {
        let start = datetime!(2026-08-01 12:00 UTC);
        let orders =
            OrderStream::new(3, start, 20, Vec::new()).take_until(start + Duration::days(5));
        let o = &orders[0];
        assert_eq!(o.status_at(o.placed_at), AWAITING_PAYMENT);
        let last = o.timeline.last().unwrap();
        assert_eq!(o.status_at(last.0 + Duration::days(400)), last.1);
        assert!(status_name(last.1).is_some());
    }

    /// The default demo store: its feed's products, its seed, 120 days of 160 buyers.
    fn default_history() -> Vec<DemoOrder> {
        let config = crate::DemoConfig::default();
        let (_, products) =
            crate::feed::build(config.feed_items, config.seed, "http://127.0.0.1:8088").unwrap();
        let start = datetime!(2026-08-01 12:00 UTC);
        OrderStream::new(config.seed, start, config.customers, products)
            .take_until(start + Duration::days(i64::from(config.days_back)))
    }

    #[test]
    fn tickets_are_those_of_a_small_brazilian_shop() {
        let orders = default_history();
        let mut totals: Vec<i64> = orders.iter().map(DemoOrder::total_cents).collect();
        totals.sort_unstable();
        let mean = totals.iter().sum::<i64>() / totals.len() as i64;
        let median = totals[totals.len() / 2];
        eprintln!(
            "{} orders, mean R$ {}, median R$ {}, max R$ {}",
            totals.len(),
            mean / 100,
            median / 100,
            totals[totals.len() - 1] / 100
        );
        assert!((12_000..=30_000).contains(&mean), "mean ticket {mean}");
        assert!((9_000..=25_000).contains(&median), "median ticket {median}");
        // Big orders happen, but rarely.
        let over_1000 = totals.iter().filter(|t| **t > 100_000).count();
        assert!(
            over_1000 * 50 <= totals.len(),
            "{over_1000} orders over R$ 1.000"
        );
        let single = orders.iter().filter(|o| o.items.len() == 1).count();
        assert!(single * 2 > orders.len(), "most orders carry one product");
    }
}
