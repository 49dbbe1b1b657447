//! The `conector` command line (SPEC §8). Each subcommand lives in its own module and is a thin
//! layer over the application layer (`conector_app`): parse arguments, make one app call, print
//! its answer as text from the message catalogue or as `--json`.
//!
//! Exit codes, the same for every subcommand except `health` (0 ok, 1 warning, 2 problem: see
//! [`health`]):
//! - `0`: success;
//! - `1`: an unexpected internal error;
//! - `2`: bad input, or the thing checked was rejected (wrong token, not a product feed);
//! - `3`: a remote or network failure (store unreachable, download failed);
//! - `4` (`remove-everything`): the app is running, nothing was removed.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod data;
pub mod demo;
pub mod feed;
pub mod health;
pub mod lang;
pub mod output;
pub mod remove;
pub mod status;
pub mod store;
pub mod store_flags;
pub mod sync;
pub mod update;

#[derive(Debug, Parser)]
#[command(
    name = "conector",
    version,
    about = "Conector +fidelidade na linha de comando"
)]
pub struct Cli {
    /// Idioma das mensagens: pt-BR (padrão) ou en.
    #[arg(long, global = true, default_value = "pt-BR", value_parser = lang::parser())]
    pub lang: lang::Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Feed de produtos (XML Google Shopping): conferir e exportar.
    Feed {
        #[command(subcommand)]
        command: feed::FeedCommand,
    },
    /// Loja Simplo7: testar a conexão com o token.
    Store {
        #[command(subcommand)]
        command: store::StoreCommand,
    },
    /// Loja de demonstração local (dados fictícios).
    Demo {
        #[command(subcommand)]
        command: demo::DemoCommand,
    },
    /// Sincronização de pedidos em modo prévia (nada é enviado).
    Sync {
        #[command(subcommand)]
        command: sync::SyncCommand,
    },
    /// Saúde da integração: confere token, status finais, XML, prêmios e links (só leitura).
    ///
    /// Sem --base-url nem --store-id, confere a loja salva no aplicativo.
    Health(health::HealthArgs),
    /// Mostra o que o painel de prévia mostra: loja, se a prévia pode rodar, última
    /// sincronização e totais.
    Status(status::StatusArgs),
    /// Atualizações: o que está instalado e o que há de novo (só consulta).
    Update {
        #[command(subcommand)]
        command: update::UpdateCommand,
    },
    /// Remove tudo o que o aplicativo guarda neste computador: dados e cópias, registros, o
    /// token no chaveiro do sistema e o início automático com o computador.
    ///
    /// Sem --yes, não remove nada e mostra o que seria removido. Com o aplicativo aberto
    /// (mesmo só na bandeja do sistema), recusa: feche-o antes pelo "Sair".
    ///
    /// Códigos de saída: 0 removido (ou nada a remover); 1 algo não pôde ser removido (a
    /// mensagem diz o quê); 2 sem --yes, nada removido; 4 o aplicativo está aberto, nada
    /// removido.
    RemoveEverything(remove::RemoveArgs),
    /// Mostra a versão e onde ficam os dados do aplicativo.
    Info {
        #[arg(long)]
        json: bool,
    },
}

/// The command's name, as `--help` shows it.
pub fn program_name() -> String {
    <Cli as clap::CommandFactory>::command()
        .get_name()
        .to_owned()
}

/// Parses `std::env::args` and runs; used by the `conector` binary.
pub fn main_from_env() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    ExitCode::from(run(cli, &mut stdout.lock(), &mut stderr.lock()))
}

/// Runs one parsed command, writing to the given streams; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match cli.command {
        Command::Feed { command } => feed::run(command, cli.lang, out, err),
        Command::Store { command } => store::run(command, cli.lang, out, err),
        Command::Demo { command } => demo::run(command, cli.lang, out, err),
        Command::Sync { command } => sync::run(command, cli.lang, out, err),
        Command::Health(args) => health::run(args, cli.lang, out, err),
        Command::Status(args) => status::run(&args, cli.lang, out, err),
        Command::Update { command } => update::run(command, cli.lang, out, err),
        Command::RemoveEverything(args) => remove::run(&args, cli.lang, out, err),
        Command::Info { json } => output::info(json, out, err),
    }
}
