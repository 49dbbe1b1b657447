//! The settings keys the application layer owns, each declared once. Keys that belong to one
//! setup step live in `conector-setup` behind functions (`integration::final_statuses`, …), so
//! that no key is spelled in two places.

/// The interface language (`pt-BR` or `en`).
pub const LOCALE: &str = "locale";
/// "Pedidos desde": `YYYY-MM-DD`.
pub const SYNC_SINCE: &str = "sync.since";
/// Minutes between two background runs.
pub const SYNC_INTERVAL: &str = "sync.interval_minutes";
/// The preview's earn rate: whole points per R$ 1 spent.
pub const PREVIEW_EARN_POINTS_PER_REAL: &str = "preview.earn_points_per_real";
/// The preview's reward cost: whole points per R$ 1 of a reward's value.
pub const PREVIEW_COST_POINTS_PER_REAL: &str = "preview.cost_points_per_real";
/// Set once the owner has left the welcome screen.
pub const WELCOME_DONE: &str = "welcome.done";
/// The return window: days after an order during which it is re-checked.
pub const SYNC_RETURN_WINDOW: &str = "sync.return_window_days";
/// Set once the owner was told that closing the window keeps the health watch in the tray.
pub const HEALTH_TRAY_TOLD: &str = "health.tray_told";
/// When the preview's customer data was last erased (UTC, RFC 3339).
pub const PRIVACY_ERASED_AT: &str = "privacy.erased_at";
/// Who erased it: `owner` ("Apagar dados da prévia") or `automatic` (after go-live).
pub const PRIVACY_ERASED_BY: &str = "privacy.erased_by";
/// The go-live (its `since`) after which the owner chose to keep the customer data.
pub const PRIVACY_KEEP_FOR: &str = "privacy.keep_for";
/// Set by an erase in preview mode: background runs wait until "Sincronizar agora".
pub const PRIVACY_SYNC_PAUSED: &str = "privacy.sync_paused";
/// Set while the write-ahead log still holds pages from before an erase (a reader was in the
/// way of emptying it): each tick of the background loop tries again.
pub const PRIVACY_WAL_PENDING: &str = "privacy.wal_pending";
/// The owner's word that the review card's values are saved in the +fidelidade panel, with the
/// values it was given for (JSON).
pub const GOLIVE_FORM_SAVED_IN_PANEL: &str = "golive.form_saved_in_panel";
/// The owner's word that the program is set up in the +fidelidade panel (JSON, its time).
pub const GOLIVE_PROGRAM_CONFIGURED: &str = "golive.program_configured";
/// The go-live check's last read of the store (JSON: when, and the error if it failed).
pub const HEALTH_GOLIVE_READ: &str = "health.golive_read";
/// "Verificar atualizações automaticamente": `on` (the default when absent) or `off`.
pub const UPDATE_AUTO_CHECK: &str = "update.auto_check";
/// "Depois" on the update banner: JSON, the version and until when (UTC) it stays hidden.
pub const UPDATE_POSTPONED: &str = "update.postponed";
