//! Printing helpers shared by the subcommands: JSON documents and coded errors.

use std::io::Write;

use conector_core::ErrorPayload;
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
            let _ = writeln!(out, "{{\"code\":\"internal\",\"message\":\"{e}\"}}");
            EXIT_INTERNAL
        }
    }
}

/// Reports a coded error as `{"error":{code,message}}` (with `--json`) or as a line on stderr,
/// and returns `exit`.
pub fn error(
    as_json: bool,
    payload: &ErrorPayload,
    exit: u8,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if as_json {
        json(out, &serde_json::json!({ "error": payload }));
    } else {
        let _ = writeln!(err, "erro: {} [{}]", payload.message, payload.code);
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
