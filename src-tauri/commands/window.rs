//! Which page a new window opens on (issue #24): the window is destroyed when closed, so the
//! page it showed is kept by the shell ([`OpenOn`]) and read back by the next one.

use tauri::State;

use crate::window::{OpenOn, WindowPage};

/// The page to open on; `null`: the usual start (welcome or wizard).
#[tauri::command]
#[specta::specta]
pub fn window_page(open_on: State<'_, OpenOn>) -> Option<WindowPage> {
    let page = open_on.page();
    tracing::info!(?page, "the window opens on its page");
    page
}

/// The owner went to `page` (a tab of the top bar).
#[tauri::command]
#[specta::specta]
pub fn window_page_set(open_on: State<'_, OpenOn>, page: WindowPage) {
    open_on.went_to(page);
}
