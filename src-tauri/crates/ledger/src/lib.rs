//! The points ledger of the sync preview (SPEC §4 "Sync preview", §5).
//!
//! - [`customer`]: who a buyer is (valid CPF/CNPJ, else e-mail);
//! - [`rules`]: which orders hold points and how many (pure);
//! - [`apply`]: recording order snapshots and append-only `earn`/`reverse` entries;
//! - [`preview`] and [`email`]: what the owner sees before activation.
//!
//! Invariant: after applying an order, the sum of its ledger entries equals its points iff its
//! current status is final and it has a customer, and 0 otherwise; applying it again appends
//! nothing. The ledger never knows about the Simplo7 API: the sync engine maps orders into
//! [`OrderSnapshot`].

pub mod apply;
pub mod customer;
pub mod email;
pub mod error;
pub mod preview;
pub mod rules;

pub use apply::{
    apply_orders, apply_orders_in, drop_orders_before, entry_count, order_balance, order_entries,
    recompute, stored_orders, ApplyOutcome, EntryKind, LedgerEntry,
};
pub use customer::{customer_key, CustomerKey, CustomerRef, KeyKind};
pub use email::{
    email_counts, email_previews, EmailCounts, EmailKind, EmailPreview, EmailSettings,
};
pub use error::LedgerError;
pub use preview::{
    customers, skipped_orders, top_customers, totals, CustomerPoints, CustomerQuery, CustomerSort,
    Page, PreviewTotals, SkipCounts, SkippedOrder,
};
pub use rules::{judge, EarnRate, FinalStatuses, OrderSnapshot, SkipReason, Verdict};
