//! The demo store (SPEC §7): a local HTTP server on 127.0.0.1 that speaks the Simplo7 API
//! shapes (statuses, paged orders with realistic Brazilian data, one order) and serves a
//! Google Shopping feed, so the app can be tried, and tested end to end, without a real store.
//!
//! Everything is deterministic for a given [`DemoConfig::seed`] relative to its clock: ~120
//! days of history, and [`DemoHandle::advance`] moves time on (new orders, planned status
//! changes). Faults are switched at runtime from Rust ([`DemoHandle`]) or, with the `faults`
//! cargo feature ([`FAULT_ROUTES`]: the tests and the development build turn it on, release
//! builds leave it off), over HTTP:
//!
//! | route | does |
//! |---|---|
//! | `GET /_demo/state` | clock, order counts per status, active faults, request count |
//! | `POST /_demo/faults` | sets every switch: `{"rate_limit":{"count":1,"retry_after_secs":2}, "server_errors":3, "slow":{"count":1,"delay_ms":500}, "wrong_token":false, "html":false, "endless_pages":false, "feed_broken":false, "feed_without":["SKU"], "feed_redirect":"https://0.0.0.0:9/feed.xml"}` (missing = off) |
//! | `POST /_demo/faults/clear` | all switches off |
//! | `POST /_demo/orders/{id}/status` | `{"status_id":"25"}`: changes one order's status |
//! | `POST /_demo/advance` | `{"days":1,"hours":6}`: moves the clock on |
//! | `POST /_demo/orders/{id}/edit` | [`OrderEdit`]: `{"products_cents":15000,"discounts_cents":0,"document":"529.982.247-25","email":null}` (a refund, an edit, a CPF filled in later) |
//! | `POST /_demo/orders/{id}/delete` | the order is gone: listings skip it, a read answers 404 |
//! | `POST /_demo/orders/{id}/raw` | `{"part":"order","field":"total_produtos","value":"cem reais"}`: a malformed field (`part`: `order`, `items`, `record`) |
//! | `POST /_demo/orders/insert` | `{"days_ago":40}`: a delivered order placed in the past, inserted in date order (later pages shift) |
//!
//! The API requires the header `appKey: `[`DEMO_TOKEN`] (public: it opens nothing real). The
//! feed carries `ETag` and `Last-Modified` and answers a conditional request for an unchanged
//! feed with `304` and no body.

#[cfg(feature = "faults")]
mod admin;
mod feed;
mod feed_serve;
pub mod hostile;
mod images;
mod orders;
mod people;
pub mod redirect;
mod rng;
mod script;
mod server;
mod serving;
mod state;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use conector_core::{CodedError, MessageCode, Params};
use time::OffsetDateTime;

pub use feed_serve::FeedRequestRecord;
pub use orders::STATUSES;
pub use script::{OrderEdit, RecordPart};
pub use state::{Faults, RateLimitFault, RequestRecord, SlowFault};

use server::Shared;
use serving::Serving;
use state::DemoState;

/// Whether this build answers the unauthenticated `/_demo/` admin routes (fault switches, the
/// clock, order edits). Off in release builds: the `faults` feature is for tests and the
/// development build.
pub const FAULT_ROUTES: bool = cfg!(feature = "faults");

/// The demo store's token. Public on purpose: it is printed by `conector demo serve` and
/// filled in by "Experimentar com a loja de demonstração".
pub const DEMO_TOKEN: &str = "demo-token-conector-fidelidade-0001";

/// How to start the demo store. `Default` is what the app and the CLI use.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// 0 picks a free port.
    pub port: u16,
    pub seed: u64,
    /// The store's clock at start; `None` = the real now.
    pub now: Option<OffsetDateTime>,
    /// How far back the order history goes.
    pub days_back: u32,
    /// How many distinct buyers share the orders (so many buy more than once).
    pub customers: usize,
    pub page_size: usize,
    pub token: String,
    /// Products in the served feed; 0 serves no feed.
    pub feed_items: usize,
    /// About this many orders a day (0: the natural 3 to 4). A year at 274 a day is the
    /// 100k-order store of the sync measurements.
    pub orders_per_day: u32,
}

impl Default for DemoConfig {
    fn default() -> Self {
        Self {
            port: 0,
            seed: 20_261_128,
            now: None,
            days_back: 120,
            customers: 160,
            page_size: 50,
            token: DEMO_TOKEN.to_owned(),
            feed_items: 240,
            orders_per_day: 0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    #[error("the demo store could not listen on port {port}")]
    Bind {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("no order {0} in the demo store")]
    UnknownOrder(u64),
    #[error("no status {0:?} in the demo store")]
    UnknownStatus(String),
}

impl CodedError for DemoError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Bind { .. } => MessageCode::DemoBindFailed,
            Self::UnknownOrder(_) => MessageCode::DemoUnknownOrder,
            Self::UnknownStatus(_) => MessageCode::DemoUnknownStatus,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Bind { port, .. } => Params::new().number("port", *port),
            Self::UnknownOrder(id) => {
                Params::new().number("order", i64::try_from(*id).unwrap_or(i64::MAX))
            }
            Self::UnknownStatus(id) => Params::new().text("status", id.clone()),
        }
    }
}

pub struct DemoStore;

impl DemoStore {
    /// Binds 127.0.0.1, generates the history and serves until [`DemoHandle::shutdown`] (or
    /// until the handle is dropped). Needs a running tokio runtime.
    pub async fn start(config: DemoConfig) -> Result<DemoHandle, DemoError> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|source| DemoError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| DemoError::Bind {
            port: config.port,
            source,
        })?;
        let now = config.now.unwrap_or_else(OffsetDateTime::now_utc);
        let origin = format!("http://{addr}");
        let (feed, catalogue) = match feed::build(config.feed_items, config.seed, &origin) {
            Some((feed, catalogue)) => (Some(feed), catalogue),
            None => (None, Vec::new()),
        };
        let state = DemoState::new(&config, now, catalogue);
        let shared = Arc::new(Shared::new(state, feed));
        let app = server::router(shared.clone());
        #[cfg(feature = "faults")]
        let app = app.merge(admin::router(shared.clone()));
        let serving = Serving::start(listener, app, "demo store");
        tracing::info!(%addr, "demo store listening");
        Ok(DemoHandle {
            addr,
            token: config.token,
            shared,
            serving,
        })
    }
}

/// A running demo store. Dropping it stops the server.
pub struct DemoHandle {
    addr: SocketAddr,
    token: String,
    shared: Arc<Shared>,
    serving: Serving,
}

impl DemoHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base, `http://127.0.0.1:{port}/ws/` (loopback, so plain http is accepted).
    pub fn base_url(&self) -> String {
        format!("http://{}/ws/", self.addr)
    }

    /// The Google Shopping feed, `http://127.0.0.1:{port}/feed.xml` (404 when
    /// [`DemoConfig::feed_items`] is 0).
    /// The demo store's site (its "vitrine"), what step 9's site URL points at.
    pub fn site_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The demo store's customer sign-up page.
    pub fn signup_url(&self) -> String {
        format!("http://{}/cadastro", self.addr)
    }

    pub fn feed_url(&self) -> String {
        format!("http://{}/feed.xml", self.addr)
    }

    /// The same feed gzipped, `http://127.0.0.1:{port}/feed.xml.gz`.
    pub fn feed_gzip_url(&self) -> String {
        format!("http://{}/feed.xml.gz", self.addr)
    }

    /// The token the demo accepts.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The next `count` API requests get `429` with `Retry-After: retry_after_secs`.
    pub fn rate_limit(&self, count: u32, retry_after_secs: u64) {
        self.shared.lock().faults.rate_limit = (count > 0).then_some(RateLimitFault {
            count,
            retry_after_secs,
        });
    }

    /// The next `count` API requests get `500`.
    pub fn fail_with_500(&self, count: u32) {
        self.shared.lock().faults.server_errors = count;
    }

    /// The next `count` API requests answer only after `delay`.
    pub fn slow_down(&self, count: u32, delay: Duration) {
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.shared.lock().faults.slow = (count > 0).then_some(SlowFault { count, delay_ms });
    }

    /// Refuse every token (401) until switched off, as after the owner revokes it.
    pub fn set_wrong_token(&self, on: bool) {
        self.shared.lock().faults.wrong_token = on;
    }

    /// Answer every API request with a 200 HTML login page.
    pub fn set_html_responses(&self, on: bool) {
        self.shared.lock().faults.html = on;
    }

    /// The order listing claims a next page forever.
    pub fn set_endless_pages(&self, on: bool) {
        self.shared.lock().faults.endless_pages = on;
    }

    /// The feed answers `404` until switched off, as when the store stops generating it.
    pub fn set_feed_broken(&self, on: bool) {
        self.shared.lock().faults.feed_broken = on;
    }

    /// The feed answers `302 Found` to `to` until switched off (`None`).
    pub fn set_feed_redirect(&self, to: Option<&str>) {
        self.shared.lock().faults.feed_redirect = to.map(str::to_owned);
    }

    /// Leaves these SKUs out of the served feed (empty: the whole feed again), as when
    /// products leave the catalogue. The feed's `ETag` and `Last-Modified` change with it.
    pub fn set_feed_without(&self, skus: &[&str]) {
        self.shared.lock().faults.feed_without = skus.iter().map(|s| (*s).to_owned()).collect();
    }

    /// The feed requests served so far (`/feed.xml`, `/feed.xml.gz`), oldest first.
    pub fn feed_requests(&self) -> Vec<FeedRequestRecord> {
        self.shared
            .feed
            .as_ref()
            .map(|feed| feed_serve::requests(&feed.served))
            .unwrap_or_default()
    }

    pub fn faults(&self) -> Faults {
        self.shared.lock().faults.clone()
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults = Faults::default();
    }

    /// Changes one order's status now (e.g. to "25" Cancelado), overriding its planned course.
    pub fn set_order_status(&self, order_id: u64, status_id: &str) -> Result<(), DemoError> {
        if !STATUSES.iter().any(|(id, _)| *id == status_id) {
            return Err(DemoError::UnknownStatus(status_id.to_owned()));
        }
        if self.shared.lock().set_status(order_id, status_id) {
            Ok(())
        } else {
            Err(DemoError::UnknownOrder(order_id))
        }
    }

    /// Moves the store's clock on: orders placed in the meantime appear, planned status
    /// changes happen. Same seed and same total advance → same store.
    pub fn advance(&self, by: Duration) {
        let by = time::Duration::try_from(by).unwrap_or(time::Duration::ZERO);
        self.shared.lock().advance(by);
    }

    /// The store's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.shared.lock().now
    }

    /// Ids of the orders the store shows now (placed so far, not deleted), oldest first.
    pub fn order_ids(&self) -> Vec<u64> {
        self.shared.lock().visible().map(|o| o.id).collect()
    }

    /// One order's current status id.
    pub fn order_status(&self, order_id: u64) -> Option<String> {
        let state = self.shared.lock();
        let status = state
            .visible()
            .find(|o| o.id == order_id)
            .map(|o| state.status_of(o));
        status
    }

    /// Every order the store shows now, as its API would describe it (after edits; raw
    /// malformed fields are not reflected here: the caller knows which it broke).
    pub fn orders_now(&self) -> Vec<DemoOrderView> {
        let state = self.shared.lock();
        state.visible().map(|o| state.view(o)).collect()
    }

    /// Edits an order now: a refund or an edited total, a CPF filled in later.
    pub fn edit_order(&self, order_id: u64, edit: OrderEdit) -> Result<(), DemoError> {
        let mut state = self.shared.lock();
        if !state.has_order(order_id) {
            return Err(DemoError::UnknownOrder(order_id));
        }
        state.script.edit(order_id, edit);
        Ok(())
    }

    /// Deletes an order: listings leave it out and `wspedidos/{id}.json` answers 404.
    pub fn delete_order(&self, order_id: u64) -> Result<(), DemoError> {
        let mut state = self.shared.lock();
        if !state.has_order(order_id) {
            return Err(DemoError::UnknownOrder(order_id));
        }
        state.script.deleted.insert(order_id);
        Ok(())
    }

    /// Serves `value` (raw JSON) in place of a field of the order's record, as a store with
    /// bad data does: `("order", "total_produtos", "cem reais")`, `("items", "quantidade",
    /// "1 un")`, or the whole record.
    pub fn set_raw_field(
        &self,
        order_id: u64,
        part: RecordPart,
        field: &str,
        value: serde_json::Value,
    ) -> Result<(), DemoError> {
        let mut state = self.shared.lock();
        if !state.has_order(order_id) {
            return Err(DemoError::UnknownOrder(order_id));
        }
        state.script.set_raw(order_id, part, field, value);
        Ok(())
    }

    /// Serves the order's record as it really is again (the bad data was fixed).
    pub fn clear_raw_fields(&self, order_id: u64) {
        self.shared.lock().script.clear_raw(order_id);
    }

    /// Inserts a delivered order placed at `placed_at` (before the store's clock), in date
    /// order among the others: every listing page after it shifts by one. Returns its id.
    pub fn insert_order(&self, placed_at: OffsetDateTime) -> u64 {
        let mut state = self.shared.lock();
        let placed_at = placed_at.min(state.now);
        state.insert_order(placed_at)
    }

    /// The API requests served so far (not admin or feed requests).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// Stops accepting requests and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.serving.shutdown().await;
    }
}

/// One order as the store shows it now (see [`DemoHandle::orders_now`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrderView {
    pub id: u64,
    pub number: u64,
    pub placed_at: OffsetDateTime,
    pub status_id: String,
    pub status_name: String,
    pub products_cents: i64,
    pub discounts_cents: i64,
    pub document: Option<String>,
    pub email: Option<String>,
    pub name: String,
}

#[cfg(test)]
mod tests {
    /// The app keeps a running demo in its managed state, which Tauri shares across threads.
    #[test]
    fn the_handle_can_live_in_shared_state() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<super::DemoHandle>();
    }
}
