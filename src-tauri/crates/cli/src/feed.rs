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
use conector_feed::{
    read_feed, DiscardItems, FeedError, FeedSource, FeedSummary, Item, ReadOptions,
};
use serde::Serialize;

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

pub fn run(command: FeedCommand, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        FeedCommand::Check(args) => check(&args, out, err),
        FeedCommand::Export(args) => export(&args, out, err),
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

pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let source = FeedSource::from_arg(&args.source);
    match read_feed(&source, &ReadOptions::default(), &mut DiscardItems) {
        Ok(summary) if args.json => output::json(out, &summary),
        Ok(summary) => {
            print_summary(&summary, out);
            EXIT_OK
        }
        Err(e) => output::error(args.json, &e.payload(), exit_code(&e), out, err),
    }
}

fn print_summary(s: &FeedSummary, out: &mut dyn Write) {
    let format = match s.format {
        conector_feed::FeedFormat::Rss => "RSS",
        conector_feed::FeedFormat::Atom => "Atom",
    };
    let _ = writeln!(
        out,
        "Feed {format}: {} produtos ({} ignorados)",
        s.items, s.skipped
    );
    let _ = writeln!(out, "  grupos de variações: {}", s.variant_groups);
    let _ = writeln!(out, "  em estoque: {}", s.in_stock);
    let _ = writeln!(out, "  com preço promocional: {}", s.with_sale_price);
    let _ = writeln!(out, "  com imagem: {}", s.with_image);
    let _ = writeln!(out, "  problemas: {}", s.problems_total);
    for count in &s.problem_counts {
        let _ = writeln!(out, "    {}: {}", count.message, count.count);
    }
    if !s.problems.is_empty() {
        let _ = writeln!(out, "  primeiros problemas:");
        for p in s.problems.iter().take(20) {
            let id =
                p.id.as_deref()
                    .map(|id| format!(" (g:id {id})"))
                    .unwrap_or_default();
            let _ = writeln!(out, "    produto nº {}{id}: {}", p.position, p.message);
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

pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if !args.jsonl {
        let _ = writeln!(
            err,
            "erro: informe o formato com --jsonl [cli.bad_arguments]"
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
            let _ = writeln!(
                err,
                "{} produtos exportados, {} ignorados, {} problemas",
                summary.items, summary.skipped, summary.problems_total
            );
            EXIT_OK
        }
        // The reader of our output went away (e.g. `| head`): nothing more to say.
        Err(FeedError::Stopped(_)) if write_failed => EXIT_OK,
        Err(e) => output::error(false, &e.payload(), exit_code(&e), out, err),
    }
}
