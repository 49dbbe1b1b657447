//! The owner's setup as the wizard sees it: which store (step 1), whether its token was tested
//! and kept in the keychain (step 4), and — as later steps land — what each step still needs.
//!
//! Non-secret values live in the settings table; the token lives only in the OS keychain.

mod connection;
mod error;
pub mod handover;
pub mod integration;
mod profile;
pub mod review;
mod steps;

pub use connection::{
    connect, disconnect, forget, migrate_legacy_token, record, token_mask, unbind_previous,
    ConnectionInfo, ConnectionOutcome, LegacyToken,
};
pub use error::SetupError;
pub use profile::{StoreProfile, StoreView, DEMO_STORE_ID};
pub use steps::{Confirmation, Platform};
