//! Updates: the banner ("Atualizar agora", "Depois") and Sobre ("Procurar atualização agora",
//! "Verificar atualizações automaticamente").

use conector_app::update::{self, UpdateEvent, UpdateView};
use conector_core::ErrorPayload;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::update::Updates;
use conector_app::App;

#[tauri::command]
#[specta::specta]
pub fn update_view(
    state: State<'_, App>,
    updates: State<'_, Updates>,
) -> Result<UpdateView, ErrorPayload> {
    updates.view(state.context()).map_err(to_payload)
}

/// "Procurar atualização agora": reads the manifest now; a failure is the owner's to read.
#[tauri::command]
#[specta::specta]
pub async fn update_check_now(
    state: State<'_, App>,
    updates: State<'_, Updates>,
) -> Result<UpdateView, ErrorPayload> {
    updates.check(state.context()).await.map_err(to_payload)?;
    updates.view(state.context()).map_err(to_payload)
}

/// "Depois": this version's banner stays hidden until the next day.
#[tauri::command]
#[specta::specta]
pub fn update_postpone(
    state: State<'_, App>,
    updates: State<'_, Updates>,
    version: String,
) -> Result<UpdateView, ErrorPayload> {
    update::postpone(state.context(), &version).map_err(to_payload)?;
    updates.view(state.context()).map_err(to_payload)
}

/// "Verificar atualizações automaticamente".
#[tauri::command]
#[specta::specta]
pub fn update_set_auto_check(
    state: State<'_, App>,
    updates: State<'_, Updates>,
    on: bool,
) -> Result<UpdateView, ErrorPayload> {
    update::set_auto_check(state.context(), on).map_err(to_payload)?;
    updates.view(state.context()).map_err(to_payload)
}

/// "Atualizar agora": downloads (progress to `on_event`), checks the signature, installs, then
/// restarts into the new version. On a failure the app goes on at its version.
#[tauri::command]
#[specta::specta]
pub async fn update_install(
    updates: State<'_, Updates>,
    on_event: Channel<UpdateEvent>,
) -> Result<(), ErrorPayload> {
    let sink = |event: UpdateEvent| {
        let _ = on_event.send(event);
    };
    updates.install(&sink).await.map_err(to_payload)?;
    tracing::info!("the new version is installed; restarting");
    updates.restart();
    Ok(())
}
