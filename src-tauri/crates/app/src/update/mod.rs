//! Updates: which builds look for them, when the background check is due, what the banner and
//! Sobre show, and how a found update is downloaded (retried) and installed. The download, the
//! signature check and the installer itself are `tauri-plugin-updater`'s, reached through the
//! [`Updater`] trait the shell implements; this module decides everything around them.
//!
//! A build looks for updates only when it was given both the manifest's address and the public
//! key that signs releases ([`BuildConfig::from_build`]); nobody holds a release key or an update
//! host until a maintainer makes them (`docs/UPDATES.md`), so no address is ever invented.

mod config;
pub mod manifest;
mod schedule;
mod service;

pub use config::{BuildConfig, ENDPOINT_VAR, PUBKEY_VAR};
pub use schedule::{banner_hidden_until, next_check, Busy};
pub use service::{
    Available, DownloadError, Progress, UpdateCheck, UpdateEvent, UpdateObserver, UpdateService,
    UpdateView, Updater, UpdaterFuture,
};

use conector_core::{settings, CodedError, MessageCode, Params};

use crate::{keys, AppError, Context};

/// Why looking for, downloading or installing an update failed. Whatever the failure, the
/// running version stays installed and running.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    /// This build was made without an update address or key.
    #[error("this build does not look for updates")]
    Off,
    /// The manifest could not be read (no network, server down, not a manifest).
    #[error("the update manifest could not be read")]
    Unreachable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The download does not carry the release key's signature: refused.
    #[error("the update's signature is not the release key's")]
    BadSignature(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The download was cut off each of `attempts` times.
    #[error("the update download failed {attempts} times")]
    DownloadFailed {
        attempts: u32,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The disk has no room for the update.
    #[error("not enough disk space for the update")]
    NoSpace(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The system's installer did not finish.
    #[error("the update could not be installed")]
    InstallFailed(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// "Atualizar agora" with no update found (a stale page).
    #[error("no update to install")]
    NothingToInstall,
}

impl CodedError for UpdateError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Off => MessageCode::UpdateOff,
            Self::Unreachable(_) => MessageCode::UpdateUnreachable,
            Self::BadSignature(_) => MessageCode::UpdateBadSignature,
            Self::DownloadFailed { .. } => MessageCode::UpdateDownloadFailed,
            Self::NoSpace(_) => MessageCode::UpdateNoSpace,
            Self::InstallFailed(_) => MessageCode::UpdateInstallFailed,
            Self::NothingToInstall => MessageCode::UpdateNothingToInstall,
        }
    }

    fn params(&self) -> Params {
        let params = Params::new().text("current", current_version());
        match self {
            Self::DownloadFailed { attempts, .. } => params.number("attempts", *attempts),
            _ => params,
        }
    }
}

/// The version this program is: the workspace's, which `tauri.conf.json` repeats (a test keeps
/// the two equal, so the updater compares the number Sobre shows).
pub fn current_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// "Verificar atualizações automaticamente": on unless the owner turned it off.
pub fn auto_check(ctx: &Context) -> Result<bool, AppError> {
    let stored = ctx.with_db(|conn| settings::get(conn, keys::UPDATE_AUTO_CHECK))?;
    Ok(stored.as_deref() != Some("off"))
}

pub fn set_auto_check(ctx: &Context, on: bool) -> Result<(), AppError> {
    let value = if on { "on" } else { "off" };
    ctx.with_db(|conn| settings::set(conn, keys::UPDATE_AUTO_CHECK, value))?;
    Ok(())
}

/// "Depois": the banner of `version` stays hidden until the start of the next day.
pub fn postpone(ctx: &Context, version: &str) -> Result<(), AppError> {
    let until = banner_hidden_until(ctx.now());
    let value = serde_json::json!({
        "version": version,
        "until": conector_core::timestamp::format(until),
    });
    ctx.with_db(|conn| settings::set(conn, keys::UPDATE_POSTPONED, &value.to_string()))?;
    Ok(())
}

/// Whether the owner said "Depois" to `version` and the next day has not come yet.
pub fn postponed(ctx: &Context, version: &str) -> Result<bool, AppError> {
    let stored = ctx.with_db(|conn| settings::get(conn, keys::UPDATE_POSTPONED))?;
    let Some(value) = stored.and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
    else {
        return Ok(false);
    };
    let same = value.get("version").and_then(|v| v.as_str()) == Some(version);
    let until = value
        .get("until")
        .and_then(|v| v.as_str())
        .and_then(conector_core::timestamp::parse);
    Ok(same && until.is_some_and(|until| ctx.now() < until))
}
