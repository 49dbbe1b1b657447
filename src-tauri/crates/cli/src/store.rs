//! `conector store check`: tests a token against the store, as the wizard's "Testar conexão".
//!
//! The token comes from the OS keychain (saved by the app after a successful test) or, with
//! `--token-stdin`, from the first line of standard input. Never from an argument: arguments
//! end up in shell history and process lists.
//!
//! Exit codes: 0 the store answered; 2 bad input, no saved token, keychain unavailable or the
//! store rejected the token / does not exist / is not a store; 3 network or server failure, or
//! a redirect to another address (`store.redirected_away`, naming the target host only: the
//! token was not sent there).

use std::io::{BufRead, Write};

use clap::{Args, Subcommand};
use conector_app::context::Keychain;
use conector_core::{CodedError, MessageCode, Params};

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Testa a conexão com a loja: lê a lista de status de pedido com o token.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Idioma das mensagens (o global `--lang`).
    #[arg(skip)]
    pub lang: Lang,
    #[command(flatten)]
    pub store: crate::store_flags::StoreFlags,
    /// Saída em JSON.
    #[arg(long)]
    pub json: bool,
}

/// Entry point from [`crate::run`]: real stdin, the app's keychain.
pub fn run(command: StoreCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let StoreCommand::Check(mut args) = command;
    args.lang = lang;
    crate::store_flags::from_terminal(check, &args, out, err)
}

/// `store check` with its input and keychain given (tests pass their own).
pub fn check(
    args: &CheckArgs,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (json, lang) = (args.json, args.lang);
    let fail = output::failure(json, lang);
    let store = args.store.to_override(input);
    let runtime = match output::runtime() {
        Ok(runtime) => runtime,
        Err(payload) => return fail(payload, EXIT_INTERNAL, out, err),
    };
    let check = match runtime.block_on(conector_app::overrides::check_store(keychain, &store)) {
        Ok(check) => check,
        Err(e) => return fail(e.payload(), output::exit_for(&e), out, err),
    };
    if json {
        return output::json(
            out,
            &serde_json::json!({
                "ok": true,
                "api_base": check.api_base,
                "status_count": check.statuses.len(),
                "statuses": check.statuses,
            }),
        );
    }
    let connected = Params::new().text("address", check.api_base.as_str());
    let _ = writeln!(
        out,
        "{}",
        lang.text(MessageCode::CliStoreConnected, &connected)
    );
    let count = Params::new().number("count", output::count(check.statuses.len()));
    let _ = writeln!(out, "{}", lang.text(MessageCode::CliStoreStatuses, &count));
    for status in &check.statuses {
        let _ = writeln!(out, "  {:>6}  {}", status.id, status.name);
    }
    EXIT_OK
}
