//! The .deb's desktop entry is named after the app's identifier (issue #16), not the product
//! name the bundler uses: `scripts/deb-desktop-entry.sh` on a package shaped like the bundler's.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_desktop_entry_is_renamed_after_the_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let apps = root.join("usr/share/applications");
    std::fs::create_dir_all(&apps).unwrap();
    std::fs::create_dir_all(root.join("DEBIAN")).unwrap();
    std::fs::create_dir_all(root.join("usr/bin")).unwrap();
    std::fs::write(root.join("usr/bin/conector-fidelidade"), b"bin").unwrap();
    std::fs::write(
        apps.join("Conector +fidelidade.desktop"),
        "[Desktop Entry]\nName=Conector +fidelidade\nExec=conector-fidelidade\n",
    )
    .unwrap();
    std::fs::write(
        root.join("DEBIAN/control"),
        "Package: conector-fidelidade\nVersion: 0.1.0\nArchitecture: amd64\nMaintainer: t\nDescription: t\n",
    )
    .unwrap();
    let deb = dir.path().join("conector.deb");
    run(Command::new("dpkg-deb")
        .args(["--root-owner-group", "-b"])
        .arg(&root)
        .arg(&deb));

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/deb-desktop-entry.sh");
    run(Command::new(script).arg(&deb));

    let listing = run(Command::new("dpkg-deb").arg("-c").arg(&deb));
    assert!(
        listing.contains("./usr/share/applications/br.com.conectorfidelidade.conector.desktop"),
        "{listing}"
    );
    assert!(
        !listing.contains("Conector +fidelidade.desktop"),
        "{listing}"
    );
    assert!(
        listing.contains("./usr/bin/conector-fidelidade"),
        "the rest is kept"
    );
}
