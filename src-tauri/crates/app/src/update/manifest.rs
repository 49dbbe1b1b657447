//! The manifest read without the window (`conector update check`): the same address the app's
//! updater asks, with the same three facts filled in (OS, architecture, running version), and
//! only a higher version counts. Nothing is downloaded or installed from here.

use serde::Deserialize;

use super::{Available, BuildConfig, UpdateError};

#[derive(Deserialize)]
struct Manifest {
    version: String,
    #[serde(default)]
    pub_date: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    notes_en: Option<String>,
}

/// The OS as the updater names it in the address (`linux`, `windows`, `darwin`).
fn target() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    }
}

/// The manifest's address for this computer and `current` version.
pub fn address(config: &BuildConfig, current: &str) -> String {
    // The template's braces are kept as typed by `url`'s parser in a path (encoded) or not.
    config
        .endpoint
        .as_str()
        .replace("%7B%7Btarget%7D%7D", target())
        .replace("%7B%7Barch%7D%7D", std::env::consts::ARCH)
        .replace("%7B%7Bcurrent_version%7D%7D", current)
        .replace("{{target}}", target())
        .replace("{{arch}}", std::env::consts::ARCH)
        .replace("{{current_version}}", current)
}

/// Reads the manifest (blocking: call it off the async workers): the announced version when it
/// is higher than `current`, `None` when it is not (or the server answers 204).
pub fn latest(config: &BuildConfig, current: &str) -> Result<Option<Available>, UpdateError> {
    let unreachable = |e: reqwest::Error| UpdateError::Unreachable(Box::new(e));
    let client = reqwest::blocking::Client::builder()
        .user_agent(conector_core::USER_AGENT)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(unreachable)?;
    let response = client
        .get(address(config, current))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .and_then(reqwest::blocking::Response::error_for_status)
        .map_err(unreachable)?;
    if response.status() == reqwest::StatusCode::NO_CONTENT {
        return Ok(None);
    }
    let manifest: Manifest = response.json().map_err(unreachable)?;
    let newer = match (
        semver::Version::parse(manifest.version.trim_start_matches('v')),
        semver::Version::parse(current),
    ) {
        (Ok(announced), Ok(running)) => announced > running,
        (Err(e), _) | (_, Err(e)) => return Err(UpdateError::Unreachable(Box::new(e))),
    };
    Ok(newer.then(|| Available {
        version: manifest.version.trim_start_matches('v').to_owned(),
        date: manifest.pub_date,
        notes_pt: manifest.notes.unwrap_or_default(),
        notes_en: manifest.notes_en.unwrap_or_default(),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_address_names_only_the_os_the_architecture_and_the_version() {
        let config = BuildConfig::from_values(
            Some("https://updates.example.com/{{target}}/{{arch}}/{{current_version}}.json"),
            Some("key"),
        )
        .unwrap();
        let expected = format!(
            "https://updates.example.com/{}/{}/0.1.0.json",
            target(),
            std::env::consts::ARCH
        );
        assert_eq!(address(&config, "0.1.0"), expected);
    }
}
