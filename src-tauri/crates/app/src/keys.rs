//! The settings keys the application layer owns, each declared once. Keys that belong to one
//! setup step live in `conector-setup` behind functions (`integration::final_statuses`, …), so
//! that no key is spelled in two places.

/// The interface language (`pt-BR` or `en`).
pub const LOCALE: &str = "locale";
/// "Pedidos desde": `YYYY-MM-DD`.
pub const SYNC_SINCE: &str = "sync.since";
/// Minutes between two background runs.
pub const SYNC_INTERVAL: &str = "sync.interval_minutes";
