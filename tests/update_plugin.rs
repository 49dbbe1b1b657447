//! The real `tauri-plugin-updater`, as the app configures it, against a local https update host
//! (tests/fixtures/update_server.py) whose certificate comes from a throwaway CA trusted through
//! `SSL_CERT_FILE` — never `dangerousAcceptInvalidCerts`. The releases are signed by the release
//! step itself (scripts/release/sign-updates.sh) with throwaway keys made by `tauri signer
//! generate`. It shows: a newer version is found with its notes and downloads whole under its
//! signature; a file signed by another key is refused at once; a download cut off is tried
//! three times and nothing is installed; an unreachable host changes nothing; and every request
//! the updater makes carries only the version, OS and architecture.
//!
//! Installing the `.deb` itself (dpkg) is left to the end-to-end script (scripts/e2e-update.sh),
//! which needs root and two release builds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use conector_app::update::{BuildConfig, Progress, UpdateService, Updater};
use conector_app::{Context, Paths};
use conector_core::{CodedError, MessageCode};
use conector_secrets::Keychain;
use serde_json::Value;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A throwaway CA and a certificate for 127.0.0.1 it signed: (ca.pem, server.pem, server.key).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let p = |name: &str| dir.join(name);
    run(Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes"])
        .arg("-keyout")
        .arg(p("ca.key"))
        .arg("-out")
        .arg(p("ca.pem"))
        .args(["-days", "2", "-subj", "/CN=Conector test CA"])
        .args(["-addext", "basicConstraints=critical,CA:TRUE"])
        .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]));
    run(Command::new("openssl")
        .args(["req", "-newkey", "rsa:2048", "-nodes"])
        .arg("-keyout")
        .arg(p("server.key"))
        .arg("-out")
        .arg(p("server.csr"))
        .args(["-subj", "/CN=127.0.0.1"]));
    std::fs::write(
        p("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(Command::new("openssl")
        .args(["x509", "-req", "-days", "2", "-CAcreateserial"])
        .arg("-in")
        .arg(p("server.csr"))
        .arg("-CA")
        .arg(p("ca.pem"))
        .arg("-CAkey")
        .arg(p("ca.key"))
        .arg("-out")
        .arg(p("server.pem"))
        .arg("-extfile")
        .arg(p("ext")));
    (p("ca.pem"), p("server.pem"), p("server.key"))
}

fn tauri_cli() -> PathBuf {
    Path::new(ROOT).join("ui/node_modules/.bin/tauri")
}

/// A throwaway release key pair: (private key text, public key text).
fn key_pair(dir: &Path, name: &str) -> (String, String) {
    let key = dir.join(format!("{name}.key"));
    run(Command::new(tauri_cli())
        .args(["signer", "generate", "--ci", "-p", ""])
        .arg("-w")
        .arg(&key));
    let private = std::fs::read_to_string(&key).unwrap();
    let public = std::fs::read_to_string(dir.join(format!("{name}.key.pub"))).unwrap();
    (private, public)
}

/// Publishes `bytes` as version 0.2.0 under `root/<folder>/` with the release step, signed by
/// `private`; the manifest goes to `root/<manifest>`.
fn publish(root: &Path, folder: &str, manifest: &str, base: &str, private: &str, bytes: &[u8]) {
    let dir = root.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let artifact = dir.join("conector-fidelidade_0.2.0_amd64.deb");
    std::fs::write(&artifact, bytes).unwrap();
    std::fs::write(dir.join("notes-pt"), "Correções na leitura dos pedidos.").unwrap();
    std::fs::write(dir.join("notes-en"), "Order reading fixes.").unwrap();
    let out = root.join(manifest);
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    run(
        Command::new(Path::new(ROOT).join("scripts/release/sign-updates.sh"))
            .env("TAURI_SIGNING_PRIVATE_KEY", private)
            .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "")
            .args([
                "--version",
                "0.2.0",
                "--base-url",
                &format!("{base}{folder}/"),
            ])
            .arg("--notes")
            .arg(dir.join("notes-pt"))
            .arg("--notes-en")
            .arg(dir.join("notes-en"))
            .arg("--out")
            .arg(&out)
            // An unpackaged test binary looks up `{os}-{arch}`; a .deb build `{os}-{arch}-deb`.
            .arg(format!("linux-x86_64={}", artifact.display())),
    );
}

struct Host {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Host {
    fn start(root: &Path, cert: &Path, key: &Path, log: &Path) -> Host {
        let mut child = Command::new("python3")
            .arg(Path::new(ROOT).join("tests/fixtures/update_server.py"))
            .args([root, cert, key, log])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the update host");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the host prints its port");
        Host {
            child,
            port,
            log: log.to_path_buf(),
        }
    }

    fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An app with the updater configured for `endpoint` and `public` key, as a build with them.
fn app(endpoint: &str, public: &str) -> (tauri::App<MockRuntime>, Arc<dyn Updater>) {
    let mut context = mock_context(noop_assets());
    let config = BuildConfig::from_values(Some(endpoint), Some(public)).expect("usable config");
    let plugin = conector_desktop::update::plugin_for(&mut context, &config);
    let app = mock_builder().plugin(plugin).build(context).expect("app");
    let updater = conector_desktop::update::plugin_updater(app.handle());
    (app, updater)
}

fn context(dir: &Path) -> Context {
    Context::open_with(
        Paths {
            data_dir: dir.to_path_buf(),
            log_dir: dir.join("logs"),
        },
        Keychain::with_service("br.com.conectorfidelidade.test.update-plugin"),
        Arc::new(time::OffsetDateTime::now_utc),
    )
    .unwrap()
}

#[test]
fn the_plugin_finds_checks_and_refuses_releases_on_a_local_https_host() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("www");
    std::fs::create_dir_all(&root).unwrap();
    let (ca, cert, key) = certificates(dir.path());
    // The throwaway CA is trusted the way any system certificate is: no invalid certs allowed.
    std::env::set_var("SSL_CERT_FILE", &ca);
    let host = Host::start(&root, &cert, &key, &dir.path().join("requests.jsonl"));
    let base = format!("https://127.0.0.1:{}/", host.port);
    let (private, public) = key_pair(dir.path(), "release");
    let (stranger, _) = key_pair(dir.path(), "stranger");
    let package: Vec<u8> = (0..200_000_u32).map(|i| (i % 251) as u8).collect();

    // The manifest's address names the version, OS and architecture, nothing else.
    let version = mock_context::<MockRuntime, _>(noop_assets())
        .package_info()
        .version
        .to_string();
    let template = |folder: &str| {
        format!("{base}{folder}/{{{{target}}}}-{{{{arch}}}}-{{{{current_version}}}}.json")
    };
    let manifest_at = |folder: &str| format!("{folder}/linux-x86_64-{version}.json");
    publish(
        &root,
        "good",
        &manifest_at("good"),
        &base,
        &private,
        &package,
    );
    publish(
        &root,
        "bad",
        &manifest_at("bad"),
        &base,
        &stranger,
        &package,
    );
    publish(&root, "cut", &manifest_at("cut"), &base, &private, &package);

    let ctx_dir = tempfile::tempdir().unwrap();
    let ctx = context(ctx_dir.path());

    tauri::async_runtime::block_on(async {
        // A newer version: found with its notes, downloaded whole, its signature accepted.
        let (_app, updater) = app(&template("good"), &public);
        let updates = UpdateService::new(Some(Arc::clone(&updater)), None);
        let found = updates
            .check(&ctx)
            .await
            .expect("check")
            .expect("0.2.0 found");
        assert_eq!(found.version, "0.2.0");
        assert_eq!(found.notes_pt, "Correções na leitura dos pedidos.");
        assert_eq!(found.notes_en, "Order reading fixes.");
        let seen = Arc::new(Mutex::new(0_u64));
        let progress: Progress = {
            let seen = Arc::clone(&seen);
            Arc::new(move |done, _| *seen.lock().unwrap() = done)
        };
        let bytes = updater.download(progress).await.expect("signed download");
        assert_eq!(bytes, package);
        assert_eq!(
            *seen.lock().unwrap(),
            package.len() as u64,
            "progress reached the end"
        );

        // Signed by another key: refused on the first download, nothing installed.
        let (_app, updater) = app(&template("bad"), &public);
        let updates = UpdateService::new(Some(updater), None);
        updates.check(&ctx).await.expect("check").expect("found");
        let refused = updates.install(&|_| {}).await.unwrap_err();
        assert_eq!(
            refused.code(),
            MessageCode::UpdateBadSignature,
            "{refused:?}"
        );

        // Cut halfway every time: tried three times, then the owner is told; nothing installed.
        let (_app, updater) = app(&template("cut"), &public);
        let updates = UpdateService::new(Some(updater), None);
        updates.check(&ctx).await.expect("check").expect("found");
        let cut = updates.install(&|_| {}).await.unwrap_err();
        assert_eq!(cut.code(), MessageCode::UpdateDownloadFailed, "{cut:?}");

        // No host: the check fails with its reason and the earlier state stays.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let nowhere = format!(
            "https://127.0.0.1:{}/latest.json",
            closed.local_addr().unwrap().port()
        );
        drop(closed);
        let (_app, updater) = app(&nowhere, &public);
        let updates = UpdateService::new(Some(updater), None);
        let unreachable = updates.check(&ctx).await.unwrap_err();
        assert_eq!(unreachable.code(), MessageCode::UpdateUnreachable);
        assert_eq!(updates.view(&ctx).unwrap().available, None);
    });

    // `conector update check` reads the same manifest and sees the same version; without a
    // host it fails with exit 3.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let good = BuildConfig::from_values(Some(&template("good")), Some(&public));
    let code = conector_cli::update::checked(
        good,
        true,
        conector_cli::lang::Lang::PtBr,
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let answer: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(answer["updater_on"], true);
    assert_eq!(answer["available"]["version"], "0.2.0", "{answer}");
    assert_eq!(answer["available"]["notes_en"], "Order reading fixes.");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!(
        "https://127.0.0.1:{}/latest.json",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let off_line = BuildConfig::from_values(Some(&nowhere), Some(&public));
    let code = conector_cli::update::checked(
        off_line,
        true,
        conector_cli::lang::Lang::PtBr,
        &mut out,
        &mut err,
    );
    assert_eq!(code, 3);
    let answer: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(answer["error"]["code"], "update.unreachable", "{answer}");

    let requests = host.requests();
    let downloads = |folder: &str| {
        requests
            .iter()
            .filter(|r| r["path"] == format!("/{folder}/conector-fidelidade_0.2.0_amd64.deb"))
            .count()
    };
    assert_eq!(downloads("good"), 1);
    assert_eq!(
        downloads("bad"),
        1,
        "a bad signature is never downloaded again"
    );
    assert_eq!(
        downloads("cut"),
        conector_app::rules::UPDATE_DOWNLOAD_ATTEMPTS as usize
    );
    // Nothing but the version, OS and architecture (in the path) and the updater's own name
    // (the plugin's, or the command line's with its version).
    for request in &requests {
        let path = request["path"].as_str().unwrap();
        assert!(!path.contains('?'), "no query: {path}");
        let headers = request["headers"].as_object().unwrap();
        for (name, value) in headers {
            match name.to_ascii_lowercase().as_str() {
                "host" | "accept" | "accept-encoding" => {}
                "user-agent" => {
                    let agent = value.as_str().unwrap();
                    let known = ["tauri-plugin-updater/", conector_core::USER_AGENT];
                    assert!(known.iter().any(|k| agent.starts_with(k)), "{agent}");
                }
                other => panic!("the updater sent a {other} header: {request}"),
            }
        }
    }
    let manifests: Vec<_> = requests
        .iter()
        .filter_map(|r| r["path"].as_str())
        .filter(|p| p.ends_with(".json"))
        .collect();
    assert!(!manifests.is_empty());
    for path in manifests {
        assert!(
            path.ends_with(&format!("/linux-x86_64-{version}.json")),
            "{path}"
        );
    }
}
