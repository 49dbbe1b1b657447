//! Which builds look for updates: those given the manifest's address and the release public key
//! in their build environment. Without both, the updater is off.

/// The manifest's address, read when the app is compiled (`https://…/latest.json`; it may hold
/// `{{target}}`, `{{arch}}` and `{{current_version}}`, nothing else of the computer).
pub const ENDPOINT_VAR: &str = "CONECTOR_UPDATE_ENDPOINT";
/// The public half of the release key (`tauri signer generate` writes it as `*.key.pub`).
pub const PUBKEY_VAR: &str = "CONECTOR_UPDATE_PUBKEY";

/// Where this build looks for updates and the key their signatures must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildConfig {
    pub endpoint: url::Url,
    pub pubkey: String,
}

impl BuildConfig {
    /// This build's: from [`ENDPOINT_VAR`] and [`PUBKEY_VAR`] as they were when it was
    /// compiled, or `None` (updater off) when either is missing or unusable.
    pub fn from_build() -> Option<BuildConfig> {
        Self::from_values(
            option_env!("CONECTOR_UPDATE_ENDPOINT"),
            option_env!("CONECTOR_UPDATE_PUBKEY"),
        )
    }

    /// Both values present and usable: an `https` address without credentials, fragment or
    /// query (a query could carry more than the version, OS and architecture), and a key.
    pub fn from_values(endpoint: Option<&str>, pubkey: Option<&str>) -> Option<BuildConfig> {
        let endpoint = url::Url::parse(endpoint?.trim()).ok()?;
        let pubkey = pubkey?.trim();
        let clean = endpoint.scheme() == "https"
            && endpoint.host_str().is_some()
            && endpoint.username().is_empty()
            && endpoint.password().is_none()
            && endpoint.query().is_none()
            && endpoint.fragment().is_none();
        if !clean || pubkey.is_empty() {
            return None;
        }
        Some(BuildConfig {
            endpoint,
            pubkey: pubkey.to_owned(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KEY: Option<&str> = Some("dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk=");

    #[test]
    fn a_build_without_address_or_key_does_not_look_for_updates() {
        let url = Some("https://updates.example.com/latest.json");
        assert!(BuildConfig::from_values(url, KEY).is_some());
        assert_eq!(BuildConfig::from_values(None, KEY), None);
        assert_eq!(BuildConfig::from_values(url, None), None);
        assert_eq!(BuildConfig::from_values(Some(""), KEY), None);
        assert_eq!(BuildConfig::from_values(url, Some("  ")), None);
    }

    #[test]
    fn only_a_plain_https_address_is_used() {
        for refused in [
            "http://updates.example.com/latest.json",
            "https://user:pw@updates.example.com/latest.json",
            "https://updates.example.com/latest.json?machine=abc",
            "https://updates.example.com/latest.json#x",
            "updates.example.com/latest.json",
        ] {
            assert_eq!(
                BuildConfig::from_values(Some(refused), KEY),
                None,
                "{refused}"
            );
        }
        let template = "https://updates.example.com/{{target}}/{{arch}}/{{current_version}}";
        assert!(BuildConfig::from_values(Some(template), KEY).is_some());
    }
}
