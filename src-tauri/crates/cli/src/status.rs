//! `conector status`: what the dashboard shows at the top (store, whether a preview can run,
//! the last run, the totals), from the same application-layer call, as text or `--json`.
//!
//! Exit codes: 0 shown; 2 no data folder; 1 the data could not be read.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use conector_app::sync::Readiness;
use conector_core::CodedError;
use conector_secrets::Keychain;

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK};

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Banco de dados (padrão: o do aplicativo).
    #[arg(long, value_name = "ARQUIVO")]
    pub db: Option<PathBuf>,
    /// Saída em JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &StatusArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let ctx = match crate::sync::open_context(args.db.as_ref(), &Keychain::new()) {
        Ok(ctx) => ctx,
        Err(payload) => {
            let exit = output::exit_for_open_failure(&payload);
            return output::error(args.json, lang, &payload, exit, out, err);
        }
    };
    let status = match conector_app::status::status(&ctx, None) {
        Ok(status) => status,
        Err(e) => return output::error(args.json, lang, &e.payload(), EXIT_INTERNAL, out, err),
    };
    if args.json {
        return output::json(out, &status);
    }
    let o = &status.overview;
    let n = |v: u64| lang.number(i64::try_from(v).unwrap_or(i64::MAX));
    let readiness = match &o.readiness {
        Readiness::Ready => lang
            .pick("pronta para sincronizar", "ready to sync")
            .to_owned(),
        Readiness::NeedsStore => lang
            .pick(
                "falta informar a loja (passo 1 do assistente)",
                "the store is missing (wizard step 1)",
            )
            .to_owned(),
        Readiness::NeedsConnection => lang
            .pick(
                "falta testar a conexão (passo 4 do assistente)",
                "the connection is not tested (wizard step 4)",
            )
            .to_owned(),
        Readiness::NeedsFinalStatuses => match lang {
            Lang::PtBr => format!(
                "faltam status finais (pelo menos {})",
                conector_app::rules::MIN_FINAL_STATUSES
            ),
            Lang::En => format!(
                "final statuses missing (at least {})",
                conector_app::rules::MIN_FINAL_STATUSES
            ),
        },
        Readiness::HandedOver { since } => match lang {
            Lang::PtBr => format!(
                "integração ligada no painel do +fidelidade desde {}: a prévia local está parada",
                lang.date_time(since)
            ),
            Lang::En => format!(
                "integration on in the +fidelidade panel since {}: the local preview is stopped",
                lang.date_time(since)
            ),
        },
    };
    let store = o.store_id.clone().unwrap_or_else(|| "—".to_owned());
    let last_run = o
        .status
        .as_ref()
        .and_then(|s| s.last_run.as_ref())
        .map(|r| format!("{} ({})", lang.date_time(&r.started_at), r.result))
        .unwrap_or_else(|| lang.pick("nenhuma", "none").to_owned());
    let t = &o.totals;
    let rows: [(&str, &str, String); 8] = [
        ("conector", "conector", status.version.clone()),
        ("dados", "data", status.data_dir.clone()),
        (
            "loja",
            "store",
            if o.demo {
                format!("{store} ({})", lang.pick("demonstração", "demo"))
            } else {
                store
            },
        ),
        ("prévia", "preview", readiness),
        ("última sincronização", "last sync", last_run),
        ("clientes", "customers", n(t.customers)),
        (
            "pedidos que dão pontos",
            "orders earning points",
            n(t.orders_earning),
        ),
        ("pontos", "points", lang.number(t.points_total)),
    ];
    for (pt, en, value) in rows {
        let _ = writeln!(out, "{:<24} {value}", format!("{}:", lang.pick(pt, en)));
    }
    let _ = writeln!(
        out,
        "{:<24} {} / {}",
        format!(
            "{}:",
            lang.pick(
                "e-mails (boas-vindas / pontos)",
                "e-mails (welcome / points)"
            )
        ),
        n(o.emails.welcome),
        n(o.emails.points_earned)
    );
    EXIT_OK
}
