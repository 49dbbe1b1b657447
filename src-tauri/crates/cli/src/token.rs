//! Where a subcommand gets the store's token: the first line of standard input with
//! `--token-stdin`, else the app's keychain entry for the store. Never a command-line argument
//! (it would land in the shell history and the process list).

use std::io::BufRead;

use conector_core::{CodedError, ErrorPayload, MessageCode, Secret};
use conector_secrets::{Keychain, StoreAccount};
use conector_simplo7::{StoreAddress, StoreError};

pub fn read_token(
    from_stdin: bool,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    store_id: Option<&str>,
    address: &StoreAddress,
) -> Result<Secret, ErrorPayload> {
    if from_stdin {
        let mut line = String::new();
        if input.read_line(&mut line).is_err() || line.trim().is_empty() {
            return Err(StoreError::MissingToken.payload());
        }
        return Ok(Secret::new(line.trim()));
    }
    let account = StoreAccount::for_store(store_id, address.api_base());
    match keychain.load(&account) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(ErrorPayload::new(MessageCode::SetupNoToken)),
        Err(e) => Err(e.payload()),
    }
}
