//! The limits and controls of one read: what a feed may cost, and the cancel switch.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

/// Limits and controls of one read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Set it from another thread to stop the read; the read returns `FeedError::Cancelled`.
    pub cancel: Arc<AtomicBool>,
    /// Bytes read from the source (compressed, for gzip) beyond which the read stops.
    pub max_bytes: u64,
    /// How many problems the summary lists (all are counted).
    pub max_problems: usize,
    /// Longest wait for a connection of a download (`conector-fetch` applies it).
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes of a download (`conector-fetch` applies it).
    pub read_timeout: Duration,
    /// Longest text kept of one field (a field past it is cut and flagged); each field also has
    /// its own, smaller cap.
    pub max_text_run: usize,
    /// Longest the document may be once gzip is undone (what a small download may inflate to).
    pub max_decompressed_bytes: u64,
    /// Most elements open one inside another (a feed needs five or six).
    pub max_depth: u32,
    /// Longest piece of markup: a tag with its attributes, a comment, the DOCTYPE.
    pub max_tag_bytes: usize,
    /// Most items (`<item>`/`<entry>`, kept or skipped) in one feed.
    pub max_items: u32,
    /// Longest the whole read may take, however slowly the bytes arrive.
    pub max_duration: Duration,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            cancel: Arc::new(AtomicBool::new(false)),
            // Merchant Center accepts up to 4 GB per file.
            max_bytes: 4 * 1024 * 1024 * 1024,
            max_problems: 200,
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            max_text_run: 1024 * 1024,
            // The limits fit the largest real stores with room to spare: Merchant Center's
            // 4 GB file, about 2 KB per product (2 million products), an hour to download.
            max_decompressed_bytes: 4 * 1024 * 1024 * 1024,
            max_depth: 64,
            max_tag_bytes: 256 * 1024,
            max_items: 2_000_000,
            max_duration: Duration::from_secs(60 * 60),
        }
    }
}
