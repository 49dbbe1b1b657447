//! The desktop around the wizard: which addresses the app opens in the owner's browser, and
//! what goes wrong opening a link or a folder. The webview gets no opener or file-system
//! permission: every path and URL opened is decided or checked here.

use conector_core::{CodedError, MessageCode, Params};

/// What can go wrong opening something for the owner.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DesktopError {
    /// Only https (or the local demo panel) is opened in the browser.
    #[error("address refused for the browser")]
    UrlRefused,
    /// The system could not open a link or a folder; `target` is shown so the owner can.
    #[error("could not open {target}")]
    OpenFailed {
        target: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl CodedError for DesktopError {
    fn code(&self) -> MessageCode {
        match self {
            DesktopError::UrlRefused => MessageCode::DesktopUrlRefused,
            DesktopError::OpenFailed { .. } => MessageCode::DesktopOpenFailed,
        }
    }

    fn params(&self) -> Params {
        match self {
            DesktopError::OpenFailed { target, .. } => Params::new().text("target", target.clone()),
            DesktopError::UrlRefused => Params::new(),
        }
    }
}

/// The only addresses the app opens in the browser: `https` without credentials, or the demo
/// store's panel on this computer (`http://127.0.0.1`/`localhost`). Returns the address to
/// open.
pub fn browser_url(url: &str) -> Result<String, DesktopError> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| DesktopError::UrlRefused)?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let allowed = match parsed.scheme() {
        "https" => true,
        "http" => loopback,
        _ => false,
    };
    if !allowed || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(DesktopError::UrlRefused);
    }
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_and_the_local_demo_panel_are_opened() {
        for ok in [
            "https://www.simplo7.com.br/ajuda",
            "https://loja123.simplo7.net/admin/",
            "http://127.0.0.1:41234/admin/api",
            "http://localhost:8080/",
        ] {
            assert!(browser_url(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://example.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pw@example.com/",
            "smb://server/share",
            "not a url",
        ] {
            assert!(
                matches!(browser_url(refused), Err(DesktopError::UrlRefused)),
                "{refused}"
            );
        }
    }
}
