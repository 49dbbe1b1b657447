//! The store flags `store check`, `sync preview` and `health` share: where the store's API is and
//! where its token comes from (never a command-line argument: see [`crate::token`]).

use std::io::BufRead;

use clap::Args;
use conector_core::{ErrorPayload, Secret};
use conector_secrets::Keychain;
use conector_simplo7::{StoreAddress, StoreError};

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
    /// Whether the flags name a store (then a command leaves the app's saved store aside).
    pub fn name_a_store(&self) -> bool {
        self.base_url.is_some() || self.store_id.is_some()
    }

    /// The address the flags name: `--base-url` (a `--store-id` given with it must still be a
    /// store ID), else the Simplo7 address of `--store-id`; `None` without either.
    pub fn address(&self) -> Option<Result<StoreAddress, StoreError>> {
        match (&self.base_url, &self.store_id) {
            (Some(base), store_id) => Some(match store_id {
                Some(id) => conector_simplo7::validate_store_id(id)
                    .and_then(|_| StoreAddress::from_override(base)),
                None => StoreAddress::from_override(base),
            }),
            (None, Some(id)) => Some(StoreAddress::for_store_id(id)),
            (None, None) => None,
        }
    }

    /// The token for `address`: standard input with `--token-stdin`, else the keychain entry of
    /// `store_id` at that address.
    pub fn token(
        &self,
        input: &mut dyn BufRead,
        keychain: &Keychain,
        store_id: Option<&str>,
        address: &StoreAddress,
    ) -> Result<Secret, ErrorPayload> {
        crate::token::read_token(self.token_stdin, input, keychain, store_id, address)
    }
}
