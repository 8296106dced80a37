//! Text gathered from several parser events, with a map back to offsets in the file.
//!
//! pulldown-cmark splits what an editor wrote as one run (a citation over a line break,
//! an HTML tag over two lines of a block) into several events, and an event's text is
//! not always the file's text (an entity, a line of a YAML value). The gathered text is
//! scanned as one string; each position found in it is mapped back through the event
//! it came from: exactly where the event's text is the file's, else to its start.

use std::ops::Range;

/// Where each gathered event came from, in gathering order.
#[derive(Default)]
pub(crate) struct OffsetMap {
    segments: Vec<Segment>,
}

struct Segment {
    buf_start: usize,
    file: Range<usize>,
    verbatim: bool,
}

impl OffsetMap {
    /// Records that the text gathered from `buf_start` on came from `file`, and whether
    /// the file holds that text byte for byte.
    pub(crate) fn push(&mut self, buf_start: usize, file: Range<usize>, verbatim: bool) {
        self.segments.push(Segment {
            buf_start,
            file,
            verbatim,
        });
    }

    /// Forgets every segment.
    pub(crate) fn clear(&mut self) {
        self.segments.clear();
    }

    /// The file offset of gathered offset `at`: a binary search, so scanning a long run
    /// stays linear.
    pub(crate) fn file_offset(&self, at: usize) -> usize {
        let i = self
            .segments
            .partition_point(|s| s.buf_start <= at)
            .saturating_sub(1);
        match self.segments.get(i) {
            Some(s) if s.verbatim => s.file.start + (at - s.buf_start),
            Some(s) => s.file.start,
            None => 0,
        }
    }

    /// The file range of a gathered range that is not empty; it covers at least one byte.
    pub(crate) fn file_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.file_offset(range.start);
        start..self.file_offset(range.end.saturating_sub(1)).max(start) + 1
    }
}
