//! The application layer of Conector +fidelidade: what the product decides, as plain functions
//! over a [`Context`] (database, keychain, demo store, clock, cancellation).
//!
//! The desktop window's commands and the `conector` command line both call these functions, so
//! they can never disagree. Below this crate are the domain crates (store API, feed, catalogue,
//! ledger, sync engine, setup steps); above it, only adapters. No Tauri here.
//!
//! Where a new rule goes: if it combines two domains or reads the owner's settings to decide
//! something, it belongs in the module of its area here; if it is about one domain alone, in
//! that domain's crate.

mod app;
pub mod checklist;
pub mod clipboard;
pub mod clock;
pub mod context;
pub mod copies;
pub mod desktop;
pub mod diagnostics;
mod error;
pub mod feed;
#[cfg(feature = "test-support")]
pub mod fixture;
pub mod folders;
pub mod form;
pub mod golive;
pub mod health;
pub mod identity;
pub mod jobs;
pub mod keys;
pub mod login_item;
pub mod overrides;
pub mod preferences;
pub mod privacy;
pub mod rates;
pub mod remove;
pub mod rules;
pub mod status;
mod status_advice;
pub mod steps;
pub mod store;
pub mod sync;
pub mod update;
pub mod window;
pub mod wizard;

pub use app::{App, AppInfo, AppSetup, Clipboard, Events, NoEvents, OnClose};
pub use clock::Clock;
#[cfg(any(test, feature = "test-support"))]
pub use clock::ManualClock;
pub use context::{Context, Paths};
pub use error::{AppError, Blame};
pub use health::check_once;
pub use rules::{Rules, RULES};
pub use sync::preview_once;
