//! `conector demo serve`: runs the demo store (SPEC §7) on 127.0.0.1 until Ctrl-C, printing
//! where its API and product XML are and the (public) demo token.

use std::io::Write;

use clap::{Args, Subcommand};
use conector_app::store::{DemoHandle, DEMO_FAULT_ROUTES};
use conector_app::AppError;
use conector_core::{CodedError, ErrorPayload, Locale, MessageCode};

use crate::lang::Lang;
use crate::output::{self, label, EXIT_INTERNAL, EXIT_OK};

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Abre a loja de demonstração em 127.0.0.1 até Ctrl-C.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Porta local (0 ou ausente: uma porta livre qualquer).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

pub fn run(command: DemoCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        DemoCommand::Serve(args) => serve(&args, lang, out, err),
    }
}

/// Starts the demo store as `demo serve` configures it.
pub async fn start(args: &ServeArgs) -> Result<DemoHandle, AppError> {
    conector_app::store::serve_demo(args.port).await
}

/// What `demo serve` prints once the store is up.
pub fn banner(handle: &DemoHandle, lang: Locale, out: &mut dyn Write) {
    let _ = writeln!(out, "{}", label(lang, MessageCode::CliDemoRunning));
    let mut rows = vec![
        (label(lang, MessageCode::CliDemoApi), handle.base_url()),
        (label(lang, MessageCode::CliDemoFeed), handle.feed_url()),
        (
            label(lang, MessageCode::CliDemoToken),
            handle.token().to_owned(),
        ),
    ];
    if DEMO_FAULT_ROUTES {
        // Only a development or test build answers the admin routes.
        let admin = handle.base_url().replace("/ws/", "/_demo/state");
        rows.push((label(lang, MessageCode::CliDemoAdmin), admin));
    }
    output::rows(out, "", &rows);
    let _ = writeln!(out, "{}", label(lang, MessageCode::CliDemoStopHint));
    let _ = out.flush();
}

fn serve(args: &ServeArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let runtime = match output::runtime() {
        Ok(runtime) => runtime,
        Err(payload) => return output::error(false, lang, &payload, EXIT_INTERNAL, out, err),
    };
    runtime.block_on(async {
        let handle = match start(args).await {
            Ok(handle) => handle,
            Err(e) => {
                return output::error(false, lang, &e.payload(), output::exit_for(&e), out, err)
            }
        };
        banner(&handle, lang, out);
        let waited = tokio::signal::ctrl_c().await;
        handle.shutdown().await;
        if let Err(e) = waited {
            tracing::error!(error = %e, "Ctrl-C could not be awaited");
            let payload = ErrorPayload::new(MessageCode::CliDemoSignalFailed);
            return output::error(false, lang, &payload, EXIT_INTERNAL, out, err);
        }
        let _ = writeln!(out, "{}", label(lang, MessageCode::CliDemoStopped));
        EXIT_OK
    })
}
