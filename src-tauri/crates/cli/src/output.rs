//! Printing helpers shared by the subcommands: JSON documents and coded errors.

use std::io::Write;

use conector_core::{ErrorPayload, MessageCode};

use crate::lang::Lang;
use serde::Serialize;

pub const EXIT_OK: u8 = 0;
pub const EXIT_INTERNAL: u8 = 1;
pub const EXIT_REJECTED: u8 = 2;
pub const EXIT_REMOTE: u8 = 3;

/// Writes one JSON document and a newline; a broken pipe is not worth a panic.
pub fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            EXIT_OK
        }
        Err(e) => {
            tracing::error!(error = %e, "JSON output failed");
            let _ = writeln!(
                out,
                "{{\"error\":{{\"code\":\"app.internal\",\"params\":{{}}}}}}"
            );
            EXIT_INTERNAL
        }
    }
}

/// Reports a coded error as `{"error":{code,params,message}}` (with `--json`; `message` in the
/// chosen language) or as a line on stderr, and returns `exit`.
pub fn error(
    as_json: bool,
    lang: Lang,
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
        let _ = writeln!(
            err,
            "{}: {message} [{}]",
            lang.pick("erro", "error"),
            payload.code
        );
    }
    exit
}

pub fn info(as_json: bool, out: &mut dyn Write, _err: &mut dyn Write) -> u8 {
    let version = env!("CARGO_PKG_VERSION");
    if as_json {
        json(out, &serde_json::json!({ "version": version }))
    } else {
        let _ = writeln!(out, "conector {version}");
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
