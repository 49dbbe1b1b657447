#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use conector_core::Secret;
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_ledger::FinalStatuses;
use conector_simplo7::store_key;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use conector_sync::SyncConfig;

/// Enviado, Entregue, Concluído (the demo store closes a delivered order a week later),
/// Pronto para retirada.
pub const FINALS: [&str; 4] = ["18", "21", "27", "24"];

pub async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig::default()).await.unwrap()
}

pub fn fast_client_config() -> ClientConfig {
    ClientConfig {
        min_interval: Duration::ZERO,
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(50),
        retry_after_cap: Duration::from_millis(50),
        ..ClientConfig::default()
    }
}

pub fn client(demo: &DemoHandle) -> StoreClient {
    client_with_token(demo, demo.token())
}

pub fn client_with_token(demo: &DemoHandle, token: &str) -> StoreClient {
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    StoreClient::new(address, &Secret::new(token), fast_client_config()).unwrap()
}

/// The tests' start date and return window: the product's defaults when these were written
/// (90 days back, 120 days).
pub fn config(demo: &DemoHandle) -> SyncConfig {
    SyncConfig::new(
        store_key(None, &demo.base_url()),
        FinalStatuses::new(FINALS),
        conector_sync::store_today() - time::Duration::days(90),
        120,
    )
}

/// The ledger as a comparable list: (order, seq, kind, points, customer), creation time left out.
pub fn ledger(conn: &rusqlite::Connection) -> Vec<(i64, i64, String, i64, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT order_id, seq, kind, points, customer_key FROM ledger_entries
             ORDER BY store, order_id, seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}
