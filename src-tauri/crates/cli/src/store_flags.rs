//! The store flags `store check`, `sync preview` and `health` share: where the store's API is and
//! where its token comes from. The token is never a command-line argument (it would land in
//! the shell history and the process list): the first line of standard input with
//! `--token-stdin`, else the app's keychain entry for the store.

use std::io::{BufRead, Write};

use clap::Args;
use conector_app::context::Keychain;
use conector_app::overrides::StoreOverride;
use conector_core::Secret;

#[derive(Debug, Clone, Default, Args)]
pub struct StoreFlags {
    /// Endereço da API (ex.: https://www.minhaloja.com.br/ws/); sem ele, o do --store-id
    /// (https://{ID}.simplo7.net/ws/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// ID da loja (só números); também diz qual token da loja ler do cofre de senhas do
    /// computador.
    #[arg(long, value_name = "ID")]
    pub store_id: Option<String>,
    /// Lê o token da primeira linha da entrada padrão em vez do cofre de senhas do computador.
    #[arg(long)]
    pub token_stdin: bool,
}

impl StoreFlags {
    /// The store the flags name, for the application layer; with `--token-stdin`, the token
    /// read from `input` (an unreadable or blank line is a missing token, said by the app).
    pub fn to_override(&self, input: &mut dyn BufRead) -> StoreOverride {
        let token = self.token_stdin.then(|| {
            let mut line = String::new();
            if input.read_line(&mut line).is_err() {
                line.clear();
            }
            Secret::new(line.trim())
        });
        StoreOverride {
            base_url: self.base_url.clone(),
            store_id: self.store_id.clone(),
            token,
        }
    }
}

/// A command that takes the store flags, given where a token comes from: `input` for
/// `--token-stdin`, `keychain` for the saved one. Its exit code.
pub type TokenCommand<A> =
    fn(&A, &mut dyn BufRead, &Keychain, &mut dyn Write, &mut dyn Write) -> u8;

/// Runs `command` as the binary does: the token from the real standard input or the app's
/// keychain. (Tests call the command itself with their own input and keychain.)
pub fn from_terminal<A>(
    command: TokenCommand<A>,
    args: &A,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let stdin = std::io::stdin();
    command(args, &mut stdin.lock(), &Keychain::new(), out, err)
}
