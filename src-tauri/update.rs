//! The updater on the desktop: `tauri-plugin-updater` behind the application layer's
//! [`Updater`], registered only in a build given an update address and key
//! ([`BuildConfig::from_build`]); the window's event and the tray's one notification when a
//! newer version is found. The background check is one of the app's jobs
//! ([`conector_app::update::UpdateCheck`]).

use std::sync::{Arc, Mutex};

use conector_app::update::{
    Available, BuildConfig, DownloadError, Progress, UpdateError, UpdateObserver, UpdateService,
    Updater, UpdaterFuture,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::UpdaterExt;
use tauri_specta::Event;

/// The app's updates, managed once in `setup`, and the way to restart into an installed one
/// (kept as a closure so the commands need no runtime type parameter).
pub struct Updates {
    pub service: Arc<UpdateService>,
    restart: Box<dyn Fn() + Send + Sync>,
}

impl Updates {
    /// Restarts the app (into the version just installed).
    pub fn restart(&self) {
        (self.restart)();
    }
}

impl std::ops::Deref for Updates {
    type Target = UpdateService;

    fn deref(&self) -> &UpdateService {
        &self.service
    }
}

/// A check found a newer version: the window shows the banner without polling.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct UpdateFoundEvent(pub Available);

/// The plugin, configured with this build's address and key, in the app's context: `None` for
/// a build without them (then the plugin is not registered at all).
pub fn plugin<R: Runtime>(
    context: &mut tauri::Context<R>,
) -> Option<tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config>> {
    BuildConfig::from_build().map(|config| plugin_for(context, &config))
}

/// The plugin for `config` (the build's, or a test's own host and key).
pub fn plugin_for<R: Runtime>(
    context: &mut tauri::Context<R>,
    config: &BuildConfig,
) -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    let plugin_config = serde_json::json!({
        "endpoints": [config.endpoint.as_str()],
        "pubkey": config.pubkey,
        // The signature names the version it was made for: a manifest pairing a new number
        // with an older, validly signed file is refused (the release step signs with it).
        "requireSignedVersion": true,
        // Passive NSIS: a progress window, no questions (Windows).
        "windows": { "installMode": "passive" },
    });
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".to_owned(), plugin_config);
    tauri_plugin_updater::Builder::new().build()
}

/// Builds the managed [`Updates`]: with the plugin when it is registered.
pub fn updates<R: Runtime>(app: &AppHandle<R>, plugin_on: bool) -> Updates {
    let updater = plugin_on.then(|| plugin_updater(app));
    let for_restart = app.clone();
    Updates {
        service: Arc::new(UpdateService::new(updater, Some(observer(app.clone())))),
        restart: Box::new(move || for_restart.restart()),
    }
}

/// The registered plugin as the application layer's [`Updater`].
pub fn plugin_updater<R: Runtime>(app: &AppHandle<R>) -> Arc<dyn Updater> {
    Arc::new(PluginUpdater {
        app: app.clone(),
        found: Mutex::new(None),
    })
}

/// Pushes a found version to the window; when the window is not showing (the app runs in the
/// tray), one notification per version.
fn observer<R: Runtime>(app: AppHandle<R>) -> UpdateObserver {
    let told = Mutex::new(None::<String>);
    Box::new(move |found: &Available| {
        if let Err(e) = UpdateFoundEvent(found.clone()).emit(&app) {
            tracing::debug!(error = %e, "an update event could not reach the window");
        }
        let showing = app
            .get_webview_window("main")
            .is_some_and(|w| w.is_visible().unwrap_or(false));
        let mut told = told.lock().unwrap_or_else(|p| p.into_inner());
        if !showing && told.as_deref() != Some(found.version.as_str()) {
            *told = Some(found.version.clone());
            crate::watch::notify_update(&app, &found.version);
        }
    })
}

/// `tauri-plugin-updater` as the application layer's [`Updater`]; keeps the update the last
/// check found for "Atualizar agora".
struct PluginUpdater<R: Runtime> {
    app: AppHandle<R>,
    found: Mutex<Option<tauri_plugin_updater::Update>>,
}

impl<R: Runtime> PluginUpdater<R> {
    fn found(&self) -> Option<tauri_plugin_updater::Update> {
        self.found.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl<R: Runtime> Updater for PluginUpdater<R> {
    fn check(&self) -> UpdaterFuture<'_, Result<Option<Available>, UpdateError>> {
        Box::pin(async move {
            let unreachable =
                |e: tauri_plugin_updater::Error| UpdateError::Unreachable(Box::new(e));
            let update = self.app.updater().map_err(unreachable)?.check().await;
            let update = update.map_err(unreachable)?;
            let available = update.as_ref().map(available);
            *self.found.lock().unwrap_or_else(|p| p.into_inner()) = update;
            Ok(available)
        })
    }

    fn download(&self, progress: Progress) -> UpdaterFuture<'_, Result<Vec<u8>, DownloadError>> {
        Box::pin(async move {
            let Some(update) = self.found() else {
                return Err(DownloadError::Cut(Box::new(std::io::Error::other(
                    "no update was found",
                ))));
            };
            let mut done = 0_u64;
            let bytes = update
                .download(
                    |chunk, total| {
                        done += chunk as u64;
                        progress(done, total);
                    },
                    || {},
                )
                .await;
            bytes.map_err(download_error)
        })
    }

    fn install(&self, bytes: Vec<u8>) -> UpdaterFuture<'_, Result<(), UpdateError>> {
        Box::pin(async move {
            let Some(update) = self.found() else {
                return Err(UpdateError::NothingToInstall);
            };
            // The system's installer runs outside the async workers (dpkg, NSIS).
            let installed = tauri::async_runtime::spawn_blocking(move || update.install(bytes))
                .await
                .map_err(|e| UpdateError::InstallFailed(Box::new(e)))?;
            installed.map_err(|e| match e {
                tauri_plugin_updater::Error::Io(io) if no_space(&io) => {
                    UpdateError::NoSpace(Box::new(io))
                }
                other => UpdateError::InstallFailed(Box::new(other)),
            })
        })
    }
}

/// What the banner shows of a release: the manifest's `notes` are pt-BR, its `notes_en`
/// English (a field the plugin keeps in the raw manifest).
fn available(update: &tauri_plugin_updater::Update) -> Available {
    let notes_en = update
        .raw_json
        .get("notes_en")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    Available {
        version: update.version.clone(),
        date: update.date.map(conector_core::timestamp::format),
        notes_pt: update.body.clone().unwrap_or_default(),
        notes_en: notes_en.to_owned(),
    }
}

fn download_error(e: tauri_plugin_updater::Error) -> DownloadError {
    use tauri_plugin_updater::Error;
    match e {
        Error::Minisign(_)
        | Error::Base64(_)
        | Error::SignatureUtf8(_)
        | Error::SignedVersionMismatch { .. }
        | Error::MissingSignedVersion => DownloadError::BadSignature(Box::new(e)),
        Error::Io(io) if no_space(&io) => DownloadError::NoSpace(Box::new(io)),
        other => DownloadError::Cut(Box::new(other)),
    }
}

fn no_space(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
}
