//! The product's numbers, once: limits, defaults and minimums that the window, the command line
//! and the domain all obey. The UI reads [`RULES`] from the generated bindings instead of
//! re-deciding them.

use serde::Serialize;
use time::{Date, Duration};

/// Fewer final statuses than this are refused (the vendor's article asks for "more than one").
pub const MIN_FINAL_STATUSES: usize = conector_setup::integration::MIN_FINAL_STATUSES;
/// Minutes between two background preview syncs.
pub const DEFAULT_INTERVAL_MINUTES: u32 = 15;
pub const MIN_INTERVAL_MINUTES: u32 = 5;
pub const MAX_INTERVAL_MINUTES: u32 = 24 * 60;
/// "Pedidos desde" starts this many days before today.
pub const DEFAULT_SINCE_DAYS: u32 = 90;
/// The return window: orders are re-checked (returns, refunds, edits, deletions) for this many
/// days after they were placed. The owner may choose from at least the 7 days of the consumer
/// code after delivery plus shipping to at most two years.
pub const DEFAULT_RETURN_WINDOW_DAYS: u32 = 120;
pub const MIN_RETURN_WINDOW_DAYS: u32 = 14;
pub const MAX_RETURN_WINDOW_DAYS: u32 = 730;
/// Coupon validity (days) the +fidelidade form accepts, and its default.
pub const MIN_COUPON_DAYS: u16 = *conector_core::COUPON_DAYS.start();
pub const MAX_COUPON_DAYS: u16 = *conector_core::COUPON_DAYS.end();
pub const DEFAULT_COUPON_DAYS: u16 = conector_setup::integration::DEFAULT_COUPON_DAYS;
/// About how long the ten steps take a first-timer, said on the welcome screen.
pub const SETUP_MINUTES: u32 = 15;
/// The dashboard's monthly projection counts a month as this many days.
pub const PROJECTION_DAYS: u32 = 30;
/// "Recent weeks": the store's current e-mail pace (welcome and points e-mails per week) is
/// taken from the orders of the last this-many weeks read, fewer when the orders read cover
/// less. Recent rather than the whole period, so a store that grew is not shown at its old pace.
pub const PACE_WEEKS: u32 = 4;
/// Minutes between two runs of the health watch after go-live.
pub const HEALTH_INTERVAL_MINUTES: u32 = 60;
/// +fidelidade takes up to this many hours to show a sale or a customer after go-live.
pub const FIRST_HOURS: u32 = 72;
/// Hours between two automatic update checks while the app runs (the first is at start).
pub const UPDATE_CHECK_HOURS: u32 = 24;
/// A cut update download is tried this many times in all before the owner is told.
pub const UPDATE_DOWNLOAD_ATTEMPTS: u32 = 3;
/// The go-live check follows the first this-many orders placed after go-live (the "first 72
/// hours" card): enough to see the panel work, few enough to re-read each hour.
pub const FIRST_HOURS_ORDERS: u32 = 20;
/// After go-live, the preview's customer data is erased this many days later unless the owner
/// keeps it (the LGPD keeps data only while it serves its purpose).
pub const ERASE_AFTER_GO_LIVE_DAYS: u32 = 30;
/// Stores record dates in Brasília time (UTC−3, no daylight saving since 2019).
pub const STORE_UTC_OFFSET_HOURS: i8 = conector_core::STORE_UTC_OFFSET.whole_hours();

/// The background loop's interval before the owner chooses one.
pub const DEFAULT_INTERVAL: std::time::Duration =
    std::time::Duration::from_secs(DEFAULT_INTERVAL_MINUTES as u64 * 60);

/// How long a change that needs the preview's run stopped (new rules, go-live, an erase) waits
/// for a run in flight to end: a run stops between two requests, and a store request gives up
/// well before this.
pub const STOP_RUN_TIMEOUT: Duration = Duration::seconds(30);

/// "Pedidos desde" before the owner chooses: [`DEFAULT_SINCE_DAYS`] before the store's `today`.
pub fn default_since(today: Date) -> Date {
    today - Duration::days(i64::from(DEFAULT_SINCE_DAYS))
}

/// The numbers above as one value, exported to the UI through the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct Rules {
    pub min_final_statuses: u32,
    pub default_interval_minutes: u32,
    pub min_interval_minutes: u32,
    pub max_interval_minutes: u32,
    pub default_since_days: u32,
    pub default_return_window_days: u32,
    pub min_return_window_days: u32,
    pub max_return_window_days: u32,
    pub min_coupon_days: u16,
    pub max_coupon_days: u16,
    pub default_coupon_days: u16,
    /// Preview rates before the owner changes them: points per R$ 1 spent.
    pub default_earn_points_per_real: u32,
    /// Preview rates before the owner changes them: points per R$ 1 of a reward's value.
    pub default_cost_points_per_real: u32,
    /// The highest preview rates taken (the lowest is 1).
    pub max_earn_points_per_real: u32,
    pub max_cost_points_per_real: u32,
    /// The cost card's projection: what the orders read give in this many days.
    pub projection_days: u32,
    /// The e-mail pace comes from the last this-many weeks of orders read.
    pub pace_weeks: u32,
    /// About how long the setup takes (the welcome screen).
    pub setup_minutes: u32,
    pub store_utc_offset_hours: i8,
    pub health_interval_minutes: u32,
    pub first_hours: u32,
    pub first_hours_orders: u32,
    pub erase_after_go_live_days: u32,
    pub update_check_hours: u32,
    pub update_download_attempts: u32,
}

pub const RULES: Rules = Rules {
    min_final_statuses: MIN_FINAL_STATUSES as u32,
    default_interval_minutes: DEFAULT_INTERVAL_MINUTES,
    min_interval_minutes: MIN_INTERVAL_MINUTES,
    max_interval_minutes: MAX_INTERVAL_MINUTES,
    default_since_days: DEFAULT_SINCE_DAYS,
    default_return_window_days: DEFAULT_RETURN_WINDOW_DAYS,
    min_return_window_days: MIN_RETURN_WINDOW_DAYS,
    max_return_window_days: MAX_RETURN_WINDOW_DAYS,
    min_coupon_days: MIN_COUPON_DAYS,
    max_coupon_days: MAX_COUPON_DAYS,
    default_coupon_days: DEFAULT_COUPON_DAYS,
    default_earn_points_per_real: conector_catalog::PreviewRates::DEFAULT.earn_points_per_real,
    default_cost_points_per_real: conector_catalog::PreviewRates::DEFAULT.cost_points_per_real,
    max_earn_points_per_real: conector_catalog::MAX_EARN_POINTS_PER_REAL,
    max_cost_points_per_real: conector_catalog::MAX_COST_POINTS_PER_REAL,
    projection_days: PROJECTION_DAYS,
    pace_weeks: PACE_WEEKS,
    setup_minutes: SETUP_MINUTES,
    store_utc_offset_hours: STORE_UTC_OFFSET_HOURS,
    health_interval_minutes: HEALTH_INTERVAL_MINUTES,
    first_hours: FIRST_HOURS,
    first_hours_orders: FIRST_HOURS_ORDERS,
    erase_after_go_live_days: ERASE_AFTER_GO_LIVE_DAYS,
    update_check_hours: UPDATE_CHECK_HOURS,
    update_download_attempts: UPDATE_DOWNLOAD_ATTEMPTS,
};
