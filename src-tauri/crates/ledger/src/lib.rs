//! The points ledger of the sync preview (SPEC §4 "Sync preview", §5).
//!
//! - [`customer`]: who a buyer is (valid CPF/CNPJ, else e-mail);
//! - [`rules`]: which orders hold points and how many (pure);
//! - [`apply`]: recording order snapshots and append-only `earn`/`reverse` entries;
//! - [`entries`]: the ledger's rows and the reason of each;
//! - [`in_force`]: the rules the ledger reflects, changed together with a recompute;
//! - [`preview`] and [`email`]: what the owner sees before activation;
//! - [`statuses`]: what a store's status name says (delivered, undone), in one place;
//! - [`erase`]: the one way rows leave the ledger, when the owner's customer data is erased.
//!
//! Invariant: after applying an order, the sum of its ledger entries equals its points iff its
//! current status is final, it was readable and it has a customer, and 0 otherwise; the points
//! sit on its current customer key, so each customer's balance is the sum of their entries;
//! applying it again appends nothing. The ledger never knows about the Simplo7 API: the sync engine maps orders into
//! [`OrderSnapshot`].

pub mod apply;
pub mod customer;
pub mod email;
pub mod entries;
pub mod erase;
pub mod error;
pub mod fold;
pub mod in_force;
pub mod preview;
pub mod rules;
pub mod statuses;

pub use apply::{
    apply_orders, apply_orders_in, drop_orders_before, mark_checked, remove_deleted_order, stamp,
    stored_orders, ApplyOutcome,
};
pub use customer::{customer_key, CustomerKey, CustomerRef, KeyKind};
pub use email::{
    email_counts, email_counts_from, email_previews, EmailCounts, EmailKind, EmailPreview,
    EmailSettings, RecentEmails,
};
pub use entries::{
    customer_history, entry_count, order_balance, order_entries, EntryKind, EntryReason,
    HistoryEntry, LedgerEntry,
};
pub use error::LedgerError;
pub use in_force::{recompute, rules_changed_at, rules_in_force, set_rules_in, Rules};
pub use preview::{
    customers, skipped_orders, top_customers, totals, CustomerPoints, CustomerQuery, CustomerSort,
    Page, PreviewTotals, SkipCounts, SkippedOrder,
};
pub use rules::{judge, EarnRate, FinalStatuses, OrderSnapshot, SkipReason, Verdict};
