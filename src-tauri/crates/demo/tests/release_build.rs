//! The demo store's unauthenticated `/_demo/` routes (fault switches, clock, order edits) are a
//! test and development tool: the product as built for release leaves the `faults` feature off,
//! while the tests, and the development build that asks for `demo-faults`, have it. Read from
//! cargo's own feature resolution of the desktop package (the app and `conector`).

// Not on Windows: the test runs the host's cargo (`cargo tree`), which a Windows test binary
// cannot start under Wine; what it reads, cargo's feature resolution, is the same for every
// target, and the Linux run checks it.
#![cfg(not(windows))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// The features of `conector-demo` in the desktop package's build, with `extra` arguments.
fn demo_features(extra: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "tree",
            "--offline",
            "--locked",
            "--package",
            "conector-fidelidade",
            "--invert",
            "conector-demo",
            "--prefix",
            "none",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_release_build_has_no_fault_routes_and_the_tests_and_dev_build_do() {
    let release = demo_features(&["--edges", "no-dev,features"]);
    assert!(
        release.contains("conector-demo feature \"default\""),
        "the demo store itself ships: {release}"
    );
    assert!(!release.contains("feature \"faults\""), "{release}");

    let tests = demo_features(&["--edges", "features"]);
    assert!(
        tests.contains("conector-demo feature \"faults\""),
        "{tests}"
    );

    let dev = demo_features(&["--edges", "no-dev,features", "--features", "demo-faults"]);
    assert!(dev.contains("conector-demo feature \"faults\""), "{dev}");
}
