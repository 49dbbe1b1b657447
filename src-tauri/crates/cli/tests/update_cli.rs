//! `conector update check` in a build without an update address or key (every build until a
//! maintainer makes them, docs/UPDATES.md): it names the installed version and says, in the
//! catalogue's sentence, that this version does not look for updates; it asks nothing of the
//! network. The check against a real manifest over https is in the root package's
//! tests/update_plugin.rs, next to the window's updater.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use conector_cli::{run, Cli};

fn conector(args: &[&str]) -> (u8, String) {
    let cli = Cli::try_parse_from(std::iter::once("conector").chain(args.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(cli, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn a_build_without_updater_says_so_in_both_languages() {
    let (code, text) = conector(&["update", "check"]);
    assert_eq!(code, 0);
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    assert!(
        text.contains("Esta versão não busca atualizações automaticamente."),
        "{text}"
    );
    assert!(
        !text.contains("disponível"),
        "nothing was looked up: {text}"
    );

    let (code, text) = conector(&["update", "check", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("This version does not look for updates automatically."),
        "{text}"
    );
}

#[test]
fn the_json_answer_says_what_is_installed_and_that_updates_are_off() {
    let (code, text) = conector(&["update", "check", "--json"]);
    assert_eq!(code, 0);
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["installed"], env!("CARGO_PKG_VERSION"));
    assert_eq!(answer["updater_on"], false);
    assert_eq!(answer["available"], serde_json::Value::Null);
}
