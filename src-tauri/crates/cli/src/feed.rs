//! `conector feed check` and `conector feed export`: read a Google Shopping feed from a URL, a
//! file or `-` (standard input), as the wizard's step 6 does.
//!
//! Exit codes: 0 the feed is usable; 2 the document was rejected (not a feed, truncated,
//! malformed) or the file could not be opened; 3 the download failed (network, HTTP status,
//! timeout); 1 anything else.

use std::io::Write;
use std::ops::ControlFlow;

use clap::{Args, Subcommand};
use conector_core::CodedError;
use conector_feed::{DiscardItems, FeedError, FeedSummary, Item, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use serde::Serialize;

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_REMOTE};

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
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Endereço do XML Google Shopping, caminho de arquivo, ou - para a entrada padrão.
    #[arg(value_name = "URL|ARQUIVO|-")]
    pub source: String,
    /// Um produto por linha, em JSON (o único formato, por enquanto).
    #[arg(long)]
    pub jsonl: bool,
}

pub fn run(command: FeedCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        FeedCommand::Check(args) => check(&args, lang, out, err),
        FeedCommand::Export(args) => export(&args, lang, out, err),
    }
}

fn exit_code(e: &FeedError) -> u8 {
    if e.is_remote() {
        EXIT_REMOTE
    } else if e.is_rejection() || matches!(e, FeedError::Open { .. }) {
        EXIT_REJECTED
    } else {
        EXIT_INTERNAL
    }
}

pub fn check(args: &CheckArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let source = FeedSource::from_arg(&args.source);
    match read_feed(&source, &ReadOptions::default(), &mut DiscardItems) {
        Ok(summary) if args.json => output::json(out, &summary),
        Ok(summary) => {
            print_summary(&summary, lang, out);
            EXIT_OK
        }
        Err(e) => output::error(args.json, lang, &e.payload(), exit_code(&e), out, err),
    }
}

fn print_summary(s: &FeedSummary, lang: Lang, out: &mut dyn Write) {
    let format = match s.format {
        conector_feed::FeedFormat::Rss => "RSS",
        conector_feed::FeedFormat::Atom => "Atom",
    };
    let n = |v: u32| lang.number(i64::from(v));
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::PtBr => format!(
                "Feed {format}: {} produtos ({} ignorados)",
                n(s.items),
                n(s.skipped)
            ),
            Lang::En => format!(
                "{format} feed: {} products ({} skipped)",
                n(s.items),
                n(s.skipped)
            ),
        }
    );
    for (pt, en, value) in [
        ("grupos de variações", "variant groups", s.variant_groups),
        ("em estoque", "in stock", s.in_stock),
        (
            "com preço promocional",
            "with a sale price",
            s.with_sale_price,
        ),
        ("com imagem", "with an image", s.with_image),
        ("problemas", "problems", s.problems_total),
    ] {
        let _ = writeln!(out, "  {}: {}", lang.pick(pt, en), n(value));
    }
    let none = conector_core::Params::new();
    for count in &s.problem_counts {
        let text = lang.text(count.kind.code(), &none);
        let _ = writeln!(out, "    {text}: {}", n(count.count));
    }
    if !s.problems.is_empty() {
        let _ = writeln!(
            out,
            "  {}:",
            lang.pick("primeiros problemas", "first problems")
        );
        for p in s.problems.iter().take(20) {
            let id =
                p.id.as_deref()
                    .map(|id| format!(" (g:id {id})"))
                    .unwrap_or_default();
            let detail = p
                .detail
                .as_deref()
                .map(|d| format!(": \"{d}\""))
                .unwrap_or_default();
            let text = lang.text(p.kind.code(), &none);
            let _ = writeln!(
                out,
                "    {} {}{id}: {text}{detail}",
                lang.pick("produto nº", "product #"),
                p.position
            );
        }
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
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "erro: informe o formato com --jsonl",
                "error: give the format with --jsonl"
            )
        );
        return EXIT_REJECTED;
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
    let result = read_feed(&source, &ReadOptions::default(), &mut sink);
    match result {
        Ok(summary) => {
            let (items, skipped, problems) = (
                lang.number(i64::from(summary.items)),
                lang.number(i64::from(summary.skipped)),
                lang.number(i64::from(summary.problems_total)),
            );
            let _ = writeln!(
                err,
                "{}",
                match lang {
                    Lang::PtBr => format!(
                        "{items} produtos exportados, {skipped} ignorados, {problems} problemas"
                    ),
                    Lang::En =>
                        format!("{items} products exported, {skipped} skipped, {problems} problems"),
                }
            );
            EXIT_OK
        }
        // The reader of our output went away (e.g. `| head`): nothing more to say.
        Err(FeedError::Stopped(_)) if write_failed => EXIT_OK,
        Err(e) => output::error(false, lang, &e.payload(), exit_code(&e), out, err),
    }
}
