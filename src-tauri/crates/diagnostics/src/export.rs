//! The diagnostic zip: what a support person needs to understand a problem, with nothing that
//! identifies a customer or opens the store.
//!
//! Entries: `LEIA-ME.txt`, `sobre.json` (version, OS, schema), `assistente.json` (wizard step and
//! settings), `sincronizacoes.json` (last sync runs, checkpoints, activation) and `logs/*`. Every
//! text goes through the [`Redactor`] before it is written. A database that cannot be read does
//! not stop the export: its error is written in its place.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use conector_core::Secret;
use rusqlite::{types::ValueRef, Connection, OpenFlags};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::{DiagnosticsError, Redactor};

/// The last runs kept in the zip; older ones tell nothing new.
const LAST_RUNS: u32 = 30;
/// Only the end of a long log file is kept: the problem is almost always at the end.
const LOG_TAIL_BYTES: u64 = 2 * 1024 * 1024;
/// Daily files: the last week is plenty.
const LOG_FILES: usize = 7;

pub struct DiagnosticInput {
    pub app_version: String,
    /// e.g. "linux x86_64 (Debian GNU/Linux 12)".
    pub os: String,
    pub database: PathBuf,
    pub log_dir: PathBuf,
    /// Values that must never come out, whatever their context (the store token).
    pub secrets: Vec<Secret>,
    pub now: OffsetDateTime,
}

/// Writes `conector-diagnostico-<timestamp>.zip` into `dest_dir` and returns its path.
pub fn export(input: &DiagnosticInput, dest_dir: &Path) -> Result<PathBuf, DiagnosticsError> {
    let redactor = Redactor::new(input.secrets.iter().cloned());
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        input.now.year(),
        u8::from(input.now.month()),
        input.now.day(),
        input.now.hour(),
        input.now.minute(),
        input.now.second()
    );
    let path = dest_dir.join(format!("conector-diagnostico-{stamp}.zip"));
    let write_err = |source| DiagnosticsError::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dest_dir).map_err(write_err)?;
    let file = std::fs::File::create(&path).map_err(write_err)?;
    let mut zip = ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);

    let db = read_database(&input.database, &redactor);
    let about = json!({
        "app_version": input.app_version,
        "os": input.os,
        "created_at": conector_core::timestamp::format(input.now),
        "database": {
            "file": input.database.display().to_string(),
            "schema_version": db.schema_version,
            "error": db.error,
        },
    });
    let mut entry = |name: &str, text: &str| -> Result<(), DiagnosticsError> {
        zip.start_file(name, options)?;
        zip.write_all(redactor.redact(text).as_bytes())
            .map_err(write_err)
    };
    entry("LEIA-ME.txt", README)?;
    entry("sobre.json", &pretty(&about))?;
    entry("assistente.json", &pretty(&db.wizard))?;
    entry("sincronizacoes.json", &pretty(&db.sync))?;
    for log in recent_logs(&input.log_dir) {
        let Some(name) = log.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let text = match read_tail(&log) {
            Ok(text) => text,
            Err(e) => format!("(não foi possível ler este arquivo: {e})"),
        };
        entry(&format!("logs/{name}"), &text)?;
    }
    zip.finish()?;
    Ok(path)
}

const README: &str = "\
Diagnóstico do Conector +fidelidade

Este arquivo ajuda o suporte a entender um problema. Ele contém a versão do aplicativo, o sistema,
em que passo do assistente você está, as últimas sincronizações e os registros (logs).

Antes de ser gravado, todo o conteúdo passou por uma limpeza automática: o token da loja, CPFs,
CNPJs, e-mails e telefones dos clientes foram substituídos por marcas como [CPF removido].
";

struct DatabaseView {
    schema_version: Option<i64>,
    error: Option<String>,
    wizard: Value,
    sync: Value,
}

fn read_database(path: &Path, redactor: &Redactor) -> DatabaseView {
    let mut view = DatabaseView {
        schema_version: None,
        error: None,
        wizard: json!({}),
        sync: json!({}),
    };
    if !path.exists() {
        view.error = Some("o banco de dados ainda não existe".to_owned());
        return view;
    }
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(conn) => conn,
        Err(e) => {
            view.error = Some(e.to_string());
            return view;
        }
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(2));
    match conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0)) {
        Ok(v) => view.schema_version = v,
        Err(e) => view.error = Some(e.to_string()),
    }
    let settings = rows(&conn, "SELECT key, value FROM settings ORDER BY key").map(|rows| {
        let mut map = Map::new();
        for row in rows {
            let key = row.get("key").and_then(Value::as_str).unwrap_or_default();
            let value = row.get("value").and_then(Value::as_str).unwrap_or_default();
            map.insert(key.to_owned(), Value::String(redactor.setting(key, value)));
        }
        Value::Object(map)
    });
    view.wizard = json!({
        "progress": result(rows(&conn, "SELECT current_step, updated_at FROM wizard_progress")),
        "settings": result(settings),
    });
    view.sync = json!({
        "runs": result(rows(&conn, &format!(
            "SELECT id, store, started_at, finished_at, result, error_code, pages, orders_seen,
                    entries_added
             FROM sync_runs ORDER BY id DESC LIMIT {LAST_RUNS}"
        ))),
        "checkpoints": result(rows(&conn,
            "SELECT store, since, pass_from, next_page, high_water, updated_at
             FROM sync_checkpoints")),
        "activation": result(rows(&conn,
            "SELECT active, changed_at FROM activation_events ORDER BY id DESC LIMIT 10")),
        "orders": result(rows(&conn,
            "SELECT store, COUNT(*) AS orders, SUM(skip_reason IS NULL) AS with_points
             FROM ledger_orders GROUP BY store")),
    });
    view
}

/// A query's rows as JSON objects (column name → value), or its error as text.
fn rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Map<String, Value>>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|n| (*n).to_owned())
        .collect();
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => json!(n),
                ValueRef::Real(f) => json!(f),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::String(format!("({} bytes)", b.len())),
            };
            map.insert(name.clone(), value);
        }
        out.push(map);
    }
    Ok(out)
}

fn result<T: serde::Serialize>(r: rusqlite::Result<T>) -> Value {
    match r {
        Ok(v) => json!(v),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// The newest `.log` files of the log folder (daily files are named by date).
fn recent_logs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut logs: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.to_string_lossy().contains(".log"))
        .map(|p| {
            let modified = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (modified, p)
        })
        .collect();
    logs.sort_by(|a, b| b.cmp(a));
    logs.into_iter().take(LOG_FILES).map(|(_, p)| p).collect()
}

/// The last [`LOG_TAIL_BYTES`] of a log, starting at a line start: a line cut in half could
/// begin with the end of a token, too short to be recognised by its shape and no longer equal
/// to the value the redaction looks for — so the cut line is left out whole.
fn read_tail(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let cut = len > LOG_TAIL_BYTES;
    if cut {
        file.seek(SeekFrom::Start(len - LOG_TAIL_BYTES))?;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    if cut {
        // Up to and including the first line end; nothing at all when no line ends.
        let start = bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |at| at + 1);
        bytes.drain(..start);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("(JSON inválido: {e})"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const TOKEN: &str = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    fn read_zip(path: &Path) -> BTreeMap<String, String> {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut out = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            out.insert(entry.name().to_owned(), text);
        }
        out
    }

    fn input(dir: &Path) -> DiagnosticInput {
        DiagnosticInput {
            app_version: "0.1.0".to_owned(),
            os: "linux x86_64".to_owned(),
            database: dir.join("data/conector.sqlite3"),
            log_dir: dir.join("logs"),
            secrets: vec![Secret::new(TOKEN)],
            now: time::macros::datetime!(2026-11-28 10:30:05 UTC),
        }
    }

    #[test]
    fn the_zip_holds_version_wizard_runs_and_logs_without_personal_data() {
        let dir = tempfile::tempdir().unwrap();
        let input = input(dir.path());
        {
            let conn = conector_core::db::open(&input.database).unwrap();
            conn.execute_batch(
                "INSERT INTO settings (key, value) VALUES ('store_id', '48213'),
                     ('owner_email', 'dono@minhaloja.com.br'), ('legacy_token', 'oldsecret');
                 INSERT INTO wizard_progress (id, current_step, updated_at)
                     VALUES (1, 7, '2026-11-28T10:00:00Z');
                 INSERT INTO sync_runs (store, started_at, finished_at, result, error_code, pages,
                                        orders_seen, entries_added)
                     VALUES ('48213', '2026-11-28T09:00:00Z', '2026-11-28T09:00:04Z', 'ok', NULL,
                             3, 250, 240),
                            ('48213', '2026-11-28T10:00:00Z', '2026-11-28T10:00:01Z', 'failed',
                             'store.unreachable', 0, 0, 0);",
            )
            .unwrap();
        }
        std::fs::create_dir_all(&input.log_dir).unwrap();
        std::fs::write(
            input.log_dir.join("conector.2026-11-28.log"),
            format!(
                "2026-11-28T10:00:01Z WARN sync failed code=store.unreachable\n\
                 2026-11-28T10:00:02Z INFO customer cpf=529.982.247-25 email=ana@exemplo.com \
                 phone=(48) 99123-4567 header=\"X-Token {TOKEN}\"\n"
            ),
        )
        .unwrap();

        let path = export(&input, &dir.path().join("Downloads")).unwrap();
        assert_eq!(
            path.file_name().unwrap(),
            "conector-diagnostico-20261128-103005.zip"
        );
        let entries = read_zip(&path);
        assert_eq!(
            entries.keys().cloned().collect::<Vec<_>>(),
            [
                "LEIA-ME.txt",
                "assistente.json",
                "logs/conector.2026-11-28.log",
                "sincronizacoes.json",
                "sobre.json"
            ]
        );
        let about: Value = serde_json::from_str(&entries["sobre.json"]).unwrap();
        assert_eq!(about["app_version"], "0.1.0");
        assert_eq!(about["os"], "linux x86_64");
        assert_eq!(
            about["database"]["schema_version"],
            i64::from(conector_core::db::latest_version())
        );
        let wizard: Value = serde_json::from_str(&entries["assistente.json"]).unwrap();
        assert_eq!(wizard["progress"][0]["current_step"], 7);
        assert_eq!(wizard["settings"]["store_id"], "48213");
        assert_eq!(wizard["settings"]["legacy_token"], "[removido]");
        assert_eq!(wizard["settings"]["owner_email"], crate::redact::EMAIL);
        let sync: Value = serde_json::from_str(&entries["sincronizacoes.json"]).unwrap();
        assert_eq!(sync["runs"][0]["result"], "failed", "newest run first");
        assert_eq!(sync["runs"][0]["error_code"], "store.unreachable");
        assert_eq!(sync["runs"][1]["orders_seen"], 250);
        let log = &entries["logs/conector.2026-11-28.log"];
        assert!(log.contains("code=store.unreachable"), "{log}");

        let everything: String = entries.values().cloned().collect();
        for leaked in [
            TOKEN,
            "oldsecret",
            "529.982.247-25",
            "ana@exemplo.com",
            "99123-4567",
            "dono@minhaloja",
        ] {
            assert!(!everything.contains(leaked), "{leaked} leaked into the zip");
        }
    }

    #[test]
    fn a_token_in_an_old_log_goes_even_when_the_keychain_could_not_say_its_value() {
        let dir = tempfile::tempdir().unwrap();
        let input = DiagnosticInput {
            secrets: vec![],
            ..input(dir.path())
        };
        std::fs::create_dir_all(&input.log_dir).unwrap();
        let unknown = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
        std::fs::write(
            input.log_dir.join("conector.2026-11-27.log"),
            format!(
                "2026-11-27T08:00:00Z WARN old version: header appKey: {unknown}\n\
                 2026-11-27T08:00:01Z WARN invalid store ID: recebido: {unknown}\n\
                 2026-11-27T08:00:02Z INFO {{\"token\":\"{TOKEN}\"}}\n"
            ),
        )
        .unwrap();
        let path = export(&input, dir.path()).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let entries = read_zip(&path);
        let log = &entries["logs/conector.2026-11-27.log"];
        assert!(!log.contains(unknown) && !log.contains(TOKEN), "{log}");
        assert!(log.contains("appKey: [removido]\n"), "{log}");
        assert!(log.contains("recebido: [token removido]\n"), "{log}");
        assert!(log.contains(r#"{"token":"[removido]"}"#), "{log}");
        assert!(log.contains("invalid store ID: recebido:"), "{log}");
        // Nor in the compressed bytes' names or comments.
        assert!(!bytes
            .windows(unknown.len())
            .any(|w| w == unknown.as_bytes()));
    }

    #[test]
    fn a_log_cut_to_its_tail_starts_at_a_line_so_no_half_token_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let input = input(dir.path());
        std::fs::create_dir_all(&input.log_dir).unwrap();
        // The tail's first byte falls inside the token: what is left of it (its last 12
        // characters) is neither the token nor shaped like one.
        let line = format!("2026-11-27T08:00:00Z WARN header sent: {TOKEN} (old version)\n");
        let fragment = &TOKEN[TOKEN.len() - 12..];
        let after = line.len() - (line.find(TOKEN).unwrap() + TOKEN.len() - 12);
        let filler = "2026-11-27T08:00:01Z INFO sync page 1 of 3\n";
        let tail_len = usize::try_from(LOG_TAIL_BYTES).unwrap();
        let mut text = String::from("2026-11-27T07:59:59Z INFO start\n");
        text.push_str(&line);
        let mut rest = tail_len - after;
        while rest > filler.len() {
            text.push_str(filler);
            rest -= filler.len();
        }
        text.push_str(&"y".repeat(rest - 1));
        text.push('\n');
        assert_eq!(&text[text.len() - tail_len..][..12], fragment, "the cut");
        std::fs::write(input.log_dir.join("conector.2026-11-27.log"), &text).unwrap();
        let alone = crate::redact::Redactor::new(vec![Secret::new(TOKEN)])
            .redact(&format!("{fragment} (old version)"));
        assert!(
            alone.contains(fragment),
            "the fragment alone escapes redaction"
        );

        let path = export(&input, dir.path()).unwrap();
        let entries = read_zip(&path);
        let log = &entries["logs/conector.2026-11-27.log"];
        assert!(!log.contains(fragment), "{}", &log[..200]);
        assert!(log.starts_with(filler), "{}", &log[..200]);
    }

    #[test]
    fn an_unreadable_database_still_gives_a_zip_with_the_error_and_the_logs() {
        let dir = tempfile::tempdir().unwrap();
        let input = input(dir.path());
        std::fs::create_dir_all(input.database.parent().unwrap()).unwrap();
        std::fs::write(
            &input.database,
            b"this is not a database at all, just garbage bytes!",
        )
        .unwrap();
        std::fs::create_dir_all(&input.log_dir).unwrap();
        std::fs::write(
            input.log_dir.join("conector.2026-11-28.log"),
            "ERROR db open failed\n",
        )
        .unwrap();
        let path = export(&input, dir.path()).unwrap();
        let entries = read_zip(&path);
        let about: Value = serde_json::from_str(&entries["sobre.json"]).unwrap();
        assert!(about["database"]["error"]
            .as_str()
            .unwrap()
            .contains("not a database"));
        assert!(entries["logs/conector.2026-11-28.log"].contains("db open failed"));
    }
}
