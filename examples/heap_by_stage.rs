//! The heap a build holds at each stage, and its peak in each, counted by a global
//! allocator (docs/performance.md, "Peak memory, second look"):
//!
//! ```sh
//! cargo run --release --example heap_by_stage -- EDITION
//! ```
//!
//! Resident memory (`/usr/bin/time -v`) follows the heap's peak within a few percent, but
//! says nothing of which stage reached it; this does. The pages are rendered and thrown
//! away, as `letopis check` does, so nothing is written.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes held now and the most held since the last
/// [`Counting::restart`].
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grow(by: usize) {
        let held = HELD.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(held, Relaxed);
    }

    /// The bytes held now and the peak since the last call, in megabytes; the peak starts
    /// again from what is held now.
    fn restart() -> (f64, f64) {
        let held = HELD.load(Relaxed);
        let peak = PEAK.swap(held, Relaxed);
        (held as f64 / 1e6, peak as f64 / 1e6)
    }
}

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::grow(layout.size());
        // SAFETY: the caller's guarantees are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match new_size.checked_sub(layout.size()) {
            Some(more) => Self::grow(more),
            None => _ = HELD.fetch_sub(layout.size() - new_size, Relaxed),
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() -> anyhow::Result<()> {
    let root = std::env::args_os()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: heap_by_stage EDITION"))?;
    let config = letopis::config::load(root.as_ref())?
        .map_err(|_| anyhow::anyhow!("book.toml has errors: run `letopis check`"))?;
    Counting::restart();
    let checked = letopis::check(&config)?;
    report("load, parse, link", Counting::restart());
    text_held(&checked.edition);
    let theme = letopis::render::Theme::load(&config)?;
    let plan = letopis::render::plan(&checked.edition, &theme)?;
    report("search index and plan", Counting::restart());
    plan.render_each(|_| Ok(()))?;
    report("rendering every page", Counting::restart());
    Ok(())
}

/// Prints what a stage left held and its peak.
fn report(stage: &str, (held, peak): (f64, f64)) {
    println!("{stage:<24} peak {peak:8.1} MB, then held {held:8.1} MB");
}

/// Prints how much of the linked edition is the chapters' HTML and plain text.
fn text_held(edition: &letopis::link::Edition) {
    use letopis::parse::{Piece, TextRun};
    let (mut html, mut pieces, mut plain, mut runs) = (0, 0, 0, 0);
    for chapter in &edition.chapters {
        let parsed = &chapter.text.parsed;
        pieces += parsed.body.capacity() * size_of::<Piece>();
        for piece in &parsed.body {
            if let Piece::Html(text) = piece {
                html += text.capacity();
            }
        }
        for passage in &parsed.passages {
            runs += passage.text.capacity() * size_of::<TextRun>();
            for run in &passage.text {
                if let TextRun::Text(text) | TextRun::Mention { text, .. } = run {
                    plain += text.capacity();
                }
            }
        }
    }
    let mb = |n: usize| n as f64 / 1e6;
    println!(
        "  of which the chapters' body HTML {:.1} MB (+ {:.1} MB of pieces), plain text {:.1} MB (+ {:.1} MB of runs)",
        mb(html),
        mb(pieces),
        mb(plain),
        mb(runs)
    );
}
