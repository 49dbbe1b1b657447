//! End-to-end harness: the real app binary under the current X display (Xvfb in `make test`),
//! driven over WebDriver through `tauri-driver` + `WebKitWebDriver`, with a fresh profile.
//!
//! - One app at a time: an [`E2e`] holds [`ONE_APP`] from its start until its app has exited,
//!   so the tests of one file (which cargo runs on parallel threads) take turns instead of
//!   starting several app instances, drivers and WebKit processes at once on a 2-core machine.
//! - The app runs in the store's time zone ([`APP_TZ`]): the page writes dates in the local
//!   day, and a test computes them in the store's day ([`store_today`]), which is then the same.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod bus;
#[cfg(target_os = "linux")]
pub mod tray;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub const APP: &str = env!("CARGO_BIN_EXE_conector-fidelidade");

/// The app's time zone in the tests: Brasília, whose offset is the store's
/// ([`conector_core::STORE_UTC_OFFSET`], UTC−3; no daylight saving since 2019). A machine set to
/// another zone would otherwise show a different day than the test computes near midnight.
pub const APP_TZ: &str = "America/Sao_Paulo";

/// Held by each running [`E2e`]: the tests of a file run their apps one after the other.
static ONE_APP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Today in the store's time (and so in the app's, see [`APP_TZ`]).
pub fn store_today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(conector_core::STORE_UTC_OFFSET)
        .date()
}

/// A date as the page writes it in pt-BR (`dd/mm/aaaa`).
pub fn br_date(day: time::Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        day.day(),
        u8::from(day.month()),
        day.year()
    )
}

/// The days a page written between `before` and now may show for "today + `days`": one day,
/// or two when the store's midnight passed in between.
pub fn days_after(before: time::Date, days: i64) -> Vec<String> {
    let mut found = vec![br_date(before + time::Duration::days(days))];
    let after = br_date(store_today() + time::Duration::days(days));
    if !found.contains(&after) {
        found.push(after);
    }
    found
}

/// How long to wait for the app to show something before calling it broken.
pub const UI_TIMEOUT: Duration = Duration::from_secs(30);

pub struct E2e {
    pub client: Client,
    driver: Child,
    /// The program the session runs: [`APP`], or the installed package's (tests/e2e_update.rs).
    app: PathBuf,
    /// Taken out by `stop` to start the app again on the same profile.
    profile: Option<tempfile::TempDir>,
    /// Where tauri-driver's output goes, and with it the app's stderr.
    driver_log: PathBuf,
    /// This test's turn ([`ONE_APP`]); declared last, so it is released after the app is gone.
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin/tauri-driver"));
    match home_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

impl E2e {
    /// Starts tauri-driver on free ports and opens a session on the app with an empty profile.
    pub async fn start() -> E2e {
        let profile = tempfile::tempdir().expect("profile dir");
        Self::start_with_profile(profile).await
    }

    /// Same, reusing a profile (to test what survives a restart). A new installation's
    /// welcome screen is passed with "Começar": the session starts on the wizard.
    pub async fn start_with_profile(profile: tempfile::TempDir) -> E2e {
        let mut e2e =
            Self::start_on(profile, "[data-testid=step-title], [data-testid=welcome]").await;
        e2e.pass_welcome().await;
        e2e
    }

    /// A fresh profile, left on the welcome screen.
    pub async fn start_at_welcome() -> E2e {
        let profile = tempfile::tempdir().expect("profile dir");
        Self::start_on(profile, "[data-testid=welcome]").await
    }

    /// A fresh profile with `HOME` inside it (see [`E2e::start_with_home`]), left on the
    /// welcome screen: for a walk that goes live with "iniciar com o computador" ticked.
    pub async fn start_at_welcome_with_home() -> E2e {
        let profile = tempfile::tempdir().expect("profile dir");
        let home = profile.path().join("home");
        std::fs::create_dir_all(&home).expect("home folder");
        Self::start_env(profile, "[data-testid=welcome]", Some(home)).await
    }

    /// Go-live without the login item ("Monitorar e avisar: iniciar com o computador"
    /// unticked): for a session whose `HOME` is the machine's own, which a test must not touch.
    pub async fn go_live_without_autostart(&mut self) {
        self.press("[data-testid=autostart-choice]").await;
        self.wait_for("[data-testid=autostart-choice]:not(:checked)")
            .await;
        self.press("[data-testid=activate]").await;
        self.click("[data-testid=confirm-yes]").await;
    }

    /// On the welcome screen, "Começar" (then step 1 is shown); elsewhere nothing.
    pub async fn pass_welcome(&mut self) {
        if self
            .client
            .find(Locator::Css("[data-testid=welcome]"))
            .await
            .is_ok()
        {
            self.click("[data-testid=welcome-start]").await;
            self.wait_for("[data-testid=step-title]").await;
        }
    }

    /// Same, waiting for `ready` (a CSS selector) instead of the wizard's step title.
    pub async fn start_on(profile: tempfile::TempDir, ready: &str) -> E2e {
        Self::start_env(profile, ready, None).await
    }

    /// Same, on another build of the app (`app`, e.g. the installed package's program), with
    /// `env` added to the app's environment.
    pub async fn start_program(
        app: &Path,
        profile: tempfile::TempDir,
        ready: &str,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> E2e {
        Self::launch(app, profile, ready, None, env).await
    }

    /// Same as [`E2e::start_with_profile`] with `HOME` inside the profile (`home/`), for what
    /// the app writes under the home folder itself (the login item in `~/.config/autostart`).
    pub async fn start_with_home(profile: tempfile::TempDir) -> E2e {
        let home = profile.path().join("home");
        std::fs::create_dir_all(&home).expect("home folder");
        let ready = "[data-testid=step-title], [data-testid=welcome]";
        let mut e2e = Self::start_env(profile, ready, Some(home)).await;
        e2e.pass_welcome().await;
        e2e
    }

    async fn start_env(profile: tempfile::TempDir, ready: &str, home: Option<PathBuf>) -> E2e {
        Self::launch(Path::new(APP), profile, ready, home, &[]).await
    }

    async fn launch(
        app: &Path,
        profile: tempfile::TempDir,
        ready: &str,
        home: Option<PathBuf>,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> E2e {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them through `make test` (Xvfb)"
        );
        let turn = ONE_APP.lock().await;
        let port = free_port();
        let native_port = free_port();
        let driver_log = screenshot_dir().join(format!("tauri-driver-{port}.log"));
        let log = std::fs::File::create(&driver_log).expect("driver log");
        let mut driver = Command::new(tauri_driver());
        if let Some(home) = home {
            driver.env("HOME", home);
        }
        driver.envs(env.iter().copied());
        let driver = driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("XDG_DATA_HOME", profile.path().join("data"))
            .env("XDG_CONFIG_HOME", profile.path().join("config"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .env("TZ", APP_TZ)
            .stdout(Stdio::from(log.try_clone().expect("log handle")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("tauri-driver is installed (scripts/setup-tools.sh)");
        let mut e2e = E2e {
            client: connect(port, app).await,
            driver,
            app: app.to_path_buf(),
            profile: Some(profile),
            driver_log,
            _turn: turn,
        };
        e2e.wait_for(ready).await;
        // The name `stop` waits to be freed is the one the running app owns.
        let name = single_instance_name(e2e.profile_path());
        assert!(name_has_owner(&name), "the running app does not own {name}");
        e2e
    }

    /// The fresh profile's folder (the app's data lives under `data/`, its settings under
    /// `config/`).
    pub fn profile_path(&self) -> &Path {
        self.profile
            .as_ref()
            .map(|p| p.path())
            .expect("the profile is only taken by stop")
    }

    /// tauri-driver's output file, which also receives the app's stderr.
    pub fn driver_log(&self) -> &Path {
        &self.driver_log
    }

    pub async fn wait_for(&mut self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// The element's text. The page may re-render the element between finding and reading it
    /// (a stale reference): then it is found again, until the deadline.
    pub async fn text(&mut self, css: &str) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let element = self.wait_for(css).await;
            match element.text().await {
                Ok(text) => return text,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("{css} changed while being read ({e}); reading again");
                }
                Err(e) => panic!("{css} could not be read: {e}"),
            }
        }
    }

    /// Waits until the element's text is `expected` (the DOM updates asynchronously).
    pub async fn wait_for_text(&mut self, css: &str, expected: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.trim() == expected {
                    return;
                }
            }
            tokio::task::yield_now().await;
        }
        panic!("{css} should read {expected:?}, still reads {last:?}");
    }

    /// Waits until the element's text contains `part`, and returns the whole text.
    pub async fn wait_for_text_containing(&mut self, css: &str, part: &str) -> String {
        let deadline = Instant::now() + UI_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(part) {
                    return last;
                }
            }
            tokio::task::yield_now().await;
        }
        panic!("{css} should contain {part:?}, still reads {last:?}");
    }

    /// Waits until a button (or input) can no longer be used.
    pub async fn wait_disabled(&mut self, css: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let element = self.wait_for(css).await;
            if !element.is_enabled().await.unwrap_or(true) {
                return;
            }
            assert!(Instant::now() < deadline, "{css} stayed enabled");
            tokio::task::yield_now().await;
        }
    }

    /// Waits until no element matches `css` (a note that goes away once its cause is fixed).
    pub async fn wait_gone(&mut self, css: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        while Instant::now() < deadline {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(found) if found.is_empty() => return,
                _ => tokio::task::yield_now().await,
            }
        }
        panic!("{css} is still on the page");
    }

    /// Clicks once the control can be used (step 10 keeps its controls disabled while a change
    /// is being recorded).
    pub async fn press(&mut self, css: &str) {
        self.wait_enabled(css).await;
        self.click(css).await;
    }

    /// "Avançar" once it can be used, then waits for the next step's `title`.
    pub async fn next_to(&mut self, title: &str) {
        self.press("[data-testid=next]").await;
        self.wait_for_text("[data-testid=step-title]", title).await;
    }

    /// "Ler pedidos da loja agora" on the dashboard, until the run finished.
    pub async fn preview_sync(&mut self) {
        self.click("[data-testid=nav-dashboard]").await;
        self.press("[data-testid=sync-now]").await;
        self.wait_for("[data-testid=sync-finished]").await;
    }

    /// Step 10, once a preview ran: the owner's two confirmations, then the panel's switches in
    /// the article's order ("Cadastrar clientes", no ERP, "Cadastrar vendas"). Go-live itself is
    /// left to the caller.
    pub async fn confirm_panel_steps(&mut self) {
        self.wait_for("[data-testid=check-preview_run][data-done=true]")
            .await;
        for confirmation in ["form_saved_in_panel", "program_configured"] {
            self.press(&format!("[data-testid=confirm-{confirmation}]"))
                .await;
            self.wait_for(&format!(
                "[data-testid=check-{confirmation}][data-done=true]"
            ))
            .await;
        }
        self.press("[data-testid=switch-register_customers]").await;
        self.wait_for("[data-testid=erp-question]").await;
        self.press("[data-testid=erp-no]").await;
        self.press("[data-testid=switch-register_sales]").await;
        self.wait_for("[data-testid=switch-register_sales]:checked")
            .await;
    }

    /// From step 9 with the demo store to go-live: both links checked, the delivered status and
    /// the one after it, a preview run, the step-10 confirmations and switches, go-live without
    /// the login item; returns once the confirmation has faded (the top bar is clickable).
    pub async fn links_statuses_preview_and_go_live(&mut self) {
        self.click("[data-testid=probe-site_url]").await;
        self.wait_for("[data-testid=ok-site_url]").await;
        self.wait_enabled("[data-testid=probe-signup_url]").await;
        self.click("[data-testid=probe-signup_url]").await;
        self.wait_for("[data-testid=ok-signup_url]").await;
        self.choose_delivered_and_after().await;
        self.next_to("Ligue a integração no painel do +fidelidade")
            .await;
        self.preview_sync().await;
        self.click("[data-testid=nav-wizard]").await;
        self.wait_for_text(
            "[data-testid=step-title]",
            "Ligue a integração no painel do +fidelidade",
        )
        .await;
        self.confirm_panel_steps().await;
        self.go_live_without_autostart().await;
        self.wait_for("[data-testid=handed-over-since]").await;
        self.wait_gone("[data-testid=confirm-dialog]").await;
    }

    /// Step 5: "Achei o XML Google Shopping", then on to step 6.
    pub async fn find_feed(&mut self) {
        self.click("[data-testid=confirm-feed-found]").await;
        self.wait_for("[data-testid=confirm-feed-found]:checked")
            .await;
        self.next_to("Cole o endereço do XML Google Shopping").await;
    }

    /// Step 9's final statuses as the article asks: the delivered status and the one the demo
    /// store uses after it ("Entregue", "Concluído").
    pub async fn choose_delivered_and_after(&mut self) {
        for id in ["21", "27"] {
            self.click(&format!("[data-testid=status-{id}]")).await;
            self.wait_for(&format!("[data-testid=status-{id}]:checked"))
                .await;
        }
    }

    /// Replaces the text of an input, as a person typing would (an empty `text` clears it).
    pub async fn type_into(&mut self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field.clear().await.expect("clear");
        if !text.is_empty() {
            field.send_keys(text).await.expect("type");
        }
    }

    /// Waits until a button (or input) can be used.
    pub async fn wait_enabled(&mut self, css: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let element = self.wait_for(css).await;
            if element.is_enabled().await.unwrap_or(false) {
                return;
            }
            assert!(Instant::now() < deadline, "{css} stayed disabled");
            tokio::task::yield_now().await;
        }
    }

    /// Steps 1–4 on the demo store (the flow `e2e_store` checks in detail), ending on step 5.
    pub async fn connect_demo_store(&mut self) {
        self.click("[data-testid=demo-start]").await;
        self.wait_for("[data-testid=demo-badge]").await;
        self.wait_enabled("[data-testid=next]").await;
        self.click("[data-testid=next]").await;
        self.click("[data-testid=confirm-api-access]").await;
        self.wait_enabled("[data-testid=next]").await;
        self.click("[data-testid=next]").await;
        self.wait_for("[data-testid=service-user-name]").await;
        self.click("[data-testid=next]").await;
        self.click("[data-testid=test-connection]").await;
        self.wait_for("[data-testid=connection-ok]").await;
        self.wait_enabled("[data-testid=next]").await;
        self.click("[data-testid=next]").await;
        self.wait_for_text("[data-testid=step-title]", "Encontre o XML de produtos")
            .await;
    }

    pub async fn click(&mut self, css: &str) {
        self.wait_for(css).await.click().await.expect("click");
    }

    /// Clicks a button that ends the app: the click's own answer may be lost with it, so the
    /// caller checks that the app is gone.
    pub async fn click_to_exit(&mut self, css: &str) {
        let _ = self.wait_for(css).await.click().await;
    }

    /// Scrolls the page so that the element is in the middle of the window (for a screenshot
    /// of something below the fold).
    pub async fn scroll_to(&mut self, css: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
                vec![serde_json::Value::String(css.to_owned())],
            )
            .await
            .expect("scroll");
    }

    pub async fn screenshot(&mut self, name: &str) -> PathBuf {
        // The window's pixels from the X server rather than WebDriver's screenshot: WebKit
        // renders without GPU compositing here (`GDK_GL=disable`, as the app sets it on
        // Linux), and in that mode WebKitWebDriver's screenshot sometimes never answers. The
        // window is raised first: X reads whatever lies on top (a notification bubble).
        let x = tray::X::connect();
        let profile = self.profile_path().to_path_buf();
        let window = program_pids(&self.app, &profile)
            .iter()
            .filter_map(|pid| pid.parse().ok())
            .find_map(|pid| x.window_of(pid))
            .expect("the app's window is on screen");
        x.raise(window);
        // WebKit can hand back the previous frame right after a DOM change (or an uncovered
        // region): wait for two animation frames so the picture shows what the DOM now holds.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let png = x.png(window).expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the session and the driver (SIGTERM first, or WebKitWebDriver outlives it), and
    /// waits until the app itself has exited: a restart on the same profile would otherwise
    /// meet the old instance and hand over to it (single instance).
    pub async fn stop(mut self) -> tempfile::TempDir {
        // Bounded: the app may already be gone (it restarted into an update, e2e_update).
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        terminate(&mut self.driver);
        let profile = self.profile.take().expect("the profile is only taken here");
        wait_for_app_exit(&self.app, profile.path());
        profile
    }
}

impl Drop for E2e {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        if let Some(profile) = &self.profile {
            if std::thread::panicking() {
                print_app_logs(profile.path());
            }
            // The next test's app starts when this one is gone (the turn is released after).
            end_app(&self.app, profile.path());
        }
    }
}

/// After a failure, the end of every log the app wrote under `profile` (its log folder lives in
/// the profile, which is deleted with the test): what the app was doing shows in the test's
/// output, in CI too.
fn print_app_logs(profile: &Path) {
    fn logs(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                logs(&path, found);
            } else if path.parent().and_then(Path::file_name) == Some("logs".as_ref()) {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    logs(profile, &mut found);
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        eprintln!("--- the app's log {} (last 60 lines) ---", path.display());
        for line in &lines[lines.len().saturating_sub(60)..] {
            eprintln!("{line}");
        }
    }
}

/// The app processes started on `profile` (found by their environment), as pids.
pub fn app_pids(profile: &Path) -> Vec<String> {
    program_pids(Path::new(APP), profile)
}

/// The processes of the program `app` started on `profile`, as pids.
pub fn program_pids(app: &Path, profile: &Path) -> Vec<String> {
    let marker = format!("XDG_DATA_HOME={}", profile.join("data").display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|pid| pid.chars().all(|c| c.is_ascii_digit()))
        .filter(|pid| {
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
            let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            exe == app && env.split(|b| *b == 0).any(|var| var == marker.as_bytes())
        })
        .collect()
}

/// Waits until no app runs on `profile` (killing it after 10 s) and its single-instance D-Bus
/// name is free: the bus releases the name a moment after the process is gone, and an app
/// started in between would try to hand over to the vanished instance and fail.
fn wait_for_app_exit(app: &Path, profile: &Path) {
    end_app(app, profile);
    let name = single_instance_name(profile);
    let deadline = Instant::now() + Duration::from_secs(10);
    while name_has_owner(&name) {
        assert!(
            Instant::now() < deadline,
            "the app's D-Bus name {name} was still owned 10 s after it exited"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until no app runs on `profile`, killing what is left after 10 s.
fn end_app(app: &Path, profile: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && !program_pids(app, profile).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in program_pids(app, profile) {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
    }
}

/// The D-Bus name the app on `profile` owns while it runs (tauri-plugin-single-instance).
pub fn single_instance_name(profile: &Path) -> String {
    format!(
        "{}.SingleInstance",
        conector_desktop::single_instance_id(profile.join("data").as_os_str())
    )
}

/// Whether `name` has an owner on the session bus (`dbus-send`, from the dbus package).
pub fn name_has_owner(name: &str) -> bool {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .output()
        .expect("dbus-send is installed (dbus)");
    String::from_utf8_lossy(&out.stdout).contains("boolean true")
}

fn terminate(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &driver.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

async fn connect(port: u16, app: &Path) -> Client {
    let deadline = Instant::now() + UI_TIMEOUT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let url = format!("http://127.0.0.1:{port}");
    // tauri-driver accepts connections before its WebKitWebDriver listens; until then a new
    // session fails at once with a connect error, so retry until the deadline.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        // Both of rustls's crypto providers are in the graph, so it cannot choose one itself;
        // the first install wins and later ones are refused, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = ClientBuilder::rustls().expect("tls");
        builder.capabilities(caps.clone());
        match tokio::time::timeout(Duration::from_secs(90), builder.connect(&url)).await {
            Ok(Ok(client)) => return client,
            Ok(Err(e)) if Instant::now() < deadline => {
                eprintln!("WebDriver session not ready yet ({e}); retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Ok(Err(e)) => panic!("WebDriver session: {e}"),
            Err(_) => panic!("the app did not start within 90 s (is there a display?)"),
        }
    }
}
