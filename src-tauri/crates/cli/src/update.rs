//! `conector update check`: the installed version, whether this build looks for updates, and
//! what the manifest announces — read only, nothing downloaded or installed (the window's
//! "Atualizar agora" does that).
//!
//! Exit codes: 0 checked (a newer version or not; or this build does not look for updates);
//! 3 the manifest could not be read.

use std::io::Write;

use clap::Subcommand;
use conector_app::update::{self, manifest, Available, BuildConfig};
use conector_core::{CodedError, MessageCode, Params};
use serde::Serialize;

use crate::lang::Lang;
use crate::output::{self, label, EXIT_OK, EXIT_REMOTE};

#[derive(Debug, Subcommand)]
pub enum UpdateCommand {
    /// Mostra a versão instalada, se esta versão busca atualizações e o que há de novo.
    Check {
        /// Saída em JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct Checked {
    installed: &'static str,
    updater_on: bool,
    available: Option<Available>,
}

pub fn run(command: UpdateCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let UpdateCommand::Check { json } = command;
    checked(BuildConfig::from_build(), json, lang, out, err)
}

/// The check for a build with `config` (this build's, or a test's).
pub fn checked(
    config: Option<BuildConfig>,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let installed = update::current_version();
    let available = match &config {
        None => None,
        Some(config) => match manifest::latest(config, installed) {
            Ok(found) => found,
            Err(e) => return output::error(json, lang, &e.payload(), EXIT_REMOTE, out, err),
        },
    };
    if json {
        let checked = Checked {
            installed,
            updater_on: config.is_some(),
            available,
        };
        return output::json(out, &checked);
    }
    let updates = match &config {
        None => lang.text(MessageCode::UpdateOff, &Params::new()),
        Some(config) => {
            let host = config.endpoint.host_str().unwrap_or_default().to_owned();
            lang.text(MessageCode::CliUpdateOn, &Params::new().text("host", host))
        }
    };
    let mut rows = vec![
        (crate::program_name(), installed.to_owned()),
        (label(lang, MessageCode::CliUpdateUpdates), updates),
    ];
    if config.is_some() {
        let newer = match &available {
            Some(found) => found.version.clone(),
            None => label(lang, MessageCode::CliUpdateNone),
        };
        rows.push((label(lang, MessageCode::CliUpdateAvailable), newer));
    }
    output::rows(out, "", &rows);
    EXIT_OK
}
