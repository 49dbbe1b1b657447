//! Benchmarks of the product feed work (SPEC §9), run by `scripts/bench.sh`.
//!
//! `conector-bench [--sizes 10000,100000,500000] [--out docs/BENCHMARKS.md] [--no-lxml]`
//! generates sample feeds of each size in a temporary folder and measures, each in a fresh
//! child process (so that peak memory, VmHWM, belongs to that measurement alone):
//! parse speed and time to the first 50 items, import into SQLite with the search indexes,
//! search latency per keystroke, and Python lxml `iterparse` over the same file.
//! CPU time is reported next to wall time because the machine is shared.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use conector_catalog::{import_feed, search, ImportObserver, SearchQuery};
use conector_feed::{read_feed, FeedSource, Item, ReadOptions};
use serde_json::{json, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("parse") => child_parse(Path::new(&args[1])),
        Some("import") => child_import(Path::new(&args[1]), Path::new(&args[2])),
        Some("search") => child_search(Path::new(&args[1])),
        _ => run_all(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conector-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Process CPU time (user + system, all threads) from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process, from `/proc/self/status`.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn child_parse(file: &Path) -> Res<()> {
    let start = Instant::now();
    let mut seen = 0u32;
    let mut first_50 = None;
    let mut sink = |_: Item| {
        seen += 1;
        if seen == 50 {
            first_50 = Some(start.elapsed());
        }
        std::ops::ControlFlow::Continue(())
    };
    let summary = read_feed(
        &FeedSource::Path(file.to_owned()),
        &ReadOptions::default(),
        &mut sink,
    )?;
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "items": summary.items,
            "wall_s": wall,
            "cpu_s": cpu_seconds(),
            "first_50_ms": first_50.map(|d| d.as_secs_f64() * 1000.0),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

struct FirstItems {
    start: Instant,
    seen: u32,
    first_50: Option<Duration>,
}

impl ImportObserver for FirstItems {
    fn item(&mut self, _item: &Item) {
        self.seen += 1;
        if self.seen == 50 {
            self.first_50 = Some(self.start.elapsed());
        }
    }
}

fn child_import(file: &Path, db: &Path) -> Res<()> {
    let mut conn = conector_core::db::open(db)?;
    let start = Instant::now();
    let mut observer = FirstItems {
        start,
        seen: 0,
        first_50: None,
    };
    let report = import_feed(
        &mut conn,
        &FeedSource::Path(file.to_owned()),
        &ReadOptions::default(),
        &mut observer,
    )?;
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "items": report.summary.items,
            "wall_s": wall,
            "cpu_s": cpu_seconds(),
            "first_50_ms": observer.first_50.map(|d| d.as_secs_f64() * 1000.0),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

/// Keystroke sequences, as typed in the search box.
const SEARCHES: &[(&str, &[&str])] = &[
    (
        "word prefix (camiseta)",
        &["ca", "cam", "cami", "camis", "camiseta"],
    ),
    (
        "accent-folded word (tênis typed as tenis)",
        &["te", "ten", "teni", "tenis"],
    ),
    ("SKU substring (00123)", &["001", "0012", "00123"]),
];

fn child_search(db: &Path) -> Res<()> {
    let conn = conector_core::db::open(db)?;
    let mut results = Vec::new();
    for (label, keystrokes) in SEARCHES {
        let mut times = Vec::new();
        let mut last_total = 0;
        for round in 0..25 {
            for text in *keystrokes {
                let q = SearchQuery {
                    text: (*text).to_owned(),
                    ..SearchQuery::default()
                };
                let start = Instant::now();
                let page = search(&conn, &q)?;
                if round > 0 {
                    times.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                last_total = page.total;
            }
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        results.push(json!({ "label": label, "p50_ms": pct(0.5), "p95_ms": pct(0.95), "last_total": last_total }));
    }
    println!("{}", Value::Array(results));
    Ok(())
}

fn child(args: &[&str]) -> Res<Value> {
    let output = Command::new(std::env::current_exe()?).args(args).output()?;
    if !output.status.success() {
        return Err(format!(
            "child {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn lxml(file: &Path) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("lxml_parse.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(file)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("lxml: {}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    serde_json::from_slice(&output.stdout).ok()
}

struct SizeResult {
    items: usize,
    file_mb: f64,
    parse: Value,
    lxml: Option<Value>,
    import: Value,
    search: Value,
}

fn f(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn run_all(args: &[String]) -> Res<()> {
    let mut sizes = vec![10_000usize, 100_000, 500_000];
    let mut out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/BENCHMARKS.md");
    let mut with_lxml = true;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--sizes" => {
                sizes = args[i + 1]
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?;
                i += 1;
            }
            "--out" => {
                out = PathBuf::from(&args[i + 1]);
                i += 1;
            }
            "--no-lxml" => with_lxml = false,
            other => return Err(format!("argumento desconhecido: {other}").into()),
        }
        i += 1;
    }
    let dir = tempfile::tempdir()?;
    let mut results = Vec::new();
    for &n in &sizes {
        let file = dir.path().join(format!("feed-{n}.xml"));
        let started = Instant::now();
        conector_feed::sample::write_feed(std::fs::File::create(&file)?, n, 42)?;
        let file_mb = std::fs::metadata(&file)?.len() as f64 / 1e6;
        eprintln!(
            "{n} items: feed of {file_mb:.0} MB written in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let file_arg = file.to_string_lossy().into_owned();
        // Best of three parse runs: the machine is shared (the first also warms the page cache).
        let mut parse = child(&["parse", &file_arg])?;
        for _ in 0..2 {
            let run = child(&["parse", &file_arg])?;
            if f(&run, "wall_s") < f(&parse, "wall_s") {
                parse = run;
            }
        }
        eprintln!("  parse: {parse}");
        let lxml = if with_lxml { lxml(&file) } else { None };
        eprintln!("  lxml: {lxml:?}");
        let db = dir.path().join(format!("app-{n}.sqlite3"));
        let db_arg = db.to_string_lossy().into_owned();
        let import = child(&["import", &file_arg, &db_arg])?;
        eprintln!("  import: {import}");
        let search = child(&["search", &db_arg])?;
        eprintln!("  search: {search}");
        results.push(SizeResult {
            items: n,
            file_mb,
            parse,
            lxml,
            import,
            search,
        });
        std::fs::remove_file(&file)?;
        std::fs::remove_file(&db)?;
    }
    let section = render(&results);
    println!("{section}");
    write_section(&out, &section)?;
    eprintln!("written to {}", out.display());
    Ok(())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "?".to_owned());
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{nproc} CPUs (`nproc`), {cpu}; {:04}-{:02}-{:02} {:02}:{:02} UTC; load average {load} when the run ended (the machine is shared with other engineers' builds)",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute()
    )
}

const START: &str = "<!-- conector-bench:feed:start -->";
const END: &str = "<!-- conector-bench:feed:end -->";

fn render(results: &[SizeResult]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{START}\n## Product feed and catalogue\n");
    let _ = writeln!(
        s,
        "Targets (SPEC §9): parse ≥ 300 MB/s and ≥ 150k items/s, ≥ 4× Python lxml iterparse; import \
         with search index 100k ≤ 5 s, 500k ≤ 30 s; peak memory ≤ 150 MB at 500k; first products \
         ≤ 300 ms; search ≤ 16 ms p95 at 100k, ≤ 50 ms at 500k.\n"
    );
    let _ = writeln!(
        s,
        "Command: `scripts/bench.sh` (release build of `conector-bench`; it generates the feeds with \
         `conector_feed::sample::write_feed(.., seed 42)`, RSS with CDATA and escaped-HTML \
         descriptions, variants, nested shipping/installment prices, highlights and product \
         details: about 2.7 KB per item like real feeds, so 500k items make SPEC §9's 1.3 GB). Each measurement runs in its \
         own child process; peak memory is that process's VmHWM. CPU is user + system time of the \
         process (all threads). Parse: best wall time of three runs; MB/s and items/s are over wall time (the reader tokenizes on one thread and finishes items on another).\n"
    );
    let _ = writeln!(s, "Machine: {}.\n", machine());
    let _ = writeln!(s, "### Parse (streaming, items delivered to a sink)\n");
    let _ = writeln!(s, "| items | file | wall | CPU (2 threads) | MB/s | items/s | first 50 items | peak memory | lxml wall / CPU | ours ÷ lxml (wall / CPU) |");
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|");
    for r in results {
        let (wall, cpu) = (f(&r.parse, "wall_s"), f(&r.parse, "cpu_s"));
        let (lxml_cell, ratio) = match &r.lxml {
            Some(l) => (
                format!("{:.2} s / {:.2} s", f(l, "wall_s"), f(l, "cpu_s")),
                format!(
                    "{:.1}× / {:.1}×",
                    f(l, "wall_s") / wall.max(0.01),
                    f(l, "cpu_s") / cpu.max(0.01)
                ),
            ),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let _ = writeln!(
            s,
            "| {} | {:.0} MB | {:.2} s | {:.2} s | {:.0} | {:.0}k | {:.1} ms | {:.0} MB | {} | {} |",
            r.items,
            r.file_mb,
            wall,
            cpu,
            r.file_mb / wall,
            r.items as f64 / wall.max(0.01) / 1000.0,
            f(&r.parse, "first_50_ms"),
            f(&r.parse, "peak_mb"),
            lxml_cell,
            ratio
        );
    }
    let _ = writeln!(
        s,
        "\n### Import into SQLite (rows, FTS5 words + trigram indexes, commit: one transaction)\n"
    );
    let _ = writeln!(
        s,
        "| items | wall | CPU (all threads) | first 50 items on screen | peak memory |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|");
    for r in results {
        let _ = writeln!(
            s,
            "| {} | {:.2} s | {:.2} s | {:.1} ms | {:.0} MB |",
            r.items,
            f(&r.import, "wall_s"),
            f(&r.import, "cpu_s"),
            f(&r.import, "first_50_ms"),
            f(&r.import, "peak_mb")
        );
    }
    let _ = writeln!(
        s,
        "\n### Search per keystroke (page of 50 + match count capped at {})\n",
        conector_catalog::COUNT_CAP
    );
    let _ = writeln!(s, "| items | query | p50 | p95 |");
    let _ = writeln!(s, "|---|---|---|---|");
    for r in results {
        for q in r.search.as_array().into_iter().flatten() {
            let _ = writeln!(
                s,
                "| {} | {} | {:.2} ms | {:.2} ms |",
                r.items,
                q.get("label").and_then(Value::as_str).unwrap_or("?"),
                f(q, "p50_ms"),
                f(q, "p95_ms")
            );
        }
    }
    let _ = writeln!(s, "\n{END}");
    s
}

/// Replaces this benchmark's section of the file (between its markers), or appends it.
fn write_section(path: &Path, section: &str) -> Res<()> {
    let current = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n".to_owned());
    let updated = match (current.find(START), current.find(END)) {
        (Some(a), Some(b)) if b > a => format!(
            "{}{}{}",
            &current[..a],
            section.trim_end(),
            &current[b + END.len()..]
        ),
        _ => format!(
            "{}\n{}",
            current.trim_end_matches('\n').to_owned() + "\n",
            section
        ),
    };
    std::fs::write(path, updated)?;
    Ok(())
}
