//! Issue #20's proof, end to end: the **installed** app at version N (a `.deb` built with this
//! run's update address and throwaway release key, `dpkg -i`) finds N+1 on a local https host,
//! downloads it, checks its signature, installs it through the plugin (`sudo dpkg -i`, its last
//! fallback, as root) and restarts at N+1, with the data, the token and go-live intact.
//!
//! Refusals first: a manifest whose file is signed by another key is refused with the app's
//! signature message and N keeps running; with the host down, "Procurar atualização agora" says
//! the server could not be reached and nothing changes.
//!
//! The two packages, the keys, the CA and the manifests come from `scripts/e2e-update.sh`, which
//! passes their folder in `CONECTOR_UPDATE_E2E` and runs this test (feature `update-e2e`). The
//! test needs root (dpkg) and the desktop session (Xvfb, tauri-driver, Secret Service). It
//! removes the package at the end, also on failure.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{name_has_owner, program_pids, single_instance_name, E2e};

const PACKAGE: &str = "conector-fidelidade";
const INSTALLED: &str = "/usr/bin/conector-fidelidade";
const RELEASE_VAR: &str = "CONECTOR_UPDATE_E2E";
/// How long the installed app may take to install and come back.
const RESTART_TIMEOUT: Duration = Duration::from_secs(180);

/// What scripts/e2e-update.sh made (`release.json` and the files beside it).
struct Release {
    dir: PathBuf,
    port: u16,
    current: String,
    next: String,
}

impl Release {
    fn from_env() -> Release {
        let dir = std::env::var_os(RELEASE_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                panic!(
                "{RELEASE_VAR} is not set: the update-e2e feature needs the packages N and N+1 \
                 that scripts/e2e-update.sh builds; run that script"
            )
            });
        let text = std::fs::read_to_string(dir.join("release.json"))
            .unwrap_or_else(|e| panic!("{}/release.json: {e}", dir.display()));
        let json: Value = serde_json::from_str(&text).unwrap();
        Release {
            port: u16::try_from(json["port"].as_u64().unwrap()).unwrap(),
            current: json["current"].as_str().unwrap().to_owned(),
            next: json["next"].as_str().unwrap().to_owned(),
            dir,
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Publishes `manifest` (`good.json` or `bad.json`) as the address the app was built with.
    fn publish(&self, manifest: &str) {
        let www = self.file("www");
        std::fs::copy(www.join(manifest), www.join("latest.json")).unwrap();
    }
}

fn dpkg(args: &[&str]) -> std::process::Output {
    Command::new("dpkg").args(args).output().expect("dpkg runs")
}

/// The installed package's version, if it is installed.
fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", PACKAGE])
        .output()
        .expect("dpkg-query runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.strip_prefix("install ok installed ")
        .map(|v| v.trim().to_owned())
}

/// The package installed for the test; purged when dropped, also when the test fails.
struct Installed;

impl Installed {
    fn fresh(deb: &Path) -> Installed {
        purge();
        let out = dpkg(&["-i", deb.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "dpkg -i {deb:?} (the test runs as root, as CI does): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Installed
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        purge();
    }
}

fn purge() {
    let out = dpkg(&["--purge", PACKAGE]);
    assert!(
        out.status.success() || std::thread::panicking(),
        "dpkg --purge: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// tests/fixtures/update_server.py on the port the app was built with.
struct Host {
    child: Child,
}

impl Host {
    fn start(release: &Release) -> Host {
        let mut child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/update_server.py"))
            .arg(release.file("www"))
            .arg(release.file("server.pem"))
            .arg(release.file("server.key"))
            .arg(release.file("requests.jsonl"))
            .arg(release.port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the update host");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            release.port.to_string(),
            "the host listens where the app looks"
        );
        Host { child }
    }

    /// Lets the held download (`/hold/…`) finish.
    fn release_download(release: &Release) {
        let out = Command::new("curl")
            .args(["-sS", "--fail", "--cacert"])
            .arg(release.file("ca.pem"))
            .arg(format!("https://127.0.0.1:{}/_release", release.port))
            .output()
            .expect("curl runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The installed app on `profile`, trusting the throwaway CA the way it trusts any system one.
async fn start_installed(release: &Release, profile: tempfile::TempDir, ready: &str) -> E2e {
    let ca = release.file("ca.pem");
    E2e::start_program(
        Path::new(INSTALLED),
        profile,
        ready,
        &[("SSL_CERT_FILE", ca.as_os_str())],
    )
    .await
}

/// The wizard on the demo store up to go-live (as tests/e2e_golive.rs walks it): store and
/// token, the feed, the form, a preview with totals, the panel's steps, go-live.
async fn go_live(app: &mut E2e) {
    app.connect_demo_store().await;
    app.find_feed().await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=select-SKU-0000001]").await;
    app.next_to("Abra as configurações do +fidelidade").await;
    app.click("[data-testid=confirm-panel-settings]").await;
    app.next_to("Escolha a plataforma").await;
    app.click("[data-testid=platform-simplo7]").await;
    app.next_to("Preencha o formulário de integração").await;
    app.links_statuses_preview_and_go_live().await;
}

/// The dashboard's totals card, as the owner reads it.
async fn totals(app: &mut E2e) -> String {
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for("[data-testid=total-points]").await;
    app.text("[data-testid=sync-totals]").await
}

/// Sobre's version line.
async fn about_version(app: &mut E2e) -> String {
    app.click("[data-testid=nav-about]").await;
    app.text("[data-testid=about-version]").await
}

/// "Procurar atualização agora" in Sobre.
async fn check_now(app: &mut E2e) {
    app.click("[data-testid=nav-about]").await;
    app.press("[data-testid=update-check-now]").await;
}

/// How many times the host was asked for the manifest.
fn manifest_reads(release: &Release) -> usize {
    std::fs::read_to_string(release.file("requests.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter(|line| line.contains("\"/latest.json\""))
        .count()
}

/// "Procurar atualização agora" with the host up, until the check is over: the host was asked,
/// and the button is back (it stays disabled while the check runs). "Atualizar agora" acts on
/// what the last finished check found.
async fn check_now_on_host(app: &mut E2e, release: &Release) {
    let before = manifest_reads(release);
    check_now(app).await;
    let deadline = Instant::now() + support::UI_TIMEOUT;
    while manifest_reads(release) == before {
        assert!(Instant::now() < deadline, "the app did not ask the host");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.wait_for_text(
        "[data-testid=update-check-now]",
        "Procurar atualização agora",
    )
    .await;
    app.wait_enabled("[data-testid=update-check-now]").await;
}

/// Whether process `pid` still runs (an exited one its parent has not reaped yet does not).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let (_, after_name) = stat.rsplit_once(')')?;
            after_name
                .split_whitespace()
                .next()
                .map(|state| state != "Z")
        })
        .unwrap_or(false)
}

/// Waits (on /proc and the session bus) until the app on `profile` runs again from the
/// installed program after `old` ended: one process, which owns the single-instance name.
fn wait_for_restart(profile: &Path, old: &str) -> String {
    let name = single_instance_name(profile);
    let deadline = Instant::now() + RESTART_TIMEOUT;
    loop {
        let pids = program_pids(Path::new(INSTALLED), profile);
        if !alive(old) && pids.len() == 1 && pids[0] != old && name_has_owner(&name) {
            return pids[0].clone();
        }
        assert!(
            Instant::now() < deadline,
            "no new app from {INSTALLED} owning {name} within {RESTART_TIMEOUT:?} \
             (old {old} alive: {}, installed processes: {pids:?}, package: {:?})",
            alive(old),
            installed_version()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn the_installed_app_updates_itself_from_n_to_n_plus_1_and_keeps_everything() {
    let release = Release::from_env();
    assert_ne!(release.current, release.next);
    let installed = Installed::fresh(&release.file("current.deb"));
    assert_eq!(
        installed_version().as_deref(),
        Some(release.current.as_str())
    );

    // N, with the update host down: the check at start fails silently.
    let profile = tempfile::tempdir().expect("profile");
    let mut app = start_installed(
        &release,
        profile,
        "[data-testid=step-title], [data-testid=welcome]",
    )
    .await;
    app.pass_welcome().await;
    go_live(&mut app).await;
    let before = totals(&mut app).await;
    assert!(before.contains("pontos"), "{before}");
    assert_eq!(about_version(&mut app).await, release.current);

    // The host down: asked, Sobre says it could not be reached; nothing changes.
    check_now(&mut app).await;
    app.wait_for_text_containing(
        "[data-testid=update-check-error]",
        "Não foi possível consultar o servidor de atualizações",
    )
    .await;
    let old = program_pids(Path::new(INSTALLED), app.profile_path());
    assert_eq!(old.len(), 1, "one app runs: {old:?}");
    let old = old[0].clone();

    // A manifest whose file is signed by another key: found, then refused at "Atualizar agora".
    release.publish("bad.json");
    let host = Host::start(&release);
    check_now_on_host(&mut app, &release).await;
    let title = format!("Nova versão {} disponível", release.next);
    app.wait_for_text("[data-testid=update-title]", &title)
        .await;
    app.scroll_to("[data-testid=update-banner]").await;
    app.screenshot("update-01-banner").await;
    app.press("[data-testid=update-install]").await;
    let refused = app
        .wait_for_text_containing(
            "[data-testid=update-error]",
            "não tem a assinatura do Conector +fidelidade",
        )
        .await;
    assert!(
        refused.contains(&format!("continua na versão {}", release.current)),
        "{refused}"
    );
    assert!(alive(&old), "N keeps running after the refusal");
    assert_eq!(
        installed_version().as_deref(),
        Some(release.current.as_str())
    );
    assert_eq!(about_version(&mut app).await, release.current);

    // The release itself: found, downloaded (held halfway to see the progress), installed.
    release.publish("good.json");
    check_now_on_host(&mut app, &release).await;
    app.wait_for_text("[data-testid=update-title]", &title)
        .await;
    let clicked = Instant::now();
    app.press("[data-testid=update-install]").await;
    // The host holds the download at half the file: the bar stops there.
    let deadline = Instant::now() + support::UI_TIMEOUT;
    loop {
        let progress = app.text("[data-testid=update-progress]").await;
        let percent = progress
            .split_whitespace()
            .find_map(|word| word.strip_suffix('%')?.parse::<u32>().ok());
        if percent.is_some_and(|p| p >= 45) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the progress stays at {progress:?}"
        );
        tokio::task::yield_now().await;
    }
    let held = Instant::now();
    app.scroll_to("[data-testid=update-banner]").await;
    app.screenshot("update-02-progress").await;
    let released = Instant::now();
    Host::release_download(&release);
    let profile_dir = app.profile_path().to_path_buf();
    let new = wait_for_restart(&profile_dir, &old);
    let restarted = Instant::now();
    assert_eq!(installed_version().as_deref(), Some(release.next.as_str()));
    let seconds = (held - clicked + (restarted - released)).as_secs_f64();
    println!(
        "update {} -> {}: download + install + restart {seconds:.1} s \
         (click to the held half {:.1} s, release to the new instance {:.1} s)",
        release.current,
        release.next,
        (held - clicked).as_secs_f64(),
        (restarted - released).as_secs_f64()
    );
    drop(host);

    // The restarted app is not under WebDriver: end it, and open a session on the installed N+1.
    let _ = Command::new("kill").args(["-TERM", &new]).status();
    let profile = app.stop().await;
    let mut app = start_installed(&release, profile, "[data-testid=nav-about]").await;
    assert_eq!(about_version(&mut app).await, release.next);
    assert_eq!(
        totals(&mut app).await,
        before,
        "the dashboard's totals are kept"
    );
    app.click("[data-testid=nav-health]").await;
    app.wait_for("[data-testid=health-watching]").await;
    // The token is still in the keychain: the check that uses it passes.
    app.press("[data-testid=health-check-now]").await;
    app.wait_for_text("[data-testid=health-state-token]", "OK")
        .await;
    app.click("[data-testid=nav-wizard]").await;
    app.wait_for("[data-testid=handed-over-since]").await;
    app.stop().await;
    drop(installed);
    assert_eq!(installed_version(), None, "the package is removed");
}
