//! Authenticode signing (scripts/windows/sign.sh, which package.sh runs on the executables,
//! the uninstaller and the installer): with a certificate given through the environment the
//! files verify with `osslsigncode verify`; without one nothing is signed and the build goes
//! on; a wrong password signs nothing. The certificate is a throwaway self-signed one made here.
//!
//! Linux only (osslsigncode and openssl from Debian). Built only with the `windows-build`
//! feature, as it signs the Windows build (docs/WINDOWS.md): CONECTOR_WINDOWS_INSTALLER names
//! the installer of `scripts/windows/package.sh --debug`.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod windows;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use windows::{installer, root, windows_bin_dir};

const PASSWORD: &str = "senha-de-teste-descartável";

fn run(command: &mut Command) -> Output {
    command.output().unwrap()
}

/// A self-signed code-signing certificate: (PKCS#12 file, PEM certificate for verifying).
fn throwaway_certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let (key, cert, pfx) = (
        dir.join("key.pem"),
        dir.join("cert.pem"),
        dir.join("cert.pfx"),
    );
    let out = run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        // `+` joins attributes in OpenSSL's subject syntax: escaped, it is the name's.
        .args(["-subj", r"/CN=Conector \+fidelidade (teste)"])
        .args(["-addext", "extendedKeyUsage=codeSigning"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    assert!(out.status.success(), "{out:?}");
    let out = run(Command::new("openssl")
        .args(["pkcs12", "-export", "-passout"])
        .arg(format!("pass:{PASSWORD}"))
        .arg("-inkey")
        .arg(&key)
        .arg("-in")
        .arg(&cert)
        .arg("-out")
        .arg(&pfx));
    assert!(out.status.success(), "{out:?}");
    (pfx, cert)
}

fn sign(file: &Path, pfx: Option<&Path>, password: &str) -> Output {
    let mut command = Command::new(root().join("scripts/windows/sign.sh"));
    command.arg(file).env("CONECTOR_SIGN_PASSWORD", password);
    match pfx {
        Some(pfx) => command.env("CONECTOR_SIGN_PFX", pfx),
        None => command.env_remove("CONECTOR_SIGN_PFX"),
    };
    run(&mut command)
}

fn verify(file: &Path, ca: &Path) -> Output {
    run(Command::new("osslsigncode")
        .args(["verify", "-CAfile"])
        .arg(ca)
        .arg("-in")
        .arg(file))
}

#[test]
fn a_given_certificate_signs_the_installer_and_the_executables() {
    let work = tempfile::tempdir().unwrap();
    let (pfx, ca) = throwaway_certificate(work.path());
    let setup = work.path().join("setup.exe");
    let cli = work.path().join("conector.exe");
    std::fs::copy(installer(), &setup).unwrap();
    std::fs::copy(windows_bin_dir().join("conector.exe"), &cli).unwrap();

    // As built without a certificate: unsigned.
    assert!(!verify(&setup, &ca).status.success());

    // No certificate given: nothing is signed, and that is not a failure of the build.
    let before = std::fs::read(&setup).unwrap();
    let out = sign(&setup, None, "");
    assert!(out.status.success());
    assert_eq!(std::fs::read(&setup).unwrap(), before, "left as it was");

    // A wrong password: it fails and the file is left as it was.
    let out = sign(&setup, Some(&pfx), "not-the-password");
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&setup).unwrap(), before);

    for file in [&setup, &cli] {
        let out = sign(file, Some(&pfx), PASSWORD);
        assert!(out.status.success(), "{out:?}");
        let out = verify(file, &ca);
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{report}");
        assert!(report.contains("Signature verification: ok"), "{report}");
        assert!(
            !report.contains(PASSWORD) && !String::from_utf8_lossy(&out.stderr).contains(PASSWORD)
        );
    }
}
