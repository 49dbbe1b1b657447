//! `conector remove-everything`: what "Remover tudo deste computador" does in the app's Sobre
//! page, for the Windows uninstaller's "remove my data too" (and for scripts). Without `--yes`
//! it removes nothing and lists what would go. While the app is running (its database open,
//! even from the tray) it refuses: it never stops the app itself, the owner (or the
//! uninstaller's hand-over) closes it first.

use std::io::Write;

use clap::Args;
use conector_app::context::Keychain;
use conector_app::remove::{self, RemoveError};
use conector_app::Paths;
use conector_core::{CodedError, ErrorPayload, MessageCode, Params};

use crate::lang::Lang;
use crate::output::{self, label, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED};

/// Exit code when the app is running: nothing was removed.
pub const EXIT_APP_RUNNING: u8 = 4;

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Remove de fato; sem ele, só mostra o que seria removido.
    #[arg(long)]
    pub yes: bool,
}

pub fn run(args: &RemoveArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(paths) = Paths::for_user() else {
        let payload = ErrorPayload::new(MessageCode::CliNoDataDir);
        return output::error(false, lang, &payload, EXIT_REJECTED, out, err);
    };
    let removal = match remove::plan(&paths, &remove::user_folders()) {
        Ok(removal) => removal,
        Err(e) => return failed(&e, lang, out, err),
    };
    let nothing = removal.folders.is_empty() && removal.store_id.is_none() && !removal.login_item;
    if nothing {
        let _ = writeln!(out, "{}", label(lang, MessageCode::CliRemoveNothing));
        return EXIT_OK;
    }
    if !args.yes {
        let _ = writeln!(err, "{}", label(lang, MessageCode::CliRemoveNeedsYes));
        let line = |code, params: Params| lang.text(code, &params);
        for folder in &removal.folders {
            let params = Params::new().text("path", folder.clone());
            let _ = writeln!(err, "  - {}", line(MessageCode::CliRemoveFolder, params));
        }
        for copy in &removal.copies {
            let params = Params::new().text("path", copy.path.clone());
            let _ = writeln!(err, "  - {}", line(MessageCode::CliRemoveCopy, params));
        }
        if let Some(store) = &removal.store_id {
            let params = Params::new().text("store", store.clone());
            let _ = writeln!(err, "  - {}", line(MessageCode::CliRemoveKeychain, params));
        }
        if removal.login_item {
            let _ = writeln!(err, "  - {}", label(lang, MessageCode::CliRemoveLoginItem));
        }
        return EXIT_REJECTED;
    }
    match remove::remove_everything(&removal, &Keychain::new()) {
        Ok(removed) => {
            let params = Params::new()
                .number("folders", i64::from(removed.folders))
                .number("tokens", i64::from(removed.keychain_entries));
            let _ = writeln!(out, "{}", lang.text(MessageCode::CliRemoveDone, &params));
            EXIT_OK
        }
        Err(e) => failed(&e, lang, out, err),
    }
}

fn failed(e: &RemoveError, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    tracing::warn!(error = %e, "remove-everything failed");
    let exit = match e {
        RemoveError::AppRunning => EXIT_APP_RUNNING,
        _ => EXIT_INTERNAL,
    };
    output::error(false, lang, &e.payload(), exit, out, err)
}
