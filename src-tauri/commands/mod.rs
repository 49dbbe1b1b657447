//! The IPC surface. Each command is a short adapter: take the state, call the core, map the
//! error to `{code, message}` (`ErrorPayload`).

mod app;
mod desktop;
mod feed;
mod health;
mod integration;
mod privacy;
mod rates;
mod store;
mod sync;
mod update;

pub use desktop::Quit;
mod window;
mod wizard;

use conector_core::{CodedError, ErrorPayload};
use tauri::Runtime;

/// Every command name, as the build manifest (`list.in`) grants them. A test keeps the three
/// lists (this one, `list.in`, the generated bindings) in agreement.
pub const COMMAND_NAMES: &[&str] = &include!("list.in");

/// The typed command registry shared by the app, the mock-runtime tests and the bindings export.
pub fn bindings_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .typ::<conector_app::Rules>()
        .constant("RULES", conector_app::RULES)
        .events(tauri_specta::collect_events![
            crate::events::SyncRunEvent,
            crate::events::HealthRunEvent,
            crate::update::UpdateFoundEvent
        ])
        .commands(tauri_specta::collect_commands![
            app::app_info,
            app::get_locale,
            app::set_locale,
            desktop::about_info,
            desktop::open_external,
            desktop::open_log_dir,
            desktop::open_data_dir,
            desktop::diagnostics_export,
            desktop::startup_problem,
            desktop::startup_retry,
            desktop::startup_start_fresh,
            desktop::remove_everything_plan,
            desktop::remove_everything,
            desktop::quit_app,
            window::window_page,
            window::window_page_set,
            wizard::wizard_state,
            wizard::wizard_next,
            wizard::wizard_back,
            wizard::wizard_confirm,
            wizard::welcome_show,
            wizard::welcome_done,
            store::store_view,
            store::store_preview,
            store::store_discover,
            store::store_save,
            store::store_test_connection,
            store::store_disconnect,
            store::demo_start,
            feed::feed_import,
            feed::feed_cancel,
            feed::feed_follow,
            feed::feed_status,
            feed::catalog_search,
            feed::rewards_select,
            feed::rewards_paste,
            rates::preview_rates,
            rates::preview_rates_save,
            integration::platform_choose,
            integration::platform_current,
            integration::form_view,
            integration::form_save,
            integration::form_probe_link,
            integration::form_confirm_status,
            integration::review_fields,
            integration::review_copy,
            integration::activation_view,
            integration::checklist_confirm,
            integration::erp_answer,
            integration::activation_set,
            integration::switch_set,
            sync::sync_overview,
            sync::sync_save_settings,
            sync::sync_now,
            sync::sync_cancel,
            sync::sync_customers,
            sync::sync_customer_history,
            sync::sync_skipped,
            privacy::privacy_view,
            privacy::privacy_erase,
            privacy::privacy_keep,
            sync::sync_emails,
            health::health_view,
            health::health_check_now,
            health::health_accept_feed_count,
            health::health_first_hours,
            health::health_first_hours_answer,
            health::health_first_hours_support,
            health::health_autostart,
            health::health_set_autostart,
            update::update_view,
            update::update_check_now,
            update::update_postpone,
            update::update_set_auto_check,
            update::update_install,
        ])
}

/// Turns any domain error into the one shape the UI receives.
pub(crate) fn to_payload<E: CodedError + 'static>(error: E) -> ErrorPayload {
    conector_core::log_error("command failed", &error);
    error.payload()
}

/// Writes the TypeScript bindings (commands, payloads, errors) to `path`. Money is integer cents
/// and counts stay far below 2^53, so 64-bit integers are exported as `number` on purpose.
pub fn export_bindings(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let typescript = specta_typescript::Typescript::default()
        .header("// Generated from the Rust types by `make bindings`. Do not edit by hand.");
    bindings_builder::<tauri::Wry>()
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
        .export(typescript, path)
        .map_err(Into::into)
}
