//! What the demo store knows and how it is misbehaving right now. One lock, held briefly.

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::orders::{DemoOrder, OrderStream, Product};
use crate::script::Script;

/// The fault switches. Counted faults (`rate_limit`, `server_errors`, `slow`) hit the next
/// N API requests and then switch themselves off; the flags stay until changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// The next `count` API requests get `429` with `Retry-After: retry_after_secs`.
    pub rate_limit: Option<RateLimitFault>,
    /// The next N API requests get `500`.
    pub server_errors: u32,
    /// The next `count` API requests answer only after `delay_ms`.
    pub slow: Option<SlowFault>,
    /// Every token is refused with `401`, as after the owner revokes it.
    pub wrong_token: bool,
    /// Every API request gets a `200` HTML page (a login page), as a misconfigured domain does.
    pub html: bool,
    /// The order listing claims a next page forever.
    pub endless_pages: bool,
    /// The feed answers `404`, as when the store stops generating it.
    pub feed_broken: bool,
    /// These SKUs are left out of the feed, as when products leave the catalogue.
    pub feed_without: Vec<String>,
    /// The feed answers `302 Found` to this address, as a hijacked or hostile feed host would
    /// (the download policy's proof, issue #23).
    pub feed_redirect: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitFault {
    pub count: u32,
    pub retry_after_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlowFault {
    pub count: u32,
    pub delay_ms: u64,
}

/// One API request as the demo saw it (admin and feed requests are not logged).
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub path: String,
    pub query: String,
    /// The status answered; 0 while the answer is still being prepared (e.g. a slow page).
    pub status: u16,
    pub at: Instant,
    /// Whether an `appKey` header was present (its value is never kept).
    pub had_app_key: bool,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
}

/// What a request should suffer, decided (and counted down) when it arrives.
pub(crate) enum Verdict {
    Serve,
    RateLimited(u64),
    ServerError,
    Html,
    Unauthorized,
}

pub(crate) struct DemoState {
    pub now: OffsetDateTime,
    stream: OrderStream,
    pub orders: Vec<DemoOrder>,
    overrides: HashMap<u64, String>,
    pub script: Script,
    pub faults: Faults,
    pub requests: Vec<RequestRecord>,
    pub token: String,
    pub page_size: usize,
}

impl DemoState {
    pub(crate) fn new(
        config: &crate::DemoConfig,
        now: OffsetDateTime,
        catalogue: Vec<Product>,
    ) -> Self {
        let from = now - time::Duration::days(i64::from(config.days_back));
        let mut stream = OrderStream::new(config.seed, from, config.customers, catalogue)
            .with_orders_per_day(config.orders_per_day);
        let orders = stream.take_until(now);
        Self {
            now,
            stream,
            orders,
            overrides: HashMap::new(),
            script: Script::default(),
            faults: Faults::default(),
            requests: Vec::new(),
            token: config.token.clone(),
            page_size: config.page_size,
        }
    }

    /// Moves the clock on: new orders appear and planned status changes happen.
    pub(crate) fn advance(&mut self, by: time::Duration) {
        if by.is_positive() {
            self.now += by;
            let new_orders = self.stream.take_until(self.now);
            self.orders.extend(new_orders);
        }
    }

    pub(crate) fn customer(&self, order: &DemoOrder) -> &crate::people::Person {
        &self.stream.customers[order.customer]
    }

    /// The order as served now: its data after the scripted edits.
    pub(crate) fn view(&self, order: &DemoOrder) -> crate::DemoOrderView {
        let customer = self.customer(order);
        let edit = self.script.edits.get(&order.id);
        let status_id = self.status_of(order);
        crate::DemoOrderView {
            id: order.id,
            number: order.number,
            placed_at: order.placed_at,
            status_name: crate::orders::status_name(&status_id)
                .unwrap_or("Status personalizado")
                .to_owned(),
            status_id,
            products_cents: edit
                .and_then(|e| e.products_cents)
                .unwrap_or(order.products_cents),
            discounts_cents: edit
                .and_then(|e| e.discounts_cents)
                .unwrap_or(order.discounts_cents),
            document: match edit.and_then(|e| e.document.clone()) {
                Some(document) => document,
                None => Some(customer.document.clone()).filter(|d| !d.is_empty()),
            },
            email: match edit.and_then(|e| e.email.clone()) {
                Some(email) => email,
                None => Some(customer.email.clone()),
            },
            name: customer.name.clone(),
        }
    }

    /// The current status: a manual change wins over the plan.
    pub(crate) fn status_of(&self, order: &DemoOrder) -> String {
        self.overrides
            .get(&order.id)
            .cloned()
            .unwrap_or_else(|| order.status_at(self.now).to_owned())
    }

    /// The orders the store shows now: placed by its clock, not deleted.
    pub(crate) fn visible(&self) -> impl Iterator<Item = &DemoOrder> {
        self.orders
            .iter()
            .filter(|o| o.placed_at <= self.now && !self.script.deleted.contains(&o.id))
    }

    pub(crate) fn has_order(&self, id: u64) -> bool {
        self.visible().any(|o| o.id == id)
    }

    /// A new order placed at `placed_at` (in the past: a late-recorded or imported order),
    /// delivered, put in date order among the others, so every listing page after it shifts.
    pub(crate) fn insert_order(&mut self, placed_at: OffsetDateTime) -> u64 {
        let id = self.orders.iter().map(|o| o.id).max().unwrap_or(1_000) + 1;
        let number = self.orders.iter().map(|o| o.number).max().unwrap_or(50_000) + 1;
        let order = self.stream.one_delivered(id, number, placed_at);
        let at = self.orders.partition_point(|o| o.placed_at <= placed_at);
        self.orders.insert(at, order);
        id
    }

    pub(crate) fn set_status(&mut self, id: u64, status: &str) -> bool {
        if self.orders.iter().any(|o| o.id == id) {
            self.overrides.insert(id, status.to_owned());
            true
        } else {
            false
        }
    }

    /// Applies the switches to one API request, counting down the counted ones. The delay is
    /// returned separately: the caller sleeps without holding the lock.
    pub(crate) fn verdict(&mut self, app_key: Option<&str>) -> (Option<Duration>, Verdict) {
        let delay = match &mut self.faults.slow {
            Some(slow) if slow.count > 0 => {
                slow.count -= 1;
                Some(Duration::from_millis(slow.delay_ms))
            }
            _ => None,
        };
        if matches!(self.faults.slow, Some(SlowFault { count: 0, .. })) {
            self.faults.slow = None;
        }
        if let Some(limit) = &mut self.faults.rate_limit {
            let retry_after = limit.retry_after_secs;
            limit.count = limit.count.saturating_sub(1);
            if limit.count == 0 {
                self.faults.rate_limit = None;
            }
            return (delay, Verdict::RateLimited(retry_after));
        }
        if self.faults.server_errors > 0 {
            self.faults.server_errors -= 1;
            return (delay, Verdict::ServerError);
        }
        if self.faults.html {
            return (delay, Verdict::Html);
        }
        if self.faults.wrong_token || app_key != Some(self.token.as_str()) {
            return (delay, Verdict::Unauthorized);
        }
        (delay, Verdict::Serve)
    }
}
