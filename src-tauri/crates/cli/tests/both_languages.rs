//! Each command's text output in pt-BR (the default) and in English (`--lang en`), every line
//! from the message catalogue: the English output carries none of the Portuguese words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use clap::Parser;
use conector_cli::{run, Cli, Command};
use conector_core::Locale;
use conector_demo::DEMO_TOKEN;
use conector_secrets::Keychain;
use support::{preview_args, Demo};

/// Runs the CLI as the binary would, with `stdin` as standard input for the commands that read
/// a token; returns (exit code, stdout, stderr).
fn cli(args: &[&str], stdin: &str) -> (u8, String, String) {
    let cli = Cli::try_parse_from(std::iter::once("conector").chain(args.iter().copied())).unwrap();
    let lang = cli.lang;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let keychain = Keychain::with_service("br.com.conectorfidelidade.test.cli-unused");
    let mut input = stdin.as_bytes();
    let code = match cli.command {
        Command::Store {
            command: conector_cli::store::StoreCommand::Check(mut args),
        } => {
            args.lang = lang;
            conector_cli::store::check(&args, &mut input, &keychain, &mut out, &mut err)
        }
        Command::Sync {
            command: conector_cli::sync::SyncCommand::Preview(mut args),
        } => {
            args.lang = lang;
            conector_cli::sync::preview(&args, &mut input, &keychain, &mut out, &mut err)
        }
        Command::Health(mut args) => {
            args.lang = lang;
            conector_cli::health::health(&args, &mut input, &keychain, &mut out, &mut err)
        }
        _ => run(cli, &mut out, &mut err),
    };
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// `args` in pt-BR, then with `--lang en`.
fn both(args: &[&str], stdin: &str) -> [(u8, String, String); 2] {
    let en: Vec<&str> = args.iter().copied().chain(["--lang", "en"]).collect();
    [cli(args, stdin), cli(&en, stdin)]
}

/// Words only the Portuguese texts use.
const PORTUGUESE: [&str; 8] = [
    "produtos",
    "loja",
    "pedidos",
    "clientes",
    "pontos",
    "Conexão",
    "simulação",
    "O que fazer",
];

fn english_only(text: &str) {
    for word in PORTUGUESE {
        assert!(!text.contains(word), "{word} in English output:\n{text}");
    }
}

#[test]
fn feed_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    conector_samples::write_feed(std::fs::File::create(&path).unwrap(), 20, 11).unwrap();
    let [(pt_code, pt, _), (en_code, en, _)] = both(&["feed", "check", path.to_str().unwrap()], "");
    assert_eq!((pt_code, en_code), (0, 0));
    assert!(
        pt.starts_with("XML de produtos RSS: 20 produtos (0 ignorados)"),
        "{pt}"
    );
    assert!(pt.contains("  em estoque:"), "{pt}");
    assert!(
        en.starts_with("RSS product XML: 20 products (0 skipped)"),
        "{en}"
    );
    assert!(en.contains("  in stock:"), "{en}");
    english_only(&en);
}

#[test]
fn store_check() {
    let demo = Demo::start(0);
    let base = demo.handle().base_url();
    let args = ["store", "check", "--base-url", &base, "--token-stdin"];
    let [(_, pt, _), (_, en, _)] = both(&args, DEMO_TOKEN);
    assert!(pt.starts_with(&format!("Conexão OK com {base}")), "{pt}");
    assert!(pt.contains("10 status de pedido:"), "{pt}");
    assert!(
        en.starts_with(&format!("Connection OK with {base}")),
        "{en}"
    );
    assert!(en.contains("10 order statuses:"), "{en}");
    english_only(&en);
}

#[test]
fn demo_serve_banner() {
    let demo = Demo::start(0);
    let mut texts = Vec::new();
    for lang in Locale::ALL {
        let mut out = Vec::new();
        conector_cli::demo::banner(demo.handle(), lang, &mut out);
        texts.push(String::from_utf8(out).unwrap());
    }
    assert!(
        texts[0].starts_with("Loja de DEMONSTRAÇÃO no ar"),
        "{}",
        texts[0]
    );
    assert!(texts[0].contains("XML de produtos:"), "{}", texts[0]);
    assert!(texts[1].starts_with("DEMO store running"), "{}", texts[1]);
    assert!(texts[1].contains("Product XML:") && texts[1].contains("Ctrl-C to stop."));
    english_only(&texts[1]);
}

#[test]
fn status_of_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let [(_, pt, _), (_, en, _)] = both(&["status", "--db", db.to_str().unwrap()], "");
    assert!(pt.contains("Informe primeiro a loja"), "{pt}");
    assert!(pt.contains("nenhuma ainda"), "{pt}");
    assert!(en.contains("Enter the store first"), "{en}");
    assert!(en.contains("last read:") && en.contains("none yet"), "{en}");
    english_only(&en);
}

#[test]
fn sync_preview() {
    let demo = Demo::start(0);
    let base = demo.handle().base_url();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let flags = preview_args(
        &base,
        &db,
        &[
            "--since",
            "2026-11-28",
            "--final-status",
            "21",
            "--final-status",
            "24",
        ],
    );
    let args: Vec<&str> = ["sync", "preview", "--once"]
        .into_iter()
        .chain(flags.iter().map(String::as_str))
        .collect();
    let [(pt_code, pt, pt_err), (en_code, en, en_err)] = both(&args, DEMO_TOKEN);
    assert_eq!((pt_code, en_code), (0, 0), "{pt_err}{en_err}");
    assert!(pt.contains("pedidos desde 28/11/2026"), "{pt}");
    assert!(pt.contains("Nada foi enviado aos clientes"), "{pt}");
    assert!(pt_err.starts_with("página 1"), "{pt_err}");
    assert!(en.starts_with("Simulation finished — store"), "{en}");
    assert!(en.contains("orders since 11/28/2026"), "{en}");
    assert!(en.contains("Nothing was sent to customers"), "{en}");
    assert!(en_err.starts_with("page 1"), "{en_err}");
    english_only(&en);
    english_only(&en_err);
}

#[test]
fn health() {
    let demo = Demo::start(10);
    demo.handle().set_feed_broken(true);
    let base = demo.handle().base_url();
    let feed = demo.handle().feed_url();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    conector_core::db::open(&db).unwrap();
    let args = [
        "health",
        "--db",
        db.to_str().unwrap(),
        "--base-url",
        &base,
        "--token-stdin",
        "--feed",
        &feed,
    ];
    let [(pt_code, pt, _), (en_code, en, _)] = both(&args, DEMO_TOKEN);
    assert_eq!((pt_code, en_code), (2, 2));
    let line = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_owned()
    };
    assert!(pt.starts_with("Saúde da integração — "), "{pt}");
    assert!(line(&pt, "XML de produtos").contains("Problema"), "{pt}");
    assert!(line(&pt, "Token da loja").contains("OK"), "{pt}");
    assert!(pt.contains("O que fazer: "), "{pt}");
    assert!(en.starts_with("Integration health — "), "{en}");
    assert!(line(&en, "Product XML").contains("Problem"), "{en}");
    assert!(line(&en, "Store token").contains("OK"), "{en}");
    assert!(en.contains("What to do: "), "{en}");
    english_only(&en);
}
