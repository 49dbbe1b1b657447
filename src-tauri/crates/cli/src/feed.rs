//! `conector feed check` and `conector feed export`: read a Google Shopping feed from a URL, a
//! file or `-` (standard input), as the wizard's step 6 does.
//!
//! A URL is downloaded under the app's one download policy (`conector_fetch::Policy::feed`):
//! public https only, at most five redirects, no proxy; plain http only from the running demo
//! store's own address, given with `--demo-store`.
//!
//! Exit codes: 0 the feed is usable; 2 the document was rejected (not a feed, truncated,
//! malformed) or the file could not be opened; 3 the download failed or was refused (network,
//! HTTP status, timeout, an address the policy refuses); 1 anything else.

use std::io::Write;
use std::ops::ControlFlow;

use clap::{Args, Subcommand};
use conector_app::feed::{
    read_feed, DiscardItems, FeedError, FeedFormat, FeedSource, FeedSummary, Item, Policy,
    ReadOptions,
};
use conector_app::AppError;
use conector_core::{CodedError, ErrorPayload, MessageCode, Params};
use serde::Serialize;

use crate::lang::Lang;
use crate::output::{self, count, label, EXIT_OK, EXIT_REJECTED};

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Lê o feed (URL, arquivo ou - para a entrada padrão) e mostra o resumo.
    Check(CheckArgs),
    /// Exporta os produtos normalizados, um objeto JSON por linha.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Endereço do XML Google Shopping, caminho de arquivo, ou - para a entrada padrão.
    #[arg(value_name = "URL|ARQUIVO|-")]
    pub source: String,
    /// Saída em JSON.
    #[arg(long)]
    pub json: bool,
    /// Endereço da loja de demonstração em execução (o que `conector demo serve` mostra): o
    /// único endereço http deste computador de onde o feed pode ser baixado. Fora ele, só https
    /// para endereços públicos.
    #[arg(long, value_name = "URL")]
    pub demo_store: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Endereço do XML Google Shopping, caminho de arquivo, ou - para a entrada padrão.
    #[arg(value_name = "URL|ARQUIVO|-")]
    pub source: String,
    /// Um produto por linha, em JSON (o único formato, por enquanto).
    #[arg(long)]
    pub jsonl: bool,
    /// Endereço da loja de demonstração em execução (o que `conector demo serve` mostra): o
    /// único endereço http deste computador de onde o feed pode ser baixado. Fora ele, só https
    /// para endereços públicos.
    #[arg(long, value_name = "URL")]
    pub demo_store: Option<String>,
}

pub fn run(command: FeedCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        FeedCommand::Check(args) => check(&args, lang, out, err),
        FeedCommand::Export(args) => export(&args, lang, out, err),
    }
}

/// Exit 3 for a download that failed, 2 for a document refused or a file not opened.
fn exit_code(e: FeedError) -> (ErrorPayload, u8) {
    let e = AppError::from(e);
    (e.payload(), output::exit_for(&e))
}

pub fn check(args: &CheckArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let source = FeedSource::from_arg(&args.source);
    let policy = Policy::feed().with_demo_store(args.demo_store.as_deref());
    match read_feed(&source, &policy, &ReadOptions::default(), &mut DiscardItems) {
        Ok(summary) if args.json => output::json(out, &summary),
        Ok(summary) => {
            print_summary(&summary, lang, out);
            EXIT_OK
        }
        Err(e) => {
            let (payload, exit) = exit_code(e);
            output::error(args.json, lang, &payload, exit, out, err)
        }
    }
}

fn print_summary(s: &FeedSummary, lang: Lang, out: &mut dyn Write) {
    let format = match s.format {
        FeedFormat::Rss => "RSS",
        FeedFormat::Atom => "Atom",
    };
    let summary = Params::new()
        .text("format", format)
        .number("items", s.items)
        .number("skipped", s.skipped);
    let _ = writeln!(out, "{}", lang.text(MessageCode::CliFeedSummary, &summary));
    let n = |v: u32| lang.number(i64::from(v));
    let rows = [
        (MessageCode::CliFeedVariantGroups, s.variant_groups),
        (MessageCode::CliFeedInStock, s.in_stock),
        (MessageCode::CliFeedWithSalePrice, s.with_sale_price),
        (MessageCode::CliFeedWithImage, s.with_image),
        (MessageCode::CliFeedProblems, s.problems_total),
    ]
    .map(|(code, value)| (label(lang, code), n(value)));
    output::rows(out, "  ", &rows);
    let counts: Vec<(String, String)> = s
        .problem_counts
        .iter()
        .map(|c| (label(lang, c.kind.code()), n(c.count)))
        .collect();
    output::rows(out, "    ", &counts);
    if s.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {}:", label(lang, MessageCode::CliFeedFirstProblems));
    for p in s.problems.iter().take(20) {
        let product = Params::new().number("position", count(p.position));
        let product = lang.text(MessageCode::CliFeedProduct, &product);
        let id =
            p.id.as_deref()
                .map(|id| format!(" (g:id {id})"))
                .unwrap_or_default();
        let detail = p
            .detail
            .as_deref()
            .map(|d| format!(": \"{d}\""))
            .unwrap_or_default();
        let text = label(lang, p.kind.code());
        let _ = writeln!(out, "    {product}{id}: {text}{detail}");
    }
}

/// One exported product: the normalized fields a script needs, money in integer cents.
#[derive(Debug, Serialize)]
pub struct ExportLine<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub link: &'a str,
    pub image_link: &'a str,
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    pub currency: Option<&'a str>,
    pub availability: &'static str,
    pub item_group_id: Option<&'a str>,
    pub brand: Option<&'a str>,
    pub gtin: Option<&'a str>,
}

impl<'a> From<&'a Item> for ExportLine<'a> {
    fn from(item: &'a Item) -> ExportLine<'a> {
        ExportLine {
            id: &item.id,
            title: &item.title,
            link: &item.link,
            image_link: &item.image_link,
            price_cents: item.price_cents,
            sale_price_cents: item.sale_price_cents,
            currency: item.currency.as_deref(),
            availability: item.availability.as_str(),
            item_group_id: item.item_group_id.as_deref(),
            brand: item.brand.as_deref(),
            gtin: item.gtin.as_deref(),
        }
    }
}

pub fn export(args: &ExportArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if !args.jsonl {
        let payload = ErrorPayload::new(MessageCode::CliFeedJsonlRequired);
        return output::error(false, lang, &payload, EXIT_REJECTED, out, err);
    }
    let source = FeedSource::from_arg(&args.source);
    let mut write_failed = false;
    let mut sink = |item: Item| {
        let line = serde_json::to_string(&ExportLine::from(&item));
        match line.map(|l| writeln!(out, "{l}")) {
            Ok(Ok(())) => ControlFlow::Continue(()),
            _ => {
                write_failed = true;
                ControlFlow::Break(())
            }
        }
    };
    let policy = Policy::feed().with_demo_store(args.demo_store.as_deref());
    let result = read_feed(&source, &policy, &ReadOptions::default(), &mut sink);
    match result {
        Ok(summary) => {
            let exported = Params::new()
                .number("items", summary.items)
                .number("skipped", summary.skipped)
                .number("problems", summary.problems_total);
            let _ = writeln!(
                err,
                "{}",
                lang.text(MessageCode::CliFeedExported, &exported)
            );
            EXIT_OK
        }
        // The reader of our output went away (e.g. `| head`): nothing more to say.
        Err(FeedError::Stopped(_)) if write_failed => EXIT_OK,
        Err(e) => {
            let (payload, exit) = exit_code(e);
            output::error(false, lang, &payload, exit, out, err)
        }
    }
}
