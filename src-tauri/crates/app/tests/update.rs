//! What the owner sees of updates, on a real SQLite file: the banner and "Depois" (hidden until
//! the next day, remembered across a restart), the automatic check's switch, the check's
//! schedule, and "Atualizar agora" when the download is cut or badly signed — never installing
//! anything then. The network and the installer are `tauri-plugin-updater`'s (exercised end to
//! end by `scripts/e2e-update.sh`); here a scripted stand-in plays the plugin.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use conector_app::update::{
    self, Available, Busy, DownloadError, Progress, UpdateError, UpdateEvent, UpdateService,
    Updater, UpdaterFuture,
};
use conector_app::{App, AppSetup, Context, ManualClock, Paths};
use conector_core::{CodedError, MessageCode};
use conector_secrets::Keychain;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

type Now = Arc<Mutex<OffsetDateTime>>;

fn context(dir: &Path, now: &Now) -> Context {
    let now = Arc::clone(now);
    Context::open_with(
        Paths {
            data_dir: dir.to_path_buf(),
            log_dir: dir.join("logs"),
        },
        Keychain::with_service("br.com.conectorfidelidade.test.update"),
        Arc::new(move || *now.lock().unwrap()),
    )
    .unwrap()
}

fn release(version: &str) -> Available {
    Available {
        version: version.to_owned(),
        date: Some("2026-12-07T12:00:00Z".to_owned()),
        notes_pt: "Correções na leitura dos pedidos.".to_owned(),
        notes_en: "Order reading fixes.".to_owned(),
    }
}

/// How the stand-in plugin answers.
#[derive(Clone, Copy)]
enum Download {
    Good,
    /// Cut this many times, then good.
    CutTimes(u32),
    BadSignature,
}

struct Plugin {
    found: Mutex<Result<Option<Available>, ()>>,
    /// How many times the manifest was read.
    checks: AtomicU32,
    download: Download,
    downloads: AtomicU32,
    installed: Mutex<Option<Vec<u8>>>,
}

impl Plugin {
    fn new(found: Result<Option<Available>, ()>, download: Download) -> Arc<Plugin> {
        Arc::new(Plugin {
            found: Mutex::new(found),
            checks: AtomicU32::new(0),
            download,
            downloads: AtomicU32::new(0),
            installed: Mutex::new(None),
        })
    }
}

impl Updater for Plugin {
    fn check(&self) -> UpdaterFuture<'_, Result<Option<Available>, UpdateError>> {
        self.checks.fetch_add(1, Ordering::SeqCst);
        let found = self.found.lock().unwrap().clone();
        Box::pin(async move {
            found.map_err(|()| {
                UpdateError::Unreachable(Box::new(std::io::Error::other("connection refused")))
            })
        })
    }

    fn download(&self, progress: Progress) -> UpdaterFuture<'_, Result<Vec<u8>, DownloadError>> {
        let n = self.downloads.fetch_add(1, Ordering::SeqCst) + 1;
        let download = self.download;
        Box::pin(async move {
            progress(500, Some(1000));
            match download {
                Download::CutTimes(cuts) if n <= cuts => Err(DownloadError::Cut(Box::new(
                    std::io::Error::from(std::io::ErrorKind::ConnectionReset),
                ))),
                Download::BadSignature => Err(DownloadError::BadSignature(Box::new(
                    std::io::Error::other("signature mismatch"),
                ))),
                _ => {
                    progress(1000, Some(1000));
                    Ok(b"package".to_vec())
                }
            }
        })
    }

    fn install(&self, bytes: Vec<u8>) -> UpdaterFuture<'_, Result<(), UpdateError>> {
        *self.installed.lock().unwrap() = Some(bytes);
        Box::pin(async { Ok(()) })
    }
}

fn service(plugin: &Arc<Plugin>) -> UpdateService {
    UpdateService::new(Some(Arc::clone(plugin) as Arc<dyn Updater>), None)
}

/// Runs "Atualizar agora" and returns its outcome and the events it sent.
async fn install(service: &UpdateService) -> (Result<(), UpdateError>, Vec<UpdateEvent>) {
    let events = Mutex::new(Vec::new());
    let outcome = service.install(&|e| events.lock().unwrap().push(e)).await;
    (outcome, events.into_inner().unwrap())
}

#[tokio::test]
async fn later_hides_the_banner_of_that_version_until_the_next_day_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    // 14:00 in São Paulo.
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 17:00 UTC)));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::Good);
    let updates = service(&plugin);

    let before = updates.view(&ctx).unwrap();
    assert!(
        !before.banner && before.available.is_none(),
        "nothing found yet"
    );
    updates.check(&ctx).await.unwrap();
    let found = updates.view(&ctx).unwrap();
    assert!(found.banner, "a newer version shows the banner");
    assert_eq!(found.available.as_ref().unwrap().version, "0.2.0");
    assert_eq!(found.current, env!("CARGO_PKG_VERSION"));

    update::postpone(&ctx, "0.2.0").unwrap();
    assert!(!updates.view(&ctx).unwrap().banner, "Depois hides it");

    // The app restarts the same evening (23:59 in São Paulo): still hidden.
    drop(ctx);
    *now.lock().unwrap() = datetime!(2026-12-08 02:59 UTC);
    let ctx = context(dir.path(), &now);
    let updates = service(&plugin);
    updates.check(&ctx).await.unwrap();
    assert!(
        !updates.view(&ctx).unwrap().banner,
        "same day after a restart"
    );

    // A newer release the same day is news: shown.
    *plugin.found.lock().unwrap() = Ok(Some(release("0.2.1")));
    updates.check(&ctx).await.unwrap();
    assert!(
        updates.view(&ctx).unwrap().banner,
        "another version is shown"
    );
    update::postpone(&ctx, "0.2.1").unwrap();

    // Midnight in São Paulo: the next day has come.
    *now.lock().unwrap() = datetime!(2026-12-08 03:00 UTC);
    assert!(updates.view(&ctx).unwrap().banner, "back the next day");
}

#[tokio::test]
async fn the_automatic_check_runs_at_start_then_daily_unless_turned_off_or_work_is_going() {
    let dir = tempfile::tempdir().unwrap();
    let start = datetime!(2026-12-07 12:00 UTC);
    let now: Now = Arc::new(Mutex::new(start));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(None), Download::Good);
    let updates = service(&plugin);
    let idle = Busy::default();

    assert_eq!(updates.due(&ctx, idle).unwrap(), Some(start), "at start");
    let syncing = Busy {
        sync_run: true,
        ..idle
    };
    let importing = Busy {
        feed_import: true,
        ..idle
    };
    assert_eq!(
        updates.due(&ctx, syncing).unwrap(),
        None,
        "not during a sync run"
    );
    assert_eq!(
        updates.due(&ctx, importing).unwrap(),
        None,
        "not during an import"
    );

    *now.lock().unwrap() = start + Duration::minutes(3);
    updates.check_in_background(&ctx).await;
    assert_eq!(
        updates.due(&ctx, idle).unwrap(),
        Some(start + Duration::minutes(3) + Duration::hours(24))
    );

    assert!(updates.view(&ctx).unwrap().auto_check, "on by default");
    update::set_auto_check(&ctx, false).unwrap();
    drop(ctx);
    let ctx = context(dir.path(), &now);
    let updates = service(&plugin);
    assert!(
        !updates.view(&ctx).unwrap().auto_check,
        "kept across a restart"
    );
    assert_eq!(updates.due(&ctx, idle).unwrap(), None, "no automatic check");
}

/// The running app's background loop runs the check: not before the app starts, at start
/// (the banner then shows the version found), and again only a day after the last check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_app_checks_at_start_and_then_a_day_later() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(datetime!(2026-12-07 12:00 UTC));
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::Good);
    let updates = Arc::new(service(&plugin));
    let app = App::open(
        Paths {
            data_dir: dir.path().to_path_buf(),
            log_dir: dir.path().join("logs"),
        },
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.update"),
            clock: clock.clone(),
            updates: Some(Arc::clone(&updates)),
            ..AppSetup::default()
        },
        &tokio::runtime::Handle::current(),
    )
    .unwrap();
    let checks = || plugin.checks.load(Ordering::SeqCst);

    clock.advance(Duration::hours(3));
    app.settled().await;
    assert_eq!(checks(), 0, "nothing before the app starts");
    assert!(!updates.view(app.context()).unwrap().banner);

    app.start().await;
    app.settled().await;
    assert_eq!(checks(), 1, "one check at start");
    let view = updates.view(app.context()).unwrap();
    assert!(view.banner, "{view:?}");
    assert_eq!(view.available.unwrap().version, "0.2.0");

    clock.advance(Duration::hours(23));
    app.settled().await;
    assert_eq!(checks(), 1, "not again within the day");
    clock.advance(Duration::hours(1));
    app.settled().await;
    assert_eq!(checks(), 2, "again a day later");
}

#[tokio::test]
async fn a_build_without_updater_never_checks_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let ctx = context(dir.path(), &now);
    let updates = UpdateService::new(None, None);
    let view = updates.view(&ctx).unwrap();
    assert!(!view.updater_on);
    assert_eq!(updates.due(&ctx, Busy::default()).unwrap(), None);
    let asked = updates.check(&ctx).await.unwrap_err();
    assert_eq!(asked.code(), MessageCode::UpdateOff);
}

#[tokio::test]
async fn an_unreachable_manifest_changes_nothing_and_is_explained_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::Good);
    let updates = service(&plugin);
    updates.check(&ctx).await.unwrap();

    *plugin.found.lock().unwrap() = Err(());
    // In the background: silent (logged), the banner found earlier stays.
    updates.check_in_background(&ctx).await;
    assert_eq!(
        updates.view(&ctx).unwrap().available.unwrap().version,
        "0.2.0"
    );
    // Asked for in Sobre: the reason, with the version that keeps running.
    let e = updates.check(&ctx).await.unwrap_err();
    let payload = serde_json::to_value(e.payload()).unwrap();
    assert_eq!(payload["code"], "update.unreachable");
    assert_eq!(
        payload["params"]["current"]["value"],
        env!("CARGO_PKG_VERSION")
    );
    assert!(plugin.installed.lock().unwrap().is_none());
}

#[tokio::test]
async fn a_cut_download_is_tried_again_and_installed_once_whole() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::CutTimes(2));
    let updates = service(&plugin);
    updates.check(&ctx).await.unwrap();

    let (outcome, events) = install(&updates).await;
    outcome.unwrap();
    assert_eq!(plugin.downloads.load(Ordering::SeqCst), 3);
    assert_eq!(
        plugin.installed.lock().unwrap().as_deref(),
        Some(&b"package"[..])
    );
    let json: Vec<_> = events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    assert_eq!(json.first().unwrap()["event"], "started");
    assert!(json
        .iter()
        .any(|e| e["event"] == "progress" && e["attempt"] == 3 && e["done"] == 1000));
    assert_eq!(json.last().unwrap()["event"], "finished");
}

#[tokio::test]
async fn a_download_cut_every_time_installs_nothing_and_says_how_often_it_tried() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::CutTimes(u32::MAX));
    let updates = service(&plugin);
    updates.check(&ctx).await.unwrap();

    let (outcome, events) = install(&updates).await;
    let e = outcome.unwrap_err();
    assert_eq!(e.code(), MessageCode::UpdateDownloadFailed);
    let attempts = conector_app::rules::UPDATE_DOWNLOAD_ATTEMPTS;
    assert_eq!(plugin.downloads.load(Ordering::SeqCst), attempts);
    assert!(
        plugin.installed.lock().unwrap().is_none(),
        "nothing installed"
    );
    let last = serde_json::to_value(events.last().unwrap()).unwrap();
    assert_eq!(last["event"], "failed");
    assert_eq!(last["error"]["code"], "update.download_failed");
    assert_eq!(last["error"]["params"]["attempts"]["value"], attempts);
}

#[tokio::test]
async fn a_bad_signature_is_refused_at_once_and_nothing_is_installed() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(Some(release("0.2.0"))), Download::BadSignature);
    let updates = service(&plugin);
    updates.check(&ctx).await.unwrap();

    let (outcome, _) = install(&updates).await;
    assert_eq!(outcome.unwrap_err().code(), MessageCode::UpdateBadSignature);
    assert_eq!(plugin.downloads.load(Ordering::SeqCst), 1, "never retried");
    assert!(plugin.installed.lock().unwrap().is_none());
}

#[tokio::test]
async fn nothing_is_installed_before_a_check_found_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let now: Now = Arc::new(Mutex::new(datetime!(2026-12-07 12:00 UTC)));
    let _ctx = context(dir.path(), &now);
    let plugin = Plugin::new(Ok(None), Download::Good);
    let updates = service(&plugin);
    let (outcome, _) = install(&updates).await;
    assert_eq!(
        outcome.unwrap_err().code(),
        MessageCode::UpdateNothingToInstall
    );
    assert_eq!(plugin.downloads.load(Ordering::SeqCst), 0);
}
