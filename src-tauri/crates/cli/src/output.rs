//! Printing shared by the subcommands: JSON documents, coded errors, labelled rows, and the
//! exit code a failure earns. Every word printed comes from the message catalogue.

use std::io::Write;

use conector_app::{AppError, Blame};
use conector_core::{ErrorPayload, Locale, MessageCode, Params};
use serde::Serialize;

pub const EXIT_OK: u8 = 0;
pub const EXIT_INTERNAL: u8 = 1;
pub const EXIT_REJECTED: u8 = 2;
pub const EXIT_REMOTE: u8 = 3;

/// What `--json` prints when the answer itself could not be written as JSON.
const JSON_FAILED: &str = r#"{"error":{"code":"app.internal","params":{}}}"#;

/// Writes one JSON document and a newline; a broken pipe is not worth a panic.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            EXIT_OK
        }
        Err(e) => {
            tracing::error!(error = %e, "JSON output failed");
            let _ = writeln!(out, "{JSON_FAILED}");
            EXIT_INTERNAL
        }
    }
}

/// Reports a coded error as `{"error":{code,params,message}}` (with `--json`; `message` in the
/// chosen language) or as a line on stderr, and returns `exit`.
pub fn error(
    as_json: bool,
    lang: Locale,
    payload: &ErrorPayload,
    exit: u8,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let message = lang.message(payload);
    if as_json {
        json(
            out,
            &serde_json::json!({ "error": {
                "code": payload.code,
                "params": payload.params,
                "message": message,
            }}),
        );
    } else {
        let line = Params::new()
            .text("message", message)
            .text("code", payload.code.as_str());
        let _ = writeln!(err, "{}", lang.text(MessageCode::CliError, &line));
    }
    exit
}

/// [`error`] with a command's `--json` and language fixed, for its early returns:
/// `fail(payload, exit, out, err)`.
pub fn failure(
    as_json: bool,
    lang: Locale,
) -> impl Fn(ErrorPayload, u8, &mut dyn Write, &mut dyn Write) -> u8 {
    move |payload, exit, out, err| error(as_json, lang, &payload, exit, out, err)
}

/// The exit code of an application-layer failure: 2 the caller's input or the thing checked,
/// 3 the network or a remote server, 1 this computer.
pub fn exit_for(e: &AppError) -> u8 {
    match e.blame() {
        Blame::Input => EXIT_REJECTED,
        Blame::Remote => EXIT_REMOTE,
        Blame::Internal => EXIT_INTERNAL,
    }
}

/// A label's text (a code without parameters).
pub fn label(lang: Locale, code: MessageCode) -> String {
    lang.text(code, &Params::new())
}

/// Rows of `label: value`, the values lined up after the longest label.
pub fn rows(out: &mut dyn Write, indent: &str, rows: &[(String, String)]) {
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count() + 2)
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(out, "{indent}{:<width$}{value}", format!("{label}:"));
    }
}

/// A count as a message parameter.
pub fn count(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

pub fn info(as_json: bool, out: &mut dyn Write, _err: &mut dyn Write) -> u8 {
    let name = crate::program_name();
    let version = env!("CARGO_PKG_VERSION");
    if as_json {
        json(out, &serde_json::json!({ "version": version }))
    } else {
        let _ = writeln!(out, "{name} {version}");
        EXIT_OK
    }
}

/// The runtime for one command's network work; if it cannot start, that is an internal error
/// (logged, shown as `app.internal`).
pub fn runtime() -> Result<tokio::runtime::Runtime, ErrorPayload> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "the async runtime could not start");
            ErrorPayload::new(MessageCode::Internal)
        })
}

/// The app's data folder (or `--db`): a missing one is the caller's input (exit 2), an
/// unreadable one the app's (exit 1).
pub fn exit_for_open_failure(payload: &ErrorPayload) -> u8 {
    if payload.code == MessageCode::CliNoDataDir {
        EXIT_REJECTED
    } else {
        EXIT_INTERNAL
    }
}
