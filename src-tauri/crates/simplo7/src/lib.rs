//! Client for the Simplo7 store API (SPEC §2.1), also sold as DLoja Virtual and Loja Hostgator.
//!
//! - [`StoreAddress`]: where the API lives (store ID, custom domain or explicit base), with the
//!   step-1 validation the wizard calls as the owner types ([`validate_store_id`],
//!   [`preview_address`]).
//! - [`StoreClient`]: statuses, paged orders, one order; paced (~2 requests/s), retried on
//!   429/5xx/timeouts, and failing with coded errors ([`StoreError`]) otherwise.
//! - [`test_connection`]: the wizard's "Testar conexão".
//! - [`discover`]: step 1's tokenless look at the address (did the store move to `www.`?).
//!
//! The token travels as [`conector_core::Secret`] and reaches only the `appKey` header, and only
//! on requests to the origin of the API base: no redirect carries it elsewhere.

mod address;
mod client;
mod discover;
mod error;
mod model;
pub mod money;
mod transport;
mod wire;

pub use address::{
    preview_address, store_key, validate_store_id, AddressPreview, AddressSource, StoreAddress,
};
pub use client::{test_connection, OrderPager, StoreCheck, StoreClient};
pub use discover::{discover, AddressDiscovery};
pub use error::{AddressProblem, NetFailure, NotJsonBody, StoreError, StoreIdProblem};
pub use model::{
    Customer, Order, OrderItem, OrderPage, OrderRecord, OrderStatus, Totals, UnreadableOrder,
    FIELDS_THE_POINTS_NEED,
};
pub use transport::ClientConfig;
pub use wire::parse_store_datetime;
