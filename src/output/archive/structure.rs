//! A zip's layout read byte by byte, trusting none of it.
//!
//! `archive --verify` must see what every unzip tool might see, not only what one zip
//! library shows: two entries of one name (a library keeps one, `unzip` extracts both,
//! the second over the first), a local entry that the central directory does not list
//! (some tools extract it anyway), entries whose data overlap (a 1 MB zip that unpacks
//! to 20 GB), links, paths that climb out of the folder, methods that no tool here can
//! check. So the central directory and every local header are read here, each such case
//! becomes a problem of the report, and only entries whose data is their own, stored or
//! deflated, and no larger than deflate can make of it, are ever unpacked: checking a
//! zip costs at most what its honest entries cost.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use anyhow::{Context as _, bail};

use crate::output::survey::escape;

/// The most deflate can expand its input (1032:1), with room for a tiny entry's header.
const DEFLATE_MAX_RATIO: u64 = 1032;
const DEFLATE_SLACK: u64 = 1024;

/// The largest central directory read: far beyond any edition's, yet a bound.
const CENTRAL_LIMIT: u64 = 256 << 20;

/// Stored and deflated, the methods letopis writes and can check.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// One entry as the central directory lists it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Its name (invalid UTF-8 replaced).
    pub(super) name: String,
    /// Whether its data may be unpacked and checked: its own bytes, a known method,
    /// a believable size, not a link.
    pub(super) readable: bool,
    method: u16,
    compressed: u64,
    size: u64,
    /// Where its data starts (after the local header).
    data: u64,
}

impl Entry {
    /// Whether it is a folder entry (its name ends in `/`).
    pub(super) fn is_folder(&self) -> bool {
        self.name.ends_with('/')
    }

    /// Its unpacked bytes, never more than the size the zip declares plus one, so a
    /// lying entry is caught by its length without being unpacked to the end.
    pub(super) fn open(&self, file: &File) -> io::Result<Box<dyn Read>> {
        let mut file = file.try_clone()?;
        file.seek(SeekFrom::Start(self.data))?;
        let raw = file.take(self.compressed);
        let limit = self.size.saturating_add(1);
        Ok(match self.method {
            DEFLATED => Box::new(flate2::read::DeflateDecoder::new(raw).take(limit)),
            _ => Box::new(raw.take(limit)),
        })
    }

    /// The size the zip declares for its unpacked bytes.
    pub(super) fn size(&self) -> u64 {
        self.size
    }
}

/// A zip's entries in central-directory order, and every problem of its structure.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) entries: Vec<Entry>,
    pub(super) problems: Vec<String>,
}

/// Reads the layout of the zip in `file`. A file that is not a zip at all is an error.
pub(super) fn read_layout(file: &mut File) -> anyhow::Result<Layout> {
    let length = file.metadata()?.len();
    let (central, count) = central_directory(file, length)?;
    let bytes = read_at(file, central.0, central.1)?;
    let mut layout = Layout::default();
    let mut spans = Vec::new();
    let mut at = 0usize;
    for _ in 0..count {
        let Some(record) = central_record(&bytes, &mut at) else {
            bail!("the zip's central directory is damaged");
        };
        let (entry, span) = local_entry(file, length, record, &mut layout.problems)?;
        spans.push((span, layout.entries.len()));
        layout.entries.push(entry);
    }
    check_names(&mut layout);
    check_spans(file, &mut layout, &mut spans, central.0)?;
    Ok(layout)
}

/// An entry as the central directory describes it.
struct Record {
    name: String,
    unix_mode: Option<u32>,
    flags: u16,
    method: u16,
    compressed: u64,
    size: u64,
    local: u64,
}

/// Finds the end-of-central-directory record: (start, length) of the central
/// directory, and how many entries it lists.
fn central_directory(file: &mut File, length: u64) -> anyhow::Result<((u64, u64), u64)> {
    let tail_start = length.saturating_sub(22 + 65_535);
    let tail = read_at(file, tail_start, length - tail_start)?;
    let Some(end) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(b"PK\x05\x06"))
    else {
        bail!("not a zip archive (no end of central directory)");
    };
    let record = &tail[end..];
    let mut count = u64::from(u16_at(record, 10));
    let mut size = u64::from(u32_at(record, 12));
    let mut start = u64::from(u32_at(record, 16));
    if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
        // Zip64: the locator stands just before, pointing at the real record.
        let locator = end.checked_sub(20).map(|at| &tail[at..]);
        let Some(locator) = locator.filter(|l| l.starts_with(b"PK\x06\x07")) else {
            bail!("the zip's zip64 end record is missing");
        };
        let record = read_at(file, u64_at(locator, 8), 56)?;
        if !record.starts_with(b"PK\x06\x06") {
            bail!("the zip's zip64 end record is damaged");
        }
        count = u64_at(&record, 32);
        size = u64_at(&record, 40);
        start = u64_at(&record, 48);
    }
    if start.checked_add(size).is_none_or(|end| end > length) || size > CENTRAL_LIMIT {
        bail!("the zip's central directory lies outside the file");
    }
    Ok(((start, size), count.min(size / 46)))
}

/// Reads the central record at `*at` and moves past it.
fn central_record(bytes: &[u8], at: &mut usize) -> Option<Record> {
    let header = bytes.get(*at..*at + 46)?;
    if !header.starts_with(b"PK\x01\x02") {
        return None;
    }
    let name_len = usize::from(u16_at(header, 28));
    let extra_len = usize::from(u16_at(header, 30));
    let comment_len = usize::from(u16_at(header, 32));
    let name = bytes.get(*at + 46..*at + 46 + name_len)?;
    let extra = bytes.get(*at + 46 + name_len..*at + 46 + name_len + extra_len)?;
    let made_on_unix = u16_at(header, 4) >> 8 == 3;
    let mut record = Record {
        name: String::from_utf8_lossy(name).into_owned(),
        unix_mode: made_on_unix.then(|| u32_at(header, 38) >> 16),
        flags: u16_at(header, 8),
        method: u16_at(header, 10),
        compressed: u64::from(u32_at(header, 20)),
        size: u64::from(u32_at(header, 24)),
        local: u64::from(u32_at(header, 42)),
    };
    apply_zip64(&mut record, extra);
    *at += 46 + name_len + extra_len + comment_len;
    Some(record)
}

/// Takes the sizes and offset that do not fit 32 bits from the zip64 extra field.
fn apply_zip64(record: &mut Record, mut extra: &[u8]) {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
        let Some(data) = extra.get(4..4 + len) else {
            return;
        };
        if id == 1 {
            let mut values = data.chunks_exact(8).map(|c| u64_at(c, 0));
            for field in [&mut record.size, &mut record.compressed, &mut record.local] {
                if *field == 0xFFFF_FFFF {
                    *field = values.next().unwrap_or(*field);
                }
            }
        }
        extra = &extra[4 + len..];
    }
}

/// Reads the local header of `record`: the entry, and the bytes it takes in the file.
fn local_entry(
    file: &mut File,
    length: u64,
    record: Record,
    problems: &mut Vec<String>,
) -> anyhow::Result<(Entry, (u64, u64))> {
    let name = record.name.clone();
    let header = read_at(
        file,
        record.local,
        30.min(length.saturating_sub(record.local)),
    )?;
    let mut readable = true;
    let mut problem = |text: String| {
        problems.push(text);
        readable = false;
    };
    let (data, mut end) = if header.len() == 30 && header.starts_with(b"PK\x03\x04") {
        let name_len = u64::from(u16_at(&header, 26));
        let extra_len = u64::from(u16_at(&header, 28));
        let local_name = read_at(
            file,
            record.local + 30,
            name_len.min(length - record.local - 30),
        )?;
        if local_name != record.name.as_bytes() {
            problem(format!(
                "{}: its local header names it {}",
                escape(&name),
                escape(&String::from_utf8_lossy(&local_name))
            ));
        }
        let data = record.local + 30 + name_len + extra_len;
        (data, data.saturating_add(record.compressed))
    } else {
        problem(format!(
            "{}: no local header where the central directory says",
            escape(&name)
        ));
        (record.local, record.local)
    };
    if record.flags & 8 != 0 {
        end = end.saturating_add(16);
    }
    if end > length {
        problem(format!(
            "{}: its data runs past the end of the zip",
            escape(&name)
        ));
    }
    if record.flags & 1 != 0 {
        problem(format!(
            "{}: encrypted, so it cannot be checked",
            escape(&name)
        ));
    } else if record.method != STORED && record.method != DEFLATED {
        problem(format!(
            "{}: compression method {} is not supported (only stored and deflated)",
            escape(&name),
            record.method
        ));
    } else if record.size > record.compressed.saturating_mul(DEFLATE_MAX_RATIO) + DEFLATE_SLACK
        || (record.method == STORED && record.size != record.compressed)
    {
        problem(format!(
            "{}: claims to unpack {} bytes to {}, more than the method can give",
            escape(&name),
            record.compressed,
            record.size
        ));
    }
    if record
        .unix_mode
        .is_some_and(|mode| mode & 0o170_000 == 0o120_000)
    {
        problem(format!("{}: a symbolic link", escape(&name)));
    }
    if !safe_name(&name) {
        problem(format!(
            "{}: an absolute path or one with `..`, which would unpack outside the folder",
            escape(&name)
        ));
    }
    let entry = Entry {
        name,
        readable,
        method: record.method,
        compressed: record.compressed,
        size: record.size,
        data,
    };
    Ok((entry, (record.local, end)))
}

/// Whether `name` unpacks inside the folder it is unpacked into.
fn safe_name(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    !name.starts_with('/')
        && !name.contains('\\')
        && !drive
        && !name.split('/').any(|part| part == "..")
}

/// Reports names that the central directory lists more than once.
fn check_names(layout: &mut Layout) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for entry in &layout.entries {
        *count.entry(&entry.name).or_default() += 1;
    }
    let mut repeated: Vec<_> = count.into_iter().filter(|&(_, n)| n > 1).collect();
    repeated.sort();
    for (name, n) in repeated {
        layout
            .problems
            .push(format!("{}: {n} entries have this name", escape(name)));
    }
}

/// Reports entries whose bytes overlap, and bytes before the central directory that
/// belong to no entry (a local entry the central directory does not list, or
/// anything else slipped in). Overlapping entries are not unpacked.
fn check_spans(
    file: &mut File,
    layout: &mut Layout,
    spans: &mut [((u64, u64), usize)],
    central_start: u64,
) -> anyhow::Result<()> {
    spans.sort();
    let mut covered = 0u64;
    let mut last: Option<usize> = None;
    for &((start, end), index) in spans.iter() {
        if start < covered {
            if let Some(previous) = last {
                let pair = (
                    escape(&layout.entries[previous].name),
                    escape(&layout.entries[index].name),
                );
                layout
                    .problems
                    .push(format!("{} and {}: their data overlap", pair.0, pair.1));
                layout.entries[previous].readable = false;
            }
            layout.entries[index].readable = false;
        } else if start > covered {
            layout.problems.push(unlisted(file, covered, start)?);
        }
        if end > covered {
            covered = end;
            last = Some(index);
        }
    }
    if central_start > covered {
        layout
            .problems
            .push(unlisted(file, covered, central_start)?);
    }
    Ok(())
}

/// The problem of the bytes `start..end` that no listed entry takes.
fn unlisted(file: &mut File, start: u64, end: u64) -> anyhow::Result<String> {
    let header = read_at(file, start, 30.min(end - start))?;
    if header.len() == 30 && header.starts_with(b"PK\x03\x04") {
        let name_len = u64::from(u16_at(&header, 26)).min(end - start - 30);
        let name = read_at(file, start + 30, name_len)?;
        return Ok(format!(
            "{}: a local entry at byte {start} that the central directory does not list",
            escape(&String::from_utf8_lossy(&name))
        ));
    }
    Ok(format!("bytes {start}–{end} belong to no entry"))
}

/// `len` bytes of `file` from `offset` (fewer at its end).
fn read_at(file: &mut File, offset: u64, len: u64) -> anyhow::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(offset))
        .context("reading the zip")?;
    let mut bytes = Vec::new();
    file.take(len)
        .read_to_end(&mut bytes)
        .context("reading the zip")?;
    Ok(bytes)
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    bytes
        .get(at..at + 2)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, |b| {
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    })
}
