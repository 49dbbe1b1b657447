//! Hostile inputs for `conector feed check`: each must end within seconds, with the limit it hit
//! named, in under 150 MB (SPEC §9). Written as gzip members repeated, so files that inflate to
//! gigabytes take a few megabytes and milliseconds to make.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Res;

/// One hostile file: what it is, where it was written, its size and what it inflates to.
pub struct Hostile {
    pub label: &'static str,
    pub path: PathBuf,
    pub file_bytes: u64,
    pub document_bytes: u64,
}

fn gz(bytes: &[u8]) -> Res<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

/// `head`, then `middle` `times` times, then `tail`, each a gzip member.
fn gzip_file(path: &Path, head: &[u8], middle: &[u8], times: u64, tail: &[u8]) -> Res<u64> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let member = gz(middle)?;
    file.write_all(&gz(head)?)?;
    for _ in 0..times {
        file.write_all(&member)?;
    }
    file.write_all(&gz(tail)?)?;
    file.flush()?;
    Ok(head.len() as u64 + middle.len() as u64 * times + tail.len() as u64)
}

const RSS: &[u8] = b"<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\"><channel>";
const ITEM: &[u8] = b"<item><g:id>1</g:id><g:title>Produto</g:title><g:price>10.00 BRL</g:price>";
const MIB: usize = 1024 * 1024;

pub fn write_all(dir: &Path) -> Res<Vec<Hostile>> {
    let mut files = Vec::new();
    let mut add = |label, path: PathBuf, document_bytes| -> Res<()> {
        let file_bytes = std::fs::metadata(&path)?.len();
        files.push(Hostile {
            label,
            path,
            file_bytes,
            document_bytes,
        });
        Ok(())
    };

    // A gzip bomb: one product, then 4.5 GiB of spaces (past the 4 GiB decompressed limit).
    let path = dir.join("bomb-spaces.xml.gz");
    let head = [RSS, ITEM, b"</item>"].concat();
    let size = gzip_file(&path, &head, &[b' '; MIB], 4608, b"</channel></rss>")?;
    add("gzip bomb: 4.5 GiB of spaces after one product", path, size)?;

    // The bomb: 20 million unclosed nested tags.
    let path = dir.join("bomb-nested.xml.gz");
    let size = gzip_file(&path, RSS, &b"<a>".repeat(MIB), 20, b"")?;
    add("gzip of 20 million unclosed nested tags", path, size)?;

    // A plain file nested 100,000 deep, closed properly, inside a product's description.
    let path = dir.join("deep.xml");
    let doc = [
        RSS,
        ITEM,
        b"<g:description>",
        "<div>".repeat(100_000).as_bytes(),
        b"x",
        "</div>".repeat(100_000).as_bytes(),
        b"</g:description></item></channel></rss>",
    ]
    .concat();
    std::fs::write(&path, &doc)?;
    add("plain file nested 100,000 deep", path, doc.len() as u64)?;

    // Three million tiny products, each with its own id (what fills the duplicate-id set).
    let path = dir.join("tiny.xml");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    file.write_all(RSS)?;
    for i in 0..3_000_000u32 {
        write!(file, "<item><g:id>{i}</g:id><g:price>1</g:price></item>")?;
    }
    file.write_all(b"</channel></rss>")?;
    file.flush()?;
    drop(file);
    let size = std::fs::metadata(&path)?.len();
    add("3 million tiny products", path, size)?;

    // One product whose description is 3 GiB (under the size limit: read, field cut).
    let path = dir.join("huge-text.xml.gz");
    let head = [RSS, ITEM, b"<g:description>"].concat();
    let size = gzip_file(
        &path,
        &head,
        &[b'x'; MIB],
        3072,
        b"</g:description></item></channel></rss>",
    )?;
    add("gzip of one product with a 3 GiB description", path, size)?;
    Ok(files)
}
