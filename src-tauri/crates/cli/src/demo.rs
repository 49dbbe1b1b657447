//! `conector demo serve`: runs the demo store (SPEC §7) on 127.0.0.1 until Ctrl-C, printing
//! where its API and feed are and the (public) demo token.

use std::io::Write;

use clap::{Args, Subcommand};
use conector_core::CodedError;
use conector_demo::{DemoConfig, DemoError, DemoHandle, DemoStore};

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED};

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
pub async fn start(args: &ServeArgs) -> Result<DemoHandle, DemoError> {
    DemoStore::start(DemoConfig {
        port: args.port,
        ..DemoConfig::default()
    })
    .await
}

/// What `demo serve` prints once the store is up.
pub fn banner(handle: &DemoHandle, out: &mut dyn Write) {
    let _ = writeln!(
        out,
        "Loja de DEMONSTRAÇÃO no ar (dados fictícios; nada é enviado a ninguém)."
    );
    let _ = writeln!(out, "API:   {}", handle.base_url());
    let _ = writeln!(out, "Feed:  {}", handle.feed_url());
    let _ = writeln!(out, "Token: {}", handle.token());
    if conector_demo::FAULT_ROUTES {
        // Only a development or test build answers the admin routes.
        let _ = writeln!(
            out,
            "Falhas e relógio: {}",
            handle.base_url().replace("/ws/", "/_demo/state")
        );
    }
    let _ = writeln!(out, "Ctrl-C para encerrar.");
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
            Err(e) => return output::error(false, lang, &e.payload(), EXIT_REJECTED, out, err),
        };
        banner(&handle, out);
        if let Err(e) = tokio::signal::ctrl_c().await {
            let _ = writeln!(err, "erro ao esperar Ctrl-C: {e}");
        }
        handle.shutdown().await;
        let _ = writeln!(out, "Loja de demonstração encerrada.");
        EXIT_OK
    })
}
