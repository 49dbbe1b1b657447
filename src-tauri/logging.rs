//! Logs to daily-rotated files in the app log dir (the last 14 days are kept).

use std::path::Path;

use tracing_subscriber::{fmt, EnvFilter};

pub fn init(log_dir: &Path) {
    // The appender prunes old files by listing the folder: it must exist first.
    let _ = std::fs::create_dir_all(log_dir);
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("conector")
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir);
    let filter = EnvFilter::try_from_env("CONECTOR_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    match appender {
        Ok(writer) => {
            let _ = fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(writer)
                .try_init();
        }
        Err(e) => {
            // Without a log file the app still works; say so on stderr once.
            eprintln!("logs indisponíveis em {}: {e}", log_dir.display());
            let _ = fmt().with_env_filter(filter).try_init();
        }
    }
}
