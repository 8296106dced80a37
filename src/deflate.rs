//! Raw deflate by a deflater kept per thread and level, for the many small pieces a
//! build deflates: the search index's files (`render::search::pack`) and, in a large
//! edition, each chapter's text once parsed (`diagnostics::SourceText::pack`).
//!
//! Making a deflater allocates and zeroes a third of a megabyte, more than deflating a
//! chapter takes; so each thread keeps one per level, and its output buffer, and
//! resets it between pieces. A reset deflater clears its hash table but not its
//! window, whose bytes past the input's end `longest_match` compares; zlib-rs (0.6.8)
//! returns a match that reaches the input's end at once, cut to it, before weighing it
//! against another, so what the piece before left there decides nothing. The writes
//! and the finish are a new deflater's, and a test holds the bytes to a new deflater's
//! on pieces that meet a longer one's window: the search files' bytes are output.

use flate2::write::DeflateEncoder;
use std::cell::RefCell;
use std::io::Write as _;

/// What `then` makes of `data` deflated, raw, at `level` (0–9): the deflated bytes
/// are lent from this thread's buffer, so a caller that keeps them copies them once,
/// to their exact size.
pub fn deflated<R>(data: &[u8], level: u32, then: impl FnOnce(&[u8]) -> R) -> R {
    thread_local! {
        static KEPT: RefCell<Vec<(u32, DeflateEncoder<Vec<u8>>)>> =
            const { RefCell::new(Vec::new()) };
    }
    KEPT.with_borrow_mut(|kept| {
        let at = match kept.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                let deflater = DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
                kept.push((level, deflater));
                kept.len() - 1
            }
        };
        let deflater = &mut kept[at].1;
        (deflater.write_all(data))
            .and_then(|()| deflater.try_finish())
            .expect("deflating into memory does not fail");
        let mut out = std::mem::take(deflater.get_mut());
        let made = then(&out);
        // The finished stream's reset writes nothing; the buffer goes back, emptied.
        out.clear();
        deflater
            .reset(out)
            .expect("deflating into memory does not fail");
        made
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twice deflate's window of 32 KB, as much as its window holds.
    const WINDOW: usize = 1 << 16;

    #[test]
    fn a_kept_deflater_packs_as_a_new_one() {
        // Pieces of lengths about the window's, each after a longer one of the same
        // text (so that the window holds, past the piece's end, what would follow it:
        // the longest matches there are), after noise, and after a shorter one, at
        // the levels letopis uses (the texts' 1, the search index's 4 and 5).
        let text = "Стахановцы «Донбасса» — 1936 г.: план, нормы и рекорды. ".repeat(3000);
        let noise: Vec<u8> = (0..200_000_u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut lengths = vec![0, 1, 2, 3, 100, 258, 262, 300, 5_000];
        for around in [WINDOW / 2, WINDOW, 2 * WINDOW] {
            lengths.extend([around - 300, around - 262, around - 1, around, around + 258]);
        }
        let mut pieces: Vec<&[u8]> = Vec::new();
        for len in lengths.iter().rev() {
            for level in [1, 4, 5] {
                let longer = &text.as_bytes()[..len + 1_000];
                pieces.extend([longer, &text.as_bytes()[..*len], &noise[..*len]]);
                pieces.extend([&text.as_bytes()[..*len], &text.as_bytes()[..len + 1]]);
                for piece in pieces.drain(..) {
                    let mut new = DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
                    new.write_all(piece).expect("deflated");
                    let new = new.finish().expect("deflated");
                    assert!(
                        deflated(piece, level, |kept| kept == new),
                        "{} bytes at {level}",
                        piece.len()
                    );
                }
            }
        }
    }
}
